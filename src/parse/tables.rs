//! Bind the token stream of a table region to the rows and cells of the schema.

use super::gridbind;
use super::labels;
use super::norm;
use super::split::{self, Outcome, Piece};
use super::tokens::{Kind, Sep, Stream, Tok};
use crate::model::{Cell, CellIssue, CellState, LineIndex, Span, Unit, Value};
use crate::schema::{RowSpec, TableId, ValueKind};

/// Where a row's label was found in the label string.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub row: usize,
    pub lstart: usize,
    pub lend: usize,
    /// Matched by ordinal and overlap, not by keyword: the label as printed
    /// differs from the template's (see [`super::labels`]).
    pub printed: bool,
    /// A stray row standing for absent rows of the group of `row`: it
    /// bounds its neighbours' values, and its own values go nowhere.
    pub stray: bool,
}

/// The outcome for one table.
#[derive(Debug, Default)]
pub struct Parsed {
    /// (cell index in the schema, cell).
    pub cells: Vec<(usize, Cell)>,
    /// For each row of the table (in order): the label's span if found.
    pub rows: Vec<Option<Span>>,
    /// Separators seen around the values, for layout detection.
    pub seps: [usize; 5],
}

/// A value-ish token reduced to what becomes a cell.
#[derive(Debug, Clone)]
pub(super) enum CellTok<'a> {
    Tok(&'a Tok),
    /// An empty grid cell read as blank, at this offset.
    EmptyBlank(u32),
}

