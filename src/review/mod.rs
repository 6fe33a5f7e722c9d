//! Review state: what reviewers decided about each finding, their notes on
//! cells, sections, lines and reports, and their verdicts — one plain TOML
//! file per report, safe against crashes and concurrent reviewers.
//!
//! ```no_run
//! use std::path::Path;
//! use nianbao::review::{Store, Op, Verdict, Anchor, DecisionKind};
//! let store = Store::open(Path::new("batch")).unwrap();
//! if let Some(dir) = store.fallback() {
//!     eprintln!("batch folder is read-only; review state kept in {}", dir.display());
//! }
//! let rel = Path::new("2024/某局.txt");
//! let sha = "…"; // nianbao::batch::sha256_hex of the report's bytes
//! let file = store.load(rel).unwrap();
//! let saved = store
//!     .update(rel, sha, "wang", Op::AddNote { anchor: Anchor::Section("s3".into()), text: "表三需复核".into() })
//!     .unwrap();
//! store.update(rel, sha, "wang", Op::verdict(Verdict::ChangesRequested, "见批注")).unwrap();
//! store.update(rel, sha, "wang", Op::Undo).unwrap();
//! # let _ = (file, saved, DecisionKind::Confirmed);
//! ```
//!
//! The file format is described in `docs/review-state.md`.

mod anchor;
mod merge;
mod model;
mod store;
pub mod time;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

pub use anchor::{MIN_SIMILARITY, find_line};
pub use merge::{merge, merge3};
pub use model::{
    Action, Anchor, Assignment, Ctx, Decision, DecisionKind, HistoryEntry, Note, Op, Reanchored,
    ReviewFile, Status, VERSION, Verdict, VerdictRecord,
};
pub(crate) use store::write_atomic;
pub use store::{Saved, Store};

use crate::rules::{Finding, Severity};

/// Why a review operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewError {
    /// The review file is not valid: it is left as it is, and the report
    /// must be shown read-only until someone repairs the file.
    Corrupt {
        path: PathBuf,
        reason: String,
    },
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        message: String,
    },
    /// A report path that is not relative to the batch folder.
    BadPath(PathBuf),
    /// Approval with undecided error findings needs the reviewer's
    /// confirmation (`SetVerdict { confirmed: true, .. }`).
    NeedsConfirmation {
        undecided: Vec<String>,
    },
    /// This reviewer has no verdict or decision left to undo.
    NothingToUndo,
    /// Another reviewer changed the same thing since; not undone.
    UndoConflict {
        reviewer: String,
        time: String,
    },
    UnknownNote(String),
    /// A malformed operation (empty note, bad anchor).
    Invalid(String),
}

impl ReviewError {
    /// The report's review state cannot be changed: show it read-only.
    pub fn read_only(&self) -> bool {
        matches!(self, ReviewError::Corrupt { .. } | ReviewError::Io { .. })
    }
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::Corrupt { path, reason } => write!(
                f,
                "审阅记录文件已损坏，未作任何改动，该报告只读：{}：{reason}",
                path.display()
            ),
            ReviewError::Io { path, message } => {
                write!(f, "无法读写审阅记录文件 {}：{message}", path.display())
            }
            ReviewError::BadPath(p) => write!(f, "报告路径不在批次文件夹内：{}", p.display()),
            ReviewError::NeedsConfirmation { undecided } => write!(
                f,
                "仍有 {} 个错误未处理，批准前需确认：{}",
                undecided.len(),
                undecided.join("、")
            ),
            ReviewError::NothingToUndo => write!(f, "没有可撤销的结论"),
            ReviewError::UndoConflict { reviewer, time } => {
                write!(f, "无法撤销：{reviewer} 已于 {time} 修改了同一项")
            }
            ReviewError::UnknownNote(id) => write!(f, "找不到批注 {id}"),
            ReviewError::Invalid(m) => write!(f, "无效操作：{m}"),
        }
    }
}

impl std::error::Error for ReviewError {}

