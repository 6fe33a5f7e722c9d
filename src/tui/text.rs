//! Text for the terminal: display widths, CJK wrapping, tab expansion,
//! truncation and padding by columns — never by `format!("{:<10}")`.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// Columns a tab advances to (a multiple of this).
pub const TAB: usize = 4;

/// Display width of a character (0 for controls, which never reach here).
pub fn char_width(c: char, ambiguous_wide: bool) -> usize {
    if c == '\t' {
        return TAB;
    }
    if ambiguous_wide {
        c.width_cjk().unwrap_or(0)
    } else {
        c.width().unwrap_or(0)
    }
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| char_width(c, false)).sum()
}

/// Anything that is not text a terminal prints as text: C0/C1 controls, DEL.
/// Report text is sanitised at ingest; paths, config values and other
/// strings go through this before drawing.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Cut `s` to at most `w` columns, ending with "…" when cut.
pub fn truncate(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = char_width(c, false);
        if used + cw > w - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// Pad (or cut) `s` to exactly `w` columns, left-aligned.
pub fn pad(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let n = width(&t);
    format!("{t}{}", " ".repeat(w.saturating_sub(n)))
}

/// Right-align `s` in exactly `w` columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let n = width(&t);
    format!("{}{t}", " ".repeat(w.saturating_sub(n)))
}

/// One display row of a wrapped line: the byte range of the line it shows
/// and its characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub bytes: Range<usize>,
    /// (byte offset in the line, character, display width); a tab is a
    /// `'\t'` whose width is the spaces it expands to.
    pub cells: Vec<(usize, char, u8)>,
}

impl Row {
    /// The text to draw for cell `k` (tabs as spaces).
    pub fn text(&self, k: usize) -> String {
        let (_, c, w) = self.cells[k];
        if c == '\t' {
            " ".repeat(w as usize)
        } else {
            c.to_string()
        }
    }
}

/// Wrap one line (no newline in it) to `w` columns: by display width, never
/// splitting a character, tabs expanded against the line's own columns.
/// Chinese has no spaces, so the break is wherever the width runs out.
pub fn wrap(line: &str, w: usize, ambiguous_wide: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut cur = Row {
        bytes: 0..0,
        cells: Vec::new(),
    };
    wrap_each(line, w, ambiguous_wide, |i, c, cw, new_row| {
        if new_row {
            cur.bytes.end = i;
            rows.push(std::mem::replace(
                &mut cur,
                Row {
                    bytes: i..i,
                    cells: Vec::new(),
                },
            ));
        }
        cur.cells.push((i, c, cw as u8));
    });
    cur.bytes.end = line.len();
    rows.push(cur);
    rows
}

/// The byte ranges of the rows `wrap` would make, without building them.
pub fn wrap_ranges(line: &str, w: usize, ambiguous_wide: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    wrap_each(line, w, ambiguous_wide, |i, _, _, new_row| {
        if new_row {
            out.push(start..i);
            start = i;
        }
    });
    out.push(start..line.len());
    out
}

/// Walk a line's characters with their row breaks: `f(offset, char,
/// width, starts_a_new_row)`.
fn wrap_each(
    line: &str,
    w: usize,
    ambiguous_wide: bool,
    mut f: impl FnMut(usize, char, usize, bool),
) {
    let w = w.max(2);
    let mut col = 0; // column within the current row
    let mut lcol = 0; // column within the whole line (for tabs)
    let mut empty = true;
    for (i, c) in line.char_indices() {
        let mut cw = if c == '\t' {
            TAB - lcol % TAB
        } else {
            char_width(c, ambiguous_wide)
        };
        let new_row = col + cw > w && !empty;
        if new_row {
            col = 0;
        }
        if c == '\t' && col + cw > w {
            cw = w - col;
        }
        f(i, c, cw, new_row);
        empty = false;
        col += cw;
        lcol += cw;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_padding() {
        assert_eq!(width("保定市商务局"), 12);
        assert_eq!(width("ab中"), 4);
        assert_eq!(pad("保定市", 8), "保定市  ");
        assert_eq!(width(&pad("保定市商务局2024", 10)), 10);
        assert_eq!(truncate("保定市商务局", 7), "保定市…");
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(
            clean("a\x1b]0;x\x07b\u{9b}"),
            "a\u{241b}]0;x\u{2407}b\u{fffd}"
        );
    }

    #[test]
    fn wraps_cjk_by_width_without_splitting() {
        let rows = wrap("一二三四五六七八", 7, false);
        // 3 characters (6 columns) fit in 7; the 4th would need 8.
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].cells.len(), 3);
        assert_eq!(rows[0].bytes, 0..9);
        let all: String = rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.1))
            .collect();
        assert_eq!(all, "一二三四五六七八");
        for r in &rows {
            let w: usize = r.cells.iter().map(|c| c.2 as usize).sum();
            assert!(w <= 7);
        }
    }

    #[test]
    fn tabs_expand_to_stops() {
        let rows = wrap("a\tb\t\tc", 40, false);
        let s: String = (0..rows[0].cells.len()).map(|k| rows[0].text(k)).collect();
        assert_eq!(s, "a   b       c");
        // A tab never overflows the row.
        for r in wrap("\t\t\t\t\t\t", 5, false) {
            assert!(r.cells.iter().map(|c| c.2 as usize).sum::<usize>() <= 5);
        }
    }
}
