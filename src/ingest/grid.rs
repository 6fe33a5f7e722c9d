//! Layout helpers shared by the HTML and DOCX renderers: whitespace
//! collapsing, the line assembler (at most one blank line in a row, blank
//! lines around tables) and table-grid expansion (rowspan/colspan → one line
//! per row, the text at the origin of a span and empty strings at every
//! covered position).

/// The widest colspan honoured; larger values are clamped.
pub(crate) const MAX_COLSPAN: usize = 64;
/// The tallest rowspan honoured; larger values are clamped.
pub(crate) const MAX_ROWSPAN: usize = 1000;
/// The widest grid built; cells starting further right are appended to the
/// last column so no text is lost.
pub(crate) const MAX_WIDTH: usize = 256;

/// Characters that take no room and only get in the way of reading numbers.
pub(crate) fn is_invisible_char(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// East Asian wide characters: a source line break between two of them is
/// dropped rather than turned into a space (as browsers do for CJK text).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}'
        | '\u{3000}'..='\u{303f}'
        | '\u{3040}'..='\u{30ff}'
        | '\u{3100}'..='\u{31bf}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}')
}

/// Trim and collapse every run of whitespace (including NBSP and the
/// ideographic space) to one ASCII space; drop zero-width characters.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut lb = LineBuf::default();
    lb.push_plain(s);
    lb.take()
}

/// What separates the last character written from the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Gap {
    #[default]
    None,
    /// Only collapsible whitespace that contained a line break: dropped
    /// between two CJK characters, a space otherwise.
    Break,
    /// A space in any case.
    Space,
}

/// Builds one line of text: collapses whitespace, trims both ends.
#[derive(Debug, Default)]
pub(crate) struct LineBuf {
    cur: String,
    gap: Gap,
    last: char,
}

impl LineBuf {
    fn add_gap(&mut self, g: Gap) {
        if self.cur.is_empty() {
            return;
        }
        self.gap = match (self.gap, g) {
            (Gap::Space, _) | (_, Gap::Space) => Gap::Space,
            (Gap::Break, _) | (_, Gap::Break) => Gap::Break,
            _ => Gap::None,
        };
    }

    fn push_char(&mut self, c: char) {
        match self.gap {
            Gap::None => {}
            Gap::Space => self.cur.push(' '),
            Gap::Break => {
                if !(is_cjk(self.last) && is_cjk(c)) {
                    self.cur.push(' ');
                }
            }
        }
        self.gap = Gap::None;
        self.cur.push(c);
        self.last = c;
    }

    /// Source text (HTML): a whitespace run holding a line break and nothing
    /// but collapsible ASCII whitespace is a [`Gap::Break`].
    pub(crate) fn push_source(&mut self, s: &str) {
        let mut run_nl = false;
        let mut run_hard = false;
        let mut in_run = false;
        for c in s.chars() {
            if is_invisible_char(c) {
                continue;
            }
            if c.is_whitespace() {
                in_run = true;
                if c == '\n' || c == '\r' {
                    run_nl = true;
                } else if !matches!(c, ' ' | '\t' | '\u{c}') {
                    run_hard = true;
                }
                continue;
            }
            if in_run {
                self.add_gap(if run_nl && !run_hard {
                    Gap::Break
                } else {
                    Gap::Space
                });
                in_run = false;
                run_nl = false;
                run_hard = false;
            }
            self.push_char(c);
        }
        if in_run {
            self.add_gap(if run_nl && !run_hard {
                Gap::Break
            } else {
                Gap::Space
            });
        }
    }

    /// Text whose whitespace always means a space (DOCX runs).
    pub(crate) fn push_plain(&mut self, s: &str) {
        for c in s.chars() {
            if is_invisible_char(c) {
                continue;
            }
            if c.is_whitespace() {
                self.add_gap(Gap::Space);
            } else {
                self.push_char(c);
            }
        }
    }

    /// A boundary (block element, line break) inside text that must stay on
    /// one line. `space` = always a space; otherwise dropped between CJK.
    pub(crate) fn boundary(&mut self, space: bool) {
        self.add_gap(if space { Gap::Space } else { Gap::Break });
    }

    /// The finished line (trimmed), resetting the buffer.
    pub(crate) fn take(&mut self) -> String {
        self.gap = Gap::None;
        self.last = '\0';
        std::mem::take(&mut self.cur)
    }
}

/// Assembles the rendered document: non-empty lines, at most one blank line
/// in a row, a blank line before and after each table, none at the start.
#[derive(Debug, Default)]
pub(crate) struct Out {
    text: String,
    blank_pending: bool,
    /// The table rows written, in order (see [`crate::ingest::GridRow`]).
    rows: Vec<RowLine>,
}

