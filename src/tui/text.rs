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
/// and the text to draw (tabs expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub bytes: Range<usize>,
    /// (byte offset in the line, text) pieces: each char of the line with
    /// tabs already turned into spaces.
    pub cells: Vec<(usize, String)>,
}

/// Wrap one line (no newline in it) to `w` columns: by display width, never
/// splitting a character, tabs expanded against the line's own columns.
/// Chinese has no spaces, so the break is wherever the width runs out.
pub fn wrap(line: &str, w: usize, ambiguous_wide: bool) -> Vec<Row> {
    let w = w.max(2);
    let mut rows = Vec::new();
    let mut cur = Row {
        bytes: 0..0,
        cells: Vec::new(),
    };
    let mut col = 0; // column within the current row
    let mut lcol = 0; // column within the whole line (for tabs)
    for (i, c) in line.char_indices() {
        let (text, cw) = if c == '\t' {
            let n = TAB - lcol % TAB;
            (" ".repeat(n), n)
        } else {
            (c.to_string(), char_width(c, ambiguous_wide))
        };
        if col + cw > w && !cur.cells.is_empty() {
            cur.bytes.end = i;
            rows.push(std::mem::replace(
                &mut cur,
                Row {
                    bytes: i..i,
                    cells: Vec::new(),
                },
            ));
            col = 0;
        }
        let (text, cw) = if c == '\t' && col + cw > w {
            (" ".repeat(w - col), w - col)
        } else {
            (text, cw)
        };
        cur.cells.push((i, text));
        col += cw;
        lcol += cw;
    }
    cur.bytes.end = line.len();
    rows.push(cur);
    rows
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
            .flat_map(|r| r.cells.iter().map(|c| c.1.clone()))
            .collect();
        assert_eq!(all, "一二三四五六七八");
        for r in &rows {
            let w: usize = r.cells.iter().map(|c| width(&c.1)).sum();
            assert!(w <= 7);
        }
    }

    #[test]
    fn tabs_expand_to_stops() {
        let rows = wrap("a\tb\t\tc", 40, false);
        let s: String = rows[0].cells.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(s, "a   b       c");
        // A tab never overflows the row.
        for r in wrap("\t\t\t\t\t\t", 5, false) {
            assert!(r.cells.iter().map(|c| width(&c.1)).sum::<usize>() <= 5);
        }
    }
}
