//! Merging versions of one report's review file: two-way ([`merge`], two
//! reviewers saving the same file) and three-way ([`merge3`], `git merge`
//! through `nianbao merge-driver`, where the common ancestor is known).
//!
//! Each item — the verdict, the decision in force for each finding key,
//! each note by id — is merged on its own:
//!
//! - changed on one side only (the other equals the base): that side's;
//! - changed on both sides: the later change (`updated`, else its creation
//!   time); on equal times a fixed order of the contents decides, so that
//!   `merge(a, b) == merge(b, a)`;
//! - a note deleted on either side stays deleted (the tombstone wins over an
//!   edit);
//! - history: the union by (time, reviewer, action, id), sorted by time, so
//!   both sides' changes stay on record.
//!
//! Without a base (two-way), nothing is "unchanged" except what is missing
//! on one side, so every item present on both sides goes by time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use super::model::{Assignment, Decision, HistoryEntry, Note, ReviewFile};

/// Merge `theirs` into `ours` (no common ancestor known).
pub fn merge(ours: &ReviewFile, theirs: &ReviewFile) -> ReviewFile {
    merge3(None, ours, theirs)
}

/// Three-way merge: `base` is the common ancestor of `ours` and `theirs`
/// (`None`: unknown, as [`merge`]).
pub fn merge3(base: Option<&ReviewFile>, ours: &ReviewFile, theirs: &ReviewFile) -> ReviewFile {
    let empty = ReviewFile::default();
    let base = base.unwrap_or(&empty);
    let mut out = ours.clone();
    out.path = three_way(&base.path, &ours.path, &theirs.path, |p: &String| {
        (!p.is_empty(), p.clone())
    });
    let latest = |f: &ReviewFile| {
        f.history
            .iter()
            .map(|h| (h.time.clone(), h.id.clone()))
            .max()
    };
    let (lo, lt) = (latest(ours), latest(theirs));
    // The report's hash at the last save: the side saved last.
    out.sha256 = three_way(&base.sha256, &ours.sha256, &theirs.sha256, |s: &String| {
        let last = if *s == ours.sha256 { &lo } else { &lt };
        (!s.is_empty(), last.clone(), s.clone())
    });
    out.verdict = three_way(&base.verdict, &ours.verdict, &theirs.verdict, |v| {
        v.changed().to_string()
    });
    out.assignment = three_way(
        &base.assignment,
        &ours.assignment,
        &theirs.assignment,
        |a: &Option<Assignment>| a.as_ref().map(|a| a.time.clone()),
    );

    // Decisions: the entry in force for each finding key.
    let keys: BTreeSet<&str> = [base, ours, theirs]
        .iter()
        .flat_map(|f| f.decisions.iter().map(|d| d.key.as_str()))
        .collect();
    out.decisions = keys
        .into_iter()
        .filter_map(|k| {
            three_way(
                &in_force(base, k),
                &in_force(ours, k),
                &in_force(theirs, k),
                |d: &Option<Decision>| d.as_ref().map(|d| d.changed().to_string()),
            )
        })
        .collect();

    // Notes by id; a tombstone on either side wins.
    let ids: BTreeSet<&str> = [base, ours, theirs]
        .iter()
        .flat_map(|f| f.notes.iter().map(|n| n.id.as_str()))
        .collect();
    let note_time = |n: &Option<Note>| n.as_ref().map(|n| n.changed().to_string());
    out.notes = ids
        .into_iter()
        .filter_map(|id| {
            let (b, o, t) = (note(base, id), note(ours, id), note(theirs, id));
            let dead = |n: &Option<Note>| n.as_ref().is_some_and(|n| n.deleted);
            match (dead(&o), dead(&t)) {
                (true, false) => o,
                (false, true) => t,
                (true, true) => later(o, t, note_time),
                (false, false) => three_way(&b, &o, &t, note_time),
            }
        })
        .collect();

    // History: the union.
    let mut history: BTreeMap<(String, String, &'static str, String), HistoryEntry> =
        BTreeMap::new();
    for h in base
        .history
        .iter()
        .chain(&ours.history)
        .chain(&theirs.history)
    {
        let (t, r, a, i) = h.union_key();
        let key = (t.to_string(), r.to_string(), a, i.to_string());
        match history.get(&key) {
            // The same entry, differently written (a hand edit): a fixed choice.
            Some(old) if format!("{old:?}") >= format!("{h:?}") => {}
            _ => {
                history.insert(key, h.clone());
            }
        }
    }
    out.history = history.into_values().collect();
    out.normalize();
    out
}

/// One item merged three ways: a side equal to the base did not change it,
/// so the other side's version holds; changed on both sides, the later
/// change (by `when`), and on a tie the greater contents (so that the
/// result does not depend on which side is "ours").
fn three_way<T, K>(base: &T, ours: &T, theirs: &T, when: impl Fn(&T) -> K) -> T
where
    T: Clone + PartialEq + Debug,
    K: Ord,
{
    if ours == theirs || theirs == base {
        ours.clone()
    } else if ours == base {
        theirs.clone()
    } else {
        later(ours.clone(), theirs.clone(), when)
    }
}

/// The later of two versions by `when`; ties by contents.
fn later<T: Debug, K: Ord>(a: T, b: T, when: impl Fn(&T) -> K) -> T {
    let ka = (when(&a), format!("{a:?}"));
    let kb = (when(&b), format!("{b:?}"));
    if kb > ka { b } else { a }
}

/// The decision entry in force for a finding key (the latest; a file has
/// more than one per key only when written by hand).
fn in_force(f: &ReviewFile, key: &str) -> Option<Decision> {
    f.decisions
        .iter()
        .filter(|d| d.key == key)
        .cloned()
        .reduce(|a, b| later(a, b, |d| (d.changed().to_string(), d.id.clone())))
}

fn note(f: &ReviewFile, id: &str) -> Option<Note> {
    f.notes
        .iter()
        .filter(|n| n.id == id)
        .cloned()
        .reduce(|a, b| later(a, b, |n| n.changed().to_string()))
}