/// Read a table with rows `rows` from `st`.
pub fn read(
    text: &str,
    lines: &LineIndex,
    st: &Stream,
    rows: &[&RowSpec],
    table: TableId,
) -> Parsed {
    let mut out = Parsed {
        rows: vec![None; rows.len()],
        ..Parsed::default()
    };
    if table == TableId::T4 && read_t4(text, lines, st, rows, &mut out) {
        return out;
    }
    let start = start_of_rows(st, rows, table);
    let hits = find_rows(st, rows, start);
    for h in hits.iter().filter(|h| !h.stray) {
        let r = st.label.src(h.lstart..h.lend);
        out.rows[h.row] = Some(lines.span(r));
    }
    if hits.is_empty() {
        fill_unparsed(rows, &mut out, |_| Some(CellIssue::RowMissing));
        return out;
    }
    // A grid source gave each row its cells: bind by them.
    if gridbind::all_on_grid(st, &hits) {
        gridbind::read(text, lines, st, rows, &hits, &mut out);
        labels::mark_absent(st, rows, &hits, &mut out);
        return out;
    }
    // Value groups between hits: gap[k] = values between hit k-1 and hit k,
    // as ranges of one vector (tokens come in label order, so each gap's
    // values are consecutive once sorted by gap).
    let start_l = st.label.at_src(start);
    let mut keyed: Vec<(usize, &Tok)> = Vec::with_capacity(st.toks.len());
    // Hits are in label order and do not overlap, so their ends ascend; `p`
    // ascends too, so the count below only moves forward.
    let (mut ended, mut last_p) = (0, 0);
    for t in st.toks.iter().filter(|t| t.is_cellish()) {
        let p = t.lpos as usize;
        if p < start_l {
            continue;
        }
        if p < last_p {
            ended = 0;
        }
        last_p = p;
        // The gap index: number of hits whose label ends at or before p
        // (a value sits after hit k when p >= lend_k and before hit k+1's start).
        while ended < hits.len() && hits[ended].lend <= p {
            ended += 1;
        }
        debug_assert_eq!(ended, hits.partition_point(|h| h.lend <= p));
        let mut k = ended;
        // Inside a row's keyword ("出版 0 0 … 物"): the label was split
        // around its values, which belong to that row.
        if k < hits.len() && hits[k].lstart < p {
            k += 1;
        }
        // A value before the end of hit k's label but after its start (label
        // split around values) belongs after it.
        keyed.push((k, t));
    }
    if !keyed.is_sorted_by_key(|&(k, _)| k) {
        keyed.sort_by_key(|&(k, _)| k);
    }
    let vals: Vec<&Tok> = keyed.iter().map(|&(_, t)| t).collect();
    let mut gaps: Vec<std::ops::Range<usize>> = vec![0..0; hits.len() + 1];
    let mut i = 0;
    for (k, gap) in gaps.iter_mut().enumerate() {
        let from = i;
        while i < keyed.len() && keyed[i].0 == k {
            i += 1;
        }
        *gap = from..i;
    }
    // The last gap ends at the first label after its first value.
    if let Some(last) = gaps.last_mut()
        && let Some(first) = vals[last.clone()].iter().find(|t| t.kind != Kind::Empty)
    {
        let first_line = first.line;
        let stop = st
            .toks
            .iter()
            .find(|t| t.kind == Kind::Label && t.start > first.start && t.line >= first_line)
            .map(|t| t.start);
        if let Some(stop) = stop {
            // Values are in text order: keep those before `stop`.
            let keep = vals[last.clone()].partition_point(|t| t.start < stop);
            last.end = last.start + keep;
        }
    }
    let group = |k: usize| &vals[gaps[k].clone()];
    // Orientation: values after their label (usual) or before it.
    let mut buf = Vec::new();
    let mut fits = |before: bool| -> usize {
        hits.iter()
            .enumerate()
            .filter(|&(k, h)| {
                let g = group(if before { k } else { k + 1 });
                let n = rows[h.row].cols.len();
                if !clean(g, n, &mut buf) {
                    buf.clear();
                }
                let c = &buf;
                c.len() == n || (c.len() < n && !c.is_empty() && c.iter().all(glued_digits))
            })
            .count()
    };
    let use_before = !gaps[0].is_empty() && fits(true) > fits(false);
    // Each row's own values; then, per row, runs printed on the wrong side.
    let mut own: Vec<std::ops::Range<usize>> = (0..hits.len())
        .map(|k| gaps[if use_before { k } else { k + 1 }].clone())
        .collect();
    let row_specs: Vec<&RowSpec> = hits.iter().map(|h| rows[h.row]).collect();
    rebind_runs(text, &vals, &row_specs, table, use_before, &mut own);
    let mut done = vec![false; rows.len()];
    out.cells.reserve(rows.iter().map(|r| r.cols.len()).sum());
    for (k, h) in hits.iter().enumerate() {
        if h.stray {
            continue;
        }
        let g = &vals[own[k].clone()];
        let row = rows[h.row];
        for t in g.iter() {
            out.seps[sep_index(t.sep)] += 1;
        }
        let label_span = out.rows[h.row];
        let first = out.cells.len();
        bind_row(
            text,
            lines,
            row,
            g,
            table,
            label_span,
            &mut buf,
            &mut out.cells,
        );
        for (c, cell) in out.cells[first..].iter_mut().enumerate() {
            cell.0 = row.cell(c);
            if h.printed {
                cell.1.set_printed_label(label_span);
            }
        }
        done[h.row] = true;
    }
    fill_unparsed(rows, &mut out, |r| {
        (!done[r]).then(|| missing_issue(rows, &hits, r))
    });
    labels::mark_absent(st, rows, &hits, &mut out);
    out
}

/// Why row `r` has no cells: absent when a stray row of its group stands
/// in its place, else not found.
pub(super) fn missing_issue(rows: &[&RowSpec], hits: &[Hit], r: usize) -> CellIssue {
    let absent = rows[r].group.is_some()
        && hits
            .iter()
            .any(|h| h.stray && rows[h.row].group == rows[r].group);
    if absent {
        CellIssue::RowAbsent
    } else {
        CellIssue::RowMissing
    }
}

