//! The review state of one report, as kept in its TOML file, and the
//! operations that change it.

use std::collections::HashSet;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::ReviewError;
use super::anchor;
use super::time::{new_id, rfc3339};
use crate::rules::Finding;

/// The schema version written in every file.
pub const VERSION: u32 = 1;

/// What a reviewer said of a whole report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    #[default]
    Unreviewed,
    Approved,
    ChangesRequested,
    Rejected,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Unreviewed,
        Verdict::Approved,
        Verdict::ChangesRequested,
        Verdict::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unreviewed => "unreviewed",
            Verdict::Approved => "approved",
            Verdict::ChangesRequested => "changes_requested",
            Verdict::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The effective status of a report: its verdict, or `Stale` when the
/// report's bytes changed since the verdict was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Unreviewed,
    Approved,
    ChangesRequested,
    Rejected,
    Stale,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Unreviewed,
        Status::Approved,
        Status::ChangesRequested,
        Status::Rejected,
        Status::Stale,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Approved => "approved",
            Status::ChangesRequested => "changes_requested",
            Status::Rejected => "rejected",
            Status::Stale => "stale",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::Unreviewed => "未审阅",
            Status::Approved => "已通过",
            Status::ChangesRequested => "需修改",
            Status::Rejected => "不通过",
            Status::Stale => "已失效",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Approved => "approved",
            Status::ChangesRequested => "changes requested",
            Status::Rejected => "rejected",
            Status::Stale => "stale",
        }
    }

    /// Reviewed: a verdict other than `unreviewed` that still holds.
    pub fn is_reviewed(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::ChangesRequested | Status::Rejected
        )
    }
}

/// The `[verdict]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VerdictRecord {
    pub status: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewer: String,
    /// When the verdict was given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time: String,
    /// When this table last changed, if later than `time` (an undo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// SHA-256 of the report's bytes the verdict was given on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl VerdictRecord {
    /// The time of the last change, for merging.
    pub fn changed(&self) -> &str {
        self.updated.as_deref().unwrap_or(&self.time)
    }
}

/// The `[assignment]` table: who is to review the report, who said so,
/// when. Merged like the verdict (the later change wins).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assignment {
    /// The assignee; "" when the assignment was withdrawn.
    #[serde(default)]
    pub reviewer: String,
    /// Who assigned it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub time: String,
}

/// A reviewer's decision on a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// No decision (a decision taken back by an undo).
    #[default]
    Undecided,
    /// The finding is real.
    Confirmed,
    /// The finding is wrong or does not matter (with a reason).
    Dismissed,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Undecided => "undecided",
            DecisionKind::Confirmed => "confirmed",
            DecisionKind::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<DecisionKind> {
        [
            DecisionKind::Undecided,
            DecisionKind::Confirmed,
            DecisionKind::Dismissed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            DecisionKind::Undecided => "未处理",
            DecisionKind::Confirmed => "已确认",
            DecisionKind::Dismissed => "已排除",
        }
    }
}

/// A `[[decision]]` entry: one per finding key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    /// The finding key ([`super::finding_key`]): rule ID + cell keys, or rule
    /// ID + subject.
    pub key: String,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    pub decision: DecisionKind,
    pub reviewer: String,
    pub time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The finding's message when decided, for people reading the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Decision {
    pub fn changed(&self) -> &str {
        self.updated.as_deref().unwrap_or(&self.time)
    }
}

/// What a note is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    Report,
    /// `s1` … `s6`.
    Section(String),
    /// A canonical cell key.
    Cell(String),
    /// A finding key.
    Finding(String),
    /// A source line: its 1-based number and its text when the note was
    /// written (trimmed), to find it again after an edit.
    Line {
        line: u32,
        quote: String,
    },
}

