//! Table regions → a stream of label and value tokens.
//!
//! Every layout reduces to the same stream: label text (joined into one folded
//! string, so labels split over lines or cells read whole) with value tokens
//! (numbers, blanks, empty grid cells) between. Tab-separated and markdown
//! rows are split into cells first; other lines into words; a word that glues
//! labels and digits together ("规章44200") is split by character class.

use std::ops::Range;

use super::norm::{Norm, digit, norm_char};
use crate::ingest::{GridField, GridRow};
use crate::model::{Decimal, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Label,
    Value,
    Blank,
    /// An empty cell of a tab-separated or markdown row.
    Empty,
}

/// How a value token sat in its line: for layout detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Tab,
    Pipe,
    /// Alone on its line.
    Alone,
    /// Separated by spaces.
    Space,
    /// Glued to a label or another number.
    Glued,
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub kind: Kind,
    /// Byte range in the source text (units included).
    pub start: u32,
    pub end: u32,
    /// End of the numeric part (before a unit), for values.
    pub num_end: u32,
    /// Position in the label string: for labels, where their text starts; for
    /// others, how much label text came before them.
    pub lpos: u32,
    pub value: Option<Value>,
    pub unit: Option<&'static str>,
    pub sep: Sep,
    /// Index of the source line within the region.
    pub line: u32,
    /// On a grid row (see [`Stream::grid`]): 1 + the index of the source
    /// cell the token came from; 0 elsewhere.
    pub cell: u16,
}

impl Tok {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn is_cellish(&self) -> bool {
        self.kind != Kind::Label
    }
}

/// The tokens of one region and its label string.
#[derive(Debug, Default)]
pub struct Stream {
    pub toks: Vec<Tok>,
    pub label: Norm,
    /// The region's lines that a grid source laid out (HTML, DOCX, ruled
    /// PDF tables), in line order.
    pub grid: Vec<GridLine>,
    /// Scratch space for [`scan`].
    chars: Vec<(usize, char)>,
}

/// A table row whose cells the source gave.
#[derive(Debug, Clone, Default)]
pub struct GridLine {
    /// Index of the line within the region (as [`Tok::line`]).
    pub line: u32,
    /// The row's source cells, left to right.
    pub cells: Vec<GridCell>,
}

/// One source cell of a [`GridLine`] (its span is in
/// the document's [`GridRow`]).
#[derive(Debug, Clone, Copy)]
pub struct GridCell {
    /// The grid column where the cell starts.
    pub col: u16,
    /// Byte offset in the text where the cell's field starts (the span of
    /// an empty cell).
    pub start: u32,
}

impl Stream {
    /// The grid layout of region line `line`, if a grid source gave it.
    pub fn grid_line(&self, line: u32) -> Option<&GridLine> {
        self.grid
            .binary_search_by_key(&line, |g| g.line)
            .ok()
            .map(|i| &self.grid[i])
    }
}

use crate::model::UNITS;

fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '－' | '＋' | '−')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '－' | '—' | '–' | '―' | '−' | '/' | '／' | '\\' | '─'
    )
}

/// "- 3 -", "—1—", "第 3 页", "第3页 共5页": page furniture inside tables.
pub fn is_page_number(line: &str) -> bool {
    // The line without its blanks, read in place (no copy).
    let t = line.chars().filter(|c| !is_ws(*c));
    let lead_dash = |c: &char| is_dash(*c) && *c != '/';
    match t.clone().next() {
        // "第 3 页"
        Some('第') if t.clone().any(|c| c == '页') => {
            let mut inner = t.skip_while(|&c| c == '第');
            let d = inner.clone().take_while(|c| digit(*c).is_some()).count();
            d > 0 && inner.nth(d) == Some('页')
        }
        // "- 3 -", "—12—"
        Some(c) if lead_dash(&c) => {
            let lead = t.clone().take_while(lead_dash).count();
            let trail = t.clone().rev().take_while(lead_dash).count();
            let n = t.clone().count();
            trail > 0
                && lead + trail < n
                && t.skip(lead)
                    .take(n - lead - trail)
                    .all(|c| digit(c).is_some())
        }
        // Empty, or an indented label (the common case here).
        _ => false,
    }
}

