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

use super::tables::{CellTok, Hit, Parsed, direct_cell, fill_unparsed};
use super::tokens::{Kind, Stream, Tok};
use crate::model::{Cell, CellIssue, CellState, LineIndex, Span};
use crate::schema::{RowSpec, ValueKind};

/// What one source cell of a row holds.
#[derive(Debug, Clone)]
pub(super) enum GridVal<'a> {
    /// One number or blank marker, or nothing (a blank cell).
    Cell(CellTok<'a>),
    /// Label text only.
    Label(std::ops::Range<usize>),
    /// Several numbers, or numbers and text: not one value.
    Mixed(std::ops::Range<usize>),
}

/// The label token in which a row's label hit ends.
pub(super) fn hit_token<'a>(st: &'a Stream, h: &Hit) -> Option<&'a Tok> {
    let p = h.lend.checked_sub(1)?;
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

/// The source cells after the label cell `after` on region line `line`.
pub(super) fn cells_after<'a>(st: &'a Stream, line: u32, after: u16) -> Vec<GridVal<'a>> {
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
        out.push(classify(&own, g.cells[idx - 1].start));
    }
    out
}

fn classify<'a>(own: &[&'a Tok], start: u32) -> GridVal<'a> {
    let s = start as usize;
    let range = match (own.first(), own.last()) {
        (Some(a), Some(b)) => a.start as usize..b.end as usize,
        _ => s..s,
    };
    let values: Vec<&&Tok> = own.iter().filter(|t| t.kind != Kind::Empty).collect();
    match values.as_slice() {
        [] => GridVal::Cell(CellTok::EmptyBlank(start)),
        [t] if t.kind != Kind::Label => GridVal::Cell(CellTok::Tok(t)),
        v if v.iter().all(|t| t.kind == Kind::Label) => GridVal::Label(range),
        _ => GridVal::Mixed(range),
    }
}

/// Fit a row's source cells to its `n` columns: label cells that continue
/// the row's label may lead, and empty cells past the table's columns may
/// trail; what is left must be exactly `n` cells. `Err(count)` when it is not.
pub(super) fn fit(mut vals: Vec<GridVal<'_>>, n: usize) -> Result<Vec<GridVal<'_>>, usize> {
    while vals.len() > n && matches!(vals.first(), Some(GridVal::Label(_))) {
        vals.remove(0);
    }
    while vals.len() > n && matches!(vals.last(), Some(GridVal::Cell(CellTok::EmptyBlank(_)))) {
        vals.pop();
    }
    if vals.len() == n {
        Ok(vals)
    } else {
        Err(vals.len())
    }
}

/// The cells of one row bound in order (`vals` already fits the row).
pub(super) fn bind(lines: &LineIndex, row: &RowSpec, vals: &[GridVal<'_>]) -> Vec<Cell> {
    vals.iter()
        .zip(row.cols)
        .map(|(v, col)| cell_of(lines, v, col.kind))
        .collect()
}

pub(super) fn cell_of(lines: &LineIndex, v: &GridVal<'_>, kind: ValueKind) -> Cell {
    match v {
        GridVal::Cell(t) => direct_cell(lines, t, kind),
        GridVal::Label(r) | GridVal::Mixed(r) => Cell {
            state: CellState::Unparsed,
            span: Some(lines.span(r.clone())),
            issue: Some(CellIssue::NotANumber),
            ..Cell::default()
        },
    }
}

/// A row whose source cells do not fit its columns: every cell unparsed.
pub(super) fn misfit(n: usize, found: usize, label: Option<Span>) -> Vec<Cell> {
    let issue = CellIssue::GridMisaligned {
        found: found.min(255) as u8,
        expected: n.min(255) as u8,
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

/// The tokens of region line `line` (tokens are in line order).
fn line_toks(st: &Stream, line: u32) -> &[Tok] {
    let from = st.toks.partition_point(|t| t.line < line);
    let to = st.toks.partition_point(|t| t.line <= line);
    &st.toks[from..to.max(from)]
}

/// Read every row of a table whose labels all sit in grid rows.
pub(super) fn read(
    lines: &LineIndex,
    st: &Stream,
    rows: &[&RowSpec],
    hits: &[Hit],
    out: &mut Parsed,
) {
    let mut done = vec![false; rows.len()];
    for h in hits {
        let Some(tok) = hit_token(st, h) else {
            continue;
        };
        let row = rows[h.row];
        let n = row.cols.len();
        let vals = cells_after(st, tok.line, tok.cell);
        out.seps[0] += vals.len();
        let cells = match fit(vals, n) {
            Ok(vals) => bind(lines, row, &vals),
            Err(found) => misfit(n, found, out.rows[h.row]),
        };
        out.cells.extend(
            cells
                .into_iter()
                .enumerate()
                .map(|(c, cell)| (row.cell(c), cell)),
        );
        done[h.row] = true;
    }
    fill_unparsed(rows, out, |r| (!done[r]).then_some(CellIssue::RowMissing));
}

/// Table 4 on a grid: the one row of exactly 15 value cells after the
/// column headers (no label cell after its first value).
pub(super) fn t4_row<'a>(st: &'a Stream, header_lpos: usize) -> Option<Vec<GridVal<'a>>> {
    st.grid.iter().find_map(|g| {
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
        let vals = cells_after(st, g.line, last_label);
        let numbers = vals
            .iter()
            .filter(|v| matches!(v, GridVal::Cell(CellTok::Tok(_))))
            .count();
        (vals.len() == 15 && numbers > 0).then_some(vals)
    })
}