impl Anchor {
    /// A line anchor quoting line `line` (1-based) of `text`.
    pub fn line(text: &str, line: u32) -> Anchor {
        let quote = text
            .lines()
            .nth(line.max(1) as usize - 1)
            .unwrap_or("")
            .trim()
            .to_string();
        Anchor::Line { line, quote }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Anchor::Report => "report",
            Anchor::Section(_) => "section",
            Anchor::Cell(_) => "cell",
            Anchor::Finding(_) => "finding",
            Anchor::Line { .. } => "line",
        }
    }

    /// A short label: `report`, `s3`, a cell or finding key, `line 73`.
    pub fn label(&self) -> String {
        match self {
            Anchor::Report => "report".into(),
            Anchor::Section(s) | Anchor::Cell(s) | Anchor::Finding(s) => s.clone(),
            Anchor::Line { line, .. } => format!("line {line}"),
        }
    }

    fn validate(&self) -> Result<(), String> {
        match self {
            Anchor::Section(s)
                if !matches!(s.as_str(), "s1" | "s2" | "s3" | "s4" | "s5" | "s6") =>
            {
                Err(format!("section must be s1…s6, not {s:?}"))
            }
            Anchor::Cell(s) | Anchor::Finding(s) if s.trim().is_empty() => {
                Err("empty anchor target".into())
            }
            Anchor::Line { line: 0, .. } => Err("line numbers start at 1".into()),
            _ => Ok(()),
        }
    }
}

/// A `[[note]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NoteToml", into = "NoteToml")]
pub struct Note {
    pub id: String,
    pub anchor: Anchor,
    /// A line note whose line could not be found again after an edit.
    pub orphaned: bool,
    pub reviewer: String,
    pub created: String,
    /// When the text was last edited (or the note deleted).
    pub updated: Option<String>,
    /// Deleted notes stay as tombstones so that merging does not bring
    /// them back.
    pub deleted: bool,
    pub text: String,
}

impl Note {
    pub fn changed(&self) -> &str {
        self.updated.as_deref().unwrap_or(&self.created)
    }
}

/// The flat TOML form of a note.
#[derive(Clone, Serialize, Deserialize)]
struct NoteToml {
    id: String,
    anchor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    orphaned: bool,
    reviewer: String,
    created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
    text: String,
}

impl TryFrom<NoteToml> for Note {
    type Error = String;
    fn try_from(n: NoteToml) -> Result<Note, String> {
        let target = || {
            n.target
                .clone()
                .ok_or_else(|| format!("note {}: anchor {:?} needs a target", n.id, n.anchor))
        };
        let anchor = match n.anchor.as_str() {
            "report" => Anchor::Report,
            "section" => Anchor::Section(target()?),
            "cell" => Anchor::Cell(target()?),
            "finding" => Anchor::Finding(target()?),
            "line" => Anchor::Line {
                line: n
                    .line
                    .ok_or_else(|| format!("note {}: a line anchor needs `line`", n.id))?,
                quote: n.quote.clone().unwrap_or_default(),
            },
            other => return Err(format!("note {}: unknown anchor {other:?}", n.id)),
        };
        anchor
            .validate()
            .map_err(|e| format!("note {}: {e}", n.id))?;
        Ok(Note {
            id: n.id,
            anchor,
            orphaned: n.orphaned,
            reviewer: n.reviewer,
            created: n.created,
            updated: n.updated,
            deleted: n.deleted,
            text: n.text,
        })
    }
}

impl From<Note> for NoteToml {
    fn from(n: Note) -> NoteToml {
        let (target, line, quote) = match &n.anchor {
            Anchor::Report => (None, None, None),
            Anchor::Section(s) | Anchor::Cell(s) | Anchor::Finding(s) => {
                (Some(s.clone()), None, None)
            }
            Anchor::Line { line, quote } => (None, Some(*line), Some(quote.clone())),
        };
        NoteToml {
            id: n.id,
            anchor: n.anchor.kind().to_string(),
            target,
            line,
            quote,
            orphaned: n.orphaned,
            reviewer: n.reviewer,
            created: n.created,
            updated: n.updated,
            deleted: n.deleted,
            text: n.text,
        }
    }
}

/// What a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Verdict,
    Decide,
    NoteAdd,
    NoteEdit,
    NoteDelete,
    Undo,
    Reanchor,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Verdict => "verdict",
            Action::Decide => "decide",
            Action::NoteAdd => "note_add",
            Action::NoteEdit => "note_edit",
            Action::NoteDelete => "note_delete",
            Action::Undo => "undo",
            Action::Reanchor => "reanchor",
        }
    }

    /// Verdicts and decisions: what `undo` reverts.
    pub fn is_decision(self) -> bool {
        matches!(self, Action::Verdict | Action::Decide)
    }
}