/// Rows whose numbers are printed on the other side of their label than
/// the table's ("19 0 0 1 0 1 21" on the line before "3.补正后…"): the
/// values between two labels hold both rows' runs while the other row has
/// none. Bind each run to the nearest label with no values yet: cut the
/// shared values where both halves fit their rows, the row sums choosing
/// when several cuts fit; no single choice leaves the values as they are.
fn rebind_runs(
    text: &str,
    vals: &[&Tok],
    rows: &[&RowSpec],
    table: TableId,
    before: bool,
    own: &mut [std::ops::Range<usize>],
) {
    let has_values =
        |r: &std::ops::Range<usize>| vals[r.clone()].iter().any(|t| t.kind != Kind::Empty);
    for k in 0..own.len().saturating_sub(1) {
        // The values between labels k and k+1, and the row that lacks values.
        let (shared, other) = if before { (k + 1, k) } else { (k, k + 1) };
        let run = own[shared].clone();
        let r = &vals[run.clone()];
        if has_values(&own[other]) || r.iter().any(|t| t.kind == Kind::Empty) {
            continue;
        }
        // A run no longer than its row's cells moves only when it does not
        // read under the row's own sums and a cut does.
        let too_many = r.len() > rows[shared].cols.len();
        if !too_many && half_fits(text, r, rows[shared], table) == Some(true) {
            continue;
        }
        if let Some(c) = cut_run(text, r, rows[k], rows[k + 1], table, too_many) {
            own[k] = run.start..run.start + c;
            own[k + 1] = run.start + c..run.end;
        }
    }
}

/// Where to cut `r` into the values of rows `a` and `b`: the one cut where
/// both halves read under the row identity, else (when `by_count`) the one
/// cut where both halves have the rows' numbers of cells; `None` when that
/// is not one.
fn cut_run(
    text: &str,
    r: &[&Tok],
    a: &RowSpec,
    b: &RowSpec,
    table: TableId,
    by_count: bool,
) -> Option<usize> {
    let mut fit = Vec::new();
    for c in 1..r.len() {
        if let (Some(ha), Some(hb)) = (
            half_fits(text, &r[..c], a, table),
            half_fits(text, &r[c..], b, table),
        ) {
            fit.push((c, ha && hb));
        }
    }
    let held: Vec<usize> = fit.iter().filter(|f| f.1).map(|f| f.0).collect();
    match (held.as_slice(), fit.as_slice()) {
        ([c], _) => Some(*c),
        ([], [(c, _)]) if by_count => Some(*c),
        _ => None,
    }
}

/// Can `h` (value tokens, no empty cells) be the cells of `row`? `Some(held)`
/// with whether the row identity holds; `None` when it cannot.
fn half_fits(text: &str, h: &[&Tok], row: &RowSpec, table: TableId) -> Option<bool> {
    let n = row.cols.len();
    let toks: Vec<CellTok> = h.iter().map(|t| CellTok::Tok(t)).collect();
    let id = identity(table);
    if h.len() == n && !toks.iter().any(|t| must_cut(text, row, false, t)) {
        let v: Vec<Option<Value>> = h.iter().map(|t| t.value).collect();
        let kinds_fit = h
            .iter()
            .zip(row.cols)
            .all(|(t, c)| t.kind == Kind::Blank || t.value.is_some_and(|v| value_fits(v, c.kind)));
        return kinds_fit.then(|| id(&v));
    }
    if h.len() > n || !toks.iter().any(|t| must_cut(text, row, h.len() < n, t)) {
        return None;
    }
    let kinds: Vec<ValueKind> = row.cols.iter().map(|c| c.kind).collect();
    match split::split(&pieces(text, &toks), &kinds, &id) {
        Outcome::Readings { identity_held, .. } => Some(identity_held),
        _ => None,
    }
}

/// The identity a row's cells must satisfy.
fn identity(table: TableId) -> fn(&[Option<Value>]) -> bool {
    match table {
        TableId::T3 => split::row_sum,
        TableId::T4 => |v| split::block_sums(v, 5),
        TableId::T2 => |_| true,
    }
}

fn sep_index(s: Sep) -> usize {
    match s {
        Sep::Tab => 0,
        Sep::Pipe => 1,
        Sep::Alone => 2,
        Sep::Space => 3,
        Sep::Glued => 4,
    }
}

fn glued_digits(c: &CellTok) -> bool {
    matches!(c, CellTok::Tok(t) if t.kind == Kind::Blank || (t.kind == Kind::Value && t.num_end > t.start + 1))
}