/// "---------\t---", "| --- | :---: |": rules, not cells.
pub fn is_rule(line: &str) -> bool {
    let mut dashes = 0;
    for c in line.chars() {
        match c {
            '-' | '—' | '=' | '─' => dashes += 1,
            ':' | '|' | '+' => {}
            c if is_ws(c) => {}
            _ => return false,
        }
    }
    dashes >= 3
}

/// Tokenise `text[range]`.
pub fn stream(text: &str, range: Range<usize>, grid: &[GridRow]) -> Stream {
    let region = &text[range.clone()];
    // Sized for the region up front (growing these piecemeal was a tenth of
    // the parse time), but not beyond a large table: a huge region of
    // garbage must not reserve memory it will never fill.
    let size = region.len().min(64 * 1024);
    let mut st = Stream {
        toks: Vec::with_capacity(size / 8 + 8),
        label: Norm::with_capacity(size),
        grid: Vec::new(),
        chars: Vec::with_capacity(64),
    };
    // The grid rows of the region: found by their line starts, in order.
    let mut grid = &grid[grid.partition_point(|g| g.start < range.start)..];
    let mut pos = range.start;
    // Lines and tab-separated cells are cut with memchr: `str::split(char)`
    // costs more per call than these short pieces take to read.
    for (li, line) in split_byte(region, b'\n').enumerate() {
        let lstart = pos;
        pos += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || is_page_number(trimmed) || is_rule(trimmed) {
            continue;
        }
        let li = li as u32;
        while grid.first().is_some_and(|g| g.start < lstart) {
            grid = &grid[1..];
        }
        if let Some(g) = grid.first().filter(|g| g.start == lstart) {
            grid_tokens(text, lstart, line, li, &g.fields, &mut st);
        } else if memchr::memchr(b'\t', line.as_bytes()).is_some() {
            let mut off = lstart;
            for cell in split_byte(line, b'\t') {
                cell_tokens(text, off..off + cell.len(), Sep::Tab, li, &mut st);
                off += cell.len() + 1;
            }
        } else if trimmed.starts_with('|') && trimmed.len() > 1 {
            let lead = line.len() - line.trim_start().len();
            let inner_start = lstart + lead + 1;
            let inner = trimmed[1..].strip_suffix('|').unwrap_or(&trimmed[1..]);
            let mut off = inner_start;
            for cell in inner.split('|') {
                cell_tokens(text, off..off + cell.len(), Sep::Pipe, li, &mut st);
                off += cell.len() + 1;
            }
        } else {
            scan(text, lstart..lstart + line.len(), li, false, &mut st);
        }
    }
    st
}

/// The tokens of a grid row: one field per position, tokens only for the
/// positions where a source cell starts (covered positions carry nothing,
/// so they can never pass for a blank cell or shift one).
fn grid_tokens(
    text: &str,
    lstart: usize,
    line: &str,
    li: u32,
    fields: &[GridField],
    st: &mut Stream,
) {
    let mut g = GridLine {
        line: li,
        cells: Vec::new(),
    };
    let mut off = lstart;
    for (col, (cell, field)) in split_byte(line, b'\t').zip(fields).enumerate() {
        if let GridField::Cell { .. } = *field {
            let first = st.toks.len();
            cell_tokens(text, off..off + cell.len(), Sep::Tab, li, st);
            let idx = (g.cells.len() + 1).min(u16::MAX as usize) as u16;
            for t in &mut st.toks[first..] {
                t.cell = idx;
            }
            g.cells.push(GridCell {
                col: col.min(u16::MAX as usize) as u16,
                start: off as u32,
            });
        }
        off += cell.len() + 1;
    }
    st.grid.push(g);
}

