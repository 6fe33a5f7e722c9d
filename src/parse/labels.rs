//! Row labels as printed, not as the template spells them (issue 11 §2).
//!
//! **Damaged labels.** A PDF's text layer may lose characters of a label
//! ("2.其他法律行政止公开" for "2.其他法律行政法规禁止公开"), so that no
//! keyword of the row is left. After the keyword search, a row that is still
//! missing takes a printed label when all of these hold:
//!
//! - the label starts with the row's own ordinal ("2." / "2、" / "2．",
//!   "（二）", "二、"), and for a numbered sub-row ("2.") the nearest group
//!   heading or found row before it is of the row's group (（三）不予公开);
//! - it lies after every row found before the row in template order and
//!   before every row found after it (the order within its group is kept:
//!   rows are never swapped to make a label fit);
//! - the overlap is high enough: the longest common subsequence of its
//!   characters and the template label's (ordinals left out, both folded)
//!   holds at least half the template label's characters and at least half
//!   the printed label's;
//! - it carries a full set of values (one per column, or glued digits
//!   enough for them) right after it, or, with none after it, right before
//!   it (layouts that print the numbers first);
//! - it holds no keyword of another row (of three characters or more) and
//!   is not another row's label;
//! - it is the only such label for the row.
//!
//! The cells of such a row remember the printed label ([`Cell::printed_label`]),
//! and their note says 行名与模板不完全一致.
//!
//! **Stray rows.** A table may print in place of a group of rows a single row
//! of the other template: a 2021 table with the 2019 format's one
//! "（六）其他处理" row instead of its three sub-rows. When no row of a group
//! is found but its heading carries a full set of values, the heading is a
//! stray row: it bounds the rows around it (its values never land in a
//! neighbour) and its values go nowhere; the rows of the group are
//! unparsed with [`CellIssue::RowAbsent`] (表中无此行).
//!
//! **Rows left out.** A row not found whose neighbours follow each other
//! with nothing between them but a group heading is absent too (see
//! [`mark_absent`]); any other row not found is only not found
//! (`RowMissing`, 未找到该行).
//!
//! [`Cell::printed_label`]: crate::model::Cell::printed_label
//! [`CellIssue::RowAbsent`]: crate::model::CellIssue::RowAbsent

use std::borrow::Cow;
use std::sync::OnceLock;

use super::norm;
use super::tables::{Hit, Parsed};
use super::tokens::{Kind, Stream};
use crate::model::{CellIssue, CellState};
use crate::schema::RowSpec;

/// A row ordinal: "2." (Arabic), "(二)" (Paren), "二、" (Comma).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordinal {
    Arabic(u32),
    Paren(u32),
    Comma(u32),
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

fn numeral(c: char) -> Option<u32> {
    NUMERALS.iter().position(|&n| n == c).map(|i| i as u32 + 1)
}

/// The ordinal a folded label starts with, and its length in bytes.
fn ordinal_at(s: &str) -> Option<(Ordinal, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let n: u32 = s[..digits].parse().ok()?;
        let sep = s[digits..].chars().next()?;
        return matches!(sep, '.' | '、').then(|| (Ordinal::Arabic(n), digits + sep.len_utf8()));
    }
    let mut cs = s.chars();
    let first = cs.next()?;
    if first == '(' {
        let n = numeral(cs.next()?)?;
        return (cs.next()? == ')').then_some((Ordinal::Paren(n), 1 + '一'.len_utf8() + 1));
    }
    let n = numeral(first)?;
    (cs.next()? == '、').then_some((Ordinal::Comma(n), first.len_utf8() + '、'.len_utf8()))
}

/// The ordinal at byte `i` of `s`, not inside a longer number ("12.").
fn ordinal_in(s: &str, i: usize) -> Option<(Ordinal, usize)> {
    let o = ordinal_at(&s[i..])?;
    let after_digit = s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit());
    (!(matches!(o.0, Ordinal::Arabic(_)) && after_digit)).then_some(o)
}

/// A template label without its ordinal, folded.
fn body(label: &str) -> String {
    let f = norm::fold(label);
    match ordinal_at(&f) {
        Some((_, len)) => f[len..].to_string(),
        None => f,
    }
}