pub(super) fn fill_unparsed(
    rows: &[&RowSpec],
    out: &mut Parsed,
    note: impl Fn(usize) -> Option<CellIssue>,
) {
    for (r, row) in rows.iter().enumerate() {
        if let Some(n) = note(r) {
            for c in 0..row.cols.len() {
                out.cells.push((
                    row.cell(c),
                    Cell {
                        state: CellState::Unparsed,
                        span: out.rows[r],
                        issue: Some(n),
                        ..Cell::default()
                    },
                ));
            }
        }
    }
}

/// Where row search starts: past the column headers (which mention 总计, 其他…).
fn start_of_rows(st: &Stream, rows: &[&RowSpec], table: TableId) -> usize {
    let first_kw = rows.first().and_then(|r| {
        r.keywords
            .iter()
            .filter_map(|k| norm::find(&st.label.s, k))
            .min()
    });
    match (table, first_kw) {
        (TableId::T3, Some(i)) | (TableId::T2, Some(i)) => st.label.src_start(i),
        _ => st.toks.first().map(|t| t.start as usize).unwrap_or(0),
    }
}

/// Find each row's label, in order; a row missing in order is looked for
/// anywhere (tables with rows out of order), if its keyword is specific.
fn find_rows(st: &Stream, rows: &[&RowSpec], start: usize) -> Vec<Hit> {
    let l = &st.label;
    let mut cursor = l.at_src(start);
    let mut hits: Vec<Hit> = Vec::new();
    let mut missing = Vec::new();
    for (ri, row) in rows.iter().enumerate() {
        let found = row
            .keywords
            .iter()
            .filter_map(|k| l.find_from(cursor, k).map(|i| (i, i + k.len())))
            .min_by_key(|&(i, e)| (i, usize::MAX - e));
        // "其他" is too common to trust far away: only right after the previous
        // row, and never the group heading "（六）其他处理".
        let found = found.filter(|&(i, _)| {
            !(row.keywords.len() > 1 && row.keywords.last() == Some(&"其他"))
                || row.keywords[..row.keywords.len() - 1]
                    .iter()
                    .any(|k| l.s[i..].starts_with(k))
                || (i - cursor <= 24 && !l.s[i..].starts_with("其他处理"))
        });
        match found {
            Some((i, e)) => {
                // Extend the hit to the whole label token(s) it sits in is not
                // needed: values are bound by gaps between hits.
                hits.push(Hit {
                    row: ri,
                    lstart: i,
                    lend: e,
                    printed: false,
                    stray: false,
                });
                cursor = e;
            }
            None => missing.push(ri),
        }
    }
    for ri in missing {
        let row = rows[ri];
        let found = row
            .keywords
            .iter()
            .filter(|k| k.chars().count() >= 3)
            .filter_map(|k| {
                let mut from = l.at_src(start);
                while let Some(i) = l.find_from(from, k) {
                    let e = i + k.len();
                    if !hits.iter().any(|h| i < h.lend && e > h.lstart) {
                        return Some((i, e));
                    }
                    from = e;
                }
                None
            })
            .min();
        if let Some((i, e)) = found {
            hits.push(Hit {
                row: ri,
                lstart: i,
                lend: e,
                printed: false,
                stray: false,
            });
        }
    }
    // Labels as printed: damaged labels, then stray rows.
    let start_l = l.at_src(start);
    labels::damaged(st, rows, start_l, &mut hits);
    labels::strays(st, rows, start_l, &mut hits);
    hits.sort_by_key(|h| h.lstart);
    // A row label starts at its ordinal ("2.其他法律行政法规禁止公开"): when a
    // page break splits the label around its values, the values sit between
    // the ordinal and the keyword, and belong to the row.
    let mut prev_end = l.at_src(start);
    for h in hits.iter_mut() {
        if let Some(o) = last_ordinal(&l.s[prev_end.min(h.lstart)..h.lstart]) {
            h.lstart = prev_end.min(h.lstart) + o;
        }
        prev_end = h.lend;
    }
    hits
}