/// `s.split(b as char)` for an ASCII byte `b`.
pub fn split_byte(s: &str, b: u8) -> impl Iterator<Item = &str> {
    debug_assert!(b.is_ascii());
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b, r.as_bytes()) {
            // Cutting at an ASCII byte keeps both halves valid UTF-8.
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn cell_tokens(text: &str, r: Range<usize>, sep: Sep, line: u32, st: &mut Stream) {
    let cell = &text[r.clone()];
    // Most cells start and end with a printable ASCII byte ("12", "无"
    // aside): nothing to trim, and no character to decode to know it.
    let printable = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x7f).contains(&b));
    let bytes = cell.as_bytes();
    let (lead, t) = if printable(bytes.first()) && printable(bytes.last()) {
        (0, cell)
    } else {
        let t = cell.trim_matches(is_ws);
        (cell.len() - cell.trim_start_matches(is_ws).len(), t)
    };
    let start = r.start + lead;
    // A token standing for the whole cell, with no value of its own.
    let whole = |kind: Kind, end: usize, st: &Stream| Tok {
        kind,
        start: start as u32,
        end: end as u32,
        num_end: end as u32,
        lpos: st.label.len() as u32,
        value: None,
        unit: None,
        sep,
        line,
        cell: 0,
    };
    if t.is_empty() {
        let tok = whole(Kind::Empty, start, st);
        st.toks.push(tok);
        return;
    }
    // A cell of plain label text, the other common case: one label token,
    // which is what `scan` would make of it.
    if is_plain_label(t) {
        push_label(text, start..start + t.len(), line, st);
        return;
    }
    let first = st.toks.len();
    let label_len = st.label.len();
    scan(text, start..start + t.len(), line, true, st);
    // A cell of a grid row that holds neither a number nor any CJK text
    // ("x", "N/A", "1O"): a value cell that cannot be read, not a label —
    // as a label it would shift the row's later values into its place.
    if st.toks[first..].iter().all(|t| t.kind == Kind::Label)
        && !t.chars().any(|c| c as u32 >= 0x2E80)
    {
        st.toks.truncate(first);
        st.label.truncate(label_len);
        let tok = whole(Kind::Value, start + t.len(), st);
        st.toks.push(tok);
        return;
    }
    for tok in &mut st.toks[first..] {
        if tok.kind != Kind::Label && tok.sep != Sep::Glued {
            tok.sep = sep;
        }
    }
}

/// Is `t` (a trimmed cell) label text that [`scan`] would keep whole: CJK or
/// full-width text with ASCII punctuation, and nothing that starts a number,
/// a blank marker or a break (digits, signs, dashes, slashes, whitespace, a
/// lone 无)? Conservative: anything unusual goes to `scan`.
fn is_plain_label(t: &str) -> bool {
    if t == "无" {
        return false;
    }
    let b = t.as_bytes();
    let mut wide = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' | 0x09..=0x0D | b' ' | b'+' | b'-' | b'/' | b'\\' => return false,
            0..=0x7F => i += 1,
            // CJK ideographs (U+4000..=U+9FFF).
            0xE4..=0xE9 => {
                wide = true;
                i += 3;
            }
            // CJK punctuation (U+3000..=U+303F), but not the ideographic space.
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) != Some(&0x80) => {
                wide = true;
                i += 3;
            }
            // Full-width forms (U+FF00..=U+FF3F), but not digits, ＋, －, ／.
            0xEF if b.get(i + 1) == Some(&0xBC)
                && !matches!(b.get(i + 2), Some(0x90..=0x99 | 0x8B | 0x8D | 0x8F)) =>
            {
                wide = true;
                i += 3;
            }
            _ => return false,
        }
    }
    // Without any wide character a cell is not a label (see `cell_tokens`).
    wide
}

