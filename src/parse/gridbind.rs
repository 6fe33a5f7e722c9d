//! Binding table rows that a grid source laid out (HTML, DOCX, ruled PDF
//! tables): by the source cells themselves, never by counting the values
//! that are left.
//!
//! A row's value cells are the source cells after the one holding its
//! label. Covered positions (rowspans, colspans) carry no token (see
//! [`super::tokens::GridLine`]), so an empty source cell is a blank at its
//! own position and nothing else is. When a row has exactly as many value
//! cells as the row has columns they are bound one to one, in order; this
//! also reads the rows whose colspans do not line up with the header, as
//! pages exported from Word print them. Any other count cannot be bound
//! without a guess: the row is unparsed, and its note says why.
//!
//! A row that a PDF splits across a page break comes as two grid rows: the
//! second has no label of its own (its label text continues the first's, no
//! ordinal) and holds the rest of the cells. Its cells join the first row's
//! by grid column: a value in one part only is that value; digits in both
//! are one number cut by the break. A part that does not line up with the
//! row's value columns makes the row unparsed.

use std::ops::Range;

use super::tables::{CellTok, Hit, Parsed, direct_cell, fill_unparsed, missing_issue};
use super::tokens::{Kind, Stream, Tok, parse_number};
use crate::model::{Cell, CellIssue, CellState, LineIndex, Span, Value};
use crate::schema::{RowSpec, ValueKind};

/// What one source cell of a row holds.
#[derive(Debug, Clone)]
pub(super) enum GridVal<'a> {
    /// One number or blank marker, or nothing (a blank cell).
    Cell(CellTok<'a>),
    /// Label text only.
    Label(Range<usize>),
    /// Several numbers, or numbers and text: not one value.
    Mixed(Range<usize>),
    /// Digits of one number cut by a page break, joined.
    Joined(Value, Range<usize>),
}

/// A source cell: its grid column and what it holds.
type Placed<'a> = (u16, GridVal<'a>);

/// The label token in which a row's label starts (its ordinal, when it
/// has one): a label that a page break cuts in two starts on the row's line.
pub(super) fn hit_token<'a>(st: &'a Stream, h: &Hit) -> Option<&'a Tok> {
    let p = h.lstart;
    let upto = st.toks.partition_point(|t| t.lpos as usize <= p);
    st.toks[..upto].iter().rev().find(|t| t.kind == Kind::Label)
}

/// Is every row label in a grid row (so the whole table binds by grid)?
pub(super) fn all_on_grid(st: &Stream, hits: &[Hit]) -> bool {
    !st.grid.is_empty()
        && !hits.is_empty()
        && hits
            .iter()
            .all(|h| hit_token(st, h).is_some_and(|t| t.cell > 0))
}

/// The tokens of region line `line` (tokens are in line order).
fn line_toks(st: &Stream, line: u32) -> &[Tok] {
    let from = st.toks.partition_point(|t| t.line < line);
    let to = st.toks.partition_point(|t| t.line <= line);
    &st.toks[from..to.max(from)]
}

/// The source cells after the cell numbered `after` (1-based, 0 for all)
/// on region line `line`.
fn cells_after<'a>(text: &str, st: &'a Stream, line: u32, after: u16) -> Vec<Placed<'a>> {
    let Some(g) = st.grid_line(line) else {
        return Vec::new();
    };
    let toks: Vec<&Tok> = line_toks(st, line)
        .iter()
        .filter(|t| t.cell > after)
        .collect();
    let mut out = Vec::with_capacity(g.cells.len().saturating_sub(after as usize));
    for idx in (after as usize + 1)..=g.cells.len() {
        let own: Vec<&Tok> = toks
            .iter()
            .copied()
            .filter(|t| t.cell as usize == idx)
            .collect();
        let cell = g.cells[idx - 1];
        out.push((cell.col, classify(text, &own, cell.start)));
    }
    out
}