/// Byte offset in `s` of the last row ordinal ("2.", "2、", "(三)", "三、").
fn last_ordinal(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut best = None;
    for (i, c) in s.char_indices() {
        let next = s[i + c.len_utf8()..].chars().next();
        let hit = match c {
            '0'..='9' => {
                matches!(next, Some('.') | Some('、')) && (i == 0 || !b[i - 1].is_ascii_digit())
            }
            // "(三)不予公开", but not "第二十条第(五)项".
            '(' => {
                s[i + 1..].chars().nth(1) == Some(')')
                    && s[i + 1..].starts_with(['一', '二', '三', '四', '五', '六', '七', '八'])
                    && !s[..i].ends_with('第')
                    && s[i + 1..].chars().nth(2).is_none_or(|c| c != '项')
            }
            '一' | '二' | '三' | '四' => next == Some('、'),
            _ => false,
        };
        if hit {
            best = Some(i);
        }
    }
    best
}

/// Drop padding: empty cells before the first value go; empty cells between
/// values are blanks; when the row is short of cells without them, empty
/// cells at one end are its blanks: trailing ones ("312\t\t"), or leading
/// ones when there are none after ("\t0\t6": the first column is blank, the
/// values keep their places). Empty cells at both ends of a short row could
/// be either: `None`, rather than a guess.
///
/// The cells go to `out` (cleared first); `false` for `None`.
fn clean<'a>(g: &[&'a Tok], n: usize, out: &mut Vec<CellTok<'a>>) -> bool {
    out.clear();
    let first = g.iter().position(|t| t.kind != Kind::Empty);
    let Some(first) = first else {
        return true;
    };
    let last = g
        .iter()
        .rposition(|t| t.kind != Kind::Empty)
        .unwrap_or(first);
    out.extend(g[first..=last].iter().map(|t| {
        if t.kind == Kind::Empty {
            CellTok::EmptyBlank(t.start)
        } else {
            CellTok::Tok(t)
        }
    }));
    // Only empty cells of the values' own lines can be theirs.
    let (l0, l1) = (g[first].line, g[last].line);
    let lead_from = g[..first]
        .iter()
        .rposition(|t| t.line != l0)
        .map_or(0, |p| p + 1);
    let leading = &g[lead_from..first];
    let trail_to = g[last + 1..]
        .iter()
        .position(|t| t.line != l1)
        .map_or(g.len(), |p| last + 1 + p);
    let trailing = &g[last + 1..trail_to];
    if out.len() < n && !leading.is_empty() && !trailing.is_empty() {
        out.clear();
        return false;
    }
    // Leading empty cells only when they complete the row exactly.
    if out.len() < n && leading.len() >= n - out.len() {
        let need = n - out.len();
        let blanks = leading[leading.len() - need..]
            .iter()
            .map(|t| CellTok::EmptyBlank(t.start));
        out.splice(0..0, blanks);
        return true;
    }
    let mut k = 0;
    while out.len() < n && k < trailing.len() {
        out.push(CellTok::EmptyBlank(trailing[k].start));
        k += 1;
    }
    true
}

/// Turn a row's value group into its cells, appended to `out` (the cell
/// index is left 0 for the caller to set). `buf` is scratch space.
#[allow(clippy::too_many_arguments)]
fn bind_row<'a>(
    text: &str,
    lines: &LineIndex,
    row: &RowSpec,
    g: &[&'a Tok],
    table: TableId,
    label: Option<Span>,
    buf: &mut Vec<CellTok<'a>>,
    out: &mut Vec<(usize, Cell)>,
) {
    let n = row.cols.len();
    let mut unparsed = |issue: CellIssue| {
        out.extend((0..n).map(|_| {
            (
                0,
                Cell {
                    state: CellState::Unparsed,
                    span: label,
                    issue: Some(issue),
                    ..Cell::default()
                },
            )
        }))
    };
    if !clean(g, n, buf) {
        let found = g.iter().filter(|t| t.kind != Kind::Empty).count();
        return unparsed(CellIssue::TooFew {
            found: found.min(255) as u8,
            expected: n.min(255) as u8,
        });
    }
    let toks = &buf[..];
    if toks.is_empty() {
        return unparsed(CellIssue::NoValues);
    }
    // Cut glued digits under the row's identity — but only when some digits
    // must be cut (flattened text). Numbers that stand apart (own line, tab,
    // pipe, spaces) are whole: "96" alone is never 9 | 6.
    if toks.len() <= n
        && toks.iter().all(|t| matches!(t, CellTok::Tok(_)))
        && toks.iter().any(|t| must_cut(text, row, toks.len() < n, t))
    {
        let cells = flat_row(text, lines, row, toks, table, label);
        out.extend(cells.into_iter().map(|c| (0, c)));
        return;
    }
    if toks.len() == n {
        out.extend(
            toks.iter()
                .zip(row.cols)
                .map(|(t, col)| (0, direct_cell(lines, t, col.kind))),
        );
        return;
    }
    let (found, expected) = (toks.len().min(255) as u8, n as u8);
    unparsed(if toks.len() < n {
        CellIssue::TooFew { found, expected }
    } else {
        CellIssue::TooMany { found, expected }
    })
}