/// Split a line or cell into tokens.
fn scan(text: &str, r: Range<usize>, line: u32, in_cell: bool, st: &mut Stream) {
    // A plain number alone in a cell: the common case of tabular layouts.
    let piece = &text[r.clone()];
    if in_cell
        && !piece.is_empty()
        && piece.len() <= 15
        && piece.bytes().all(|b| b.is_ascii_digit())
    {
        push_value(text, r.clone(), r.end, None, Sep::Tab, line, st);
        return;
    }
    let mut chars = std::mem::take(&mut st.chars);
    chars.clear();
    chars.extend(piece.char_indices().map(|(i, c)| (r.start + i, c)));
    scan_chars(text, &r, &chars, line, in_cell, st);
    st.chars = chars;
}

fn scan_chars(
    text: &str,
    r: &Range<usize>,
    chars: &[(usize, char)],
    line: u32,
    in_cell: bool,
    st: &mut Stream,
) {
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { r.end };

    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if is_ws(c) {
            k += 1;
            continue;
        }
        let prev_ws = k == 0 || is_ws(chars[k - 1].1);
        let next_is_digit = |j: usize| j < n && digit(chars[j].1).is_some();
        // A number, perhaps signed.
        if digit(c).is_some() || (is_sign(c) && next_is_digit(k + 1)) {
            let mut j = k;
            if is_sign(c) {
                j += 1;
            }
            let mut ndig = 0;
            let mut point = false;
            while j < n {
                let cj = chars[j].1;
                if digit(cj).is_some() {
                    ndig += 1;
                    j += 1;
                } else if matches!(norm_char(cj), Some(','))
                    && thousands_follow(chars, j)
                    && ndig > 0
                    && ndig <= 3 + 4 * 3
                {
                    j += 1;
                } else if !point && matches!(norm_char(cj), Some('.')) && next_is_digit(j + 1) {
                    point = true;
                    j += 1;
                } else {
                    break;
                }
            }
            let next = if j < n { norm_char(chars[j].1) } else { None };
            // "1.属于…", "2、…": an ordinal; in glued text ("…00032.其他") the
            // last digit is the next row's ordinal.
            if !point && matches!(next, Some('.') | Some('、')) && ordinal_follows(chars, j + 1) {
                let signless = !is_sign(c);
                if ndig == 1 && signless {
                    push_label(text, chars[k].0..end_of(j + 1), line, st);
                    k = j + 1;
                    continue;
                }
                if signless && ndig > 1 {
                    let last = j - 1;
                    push_value(
                        text,
                        chars[k].0..chars[last].0,
                        chars[last].0,
                        None,
                        Sep::Glued,
                        line,
                        st,
                    );
                    push_label(text, chars[last].0..end_of(j + 1), line, st);
                    k = j + 1;
                    continue;
                }
            }
            // Dates, percentages: text, not cells.
            if matches!(
                next,
                Some('年' | '月' | '日' | '号' | '%' | '‰' | '时' | '岁' | '页')
            ) {
                push_label(text, chars[k].0..end_of(j + 1), line, st);
                k = j + 1;
                continue;
            }
            let num_end = end_of(j);
            let rest = &text[num_end..r.end];
            let unit = UNITS.iter().find(|u| rest.starts_with(**u)).copied();
            let mut jj = j;
            if let Some(u) = unit {
                jj += u.chars().count();
            }
            let glued_after = jj < n && !is_ws(chars[jj].1);
            let glued = !prev_ws || glued_after;
            let sep = if glued {
                Sep::Glued
            } else if !in_cell && k == first_non_ws(chars) && chars[jj..].iter().all(|c| is_ws(c.1))
            {
                Sep::Alone
            } else {
                Sep::Space
            };
            push_value(text, chars[k].0..end_of(jj), num_end, unit, sep, line, st);
            k = jj;
            continue;
        }
        // Blank markers: "/", "-", "—", "——" standing alone or between numbers.
        if is_dash(c) {
            let mut j = k;
            while j < n && is_dash(chars[j].1) {
                j += 1;
            }
            let bounded_before = prev_ws || digit(chars[k - 1].1).is_some();
            let bounded_after = j >= n || is_ws(chars[j].1) || digit(chars[j].1).is_some();
            let dash_run = &text[chars[k].0..end_of(j)];
            let em_pair = dash_run.chars().all(|c| c == '—') && j - k <= 2;
            if bounded_before && bounded_after {
                if j - k == 1 || em_pair {
                    let sep = if k == first_non_ws(chars)
                        && (j >= n || chars[j..].iter().all(|c| is_ws(c.1)))
                        && !in_cell
                    {
                        Sep::Alone
                    } else if !prev_ws || (j < n && !is_ws(chars[j].1)) {
                        Sep::Glued
                    } else {
                        Sep::Space
                    };
                    push_blank(chars[k].0..end_of(j), sep, line, st);
                }
                // Longer runs are rules: skip.
                k = j;
                continue;
            }
        }
        if c == '无' && prev_ws && (k + 1 >= n || is_ws(chars[k + 1].1)) {
            let sep = if in_cell { Sep::Tab } else { Sep::Space };
            push_blank(chars[k].0..end_of(k + 1), sep, line, st);
            k += 1;
            continue;
        }
        // Label text up to whitespace or a number.
        let mut j = k + 1;
        while j < n {
            let cj = chars[j].1;
            if is_ws(cj)
                || digit(cj).is_some()
                || (is_sign(cj) && next_is_digit(j + 1) && !in_label_dash(chars, j))
            {
                break;
            }
            j += 1;
        }
        push_label(text, chars[k].0..end_of(j), line, st);
        k = j;
    }
}