fn classify<'a>(text: &str, own: &[&'a Tok], start: u32) -> GridVal<'a> {
    let s = start as usize;
    let range = match (own.first(), own.last()) {
        (Some(a), Some(b)) => a.start as usize..b.end as usize,
        _ => s..s,
    };
    let values: Vec<&&Tok> = own.iter().filter(|t| t.kind != Kind::Empty).collect();
    match values.as_slice() {
        [] => GridVal::Cell(CellTok::EmptyBlank(start)),
        [t] if t.kind != Kind::Label => GridVal::Cell(CellTok::Tok(t)),
        [sign, t] if is_sign(&text[sign.range()]) && plain_digits(text, t) => {
            match parse_number(&format!("{}{}", &text[sign.range()], &text[t.range()])) {
                Some(v) => GridVal::Joined(v, range),
                None => GridVal::Mixed(range),
            }
        }
        v if v.iter().all(|t| t.kind == Kind::Label) => GridVal::Label(range),
        _ => GridVal::Mixed(range),
    }
}

fn is_empty(v: &GridVal<'_>) -> bool {
    matches!(v, GridVal::Cell(CellTok::EmptyBlank(_)))
}

/// Fit a row's source cells to its `n` columns. Label cells that continue
/// the row's label may lead. More cells than columns fit only when the
/// extra ones are empty cells at the ends (padding, a label column made of
/// two cells): when the empty cells at the ends could be dropped in more
/// than one way, the table's value columns `cols` (see [`value_cols`])
/// decide, and without them the row does not fit. `Err(count)` when it
/// does not.
fn fit<'a>(
    mut vals: Vec<Placed<'a>>,
    n: usize,
    cols: Option<&[u16]>,
) -> Result<Vec<Placed<'a>>, usize> {
    while vals.len() > n && matches!(vals.first(), Some((_, GridVal::Label(_)))) {
        vals.remove(0);
    }
    let m = vals.len();
    if m <= n {
        return if m == n { Ok(vals) } else { Err(m) };
    }
    let lead = vals.iter().take_while(|(_, v)| is_empty(v)).count();
    let trail = vals[lead..]
        .iter()
        .rev()
        .take_while(|(_, v)| is_empty(v))
        .count();
    let extra = m - n;
    if lead + trail < extra {
        return Err(m);
    }
    // Drop `a` cells at the start and `extra - a` at the end.
    let options = extra.saturating_sub(trail)..=lead.min(extra);
    let keep = |a: usize| &vals[a..a + n];
    let chosen = if options.start() == options.end() {
        Some(*options.start())
    } else {
        let cols = cols.ok_or(m)?;
        let mut hits =
            options.filter(|&a| keep(a).iter().map(|(c, _)| *c).eq(cols.iter().copied()));
        match (hits.next(), hits.next()) {
            (Some(a), None) => Some(a),
            _ => None,
        }
    };
    let a = chosen.ok_or(m)?;
    Ok(vals.drain(a..a + n).collect())
}

/// The grid columns a table's rows of `n` value cells put them in, when
/// most such rows agree: from the rows that have exactly `n` cells after
/// their label.
fn value_cols(all: &[Vec<Placed<'_>>], n: usize) -> Option<Vec<u16>> {
    let mut seen: Vec<(Vec<u16>, usize)> = Vec::new();
    for vals in all.iter().filter(|v| v.len() == n) {
        let cols: Vec<u16> = vals.iter().map(|(c, _)| *c).collect();
        match seen.iter_mut().find(|(c, _)| *c == cols) {
            Some((_, k)) => *k += 1,
            None => seen.push((cols, 1)),
        }
    }
    seen.sort_by_key(|s| std::cmp::Reverse(s.1));
    match seen.as_slice() {
        [] => None,
        [(c, _)] => Some(c.clone()),
        [(c, k), (_, k2), ..] => (k > k2).then(|| c.clone()),
    }
}

/// Does a grid line continue the row above (a row split by a page break)?
/// It must carry no row label of its own: no label cell that starts with a
/// row ordinal ("2.", "（三）", "四、").
fn continues(st: &Stream, text: &str, line: u32) -> bool {
    st.grid_line(line).is_some()
        && line_toks(st, line)
            .iter()
            .filter(|t| t.kind == Kind::Label)
            .all(|t| !starts_with_ordinal(&text[t.range()]))
}

fn starts_with_ordinal(s: &str) -> bool {
    let s = s.trim_start();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return s[digits..].starts_with(['.', '、', '．']);
    }
    const NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    if let Some(rest) = s.strip_prefix(['（', '(']) {
        return rest.starts_with(NUMERALS);
    }
    let n = s.chars().take_while(|c| NUMERALS.contains(c)).count();
    n > 0 && s.chars().nth(n) == Some('、')
}