/// Must the digits of `t` hold more than one cell? Always when they start
/// with a 0 ("00", "012": a number is never written so); when the row is
/// `short` of values, also when glued to a neighbour, or when a decimal
/// with room for a count sits where a count comes before an amount
/// ("政府集中采购 5843.73").
fn must_cut(text: &str, row: &RowSpec, short: bool, t: &CellTok) -> bool {
    let CellTok::Tok(t) = t else {
        return false;
    };
    if t.kind != Kind::Value {
        return false;
    }
    let num = &text[t.start as usize..t.num_end as usize];
    let mut digits = num
        .chars()
        .map(|c| norm::digit(c).and_then(|d| char::from_digit(d, 10)))
        .skip_while(|d| d.is_none());
    if digits.next() == Some(Some('0')) && digits.next().flatten().is_some() {
        return true;
    }
    if !short {
        return false;
    }
    if t.sep == Sep::Glued {
        return true;
    }
    let int_digits = num
        .chars()
        .take_while(|&c| norm::digit(c).is_some())
        .count();
    matches!(t.value, Some(Value::Dec(_)))
        && int_digits >= 2
        && row
            .cols
            .windows(2)
            .any(|w| w[0].kind == ValueKind::Count && w[1].kind == ValueKind::Amount)
}

pub(super) fn direct_cell(lines: &LineIndex, t: &CellTok, kind: ValueKind) -> Cell {
    match t {
        CellTok::EmptyBlank(off) => Cell {
            state: CellState::Blank,
            span: Some(lines.span(*off as usize..*off as usize)),
            ..Cell::default()
        },
        CellTok::Tok(t) if t.kind == Kind::Blank => Cell {
            state: CellState::Blank,
            span: Some(lines.span(t.range())),
            ..Cell::default()
        },
        CellTok::Tok(t) => match t.value {
            Some(v) if value_fits(v, kind) => Cell {
                state: CellState::Number,
                value: Some(v),
                span: Some(lines.span(t.range())),
                unit: Unit::new(t.unit),
                ..Cell::default()
            },
            _ => Cell {
                state: CellState::Unparsed,
                span: Some(lines.span(t.range())),
                issue: Some(CellIssue::NotANumber),
                ..Cell::default()
            },
        },
    }
}

/// A count written "1.5" is not a count; an explicit sign only on signed cells
/// and negatives are kept (S11 reports them).
fn value_fits(v: Value, kind: ValueKind) -> bool {
    !matches!(
        (v, kind),
        (Value::Dec(_), ValueKind::Count | ValueKind::Signed)
    )
}

/// The pieces `split` cuts: digits of values, blanks as one cell each.
fn pieces(text: &str, toks: &[CellTok]) -> Vec<Piece> {
    toks.iter()
        .map(|t| match t {
            CellTok::Tok(t) if t.kind == Kind::Blank => Piece::Blank(t.range()),
            CellTok::Tok(t) => Piece::digits(text, t.start as usize..t.num_end as usize),
            CellTok::EmptyBlank(o) => Piece::Blank(*o as usize..*o as usize),
        })
        .collect()
}

