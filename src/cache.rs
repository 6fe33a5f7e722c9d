//! The results of checking a batch, kept between runs so that `status` and
//! the summary exports (`export --format csv|json`) of a batch nobody has
//! changed cost the reading of its files, not a new check.
//!
//! One JSON file per batch folder, in the user's cache folder
//! (`$NIANBAO_CACHE_DIR`, else e.g. `~/.cache/nianbao`), never in the batch
//! (it is not review state, and a batch folder may be shared through git
//! or read-only). It is used only when everything it depends on is the
//! same: the files of the batch, in the same order, each with the same
//! SHA-256 (every file is read and hashed again; sizes and times are not
//! trusted), the rules selected, and the nianbao binary. Anything else, or
//! a damaged cache file, means a full check, which writes a new one.
//! Results that depend on the machine's load (`读取超时`) are never kept.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Entry};
use crate::rules::{self, Finding, Selection, Severity, Status};

const VERSION: u32 = 1;

/// One report's results as a row of `status` shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cached {
    /// The path as the batch walk found it.
    pub path: PathBuf,
    pub sha256: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// `Template::as_str` ("" when the file could not be read).
    pub template: String,
    /// Why the file could not be read.
    pub problem: Option<String>,
    /// Its findings, with those of the pair it is the later of and X07.
    pub findings: Vec<CachedFinding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedFinding {
    rule: String,
    severity: String,
    status: String,
    message: String,
    cells: Vec<String>,
    lines: Vec<u32>,
    spans: Vec<(usize, usize)>,
}

impl From<&Finding> for CachedFinding {
    fn from(f: &Finding) -> Self {
        CachedFinding {
            rule: f.rule.to_string(),
            severity: f.severity.as_str().to_string(),
            status: f.status.as_str().to_string(),
            message: f.message.clone(),
            cells: f.cells.clone(),
            lines: f.lines.clone(),
            spans: f.spans.clone(),
        }
    }
}

impl CachedFinding {
    /// The finding again (`None` for a rule or level this build does not
    /// know: the cache is then not used).
    pub fn finding(&self) -> Option<Finding> {
        let rule = rules::catalogue()
            .iter()
            .map(|r| r.id)
            .find(|id| *id == self.rule)?;
        let severity = [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .find(|s| s.as_str() == self.severity)?;
        let status = [Status::Fail, Status::Uncertain]
            .into_iter()
            .find(|s| s.as_str() == self.status)?;
        Some(Finding {
            rule,
            severity,
            status,
            message: self.message.clone(),
            cells: self.cells.clone(),
            lines: self.lines.clone(),
            spans: self.spans.clone(),
        })
    }
}

impl Cached {
    /// An entry's results, with the pair and X07 findings given.
    pub fn of(entry: &Entry, findings: &[Finding]) -> Cached {
        let report = entry.report.as_ref();
        Cached {
            path: entry.path.clone(),
            sha256: entry.sha256.clone(),
            agency: report.ok().and_then(|r| r.agency.clone()),
            year: report.ok().and_then(|r| r.year),
            template: report
                .map(|r| r.template.as_str().to_string())
                .unwrap_or_default(),
            problem: report.err().cloned(),
            findings: findings.iter().map(CachedFinding::from).collect(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// The build that wrote it ([`tool`]).
    tool: String,
    /// The rules selected ([`rules_key`]).
    rules: String,
    reports: Vec<Cached>,
}

/// The folder caches are kept in.
fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("NIANBAO_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "nianbao").map(|d| d.cache_dir().to_path_buf())
}

/// The cache file of a batch folder: named by the hash of its canonical path.
fn file_for(root: &Path) -> Option<PathBuf> {
    let canonical = fs::canonicalize(root).ok()?;
    let hash = batch::sha256_hex(canonical.to_string_lossy().as_bytes());
    Some(dir()?.join("batches").join(format!("{}.json", &hash[..32])))
}

/// This build: its version and the size and time of its executable, so that
/// a rebuilt binary (whose rules may read differently) never uses the
/// results of another.
fn tool() -> String {
    let exe = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{}:{t}", m.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The rule IDs a selection includes.
fn rules_key(sel: &Selection) -> String {
    let ids: Vec<&str> = rules::catalogue()
        .iter()
        .map(|r| r.id)
        .filter(|id| sel.includes(id))
        .collect();
    ids.join(",")
}

/// The cached results of `files` (as [`batch::collect`] lists them under
/// `root`), if the cache holds exactly these files with these contents,
/// checked by this build with these rules.
pub fn lookup(root: &Path, files: &[PathBuf], sel: &Selection) -> Option<Vec<Cached>> {
    let bytes = fs::read(file_for(root)?).ok()?;
    let cache: CacheFile = serde_json::from_slice(&bytes).ok()?;
    if cache.version != VERSION
        || cache.tool != tool()
        || cache.rules != rules_key(sel)
        || cache.reports.len() != files.len()
        || cache.reports.iter().zip(files).any(|(c, f)| &c.path != f)
    {
        return None;
    }
    let same = cache
        .reports
        .par_iter()
        .all(|c| fs::read(&c.path).is_ok_and(|b| batch::sha256_hex(&b) == c.sha256));
    same.then_some(cache.reports)
}

/// Keep `reports` as the results of the batch under `root`. Nothing is kept
/// when a file ran out of time (its result depends on the machine's load);
/// a cache that cannot be written is no error (the next run checks again).
pub fn store(root: &Path, sel: &Selection, reports: Vec<Cached>) {
    if reports
        .iter()
        .any(|c| c.problem.as_deref().is_some_and(batch::is_timeout))
    {
        return;
    }
    let Some(path) = file_for(root) else { return };
    let Some(parent) = path.parent() else { return };
    let doc = CacheFile {
        version: VERSION,
        tool: tool(),
        rules: rules_key(sel),
        reports,
    };
    let _ = fs::create_dir_all(parent).and_then(|_| {
        let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer(&mut w, &doc)?;
        w.flush()?;
        drop(w);
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_come_back_as_they_went_in() {
        let f = Finding {
            rule: "X07",
            severity: Severity::Warning,
            status: Status::Fail,
            message: "「一、总体情况」与「甲」的报告 95% 相同".into(),
            cells: vec!["t3.total".into()],
            lines: vec![3, 9],
            spans: vec![(1, 4)],
        };
        assert_eq!(CachedFinding::from(&f).finding(), Some(f.clone()));
        let mut unknown = CachedFinding::from(&f);
        unknown.rule = "Z99".into();
        assert_eq!(unknown.finding(), None);
    }
}