/// A finding's message with digits taken out: what a finding without cells
/// is about, stable when its numbers change.
pub fn subject(message: &str) -> String {
    let s: String = message
        .chars()
        .filter(|c| !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a decision on a finding is stored under: `RULE:cell,cell` (cell
/// keys sorted), or `RULE:subject` for a finding without cells. Stable
/// across re-parsing and new versions of a rule's message.
pub fn finding_key(f: &Finding) -> String {
    if f.cells.is_empty() {
        return format!("{}:{}", f.rule, subject(&f.message));
    }
    let mut cells: Vec<&str> = f.cells.iter().map(String::as_str).collect();
    cells.sort_unstable();
    cells.dedup();
    format!("{}:{}", f.rule, cells.join(","))
}

/// The reviewer's name: the configured one, else `$USER`, `$LOGNAME`,
/// `%USERNAME%`, else the operating system's account name, else "reviewer"
/// ([`reviewer_for`] without a batch repository).
pub fn default_reviewer(configured: Option<&str>) -> String {
    reviewer_for(configured, None)
}

/// Who is reviewing a batch: [`resolve_reviewer`] with the config's
/// `reviewer`, the `user.name` of the git repository `batch` is in (if
/// any), the environment and the OS account name.
pub fn reviewer_for(configured: Option<&str>, batch: Option<&Path>) -> String {
    let git = batch.and_then(git_user_name);
    resolve_reviewer(
        configured,
        git.as_deref(),
        |v| std::env::var(v).ok(),
        || whoami::username().ok(),
    )
}

/// The reviewer's name from its sources, in order: the configured name;
/// the batch repository's `git config user.name`; `$USER`, `$LOGNAME`,
/// `%USERNAME%` (read through `env`); the OS account name; else
/// "reviewer". Blank values are skipped.
pub fn resolve_reviewer(
    configured: Option<&str>,
    git_user: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    os_account: impl FnOnce() -> Option<String>,
) -> String {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    configured
        .and_then(clean)
        .or_else(|| git_user.and_then(clean))
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .filter_map(|v| env(v))
                .find_map(|v| clean(&v))
        })
        .or_else(|| os_account().as_deref().and_then(clean))
        .unwrap_or_else(|| "reviewer".to_string())
}

/// `git config user.name` of the git work tree `dir` is in; `None` when
/// `dir` is not in one, git is missing or the name is not set.
pub fn git_user_name(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    git(&["rev-parse", "--is-inside-work-tree"]).filter(|s| s == "true")?;
    git(&["config", "--get", "user.name"]).filter(|s| !s.is_empty())
}

/// Confirmed findings that no longer fail: their decisions, for findings
/// whose key is not among the report's current failing `findings` (the
/// agency fixed them — `已整改`).
pub fn fixed<'f>(file: &'f ReviewFile, findings: &[&Finding]) -> Vec<&'f Decision> {
    let failing: std::collections::HashSet<String> = findings
        .iter()
        .filter(|f| f.status == crate::rules::Status::Fail)
        .map(|f| finding_key(f))
        .collect();
    let mut out: Vec<&Decision> = file
        .decisions
        .iter()
        .filter(|d| d.decision == DecisionKind::Confirmed && !failing.contains(&d.key))
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// Findings a reviewer is expected to decide: errors and warnings.
pub fn is_actionable(f: &Finding) -> bool {
    matches!(f.severity, Severity::Error | Severity::Warning)
}

/// One report's review progress, as `export` and `status` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub status: Status,
    /// Who gave the verdict, and when ("" when unreviewed).
    pub reviewer: String,
    pub time: String,
    /// Failed findings of severity error / warning.
    pub errors: usize,
    pub warnings: usize,
    /// Error and warning findings with a decision / without one.
    pub decided: usize,
    pub undecided: usize,
    pub undecided_errors: usize,
    /// Live notes.
    pub notes: usize,
    /// Confirmed findings that now pass ([`fixed`]).
    pub fixed: usize,
}

/// Summarise a report's review file against its current findings and bytes.
pub fn summarize(file: &ReviewFile, sha256: &str, findings: &[&Finding]) -> Summary {
    let actionable: Vec<&&Finding> = findings.iter().filter(|f| is_actionable(f)).collect();
    let decided = |f: &Finding| file.decision(&finding_key(f)).is_some();
    let (reviewer, time) = if file.verdict.status == Verdict::Unreviewed {
        (String::new(), String::new())
    } else {
        (file.verdict.reviewer.clone(), file.verdict.time.clone())
    };
    Summary {
        status: file.status(sha256),
        reviewer,
        time,
        errors: findings.iter().filter(|f| f.is_error()).count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && f.status == crate::rules::Status::Fail)
            .count(),
        decided: actionable.iter().filter(|f| decided(f)).count(),
        undecided: actionable.iter().filter(|f| !decided(f)).count(),
        undecided_errors: findings
            .iter()
            .filter(|f| f.is_error() && !decided(f))
            .count(),
        notes: file.notes().count(),
        fixed: fixed(file, findings).len(),
    }
}