/// Cut glued digits into the row's cells under its identity.
fn flat_row(
    text: &str,
    lines: &LineIndex,
    row: &RowSpec,
    toks: &[CellTok],
    table: TableId,
    label: Option<Span>,
) -> Vec<Cell> {
    let n = row.cols.len();
    let pieces = pieces(text, toks);
    let kinds: Vec<ValueKind> = row.cols.iter().map(|c| c.kind).collect();
    let identity = identity(table);
    let run_span = {
        let s = toks
            .iter()
            .filter_map(|t| {
                if let CellTok::Tok(t) = t {
                    Some(t.start)
                } else {
                    None
                }
            })
            .min();
        let e = toks
            .iter()
            .filter_map(|t| {
                if let CellTok::Tok(t) = t {
                    Some(t.end)
                } else {
                    None
                }
            })
            .max();
        match (s, e) {
            (Some(s), Some(e)) => Some(lines.span(s as usize..e as usize)),
            _ => label,
        }
    };
    let last_unit = toks.iter().rev().find_map(|t| {
        if let CellTok::Tok(t) = t {
            t.unit
        } else {
            None
        }
    });
    match split::split(&pieces, &kinds, &identity) {
        Outcome::Readings {
            readings,
            identity_held,
        } => {
            let mut cells = Vec::with_capacity(n);
            for c in 0..n {
                let first = &readings[0][c];
                let agree = readings.iter().all(|r| r[c] == *first);
                if agree {
                    let span = Some(lines.span(first.1.clone()));
                    cells.push(match first.0 {
                        Some(v) => Cell {
                            state: CellState::Number,
                            value: Some(v),
                            span,
                            unit: if c == n - 1 {
                                Unit::new(last_unit)
                            } else {
                                Unit::NONE
                            },
                            ..Cell::default()
                        },
                        None => Cell {
                            state: CellState::Blank,
                            span,
                            ..Cell::default()
                        },
                    });
                } else {
                    let mut cand: Vec<Value> = readings.iter().filter_map(|r| r[c].0).collect();
                    cand.sort_by(|a, b| a.as_f64().total_cmp(&b.as_f64()));
                    cand.dedup();
                    let readings = readings.len().min(u16::MAX as usize) as u16;
                    let why = if table == TableId::T2 {
                        CellIssue::GluedUnchecked { readings }
                    } else {
                        CellIssue::Glued {
                            readings,
                            identity_held,
                        }
                    };
                    cells.push(Cell {
                        state: CellState::Ambiguous,
                        span: run_span,
                        issue: Some(why),
                        ..Cell::default()
                    });
                    if let Some(last) = cells.last_mut() {
                        last.set_candidates(cand);
                    }
                }
            }
            cells
        }
        Outcome::Nothing | Outcome::TooMany => (0..n)
            .map(|_| Cell {
                state: CellState::Ambiguous,
                span: run_span,
                issue: Some(CellIssue::GluedUnreadable),
                ..Cell::default()
            })
            .collect(),
    }
}

