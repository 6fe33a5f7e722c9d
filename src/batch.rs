//! A batch: the files under some paths, read, parsed and checked.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::ingest::{self, Deadline};
use crate::model::Report;
use crate::parse;
use crate::rules::{self, Finding, Selection};

/// One file of a batch.
#[derive(Debug)]
pub struct Entry {
    /// The path as found (relative to the working directory when given so).
    pub path: PathBuf,
    /// Hex SHA-256 of the file's bytes ("" when unreadable).
    pub sha256: String,
    /// The parsed report, or why the file could not be read.
    pub report: Result<Report, String>,
    pub findings: Vec<Finding>,
}

impl Entry {
    pub fn has_error(&self) -> bool {
        self.report.is_err() || self.findings.iter().any(Finding::is_error)
    }
}

/// Files that are never reports when met while walking a folder (explicit
/// file arguments are always read).
fn skip_in_walk(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || lower.ends_with(".toml")
        || lower.ends_with(".json")
        || lower.ends_with(".lock")
        || lower.ends_with(".py")
        || lower.ends_with(".sh")
        || ["readme", "license", "licence", "changelog", "manifest"]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// Expand paths: files as given, folders walked recursively (sorted, hidden
/// entries and non-report files such as `*.toml` and READMEs skipped).
/// Returns the files and the paths that could not be listed.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors, 0),
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push((p.clone(), e.to_string())),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, String)>, depth: usize) {
    if depth > 32 {
        return;
    }
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut entries: Vec<(PathBuf, bool)> = rd
        .filter_map(Result::ok)
        .filter(|e| !skip_in_walk(&e.file_name().to_string_lossy()))
        .map(|e| {
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            (e.path(), is_dir)
        })
        .collect();
    entries.sort();
    for (p, is_dir) in entries {
        if is_dir {
            // Expected readings of test corpora are not reports.
            if p.file_name().is_some_and(|n| n == "expected") {
                continue;
            }
            walk(&p, files, errors, depth + 1);
        } else {
            files.push(p);
        }
    }
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d.iter() {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// The default per-file time budget (`--file-timeout`, `file_timeout` in
/// the config file).
pub const DEFAULT_FILE_TIMEOUT: Duration = Duration::from_secs(10);

/// The per-file budget in milliseconds (0: none).
static FILE_TIMEOUT_MS: AtomicU64 = AtomicU64::new(10_000);

/// Set the time one file may take to read, parse and check before it is
/// given up as `读取超时` (`None`: no limit). For the whole process.
pub fn set_file_timeout(budget: Option<Duration>) {
    let ms = budget.map_or(0, |d| {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
    });
    FILE_TIMEOUT_MS.store(ms, Ordering::Relaxed);
}

/// The per-file budget set by [`set_file_timeout`].
pub fn file_timeout() -> Option<Duration> {
    match FILE_TIMEOUT_MS.load(Ordering::Relaxed) {
        0 => None,
        ms => Some(Duration::from_millis(ms)),
    }
}

/// A deadline for one file starting now.
fn deadline_now() -> Deadline {
    file_timeout().map_or(Deadline::NONE, Deadline::after)
}

/// Read, parse and check one file. Never panics: a panic inside the reader
/// becomes an error entry. Reading stops at the per-file budget
/// ([`set_file_timeout`]) with a `读取超时` entry.
pub fn load(path: &Path, sel: &Selection) -> Entry {
    load_until(path, sel, deadline_now())
}

/// [`load`] with an explicit deadline.
pub fn load_until(path: &Path, sel: &Selection, deadline: Deadline) -> Entry {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Entry {
                path: path.to_path_buf(),
                sha256: String::new(),
                report: Err(format!("无法读取文件：{e}")),
                findings: Vec::new(),
            };
        }
    };
    load_bytes_until(path, &bytes, sel, deadline)
}

/// Parse and check bytes as if read from `path` (within the per-file budget).
pub fn load_bytes(path: &Path, bytes: &[u8], sel: &Selection) -> Entry {
    load_bytes_until(path, bytes, sel, deadline_now())
}

/// [`load_bytes`] with an explicit deadline.
pub fn load_bytes_until(path: &Path, bytes: &[u8], sel: &Selection, deadline: Deadline) -> Entry {
    let sha256 = sha256_hex(bytes);
    let result = std::panic::catch_unwind(|| read_report(bytes, sel, deadline));
    let (report, findings) = match result {
        Ok(Ok((r, f))) => (Ok(r), f),
        Ok(Err(e)) => (Err(e), Vec::new()),
        Err(_) => (
            Err("读取时发生内部错误（已跳过此文件）".to_string()),
            Vec::new(),
        ),
    };
    Entry {
        path: path.to_path_buf(),
        sha256,
        report,
        findings,
    }
}

