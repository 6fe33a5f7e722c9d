//! Test fixtures for the rule tests: clean reports of both templates (our
//! own samples), edited cell by cell through the parser's source spans, and
//! helpers that run one rule and say what it concluded.
//!
//! ```ignore
//! let t = with_cells(CLEAN_2021, &[("t3.granted.total", "9")]);
//! assert_eq!(outcome(&t, "A01"), Outcome::Fail);
//! ```

#![cfg(test)]

use std::collections::BTreeSet;

use super::{Finding, Selection, Status};
use crate::model::{CellState, Report};

/// A 2021-template report (tab-separated tables) with no finding at all.
pub const CLEAN_2021: &str = include_str!("../../samples/青禾县交通运输局-2023.txt");
/// A 2019-template report (one cell per line), clean for every rule but T03.
pub const CLEAN_2019: &str = include_str!("../../samples/云溪街道办事处-2020.txt");

/// Parse report text as the batch does.
pub fn parse(text: &str) -> Report {
    let doc = crate::ingest::ingest(text.as_bytes()).expect("the text ingests");
    crate::parse::parse(doc)
}

/// A selection of exactly these rule IDs.
pub fn only(ids: &[&str]) -> Selection {
    Selection {
        select: Some(ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()),
        ignore: BTreeSet::new(),
    }
}

/// The findings of rule `id` (only) on `text`.
pub fn findings(text: &str, id: &str) -> Vec<Finding> {
    let r = parse(text);
    super::check(&r, &only(&[id]))
        .into_iter()
        .filter(|f| f.rule == id)
        .collect()
}

/// What a rule concluded about a report (or a pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Uncertain,
}

/// Fail if any finding fails; else uncertain if any is uncertain; else pass.
pub fn outcome_of(fs: &[Finding]) -> Outcome {
    if fs.iter().any(|f| f.status == Status::Fail) {
        Outcome::Fail
    } else if fs.iter().any(|f| f.status == Status::Uncertain) {
        Outcome::Uncertain
    } else {
        Outcome::Pass
    }
}

/// The outcome of rule `id` on `text`.
pub fn outcome(text: &str, id: &str) -> Outcome {
    outcome_of(&findings(text, id))
}

/// The cross-year findings of rule `id` for the pair (earlier, later).
pub fn pair_findings(earlier: &str, later: &str, id: &str) -> Vec<Finding> {
    let (a, b) = (parse(earlier), parse(later));
    crate::compare::check_pair(&a, &b, &only(&[id]))
        .into_iter()
        .filter(|f| f.rule == id)
        .collect()
}

/// The outcome of pair rule `id`.
pub fn pair_outcome(earlier: &str, later: &str, id: &str) -> Outcome {
    outcome_of(&pair_findings(earlier, later, id))
}

/// The value the parser reads for cell `key` of `text` (None unless a number).
pub fn value(text: &str, key: &str) -> Option<f64> {
    let r = parse(text);
    let i = r
        .schema()
        .index(key)
        .unwrap_or_else(|| panic!("no cell {key}"));
    let c = &r.cells[i];
    (c.state == CellState::Number)
        .then_some(c.value)
        .flatten()
        .map(|v| v.as_f64())
}

/// `text` with the source characters of each cell replaced: `("t3.granted.total",
/// "9")` sets a number, `"—"` writes a dash (blank), `"x"` makes it
/// unreadable. `""` leaves an empty field: a blank between two values, but
/// at a row's end (next to padding) the row may become unreadable, and on
/// its own line (one cell per line) the row can no longer be placed — use
/// `"—"` for a plain blank. Panics if a key has no source span.
pub fn with_cells(text: &str, edits: &[(&str, &str)]) -> String {
    let r = parse(text);
    let src = r.text().to_string();
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|(k, v)| {
            let i = r.schema().index(k).unwrap_or_else(|| panic!("no cell {k}"));
            let sp = r.cells[i]
                .span
                .unwrap_or_else(|| panic!("cell {k} has no source span"));
            (sp.start as usize, sp.end as usize, *v)
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = src;
    for (s, e, v) in spans {
        out.replace_range(s..e, v);
    }
    out
}

/// `text` with the first occurrence of `from` replaced by `to` (panics when
/// `from` is not there, so a test cannot silently test nothing).
pub fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture has no {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn the_clean_bases_are_clean() {
    let r = parse(CLEAN_2021);
    assert_eq!(r.template, crate::schema::Template::T2021);
    let fs = super::check(&r, &Selection::default());
    assert!(fs.is_empty(), "{fs:#?}");
    let r = parse(CLEAN_2019);
    assert_eq!(r.template, crate::schema::Template::T2019);
    let fs: Vec<_> = super::check(&r, &Selection::default())
        .into_iter()
        .filter(|f| f.rule != "T03")
        .collect();
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn editing_a_cell_changes_only_that_cell() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.natural_person", "77")]);
    assert_eq!(value(&t, "t3.granted.natural_person"), Some(77.0));
    assert_eq!(
        value(&t, "t3.new_received.total"),
        value(CLEAN_2021, "t3.new_received.total")
    );
    let t = with_cells(CLEAN_2019, &[("t3.granted.total", "x")]);
    assert_eq!(value(&t, "t3.granted.total"), None);
}