/// The length of the longest common subsequence of `a` and `b`, in chars.
pub(super) fn common_chars(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &ca in &a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Is `printed` close enough to the template label `template` (both
/// without ordinals)? At least half of each one's characters are common to
/// both, in order.
pub(super) fn close_enough(printed: &str, template: &str) -> bool {
    let (p, t) = (printed.chars().count(), template.chars().count());
    if p == 0 || t == 0 {
        return false;
    }
    let c = common_chars(printed, template);
    2 * c >= t && 2 * c >= p
}

/// Does a label at label-string range `a..e` carry a full set of `n` values,
/// right after it or (with none after) right before it?
fn full_set(st: &Stream, a: usize, e: usize, n: usize) -> bool {
    let at = |p: usize| {
        let from = st.toks.partition_point(|t| (t.lpos as usize) < p);
        let to = st.toks.partition_point(|t| (t.lpos as usize) <= p);
        st.toks[from..to]
            .iter()
            .filter(|t| t.is_cellish())
            .collect::<Vec<_>>()
    };
    let full = |v: &[&super::tokens::Tok]| {
        let all = v.len();
        let filled = v.iter().filter(|t| t.kind != Kind::Empty).count();
        // Glued digits: fewer tokens with digits enough for every cell.
        let digits: usize = v
            .iter()
            .filter(|t| t.kind == Kind::Value)
            .map(|t| (t.num_end - t.start) as usize)
            .sum();
        all == n || filled == n || (filled > 0 && filled < n && digits >= n)
    };
    let after = at(e);
    if !after.is_empty() {
        return full(&after);
    }
    full(&at(a))
}

/// Where the label text starting at `i` ends: at the first value after it,
/// the next ordinal, `hi`, or a cap of a few times the template label.
fn label_end(st: &Stream, i: usize, body_start: usize, hi: usize, cap: usize) -> usize {
    let l = &st.label.s;
    let first_val = st.toks[st.toks.partition_point(|t| (t.lpos as usize) <= i)..]
        .iter()
        .find(|t| t.is_cellish())
        .map_or(l.len(), |t| t.lpos as usize);
    let mut e = first_val
        .min(hi)
        .min(l.floor_char_boundary(body_start + cap));
    let mut j = body_start;
    while j < e {
        if ordinal_in(l, j).is_some() {
            e = j;
            break;
        }
        j += l[j..].chars().next().map_or(1, char::len_utf8);
    }
    e
}

/// The group a position `i` of the label string sits in: of the nearest
/// group heading or found row before it, whichever is nearer.
fn group_at(
    l: &str,
    rows: &[&RowSpec],
    hits: &[Hit],
    groups: &[(&'static str, Cow<'static, str>)],
    i: usize,
) -> Option<&'static str> {
    let heading = groups
        .iter()
        .filter_map(|(g, b)| l[..i].rfind(&**b).map(|p| (p + b.len(), Some(*g))))
        .max_by_key(|&(p, _)| p);
    let row = hits
        .iter()
        .filter(|h| h.lend <= i && !h.stray)
        .map(|h| (h.lend, rows[h.row].group))
        .max_by_key(|&(p, _)| p);
    match (heading, row) {
        (Some(a), Some(b)) => {
            if a.0 > b.0 {
                a.1
            } else {
                b.1
            }
        }
        (Some(a), None) => a.1,
        (None, Some(b)) => b.1,
        (None, None) => None,
    }
}

/// The groups of a table's rows: (group label, its folded body).
fn groups(rows: &[&RowSpec]) -> Vec<(&'static str, Cow<'static, str>)> {
    let mut out: Vec<(&'static str, Cow<'static, str>)> = Vec::new();
    for g in rows.iter().filter_map(|r| r.group) {
        if !out.iter().any(|(x, _)| *x == g) {
            out.push((g, group_body(g)));
        }
    }
    out
}

/// [`body`] of a group label, folded once per run for the templates' groups.
fn group_body(g: &'static str) -> Cow<'static, str> {
    use crate::schema::{Template, schema};
    static ALL: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut all: Vec<(&'static str, String)> = Vec::new();
        for t in [Template::T2019, Template::T2021, Template::None] {
            for g in schema(t).rows.iter().filter_map(|r| r.group) {
                if !all.iter().any(|(x, _)| *x == g) {
                    all.push((g, body(g)));
                }
            }
        }
        all
    });
    match all.iter().find(|(x, _)| *x == g) {
        Some((_, b)) => Cow::Borrowed(b.as_str()),
        None => Cow::Owned(body(g)),
    }
}

/// Match rows still missing after the keyword search to damaged labels
/// (see the module docs); the hits are pushed with `printed` set.
pub(super) fn damaged(st: &Stream, rows: &[&RowSpec], start_l: usize, hits: &mut Vec<Hit>) {
    let l = &st.label.s;
    let groups = groups(rows);
    // Keywords specific enough to name a row (three characters or more).
    let specific = |r: usize| {
        rows[r]
            .keywords
            .iter()
            .filter(|k| k.chars().count() >= 3)
            .map(|k| norm::fold(k))
    };
    for ri in 0..rows.len() {
        if hits.iter().any(|h| h.row == ri) {
            continue;
        }
        let row = rows[ri];
        let Some((ord, _)) = ordinal_at(&norm::fold(row.label)) else {
            continue;
        };
        let tbody = body(row.label);
        let lo = hits
            .iter()
            .filter(|h| h.row < ri)
            .map(|h| h.lend)
            .max()
            .unwrap_or(start_l)
            .max(start_l);
        let hi = hits
            .iter()
            .filter(|h| h.row > ri)
            .map(|h| h.lstart)
            .min()
            .unwrap_or(l.len());
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut i = lo;
        while i < hi {
            let step = l[i..].chars().next().map_or(1, char::len_utf8);
            let Some((o, len)) = ordinal_in(l, i).filter(|&(o, _)| o == ord) else {
                i += step;
                continue;
            };
            let b = i + len;
            let e = label_end(st, i, b, hi, 3 * tbody.len() + 8);
            i += step;
            let printed = &l[b..e.max(b)];
            let ok = e > b
                && close_enough(printed, &tbody)
                && !hits.iter().any(|h| i - step < h.lend && e > h.lstart)
                && (!matches!(o, Ordinal::Arabic(_))
                    || group_at(l, rows, hits, &groups, i - step) == row.group)
                && !(0..rows.len()).any(|r| {
                    r != ri
                        && (body(rows[r].label) == printed
                            || specific(r).any(|k| printed.contains(k.as_str())))
                })
                && full_set(st, i - step, e, row.cols.len());
            if ok {
                found.push((i - step, e));
            }
        }
        if let [(a, e)] = found[..] {
            hits.push(Hit {
                row: ri,
                lstart: a,
                lend: e,
                printed: true,
                stray: false,
            });
        }
    }
}

/// Stray rows (see the module docs): headings of groups with no row found
/// that carry a full set of values. Each is pushed as a hit with `stray`
/// set, on the group's first row.
pub(super) fn strays(st: &Stream, rows: &[&RowSpec], start_l: usize, hits: &mut Vec<Hit>) {
    let l = &st.label.s;
    for (g, gbody) in groups(rows) {
        let members: Vec<usize> = (0..rows.len())
            .filter(|&r| rows[r].group == Some(g))
            .collect();
        // Only groups whose rows all are missing (and that have rows).
        let Some(&first) = members.first() else {
            continue;
        };
        if members.iter().any(|&r| hits.iter().any(|h| h.row == r)) {
            continue;
        }
        let n = rows[first].cols.len();
        let mut new = Vec::new();
        for p in norm::find_all(&l[start_l..], &gbody).map(|p| p + start_l) {
            let e = p + gbody.len();
            // The label runs on to the first value after it.
            let end = st.toks[st.toks.partition_point(|t| (t.lpos as usize) < e)..]
                .iter()
                .find(|t| t.is_cellish())
                .map_or(l.len(), |t| t.lpos as usize);
            let next_hit = hits
                .iter()
                .map(|h| h.lstart)
                .filter(|&s| s >= e)
                .min()
                .unwrap_or(l.len());
            if end > next_hit || hits.iter().any(|h| p < h.lend && e > h.lstart) {
                continue;
            }
            // No ordinal after the heading: a sub-row label is not a stray.
            let mut j = e;
            let mut sub_row = false;
            while j < end {
                if ordinal_in(l, j).is_some() {
                    sub_row = true;
                    break;
                }
                j += l[j..].chars().next().map_or(1, char::len_utf8);
            }
            if sub_row {
                continue;
            }
            let after = {
                let from = st.toks.partition_point(|t| (t.lpos as usize) < end);
                let to = st.toks.partition_point(|t| (t.lpos as usize) <= end);
                st.toks[from..to].iter().any(|t| t.is_cellish())
            };
            if !after || !full_set(st, p, end, n) {
                continue;
            }
            // The heading's own ordinal ("（六）") starts the label.
            let start = (p.saturating_sub(8)..p)
                .filter(|&q| l.is_char_boundary(q))
                .find(|&q| ordinal_in(l, q).is_some_and(|(_, len)| q + len == p))
                .unwrap_or(p);
            new.push(Hit {
                row: first,
                lstart: start,
                lend: end,
                printed: false,
                stray: true,
            });
        }
        hits.extend(new);
    }
}

/// Rows the table leaves out: a row not found whose nearest found rows
/// before and after it are neighbours in the text, with no row ordinal
/// between them but a group heading's ("（三）不予公开"), and the row
/// before read cleanly (every cell a number or a blank: no values of an
/// unrecognised line ran into it). Such a row is not in the table at all:
/// its cells' issue becomes [`CellIssue::RowAbsent`] (表中无此行).
///
/// [`CellIssue::RowAbsent`]: crate::model::CellIssue::RowAbsent
pub(super) fn mark_absent(st: &Stream, rows: &[&RowSpec], hits: &[Hit], out: &mut Parsed) {
    let l = &st.label.s;
    let groups = groups(rows);
    let found = |r: usize| hits.iter().position(|h| h.row == r && !h.stray);
    for r in 0..rows.len() {
        if found(r).is_some() || ordinal_at(&norm::fold(rows[r].label)).is_none() {
            continue;
        }
        let (Some(p), Some(q)) = (
            (0..r).rev().find_map(found),
            (r + 1..rows.len()).find_map(found),
        ) else {
            continue;
        };
        if q != p + 1 || hits[p].lend > hits[q].lstart {
            continue;
        }
        // No ordinal between them but a group heading's.
        let (a, b) = (hits[p].lend, hits[q].lstart);
        let mut i = a;
        let mut foreign = false;
        while i < b {
            if let Some((_, len)) = ordinal_in(l, i) {
                let rest = &l[i + len..b];
                if !groups.iter().any(|(_, g)| rest.starts_with(&**g)) {
                    foreign = true;
                    break;
                }
            }
            i += l[i..].chars().next().map_or(1, char::len_utf8);
        }
        if foreign {
            continue;
        }
        let prev = rows[hits[p].row].cells();
        let clean = out
            .cells
            .iter()
            .filter(|(k, _)| prev.contains(k))
            .all(|(_, c)| {
                matches!(c.state, CellState::Number | CellState::Blank) && c.issue.is_none()
            });
        if !clean {
            continue;
        }
        let own = rows[r].cells();
        for (_, c) in out.cells.iter_mut().filter(|(k, _)| own.contains(k)) {
            if c.issue == Some(CellIssue::RowMissing) {
                c.issue = Some(CellIssue::RowAbsent);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_at("2.其他"), Some((Ordinal::Arabic(2), 2)));
        assert_eq!(ordinal_at("2、其他"), Some((Ordinal::Arabic(2), 4)));
        assert_eq!(ordinal_at("(三)不予公开"), Some((Ordinal::Paren(3), 5)));
        assert_eq!(ordinal_at("四、结转"), Some((Ordinal::Comma(4), 6)));
        assert_eq!(ordinal_at("其他"), None);
        assert_eq!(ordinal_in("12.x", 1), None);
        assert_eq!(body("（三）不予公开"), "不予公开");
    }

    #[test]
    fn overlap_is_defined_by_common_characters_in_order() {
        let t = body("2.其他法律行政法规禁止公开");
        // 9 of 12 template characters, in order.
        assert_eq!(common_chars("其他法律行政止公开", &t), 9);
        assert!(close_enough("其他法律行政止公开", &t));
        // Half of the template's characters is enough …
        assert!(close_enough("其他法律行政", &t));
        // … fewer is not, nor a printed label mostly of other text.
        assert!(!close_enough("其他法律", &t));
        assert!(!close_enough(
            "其他法律行政法规禁止公开以及其他各类不予公开的种种情形",
            &t
        ));
        // Characters out of order do not count.
        assert_eq!(common_chars("开公止禁", "禁止公开"), 1);
    }
}