/// A hyphen inside a label ("A-1") is not a sign; only treat it as a sign
/// when what precedes it is not a letter.
fn in_label_dash(chars: &[(usize, char)], j: usize) -> bool {
    j > 0 && chars[j - 1].1.is_ascii_alphabetic()
}

fn first_non_ws(chars: &[(usize, char)]) -> usize {
    chars.iter().position(|c| !is_ws(c.1)).unwrap_or(0)
}

fn thousands_follow(chars: &[(usize, char)], j: usize) -> bool {
    let d = chars[j + 1..]
        .iter()
        .take_while(|c| digit(c.1).is_some())
        .count();
    d == 3
        && chars.get(j + 4).is_none_or(|c| {
            digit(c.1).is_none() && norm_char(c.1) != Some('.') || norm_char(c.1) == Some(',')
        })
}

/// After "1." / "1、": is this an ordinal (text follows) rather than a number?
fn ordinal_follows(chars: &[(usize, char)], mut j: usize) -> bool {
    while j < chars.len() && is_ws(chars[j].1) {
        j += 1;
    }
    match chars.get(j) {
        Some(&(_, c)) => digit(c).is_none() && !is_sign(c),
        None => false,
    }
}

fn push_label(text: &str, r: Range<usize>, line: u32, st: &mut Stream) {
    let lpos = st.label.len() as u32;
    st.label.push(text, r.clone());
    st.toks.push(Tok {
        kind: Kind::Label,
        start: r.start as u32,
        end: r.end as u32,
        num_end: r.end as u32,
        lpos,
        value: None,
        unit: None,
        sep: Sep::Space,
        line,
        cell: 0,
    });
}

fn push_blank(r: Range<usize>, sep: Sep, line: u32, st: &mut Stream) {
    st.toks.push(Tok {
        kind: Kind::Blank,
        start: r.start as u32,
        end: r.end as u32,
        num_end: r.end as u32,
        lpos: st.label.len() as u32,
        value: None,
        unit: None,
        sep,
        line,
        cell: 0,
    });
}

fn push_value(
    text: &str,
    r: Range<usize>,
    num_end: usize,
    unit: Option<&'static str>,
    sep: Sep,
    line: u32,
    st: &mut Stream,
) {
    let value = parse_number(&text[r.start..num_end]);
    st.toks.push(Tok {
        kind: Kind::Value,
        start: r.start as u32,
        end: r.end as u32,
        num_end: num_end as u32,
        lpos: st.label.len() as u32,
        value,
        unit,
        sep,
        line,
        cell: 0,
    });
}