/// Join a continuation line's cells into the row's value cells by column.
/// `Err(())` when a non-empty cell has no value column to go to.
fn join_part<'a>(text: &str, row: &mut [Placed<'a>], part: Vec<Placed<'a>>) -> Result<(), ()> {
    let first_col = row.first().map_or(0, |(c, _)| *c);
    for (col, v) in part {
        if col < first_col || is_empty(&v) {
            continue;
        }
        let Some(slot) = row.iter_mut().find(|(c, _)| *c == col) else {
            return Err(());
        };
        slot.1 = join(
            text,
            std::mem::replace(&mut slot.1, GridVal::Mixed(0..0)),
            v,
        );
    }
    Ok(())
}

fn join<'a>(text: &str, a: GridVal<'a>, b: GridVal<'a>) -> GridVal<'a> {
    if is_empty(&b) {
        return a;
    }
    if is_empty(&a) {
        return b;
    }
    match (&a, &b) {
        (GridVal::Cell(CellTok::Tok(x)), GridVal::Cell(CellTok::Tok(y)))
            if plain_digits(text, x) && plain_digits(text, y) =>
        {
            let digits = format!("{}{}", &text[x.range()], &text[y.range()]);
            match parse_number(&digits) {
                Some(v) => GridVal::Joined(v, x.start as usize..y.end as usize),
                None => GridVal::Mixed(x.start as usize..y.end as usize),
            }
        }
        _ => GridVal::Mixed(span_of(&a).start..span_of(&b).end),
    }
}

/// A sign standing apart from its number ("+ 18" in a PDF cell).
fn is_sign(s: &str) -> bool {
    matches!(s, "+" | "-" | "＋" | "－" | "−")
}

fn plain_digits(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Value && text[t.range()].bytes().all(|b| b.is_ascii_digit())
}

fn span_of(v: &GridVal<'_>) -> Range<usize> {
    match v {
        GridVal::Cell(CellTok::Tok(t)) => t.range(),
        GridVal::Cell(CellTok::EmptyBlank(o)) => *o as usize..*o as usize,
        GridVal::Label(r) | GridVal::Mixed(r) | GridVal::Joined(_, r) => r.clone(),
    }
}