/// Table 4: the 15 numbers after the column headers, or three labelled rows
/// of five (a transposed layout). Returns false to fall back to row search.
fn read_t4(
    text: &str,
    lines: &LineIndex,
    st: &Stream,
    rows: &[&RowSpec],
    out: &mut Parsed,
) -> bool {
    let l = &st.label.s;
    let Some(h) = ["维持", "纠正", "审结"]
        .iter()
        .filter_map(|k| norm::find(l, k))
        .min()
    else {
        return false;
    };
    if let Some(cells) = gridbind::t4_cells(text, lines, st, h) {
        out.seps[0] += cells.len();
        emit_t4(rows, &cells, out);
        return true;
    }
    // Runs of cell tokens separated by labels, after the first header word.
    let mut runs: Vec<Vec<&Tok>> = Vec::new();
    let mut cur: Vec<&Tok> = Vec::new();
    for t in &st.toks {
        if t.kind == Kind::Label {
            if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if (t.lpos as usize) > h {
            cur.push(t);
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    let digits = |r: &Vec<&Tok>| -> usize {
        r.iter()
            .map(|t| {
                if t.kind == Kind::Value {
                    (t.num_end - t.start) as usize
                } else {
                    1
                }
            })
            .sum()
    };
    let Some(run) = runs.iter().find(|r| {
        let c = r.iter().filter(|t| t.kind != Kind::Empty).count();
        c >= 5 || digits(r) >= 15
    }) else {
        return false;
    };
    let mut cleaned = Vec::new();
    clean(run, 15, &mut cleaned);
    if cleaned.len() == 5 {
        return false; // transposed rows: let row search handle it
    }
    // One synthetic 15-cell row spanning the three blocks.
    let cells: Vec<Cell> = if cleaned.len() == 15 {
        cleaned
            .iter()
            .map(|t| direct_cell(lines, t, ValueKind::Count))
            .collect()
    } else if cleaned.len() < 15 && cleaned.iter().all(|t| matches!(t, CellTok::Tok(_))) {
        let pseudo = RowSpec {
            table: TableId::T4,
            key: "all",
            label: "",
            short: "",
            group: None,
            keywords: &[],
            cols: &T4_ALL,
            first_cell: 0,
        };
        flat_row(text, lines, &pseudo, &cleaned, TableId::T4, None)
    } else {
        let (found, expected) = (cleaned.len().min(255) as u8, 15);
        let issue = if cleaned.len() < 15 {
            CellIssue::TooFew { found, expected }
        } else {
            CellIssue::TooMany { found, expected }
        };
        (0..15)
            .map(|_| Cell {
                state: CellState::Unparsed,
                issue: Some(issue),
                ..Cell::default()
            })
            .collect()
    };
    for t in run.iter() {
        out.seps[sep_index(t.sep)] += 1;
    }
    emit_t4(rows, &cells, out);
    true
}

/// Table 4's 15 cells onto its three rows of five.
fn emit_t4(rows: &[&RowSpec], cells: &[Cell], out: &mut Parsed) {
    for (b, row) in rows.iter().enumerate() {
        // The header words name the blocks; point each row at its first cell.
        out.rows[b] = cells[b * 5].span.or(cells.iter().find_map(|c| c.span));
        for c in 0..5 {
            out.cells.push((row.cell(c), cells[b * 5 + c].clone()));
        }
    }
}

const T4_ALL: [crate::schema::ColSpec; 15] = {
    const C: crate::schema::ColSpec = crate::schema::ColSpec {
        key: "",
        label: "",
        short: "",
        kind: ValueKind::Count,
    };
    [C; 15]
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Template, schema};

    /// Rebind the values of `s` between two table-3 rows that own `own`.
    fn rebind(
        s: &str,
        before: bool,
        own: [std::ops::Range<usize>; 2],
    ) -> Vec<std::ops::Range<usize>> {
        let st = super::super::tokens::stream(s, 0..s.len(), &[]);
        let vals: Vec<&Tok> = st.toks.iter().filter(|t| t.is_cellish()).collect();
        let sc = schema(Template::T2021);
        let rows = [
            sc.row(TableId::T3, "unavailable.needs_compilation")
                .unwrap(),
            sc.row(TableId::T3, "unavailable.still_unclear").unwrap(),
        ];
        let mut own = own.to_vec();
        rebind_runs(s, &vals, &rows, TableId::T3, before, &mut own);
        own
    }

    #[test]
    fn runs_move_to_the_label_without_values_on_either_side() {
        let s = "2 1 0 0 0 0 3\n19 0 0 1 0 1 21";
        // Labels after their numbers, but the first row's printed after it.
        assert_eq!(rebind(s, true, [0..0, 0..14]), [0..7, 7..14]);
        // Labels before their numbers, but the second row's printed before it.
        assert_eq!(rebind(s, false, [0..14, 14..14]), [0..7, 7..14]);
        // A neighbour with values of its own keeps them; the run stays.
        assert_eq!(rebind(s, false, [0..7, 7..14]), [0..7, 7..14]);
        // A row sum that fails at the only cut by count still cuts (the
        // table's own error, for the rules to report) …
        let bad = "2 1 0 0 0 0 4\n19 0 0 1 0 1 21";
        assert_eq!(rebind(bad, false, [0..14, 14..14]), [0..7, 7..14]);
        // … but a run that is no longer than its row moves only when the
        // sums say so.
        assert_eq!(rebind("2 1 0 0 0 0 3", false, [0..7, 7..7]), [0..7, 7..7]);
    }
}