/// Parse "12", "-18", "+1036", "1,234", "432.8", full-width digits.
pub fn parse_number(s: &str) -> Option<Value> {
    let mut neg = false;
    let mut mantissa: i64 = 0;
    let mut scale: u8 = 0;
    let mut point = false;
    let mut ndig = 0;
    for (i, c) in s.chars().enumerate() {
        if let Some(d) = digit(c) {
            mantissa = mantissa.checked_mul(10)?.checked_add(d as i64)?;
            ndig += 1;
            if point {
                scale = scale.checked_add(1)?;
            }
            continue;
        }
        match norm_char(c) {
            Some('-') | Some('−') if i == 0 => neg = true,
            Some('+') if i == 0 => {}
            Some(',') if !point => {}
            Some('.') if !point => point = true,
            _ => return None,
        }
    }
    if ndig == 0 || ndig > 18 {
        return None;
    }
    if neg {
        mantissa = -mantissa;
    }
    Some(if point {
        Value::Dec(Decimal { mantissa, scale })
    } else {
        Value::Int(mantissa)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Kind, String)> {
        let st = stream(s, 0..s.len(), &[]);
        st.toks
            .iter()
            .map(|t| (t.kind, s[t.range()].to_string()))
            .collect()
    }

    fn vals(s: &str) -> Vec<String> {
        kinds(s)
            .into_iter()
            .filter(|(k, _)| *k != Kind::Label)
            .map(|(k, s)| if k == Kind::Empty { "∅".into() } else { s })
            .collect()
    }

    #[test]
    fn spaced_and_wrapped() {
        assert_eq!(
            vals("（二）部分公开（区分处理的，只计这一情\n形）\n\n0 0 0 0 0 0\n0"),
            ["0"; 7]
        );
        assert_eq!(
            vals("2.其他法律行政法规禁止公开 1 0 0 0 0 0 3"),
            ["1", "0", "0", "0", "0", "0", "3"]
        );
        assert_eq!(vals("1. 属于国家秘密 0"), ["0"]);
        assert_eq!(
            vals("行政许可 47 +1 -2\n政府集中采购 11 1995.52万元"),
            ["47", "+1", "-2", "11", "1995.52万元"]
        );
    }

    /// The plain-label shortcut gives exactly what `scan` gives.
    #[test]
    fn plain_label_cells_read_as_scan_reads_them() {
        let cells = [
            "（三）不予公开",
            "1.属于国家秘密",
            "行政许可",
            "无",
            "无法提供",
            "本年新收政府信息公开申请数量",
            "x",
            "N/A",
            "（一）",
            "三、",
            "“三安全一稳定”",
            "规章—",
            "0",
            "１２",
            "许可　证",
            "A-1",
            "第二十条第（五）项",
            "其他",
            "《条例》",
            "（单位：元）",
            "〔2023〕",
            "＋",
            "－3",
        ];
        for c in cells {
            let mut fast = Stream::default();
            let mut slow = Stream::default();
            let plain = is_plain_label(c);
            cell_tokens(c, 0..c.len(), Sep::Tab, 0, &mut fast);
            let first = slow.toks.len();
            scan(c, 0..c.len(), 0, true, &mut slow);
            let all_labels = slow.toks[first..].iter().all(|t| t.kind == Kind::Label);
            if plain {
                assert!(all_labels && slow.toks.len() == 1, "{c}: scan splits it");
                assert_eq!(fast.toks.len(), 1, "{c}");
                assert_eq!(fast.toks[0].kind, Kind::Label, "{c}");
                assert_eq!(fast.toks[0].range(), slow.toks[0].range(), "{c}");
                assert_eq!(fast.label.s, slow.label.s, "{c}");
            }
        }
        assert!(is_plain_label("（三）不予公开"));
        assert!(!is_plain_label("无"));
        assert!(!is_plain_label("x"));
        assert!(!is_plain_label("１２"));
    }

    #[test]
    fn split_byte_is_split() {
        for s in ["", "\t", "a\tb", "行政许可\t0\t\t", "\n\n一\n", "无"] {
            for b in [b'\t', b'\n'] {
                let ours: Vec<&str> = split_byte(s, b).collect();
                let std: Vec<&str> = s.split(b as char).collect();
                assert_eq!(ours, std, "{s:?}");
            }
        }
    }

    #[test]
    fn tabs_and_pipes() {
        assert_eq!(vals("行政许可\t0\t\t"), ["0", "∅", "∅"]);
        assert_eq!(vals("| 规章 | 0 | — | 3 |"), ["0", "—", "3"]);
        assert_eq!(vals("---------\t---\n"), Vec::<String>::new());
        assert_eq!(
            vals("\t(三) 不予公开\t1.属于国家秘密\t0\t/\t-"),
            ["∅", "0", "/", "-"]
        );
    }

    #[test]
    fn glued_flat_text() {
        assert_eq!(
            vals("规章44200规范性文件17171400第二十条"),
            ["44200", "17171400"]
        );
        assert_eq!(vals("1.属于国家秘密3 0000032.其他法律"), ["3", "000003"]);
        let k = kinds("0000032.其他法律");
        assert_eq!(k[1], (Kind::Label, "2.".into()));
        assert_eq!(vals("行政强制41-23177"), ["41", "-23177"]);
        assert_eq!(vals("政府集中采购488707.44万元 三、"), ["488707.44万元"]);
    }

    #[test]
    fn dates_and_page_numbers_are_not_cells() {
        assert_eq!(vals("2023 年，本局未发生"), ["2023"]);
        assert_eq!(vals("2023年，本局未发生"), Vec::<String>::new());
        assert_eq!(
            vals("0 0 0\n— 1 —\n- 2 -\n-3-\n第 4 页\n0"),
            ["0", "0", "0", "0"]
        );
        assert!(is_page_number("— 1 —"));
        assert!(!is_page_number("—"));
        assert!(!is_page_number("1"));
    }

    proptest::proptest! {
        /// Read in place, a page number is what the copy without blanks
        /// was read as.
        #[test]
        fn page_numbers_as_the_copy_read_them(
            line in crate::testrng::strings_from("第页 \u{3000}-—/／1２x无", 10)
        ) {
            let reference = |line: &str| -> bool {
                match line.chars().next() {
                    Some(c) if is_dash(c) || c == '第' || is_ws(c) => {}
                    _ => return false,
                }
                let t: String = line.chars().filter(|c| !is_ws(*c)).collect();
                if t.is_empty() {
                    return false;
                }
                if t.starts_with('第') && t.contains('页') {
                    let inner = t.trim_start_matches('第');
                    let d = inner.chars().take_while(|c| digit(*c).is_some()).count();
                    return d > 0 && inner.chars().nth(d) == Some('页');
                }
                let dash = |c: &char| is_dash(*c) && *c != '/';
                let lead = t.chars().take_while(dash).count();
                let trail = t.chars().rev().take_while(dash).count();
                let n = t.chars().count();
                lead > 0 && trail > 0 && lead + trail < n
                    && t.chars().skip(lead).take(n - lead - trail).all(|c| digit(c).is_some())
            };
            proptest::prop_assert_eq!(is_page_number(&line), reference(&line), "{:?}", line);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("１２"), Some(Value::Int(12)));
        assert_eq!(parse_number("-18"), Some(Value::Int(-18)));
        assert_eq!(parse_number("1,234"), Some(Value::Int(1234)));
        assert_eq!(
            parse_number("432.8"),
            Some(Value::Dec(Decimal {
                mantissa: 4328,
                scale: 1
            }))
        );
        assert_eq!(parse_number("12a"), None);
    }
}