/// A `[[history]]` entry. History is append-only: nothing is ever removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub time: String,
    pub reviewer: String,
    pub action: Action,
    pub id: String,
    /// `verdict`, a finding key, or a note id.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// The state after the action: a verdict or a decision; for notes, the
    /// anchor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// Verdict: the SHA-256 of the report signed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Undo: the id of the history entry undone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub undoes: String,
    /// Approval while these error findings were undecided…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided_errors: Vec<String>,
    /// …after the reviewer was asked and confirmed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
    /// Verdict note, decision reason, or details.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl HistoryEntry {
    /// What identifies an entry when merging: (time, reviewer, action, id).
    pub fn union_key(&self) -> (&str, &str, &'static str, &str) {
        (&self.time, &self.reviewer, self.action.as_str(), &self.id)
    }

    /// The order entries are written in: time, then id (an id starts with
    /// the time to the microsecond, so events within one second stay in the
    /// order they happened), then the rest of the union key.
    pub fn sort_key(&self) -> (&str, &str, &str, &'static str) {
        (&self.time, &self.id, &self.reviewer, self.action.as_str())
    }

    /// Order of events: time, then id.
    fn order(&self) -> (&str, &str) {
        (&self.time, &self.id)
    }
}

/// One report's review state: the whole TOML file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReviewFile {
    pub version: u32,
    /// The report's path relative to the batch folder, `/`-separated.
    pub path: String,
    /// SHA-256 of the report's bytes at the last save.
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub verdict: VerdictRecord,
    /// Who is to review the report (`[assignment]`, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
    #[serde(default, rename = "decision", skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    #[serde(default, rename = "note", skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

/// A change to a review file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Give (or withdraw, with `Unreviewed`) a verdict. `error_keys`: the keys
    /// of the report's error findings; approving while some are undecided
    /// needs `confirmed` (the UI asked), and the history records both.
    SetVerdict {
        verdict: Verdict,
        note: String,
        error_keys: Vec<String>,
        confirmed: bool,
    },
    /// Decide a finding (see [`Op::decide`]).
    Decide {
        key: String,
        rule: String,
        cells: Vec<String>,
        message: String,
        decision: DecisionKind,
        reason: String,
    },
    AddNote {
        anchor: Anchor,
        text: String,
    },
    EditNote {
        id: String,
        text: String,
    },
    DeleteNote {
        id: String,
    },
    /// Revert this reviewer's latest verdict or decision.
    Undo,
    /// Assign the report to a reviewer ("": withdraw the assignment). Not
    /// in the history: the `[assignment]` table says who and when, and an
    /// older nianbao reads the file without knowing a new history action.
    Assign {
        to: String,
    },
}

impl Op {
    /// Decide `finding`.
    pub fn decide(finding: &Finding, decision: DecisionKind, reason: impl Into<String>) -> Op {
        let mut cells = finding.cells.clone();
        cells.sort();
        cells.dedup();
        Op::Decide {
            key: super::finding_key(finding),
            rule: finding.rule.to_string(),
            cells,
            message: finding.message.clone(),
            decision,
            reason: reason.into(),
        }
    }

    /// A verdict without undecided-error bookkeeping (for anything but
    /// approval, or when the caller already checked).
    pub fn verdict(verdict: Verdict, note: impl Into<String>) -> Op {
        Op::SetVerdict {
            verdict,
            note: note.into(),
            error_keys: Vec::new(),
            confirmed: false,
        }
    }
}

/// Who acts, on which bytes, when.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub reviewer: &'a str,
    /// SHA-256 of the report's current bytes.
    pub sha256: &'a str,
    pub now: SystemTime,
}

/// What [`ReviewFile::reanchor`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reanchored {
    /// Line notes moved to another line.
    pub moved: usize,
    /// Line notes newly marked orphaned.
    pub orphaned: usize,
    /// Orphaned notes whose line was found again.
    pub restored: usize,
}

impl Reanchored {
    pub fn changed(&self) -> bool {
        self.moved + self.orphaned + self.restored > 0
    }
}

const HEADER: &str = "# nianbao review state (政府信息公开工作年度报告审阅记录).\n\
# Plain TOML: read it, diff it, merge it with git. Schema: docs/review-state.md\n\n";

impl ReviewFile {
    /// An empty file for the report at `path` (relative to the batch).
    pub fn new(path: &str) -> ReviewFile {
        ReviewFile {
            version: VERSION,
            path: path.to_string(),
            ..ReviewFile::default()
        }
    }