/// Decoded text longer than this is not read as a report (a report is a few
/// dozen KiB; HTML is measured after rendering, so inline images don't count).
/// Parsing costs about 0.2 s and 35 MB a MiB of text, so this also keeps a
/// file within the README's limits (2 s, 256 MB).
pub const MAX_TEXT: usize = 4 << 20;

fn read_report(
    bytes: &[u8],
    sel: &Selection,
    deadline: Deadline,
) -> Result<(Report, Vec<Finding>), String> {
    let sentence = |e: ingest::IngestError| error_sentence(&e);
    let doc = ingest::ingest_until(bytes, deadline).map_err(sentence)?;
    if doc.text.len() > MAX_TEXT {
        return Err(format!(
            "文本过长（{:.1} MB），超过 {} MB，不像是年度报告",
            doc.text.len() as f64 / (1 << 20) as f64,
            MAX_TEXT >> 20
        ));
    }
    let report = parse::parse(doc);
    deadline.check().map_err(sentence)?;
    if !parse::looks_like_report(&report) {
        return Err("不是政府信息公开工作年度报告：未找到标题、章节或表格".to_string());
    }
    let findings = rules::check(&report, sel);
    deadline.check().map_err(sentence)?;
    Ok((report, findings))
}

/// Is this the error sentence of a file that ran out of time?
pub fn is_timeout(sentence: &str) -> bool {
    sentence.starts_with("读取超时")
}

/// The error sentence shown for a file that cannot be read.
pub fn error_sentence(e: &ingest::IngestError) -> String {
    use ingest::IngestError::*;
    match e {
        Empty => "空文件".to_string(),
        Binary(what) => format!("不是文本文档（{what}）"),
        // The readers' own sentences are English and precise; a reviewer
        // reads the Chinese first.
        Pdf(m) => format!("无法读取此 PDF（{m}）"),
        Corrupt(m) => format!("文件已损坏或不是报告，无法读取（{m}）"),
        Io(m) => format!("无法读取文件：{m}"),
        Timeout(d) => format!(
            "读取超时：超过 {0} 秒仍未读完，已停止读取此文件（read timed out after {0} s; see --file-timeout）",
            ingest::secs(*d)
        ),
    }
}

/// Load every file in parallel, keeping the order of `files`.
pub fn load_all(files: &[PathBuf], sel: &Selection) -> Vec<Entry> {
    files.par_iter().map(|p| load(p, sel)).collect()
}

/// Load every file in parallel, keeping the order of `files`, and hand each
/// entry to `each` in that order as soon as it and those before it are
/// loaded (files are read a chunk at a time, so output can start at once).
pub fn load_each(files: &[PathBuf], sel: &Selection, mut each: impl FnMut(&Entry)) -> Vec<Entry> {
    let chunk = 64 * rayon::current_num_threads().max(1);
    let mut out = Vec::with_capacity(files.len());
    for part in files.chunks(chunk) {
        let loaded: Vec<Entry> = part.par_iter().map(|p| load(p, sel)).collect();
        for e in &loaded {
            each(e);
        }
        out.extend(loaded);
    }
    out
}

/// The cross-year pairs of a loaded batch, with their findings; X07 findings
/// across agencies are added to the reports they concern.
pub fn pair_up(entries: &mut [Entry], sel: &Selection) -> Vec<crate::compare::Pair> {
    let reports: Vec<Option<&Report>> = entries.iter().map(|e| e.report.as_ref().ok()).collect();
    let (pairs, across) = cross_checks(&reports, sel);
    for (i, f) in across {
        entries[i].findings.push(f);
    }
    pairs
}

/// The checks that need the whole batch: each pair of an agency's
/// consecutive years with its X findings, and X07 across agencies
/// (report index, finding). Sections 一 and 五 are shingled once for both.
pub fn cross_checks(
    reports: &[Option<&Report>],
    sel: &Selection,
) -> (Vec<crate::compare::Pair>, Vec<(usize, Finding)>) {
    use crate::compare;
    // Pairing and X07's groups both need each report's agency key.
    let keys = compare::agency_keys(reports);
    let sections = sel
        .includes("X07")
        .then(|| compare::Sections::with_keys(reports, &keys));
    let pairs = compare::pairs_by(reports, &keys)
        .into_par_iter()
        .filter_map(|ab| compare::check_pair_in(reports, ab, sel, sections.as_ref()))
        .collect();
    let across = sections
        .map(|s| s.reuse_across(reports))
        .unwrap_or_default();
    (pairs, across)
}

#[cfg(test)]
mod tests {
    /// The published test vectors of SHA-256 (FIPS 180-2).
    #[test]
    fn sha256_hex_of_the_test_vectors() {
        assert_eq!(
            super::sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
