//! The validation rules of RULES.md: one small function per rule ID.
//!
//! A rule evaluates to pass, fail or uncertain. Only `fail` and `uncertain`
//! produce a [`Finding`]: a failure carries the rule's severity; an uncertain
//! result is an `info` finding naming the cell that blocked it.

mod ctx;
mod structure;

use std::collections::BTreeSet;

pub use ctx::Ctx;

use crate::model::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Fail,
    Uncertain,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Uncertain => "uncertain",
        }
    }
}

/// One result worth showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub status: Status,
    /// One line in Chinese, with the numbers.
    pub message: String,
    /// Canonical cell keys involved.
    pub cells: Vec<String>,
    /// 1-based source lines involved, ascending.
    pub lines: Vec<u32>,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.status == Status::Fail && self.severity == Severity::Error
    }
}

/// Which report a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Report,
    Pair,
}

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    /// The severity of a failure ("error / warning" when it depends).
    pub severity: &'static str,
    pub scope: Scope,
    pub zh: &'static str,
    pub en: &'static str,
    pub check: Option<fn(&Ctx, &mut Vec<Finding>)>,
}

const fn rule(
    id: &'static str,
    severity: &'static str,
    zh: &'static str,
    en: &'static str,
    check: fn(&Ctx, &mut Vec<Finding>),
) -> Rule {
    Rule {
        id,
        severity,
        scope: Scope::Report,
        zh,
        en,
        check: Some(check),
    }
}

/// Every rule, in catalogue order.
pub fn catalogue() -> &'static [Rule] {
    CATALOGUE
}

static CATALOGUE: &[Rule] = &[
    rule(
        "S09",
        "error",
        "模板规定的表、行或单元格缺失",
        "a table, row or cell of the template is missing",
        structure::s09,
    ),
    rule(
        "S11",
        "error / warning",
        "数量单元格为负数或非数字（错误），或为空白（警告）",
        "a count cell is negative or not a number (error), or blank (warning)",
        structure::s11,
    ),
];

/// Which rules to run (`--select` / `--ignore`, or `nianbao.toml`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<BTreeSet<String>>,
    pub ignore: BTreeSet<String>,
}

impl Selection {
    /// Does the selection include `id`? A selector matches a rule ID exactly or
    /// as a prefix ("A" selects every arithmetic rule, like ruff).
    pub fn includes(&self, id: &str) -> bool {
        let hit = |set: &BTreeSet<String>| set.iter().any(|s| id.starts_with(s.as_str()));
        self.select.as_ref().is_none_or(hit) && !hit(&self.ignore)
    }

    /// Parse "A01,N" style lists; unknown selectors are returned as errors.
    pub fn parse_list(s: &str) -> Result<BTreeSet<String>, String> {
        let mut out = BTreeSet::new();
        for part in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
            let p = part.to_ascii_uppercase();
            if !catalogue().iter().any(|r| r.id.starts_with(&p)) {
                return Err(format!("unknown rule selector: {part}"));
            }
            out.insert(p);
        }
        Ok(out)
    }
}

/// Run every selected single-report rule.
pub fn check(report: &Report, sel: &Selection) -> Vec<Finding> {
    let ctx = Ctx::new(report);
    let mut out = Vec::new();
    for r in catalogue() {
        if r.scope != Scope::Report || !sel.includes(r.id) {
            continue;
        }
        if let Some(f) = r.check {
            f(&ctx, &mut out);
        }
    }
    for f in &mut out {
        f.lines.sort_unstable();
        f.lines.dedup();
    }
    out
}