    /// Parse a state file's text.
    pub fn from_toml(text: &str) -> Result<ReviewFile, String> {
        let f: ReviewFile = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        if f.version != VERSION {
            return Err(format!(
                "schema version {} is not supported (this nianbao reads version {VERSION})",
                f.version
            ));
        }
        Ok(f)
    }

    /// The file's text, normalised (sorted) and with a header comment.
    pub fn to_toml(&self) -> String {
        let body = if self.is_normalized() {
            toml::to_string(self)
        } else {
            let mut f = self.clone();
            f.normalize();
            toml::to_string(&f)
        };
        format!("{HEADER}{}", body.expect("a review file always serialises"))
    }

    fn is_normalized(&self) -> bool {
        self.decisions
            .is_sorted_by(|a, b| (&a.key, &a.id) <= (&b.key, &b.id))
            && self
                .notes
                .is_sorted_by(|a, b| (&a.created, &a.id) <= (&b.created, &b.id))
            && self
                .history
                .is_sorted_by(|a, b| a.sort_key() <= b.sort_key())
    }

    /// Sort entries for stable, diff-friendly files: decisions by key, notes
    /// by creation, history by time (see [`HistoryEntry::sort_key`]).
    pub fn normalize(&mut self) {
        self.decisions
            .sort_by(|a, b| (&a.key, &a.id).cmp(&(&b.key, &b.id)));
        self.notes
            .sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        self.history.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// The effective status given the report's current SHA-256.
    pub fn status(&self, current_sha256: &str) -> Status {
        let v = &self.verdict;
        match v.status {
            Verdict::Unreviewed => Status::Unreviewed,
            _ if v.sha256 != current_sha256 => Status::Stale,
            Verdict::Approved => Status::Approved,
            Verdict::ChangesRequested => Status::ChangesRequested,
            Verdict::Rejected => Status::Rejected,
        }
    }

    /// The decision in force for a finding key (confirmed or dismissed).
    pub fn decision(&self, key: &str) -> Option<&Decision> {
        self.decision_entry(key)
            .filter(|d| d.decision != DecisionKind::Undecided)
    }

    /// The latest `[[decision]]` entry for a key, whatever its state.
    fn decision_entry(&self, key: &str) -> Option<&Decision> {
        self.decisions
            .iter()
            .filter(|d| d.key == key)
            .max_by(|a, b| (a.changed(), &a.id).cmp(&(b.changed(), &b.id)))
    }

    /// The reviewer the report is assigned to, if any.
    pub fn assignee(&self) -> Option<&str> {
        self.assignment
            .as_ref()
            .map(|a| a.reviewer.as_str())
            .filter(|r| !r.is_empty())
    }

    /// Notes that are not deleted.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|n| !n.deleted)
    }

    /// A live note by id.
    pub fn note(&self, id: &str) -> Option<&Note> {
        self.notes().find(|n| n.id == id)
    }

    /// The keys among `keys` with no decision.
    pub fn undecided<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Vec<String> {
        keys.into_iter()
            .filter(|k| self.decision(k).is_none())
            .map(str::to_string)
            .collect()
    }

    /// The history entry `undo` would revert for this reviewer.
    pub fn undoable(&self, reviewer: &str) -> Option<&HistoryEntry> {
        let undone = self.undone();
        self.history
            .iter()
            .filter(|h| h.reviewer == reviewer && h.action.is_decision())
            .filter(|h| !undone.contains(h.id.as_str()))
            .max_by(|a, b| a.order().cmp(&b.order()))
    }

    fn undone(&self) -> HashSet<&str> {
        self.history
            .iter()
            .filter(|h| h.action == Action::Undo)
            .map(|h| h.undoes.as_str())
            .collect()
    }