impl Out {
    /// Append a line; empty lines are dropped.
    pub(crate) fn line(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.blank_pending && !self.text.is_empty() {
            self.text.push('\n');
        }
        self.blank_pending = false;
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Ask for one blank line before the next line.
    pub(crate) fn blank(&mut self) {
        self.blank_pending = true;
    }

    /// Append the lines of one table, with a blank line before and after.
    #[cfg(test)]
    pub(crate) fn table(&mut self, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        self.blank();
        for l in lines {
            self.line(l);
        }
        self.blank();
    }

    /// Append the rows of one table, with a blank line before and after,
    /// and remember their field layouts.
    pub(crate) fn table_rows(&mut self, rows: Vec<RowLine>) {
        if rows.is_empty() {
            return;
        }
        self.blank();
        for r in &rows {
            self.line(&r.text);
        }
        self.blank();
        self.rows.extend(rows);
    }

    #[cfg(test)]
    pub(crate) fn finish(self) -> String {
        self.text
    }

    /// The text and the table rows written into it.
    pub(crate) fn finish_rows(self) -> (String, Vec<RowLine>) {
        (self.text, self.rows)
    }
}

use super::GridField;

/// One table cell as found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// Already collapsed to one line (no tab, no newline).
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// Not a cell of its own: a placeholder keeping the columns aligned
    /// (DOCX `w:gridBefore`, a `w:vMerge` continuation).
    pub covered: bool,
}

impl Cell {
    pub(crate) fn new(text: String, colspan: usize, rowspan: usize) -> Self {
        Cell {
            text,
            colspan,
            rowspan,
            covered: false,
        }
    }

    /// A placeholder `colspan` positions wide (see [`Cell::covered`]).
    pub(crate) fn placeholder(text: String, colspan: usize) -> Self {
        Cell {
            covered: true,
            ..Cell::new(text, colspan, 1)
        }
    }
}

/// Parse a span attribute: leading digits (as browsers do), anything that
/// is not a positive number is 1, large values are clamped to `max`.
pub(crate) fn parse_span(v: Option<&str>, max: usize) -> usize {
    let Some(v) = v else { return 1 };
    let v = v.trim_start();
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return 1;
    }
    // More digits than fit: certainly larger than `max`.
    let n = v[..digits].parse::<usize>().unwrap_or(usize::MAX);
    n.clamp(1, max.max(1))
}

/// Expands rows of cells with rowspan/colspan into a rectangular grid.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// Each position's text and whether a source cell starts there.
    rows: Vec<Vec<(String, GridField)>>,
    /// For each column: how many more rows a rowspan from above covers.
    carry: Vec<usize>,
    width: usize,
}

/// One rendered table row: its line (cells joined by tabs) and, for each
/// tab-separated field, whether a source cell starts there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowLine {
    pub text: String,
    pub fields: Vec<GridField>,
}

fn covered() -> (String, GridField) {
    (String::new(), GridField::Covered)
}

impl Grid {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Add one source row (`<tr>`, `w:tr`).
    pub(crate) fn push_row(&mut self, cells: Vec<Cell>) {
        let covered_above = std::mem::take(&mut self.carry);
        let mut next: Vec<usize> = covered_above.iter().map(|&c| c.saturating_sub(1)).collect();
        let mut row: Vec<(String, GridField)> = Vec::new();
        let mut col = 0;
        for cell in cells {
            while col < MAX_WIDTH && covered_above.get(col).is_some_and(|&c| c > 0) {
                row.push(covered());
                col += 1;
            }
            if col >= MAX_WIDTH {
                if !cell.text.is_empty()
                    && let Some((last, _)) = row.last_mut()
                {
                    if !last.is_empty() {
                        last.push(' ');
                    }
                    last.push_str(&cell.text);
                }
                continue;
            }
            let cs = cell.colspan.clamp(1, MAX_COLSPAN).min(MAX_WIDTH - col);
            let rs = cell.rowspan.clamp(1, MAX_ROWSPAN);
            let field = if cell.covered {
                GridField::Covered
            } else {
                GridField::Cell { colspan: cs as u16 }
            };
            row.push((cell.text, field));
            row.extend(std::iter::repeat_n((), cs - 1).map(|_| covered()));
            if next.len() < col + cs {
                next.resize(col + cs, 0);
            }
            for n in &mut next[col..col + cs] {
                *n = rs - 1;
            }
            col += cs;
        }
        // Positions at the end of the row still covered from above.
        let covered_to = covered_above
            .iter()
            .rposition(|&c| c > 0)
            .map_or(0, |p| p + 1)
            .min(MAX_WIDTH);
        while row.len() < covered_to {
            row.push(covered());
        }
        while next.last() == Some(&0) {
            next.pop();
        }
        self.carry = next;
        self.width = self.width.max(row.len());
        self.rows.push(row);
    }

    /// End of a row group (`<thead>`, `<tbody>`, `<tfoot>`): rowspans stop here.
    pub(crate) fn end_group(&mut self) {
        self.carry.clear();
    }