/// The cells of one row bound in order (`vals` already fits the row).
fn bind(lines: &LineIndex, row: &RowSpec, vals: &[Placed<'_>]) -> Vec<Cell> {
    vals.iter()
        .zip(row.cols)
        .map(|((_, v), col)| cell_of(lines, v, col.kind))
        .collect()
}

fn cell_of(lines: &LineIndex, v: &GridVal<'_>, kind: ValueKind) -> Cell {
    match v {
        GridVal::Cell(t) => direct_cell(lines, t, kind),
        GridVal::Joined(value, r) => Cell {
            state: CellState::Number,
            value: Some(*value),
            span: Some(lines.span(r.clone())),
            ..Cell::default()
        },
        GridVal::Label(r) | GridVal::Mixed(r) => Cell {
            state: CellState::Unparsed,
            span: Some(lines.span(r.clone())),
            issue: Some(CellIssue::NotANumber),
            ..Cell::default()
        },
    }
}

/// A row whose source cells do not fit its columns: every cell unparsed.
fn misfit(n: usize, why: RowErr, label: Option<Span>) -> Vec<Cell> {
    let issue = match why {
        RowErr::Count(found) => CellIssue::GridMisaligned {
            found: found.min(255) as u8,
            expected: n.min(255) as u8,
        },
        RowErr::Split => CellIssue::GridSplitRow,
    };
    (0..n)
        .map(|_| Cell {
            state: CellState::Unparsed,
            span: label,
            issue: Some(issue),
            ..Cell::default()
        })
        .collect()
}

/// Read every row of a table whose labels all sit in grid rows.
pub(super) fn read(
    text: &str,
    lines: &LineIndex,
    st: &Stream,
    rows: &[&RowSpec],
    hits: &[Hit],
    out: &mut Parsed,
) {
    let mut hit_lines: Vec<u32> = hits
        .iter()
        .filter_map(|h| hit_token(st, h).map(|t| t.line))
        .collect();
    hit_lines.sort_unstable();
    let found: Vec<Option<(&Tok, Vec<Placed<'_>>)>> = hits
        .iter()
        .map(|h| {
            let tok = hit_token(st, h)?;
            Some((tok, cells_after(text, st, tok.line, tok.cell)))
        })
        .collect();
    let mut done = vec![false; rows.len()];
    for (h, f) in hits.iter().zip(found.iter()) {
        let Some((tok, vals)) = f else { continue };
        if h.stray {
            continue;
        }
        let row = rows[h.row];
        let n = row.cols.len();
        let same_width: Vec<Vec<Placed<'_>>> = hits
            .iter()
            .zip(&found)
            .filter(|(o, _)| rows[o.row].cols.len() == n)
            .filter_map(|(_, f)| f.as_ref().map(|(_, v)| v.clone()))
            .collect();
        let cols = value_cols(&same_width, n);
        out.seps[0] += vals.len();
        let fitted = fit(vals.clone(), n, cols.as_deref()).map_err(RowErr::Count);
        let mut cells = match fitted.and_then(|v| continued(text, st, &hit_lines, tok.line, v)) {
            Ok(vals) => bind(lines, row, &vals),
            Err(why) => misfit(n, why, out.rows[h.row]),
        };
        if h.printed {
            for c in &mut cells {
                c.set_printed_label(out.rows[h.row]);
            }
        }
        out.cells.extend(
            cells
                .into_iter()
                .enumerate()
                .map(|(c, cell)| (row.cell(c), cell)),
        );
        done[h.row] = true;
    }
    fill_unparsed(rows, out, |r| {
        (!done[r]).then(|| missing_issue(rows, hits, r))
    });
}

/// Why a grid row cannot be bound.
#[derive(Debug, Clone, Copy)]
enum RowErr {
    /// It has this many value cells, not one per column.
    Count(usize),
    /// Its continuation after a page break does not line up with it.
    Split,
}

/// A row's fitted value cells with the parts of the row that continue on
/// the following grid lines joined in.
fn continued<'a>(
    text: &str,
    st: &'a Stream,
    hit_lines: &[u32],
    line: u32,
    mut vals: Vec<Placed<'a>>,
) -> Result<Vec<Placed<'a>>, RowErr> {
    let first_col = vals.first().map_or(0, |(c, _)| *c);
    let mut next = line + 1;
    while hit_lines.binary_search(&next).is_err() && continues(st, text, next) {
        let part = cells_after(text, st, next, 0);
        // Label text under the value columns: a repeated header, not a part.
        let header = part
            .iter()
            .any(|(c, v)| *c >= first_col && matches!(v, GridVal::Label(_)));
        if header {
            break;
        }
        join_part(text, &mut vals, part).map_err(|()| RowErr::Split)?;
        next += 1;
    }
    Ok(vals)
}

/// Table 4 on a grid: the cells of the one row of exactly 15 value cells
/// after the column headers (no label cell after its first value).
pub(super) fn t4_cells(
    text: &str,
    lines: &LineIndex,
    st: &Stream,
    header_lpos: usize,
) -> Option<Vec<Cell>> {
    let vals = st.grid.iter().find_map(|g| {
        let own = line_toks(st, g.line);
        if own.first()?.lpos as usize <= header_lpos {
            return None;
        }
        let last_label = own
            .iter()
            .filter(|t| t.kind == Kind::Label)
            .map(|t| t.cell)
            .max()
            .unwrap_or(0);
        let vals = cells_after(text, st, g.line, last_label);
        let numbers = vals
            .iter()
            .filter(|(_, v)| matches!(v, GridVal::Cell(CellTok::Tok(_))))
            .count();
        (vals.len() == 15 && numbers > 0).then_some(vals)
    })?;
    Some(
        vals.iter()
            .map(|(_, v)| cell_of(lines, v, ValueKind::Count))
            .collect(),
    )
}