    /// Apply one operation; returns the id of the note or decision it made
    /// or changed (for `Undo`, the id of the history entry undone).
    pub fn apply(&mut self, op: Op, ctx: &Ctx) -> Result<Option<String>, ReviewError> {
        let time = rfc3339(ctx.now);
        let entry = |action: Action, target: &str| HistoryEntry {
            time: time.clone(),
            reviewer: ctx.reviewer.to_string(),
            action,
            id: new_id(ctx.now),
            target: target.to_string(),
            value: String::new(),
            sha256: String::new(),
            undoes: String::new(),
            undecided_errors: Vec::new(),
            confirmed: false,
            text: String::new(),
        };
        match op {
            Op::SetVerdict {
                verdict,
                note,
                error_keys,
                confirmed,
            } => {
                let undecided = if verdict == Verdict::Approved {
                    self.undecided(error_keys.iter().map(String::as_str))
                } else {
                    Vec::new()
                };
                if !undecided.is_empty() && !confirmed {
                    return Err(ReviewError::NeedsConfirmation { undecided });
                }
                self.verdict = VerdictRecord {
                    status: verdict,
                    reviewer: ctx.reviewer.to_string(),
                    time: time.clone(),
                    updated: None,
                    sha256: ctx.sha256.to_string(),
                    note: note.clone(),
                };
                let mut h = entry(Action::Verdict, "verdict");
                h.value = verdict.as_str().to_string();
                h.sha256 = ctx.sha256.to_string();
                h.text = note;
                h.confirmed = !undecided.is_empty();
                h.undecided_errors = undecided;
                self.history.push(h);
                Ok(None)
            }
            Op::Decide {
                key,
                rule,
                cells,
                message,
                decision,
                reason,
            } => {
                if key.is_empty() {
                    return Err(ReviewError::Invalid("empty finding key".into()));
                }
                if decision == DecisionKind::Dismissed && reason.trim().is_empty() {
                    return Err(ReviewError::Invalid("a dismissal needs a reason".into()));
                }
                let latest = self.decision_entry(&key).map(|d| d.id.clone());
                let id = match latest.and_then(|id| self.decisions.iter_mut().find(|d| d.id == id))
                {
                    Some(d) => {
                        d.rule = rule;
                        d.cells = cells;
                        d.message = message;
                        d.decision = decision;
                        d.reason = reason.clone();
                        d.reviewer = ctx.reviewer.to_string();
                        d.time = time.clone();
                        d.updated = None;
                        d.id.clone()
                    }
                    None => {
                        let id = new_id(ctx.now);
                        self.decisions.push(Decision {
                            id: id.clone(),
                            key: key.clone(),
                            rule,
                            cells,
                            decision,
                            reviewer: ctx.reviewer.to_string(),
                            time: time.clone(),
                            updated: None,
                            message,
                            reason: reason.clone(),
                        });
                        id
                    }
                };
                let mut h = entry(Action::Decide, &key);
                h.value = decision.as_str().to_string();
                h.text = reason;
                self.history.push(h);
                Ok(Some(id))
            }
            Op::AddNote { anchor, text } => {
                anchor.validate().map_err(ReviewError::Invalid)?;
                if text.trim().is_empty() {
                    return Err(ReviewError::Invalid("empty note".into()));
                }
                let id = new_id(ctx.now);
                let mut h = entry(Action::NoteAdd, &id);
                h.value = anchor.label();
                self.notes.push(Note {
                    id: id.clone(),
                    anchor,
                    orphaned: false,
                    reviewer: ctx.reviewer.to_string(),
                    created: time.clone(),
                    updated: None,
                    deleted: false,
                    text,
                });
                self.history.push(h);
                Ok(Some(id))
            }
            Op::EditNote { id, text } => {
                if text.trim().is_empty() {
                    return Err(ReviewError::Invalid("empty note".into()));
                }
                let n = self
                    .notes
                    .iter_mut()
                    .find(|n| n.id == id && !n.deleted)
                    .ok_or_else(|| ReviewError::UnknownNote(id.clone()))?;
                n.text = text;
                n.updated = Some(time.clone());
                let h = entry(Action::NoteEdit, &id);
                self.history.push(h);
                Ok(Some(id))
            }
            Op::DeleteNote { id } => {
                let n = self
                    .notes
                    .iter_mut()
                    .find(|n| n.id == id && !n.deleted)
                    .ok_or_else(|| ReviewError::UnknownNote(id.clone()))?;
                n.deleted = true;
                n.updated = Some(time.clone());
                let h = entry(Action::NoteDelete, &id);
                self.history.push(h);
                Ok(Some(id))
            }
            Op::Assign { to } => {
                let to = to.trim().to_string();
                self.assignment = Some(Assignment {
                    reviewer: to,
                    by: ctx.reviewer.to_string(),
                    time: time.clone(),
                });
                Ok(None)
            }
            Op::Undo => {
                let mut h = entry(Action::Undo, "");
                let undone_id = self.undo(ctx, &time, &mut h)?;
                self.history.push(h);
                Ok(Some(undone_id))
            }
        }
    }

