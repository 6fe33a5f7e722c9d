//! Merging two versions of one report's review file.
//!
//! Notes and decisions: the union by id; an entry present on both sides
//! takes the later edit (`updated`, else its creation time). Decisions are
//! then kept one per finding key (the later one). Verdict: the later change
//! wins. History: the union by (time, reviewer, action, id), sorted by
//! time, so both sides' verdict changes stay on record. On equal times
//! `ours` wins.

use std::collections::{BTreeMap, HashMap};

use super::model::{Decision, HistoryEntry, Note, ReviewFile};

/// Merge `theirs` into `ours`.
pub fn merge(ours: &ReviewFile, theirs: &ReviewFile) -> ReviewFile {
    let mut out = ours.clone();
    if out.sha256.is_empty() {
        out.sha256 = theirs.sha256.clone();
    }
    if out.path.is_empty() {
        out.path = theirs.path.clone();
    }
    if theirs.verdict.changed() > ours.verdict.changed() {
        out.verdict = theirs.verdict.clone();
    }
    out.notes = union(&ours.notes, &theirs.notes, |n: &Note| &n.id, Note::changed);
    let decisions = union(
        &ours.decisions,
        &theirs.decisions,
        |d: &Decision| &d.id,
        Decision::changed,
    );
    out.decisions = one_per_key(decisions);
    let mut history: BTreeMap<(String, String, &'static str, String), HistoryEntry> =
        BTreeMap::new();
    for h in theirs.history.iter().chain(&ours.history) {
        let (t, r, a, i) = h.union_key();
        history.insert((t.to_string(), r.to_string(), a, i.to_string()), h.clone());
    }
    out.history = history.into_values().collect();
    out.normalize();
    out
}

/// The union of two lists by id; on both sides, the later `changed` wins
/// (ties: `ours`).
fn union<T: Clone>(
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String,
    changed: impl Fn(&T) -> &str,
) -> Vec<T> {
    let mut out: Vec<T> = ours.to_vec();
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x).clone(), i))
        .collect();
    for t in theirs {
        match index.get(id(t)) {
            Some(&i) => {
                if changed(t) > changed(&out[i]) {
                    out[i] = t.clone();
                }
            }
            None => out.push(t.clone()),
        }
    }
    out
}

/// Keep the latest decision of each finding key (two reviewers deciding the
/// same finding at once create two ids); ties keep the earlier in the list
/// (ours first).
fn one_per_key(decisions: Vec<Decision>) -> Vec<Decision> {
    let mut best: HashMap<String, usize> = HashMap::new();
    for (i, d) in decisions.iter().enumerate() {
        match best.get(&d.key) {
            Some(&j) if decisions[j].changed() >= d.changed() => {}
            _ => {
                best.insert(d.key.clone(), i);
            }
        }
    }
    let keep: std::collections::HashSet<usize> = best.into_values().collect();
    decisions
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, d)| d)
        .collect()
}