    /// One line per row, cells joined by tabs, every line with `width - 1`
    /// tabs. Rows whose every position is empty carry no information and
    /// are left out.
    #[cfg(test)]
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.into_rows().into_iter().map(|r| r.text).collect()
    }

    /// [`Grid::into_lines`] with each line's field layout. Positions past a
    /// row's last cell are [`GridField::Covered`]: no source cell is there.
    pub(crate) fn into_rows(self) -> Vec<RowLine> {
        let width = self.width;
        let mut lines = Vec::with_capacity(self.rows.len());
        for row in self.rows {
            if row.iter().all(|(t, _)| t.is_empty()) {
                continue;
            }
            let mut text = String::new();
            let mut fields = Vec::with_capacity(width);
            for i in 0..width {
                if i > 0 {
                    text.push('\t');
                }
                match row.get(i) {
                    Some((t, f)) => {
                        text.push_str(t);
                        fields.push(*f);
                    }
                    None => fields.push(GridField::Covered),
                }
            }
            lines.push(RowLine { text, fields });
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str, cs: usize, rs: usize) -> Cell {
        Cell::new(t.to_string(), cs, rs)
    }

    #[test]
    fn collapses_whitespace_and_elides_cjk_breaks() {
        assert_eq!(collapse_ws("  a \u{a0}\u{3000} b\t\nc  "), "a b c");
        assert_eq!(collapse_ws("1\u{200b}2"), "12");
        let mut lb = LineBuf::default();
        lb.push_source("年度报\n   告 2021\n年");
        assert_eq!(lb.take(), "年度报告 2021 年");
        lb.push_source("报告\u{a0}\n内容");
        assert_eq!(lb.take(), "报告 内容");
        lb.push_source("甲");
        lb.boundary(true);
        lb.push_source("乙");
        lb.boundary(false);
        lb.push_source("丙");
        lb.boundary(true);
        assert_eq!(lb.take(), "甲 乙丙");
    }

    #[test]
    fn out_keeps_one_blank_line_around_tables() {
        let mut out = Out::default();
        out.blank();
        out.line("title");
        out.line("");
        out.table(&["a\tb".to_string()]);
        out.table(&["c\td".to_string()]);
        out.line("end");
        out.blank();
        assert_eq!(out.finish(), "title\n\na\tb\n\nc\td\n\nend\n");
    }

    #[test]
    fn expands_rowspan_and_colspan() {
        let mut g = Grid::new();
        g.push_row(vec![c("A", 1, 3), c("B", 2, 1)]);
        g.push_row(vec![c("1", 1, 1), c("2", 1, 1)]);
        g.push_row(vec![c("3", 1, 2), c("4", 1, 1)]);
        g.push_row(vec![c("x", 1, 1)]);
        let lines = g.into_lines();
        assert_eq!(lines, vec!["A\tB\t", "\t1\t2", "\t3\t4", "x\t\t"]);
    }

    #[test]
    fn rowspans_stop_at_group_end_and_width_is_capped() {
        let mut g = Grid::new();
        g.push_row(vec![c("h", 1, 5), c("i", 1, 1)]);
        g.end_group();
        g.push_row(vec![c("a", 1, 1), c("b", 1, 1)]);
        g.push_row(vec![c("wide", 10_000, 1), c("tail", 1, 1)]);
        let lines = g.into_lines();
        assert_eq!(lines[0], format!("h\ti{}", "\t".repeat(MAX_COLSPAN - 1)));
        assert_eq!(lines[1], format!("a\tb{}", "\t".repeat(MAX_COLSPAN - 1)));
        assert!(lines[2].starts_with("wide\t"));
        assert!(lines[2].ends_with("\ttail"));
        assert!(lines.iter().all(|l| l.matches('\t').count() == MAX_COLSPAN));
    }

    #[test]
    fn cells_beyond_max_width_join_the_last_column() {
        let mut g = Grid::new();
        let cells = (0..MAX_WIDTH + 2)
            .map(|i| c(&i.to_string(), 1, 1))
            .collect();
        g.push_row(cells);
        let lines = g.into_lines();
        assert_eq!(lines[0].matches('\t').count(), MAX_WIDTH - 1);
        assert!(lines[0].ends_with(&format!(
            "\t{} {} {}",
            MAX_WIDTH - 1,
            MAX_WIDTH,
            MAX_WIDTH + 1
        )));
    }

    #[test]
    fn span_parsing_is_lenient() {
        assert_eq!(parse_span(None, 64), 1);
        assert_eq!(parse_span(Some("abc"), 64), 1);
        assert_eq!(parse_span(Some("0"), 64), 1);
        assert_eq!(parse_span(Some("-3"), 64), 1);
        assert_eq!(parse_span(Some(" 3 "), 64), 3);
        assert_eq!(parse_span(Some("2px"), 64), 2);
        assert_eq!(parse_span(Some("10000"), 64), 64);
        assert_eq!(parse_span(Some("99999999999999999999999"), 1000), 1000);
    }

    #[test]
    fn all_empty_rows_are_dropped() {
        let mut g = Grid::new();
        g.push_row(vec![c("", 1, 1), c("", 1, 1)]);
        g.push_row(vec![c("a", 1, 1)]);
        assert_eq!(g.into_lines(), vec!["a\t"]);
    }
}