    /// Revert the reviewer's latest verdict or decision to the state before
    /// it; fills in the undo entry `h`.
    fn undo(&mut self, ctx: &Ctx, time: &str, h: &mut HistoryEntry) -> Result<String, ReviewError> {
        let reviewer = ctx.reviewer;
        let cand = self
            .undoable(reviewer)
            .ok_or(ReviewError::NothingToUndo)?
            .clone();
        let undone = self.undone();
        let same = |e: &&HistoryEntry| {
            e.action == cand.action && e.target == cand.target && !undone.contains(e.id.as_str())
        };
        // Someone changed the same thing since: do not undo over them.
        if let Some(later) = self
            .history
            .iter()
            .filter(same)
            .filter(|e| e.order() > cand.order())
            .max_by(|a, b| a.order().cmp(&b.order()))
        {
            return Err(ReviewError::UndoConflict {
                reviewer: later.reviewer.clone(),
                time: later.time.clone(),
            });
        }
        let prev = self
            .history
            .iter()
            .filter(same)
            .filter(|e| e.order() < cand.order())
            .max_by(|a, b| a.order().cmp(&b.order()))
            .cloned();
        h.target = cand.target.clone();
        h.undoes = cand.id.clone();
        match cand.action {
            Action::Verdict => {
                self.verdict = match &prev {
                    Some(p) => VerdictRecord {
                        status: Verdict::parse(&p.value).unwrap_or_default(),
                        reviewer: p.reviewer.clone(),
                        time: p.time.clone(),
                        updated: Some(time.to_string()),
                        sha256: p.sha256.clone(),
                        note: p.text.clone(),
                    },
                    None => VerdictRecord {
                        updated: Some(time.to_string()),
                        ..VerdictRecord::default()
                    },
                };
                h.value = self.verdict.status.as_str().to_string();
                h.text = self.verdict.note.clone();
            }
            _ => {
                let (decision, d_reviewer, d_time, reason) = match &prev {
                    Some(p) => (
                        DecisionKind::parse(&p.value).unwrap_or_default(),
                        p.reviewer.clone(),
                        p.time.clone(),
                        p.text.clone(),
                    ),
                    None => (
                        DecisionKind::Undecided,
                        reviewer.to_string(),
                        time.to_string(),
                        String::new(),
                    ),
                };
                let latest = self.decision_entry(&cand.target).map(|d| d.id.clone());
                match latest.and_then(|id| self.decisions.iter_mut().find(|d| d.id == id)) {
                    Some(d) => {
                        d.decision = decision;
                        d.reviewer = d_reviewer;
                        d.time = d_time;
                        d.reason = reason.clone();
                        d.updated = Some(time.to_string());
                    }
                    None => self.decisions.push(Decision {
                        id: new_id(ctx.now),
                        key: cand.target.clone(),
                        rule: cand.target.split(':').next().unwrap_or("").to_string(),
                        cells: Vec::new(),
                        decision,
                        reviewer: d_reviewer,
                        time: d_time,
                        updated: Some(time.to_string()),
                        message: String::new(),
                        reason: reason.clone(),
                    }),
                }
                h.value = decision.as_str().to_string();
                h.text = reason;
            }
        }
        Ok(cand.id)
    }

    /// Find the lines of line notes again in the report's current text:
    /// the line whose text matches the quote exactly (nearest to the old
    /// number), else the most similar line, else keep the number and mark
    /// the note orphaned. Times are not touched (this is not an edit).
    pub fn reanchor(&mut self, text: &str) -> Reanchored {
        let lines: Vec<&str> = text.lines().collect();
        let mut r = Reanchored::default();
        for n in self.notes.iter_mut().filter(|n| !n.deleted) {
            let Anchor::Line { line, quote } = &mut n.anchor else {
                continue;
            };
            match anchor::find_line(&lines, *line, quote) {
                Some(found) => {
                    if found != *line {
                        *line = found;
                        r.moved += 1;
                    }
                    if n.orphaned {
                        n.orphaned = false;
                        r.restored += 1;
                    }
                }
                None => {
                    if !n.orphaned {
                        n.orphaned = true;
                        r.orphaned += 1;
                    }
                }
            }
        }
        r
    }
}
