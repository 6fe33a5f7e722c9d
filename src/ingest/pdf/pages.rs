//! The whole document: page furniture, tables across page breaks, paragraphs,
//! and the final text with page offsets.

use std::collections::HashMap;

use super::PdfText;
use super::layout::{Block, PageLayout, Row, TextLine, join_wrapped, render_table};

/// Share of the page height, at top and bottom, where headers and footers live.
const MARGIN_ZONE: f32 = 0.12;

fn strip_dashes(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '—' | '–' | '－' | '─' | '~' | '·' | '•' | '_' | '|'
            )
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3/10", "Page 3 of 10".
pub(crate) fn is_page_number(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let s = strip_dashes(&compact);
    if all_digits(s) && s.chars().count() <= 4 {
        return true;
    }
    if let Some(rest) = s.strip_prefix('第') {
        // 第3页, 第3页共10页, 第3页/共10页
        if let Some((n, tail)) = rest.split_once('页')
            && all_digits(n)
        {
            let tail = tail.trim_start_matches(['/', '，', ',', '、']);
            if tail.is_empty() {
                return true;
            }
            if let Some(t) = tail.strip_prefix('共')
                && let Some(m) = t.strip_suffix('页')
            {
                return all_digits(m);
            }
        }
        return false;
    }
    if let Some((a, b)) = s.split_once('/') {
        return all_digits(a) && all_digits(b) && a.len() <= 4 && b.len() <= 4;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let (a, b) = rest.split_once("of").unwrap_or((rest, "1"));
        return all_digits(a) && all_digits(b);
    }
    false
}

fn in_margin(l: &TextLine, height: f32) -> bool {
    l.y < height * MARGIN_ZONE || l.y > height * (1.0 - MARGIN_ZONE)
}

fn furniture_key(l: &TextLine) -> String {
    l.text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Drop page numbers and running headers/footers.
fn drop_furniture(pages: &mut [PageLayout]) {
    let n = pages.len();
    // Running lines: same text (digits aside) at the same height on most pages.
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<(String, i32)> = p
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Line(l) if in_margin(l, p.height) => {
                    Some((furniture_key(l), (l.y / 6.0).round() as i32))
                }
                _ => None,
            })
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let running = |key: &(String, i32)| -> bool {
        if n < 2 {
            return false;
        }
        let count = (-1..=1)
            .map(|d| seen.get(&(key.0.clone(), key.1 + d)).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        count >= 2 && count * 2 >= n
    };
    // A bare number ("3") is a page number only when such numbers follow the
    // page sequence (number − page index constant on at least half the
    // pages); a lone "0" wrapped onto the next page is a table cell.
    // Counted once per page: two wrapped "0"s on one page are not a sequence.
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for (k, p) in pages.iter().enumerate() {
        let mut seen_here: Vec<i64> = p
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Line(l) if in_margin(l, p.height) => {
                    bare_number(&l.text).map(|v| v - k as i64)
                }
                _ => None,
            })
            .collect();
        seen_here.sort_unstable();
        seen_here.dedup();
        for o in seen_here {
            *offsets.entry(o).or_default() += 1;
        }
    }
    // Page numbers run through most pages: a table's cells (0 on one page,
    // 1 on the next) can line up with the page index on a few by chance.
    let page_offset = offsets
        .iter()
        .filter(|&(_, &c)| (c >= 2 && c * 2 >= n) || n == 1)
        .max_by_key(|&(_, &c)| c)
        .map(|(&o, _)| o);
    for (k, p) in pages.iter_mut().enumerate() {
        let h = p.height;
        p.blocks.retain(|b| match b {
            Block::Line(l) if in_margin(l, h) => {
                match bare_number(&l.text) {
                    // Bare numbers: only the page sequence decides.
                    Some(v) => page_offset != Some(v - k as i64),
                    None => {
                        !(is_page_number(&l.text)
                            || running(&(furniture_key(l), (l.y / 6.0).round() as i32)))
                    }
                }
            }
            _ => true,
        });
    }
}

/// A line that is only a number of at most four digits.
fn bare_number(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

fn is_number(s: &str) -> bool {
    let s = s.trim().trim_start_matches(['+', '-']);
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Is `first` (the first row after a page break) the rest of `last` (the row
/// before it), cut by the break? Same cells, text only in cells that already
/// have text, fewer of them, and no numbers.
fn is_split_row(last: &Row, first: &Row) -> bool {
    if last.cells.len() < 2 || last.cells.len() != first.cells.len() {
        return false;
    }
    let same_cells = last
        .cells
        .iter()
        .zip(&first.cells)
        .all(|(a, b)| (a.x0 - b.x0).abs() < 3.0);
    let filled = |r: &Row| r.cells.iter().filter(|c| !c.text.is_empty()).count();
    same_cells
        && filled(first) < filled(last)
        && last
            .cells
            .iter()
            .zip(&first.cells)
            .all(|(a, b)| b.text.is_empty() || (!a.text.is_empty() && !is_number(&b.text)))
}

/// Join a table that runs over a page break into the table before it.
fn merge_tables(blocks: &mut Vec<(usize, Block)>) {
    let mut i = 1;
    while i < blocks.len() {
        let joinable = match (&blocks[i - 1], &blocks[i]) {
            ((pa, Block::Table(a)), (pb, Block::Table(b))) => {
                // The page the first table ends on (it may itself be merged).
                let end = a.rows.last().map_or(*pa, |r| r.page);
                let same_columns = if a.ruled {
                    (a.x0 - b.x0).abs() < 4.0 && (a.x1 - b.x1).abs() < 4.0
                } else {
                    a.xs.len() == b.xs.len()
                        && a.xs.iter().zip(&b.xs).all(|(x, y)| (x - y).abs() < 8.0)
                };
                *pb == end + 1 && a.ruled == b.ruled && same_columns
            }
            _ => false,
        };
        if joinable {
            let (_, Block::Table(b)) = blocks.remove(i) else {
                unreachable!()
            };
            if let (_, Block::Table(a)) = &mut blocks[i - 1] {
                // Header rows repeated at the top of the new page.
                let row_text = |r: &Row| {
                    r.cells
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\t")
                };
                let mut b_rows = b.rows;
                let repeated = (1..=b_rows.len().min(a.rows.len()).min(4))
                    .rev()
                    .find(|&k| {
                        (0..k).all(|i| row_text(&a.rows[i]) == row_text(&b_rows[i]))
                            && b_rows[..k]
                                .iter()
                                .all(|r| !r.cells.iter().any(|c| is_number(&c.text)))
                    })
                    .unwrap_or(0);
                b_rows.drain(..repeated);
                // A row split by the page break: its two halves make one row.
                let split = match (a.rows.last(), b_rows.first()) {
                    (Some(last), Some(first)) => is_split_row(last, first),
                    _ => false,
                };
                let mut rows = b_rows.into_iter();
                if split && let (Some(last), Some(first)) = (a.rows.last_mut(), rows.next()) {
                    for cell in first.cells {
                        match last.cells.iter_mut().find(|c| (c.x0 - cell.x0).abs() < 3.0) {
                            Some(c) => join_wrapped(&mut c.text, &cell.text),
                            None => last.cells.push(cell),
                        }
                    }
                }
                a.xs.extend_from_slice(&b.xs);
                a.rows.extend(rows);
            }
        } else {
            i += 1;
        }
    }
}

/// Does a line open a heading or a list item (so it starts a paragraph)?
pub(crate) fn starts_heading(s: &str) -> bool {
    let s = s.trim_start();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    const NUM: &str = "一二三四五六七八九十百零〇";
    if NUM.contains(first) {
        let rest: String = s.chars().skip_while(|c| NUM.contains(*c)).take(1).collect();
        return rest == "、" || rest == "是";
    }
    if first == '（' || first == '(' {
        let inner: String = chars.take_while(|c| *c != '）' && *c != ')').collect();
        return !inner.is_empty()
            && inner.chars().count() <= 3
            && inner.chars().all(|c| NUM.contains(c) || c.is_ascii_digit());
    }
    if first.is_ascii_digit() {
        let rest: String = s
            .chars()
            .skip_while(|c| c.is_ascii_digit())
            .take(1)
            .collect();
        return matches!(rest.as_str(), "、" | "." | "．" | "，");
    }
    first == '第'
        && s.chars()
            .take(6)
            .any(|c| c == '条' || c == '章' || c == '节')
}

struct Margins {
    left: f32,
    right: Option<f32>,
    /// The smallest baseline-to-baseline distance between lines of one size.
    pitch: Vec<(f32, f32)>,
}

impl Margins {
    fn pitch(&self, size: f32) -> Option<f32> {
        self.pitch
            .iter()
            .find(|(s, _)| (s - size).abs() < 0.5)
            .map(|p| p.1)
    }
}

/// The right edge of full lines: the rightmost line end, in the right part
/// of the page, that at least two lines reach (justified or CJK text ends
/// flush there). None without such evidence, and then no lines are joined.
fn right_margin(lines: &[&TextLine], page_width: f32) -> Option<f32> {
    let mut x1: Vec<(f32, f32)> = lines
        .iter()
        .filter(|l| l.x1 >= 0.55 * page_width)
        .map(|l| (l.x1, l.size.max(1.0)))
        .collect();
    x1.sort_by(|a, b| b.0.total_cmp(&a.0));
    for &(v, size) in &x1 {
        let support = x1
            .iter()
            .filter(|(x, _)| (x - v).abs() <= 1.5 * size)
            .count();
        if support >= 2 {
            return Some(v);
        }
    }
    None
}

fn margins(p: &PageLayout) -> Margins {
    let lines: Vec<&TextLine> = p
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let mut x0: Vec<f32> = lines.iter().map(|l| l.x0).collect();
    x0.sort_by(f32::total_cmp);
    let left = x0.get(x0.len() / 10).copied().unwrap_or(0.0);
    let right = right_margin(&lines, p.width);
    let mut pitch: Vec<(f32, f32)> = Vec::new();
    for w in lines.windows(2) {
        let (a, b) = (w[0], w[1]);
        let gap = b.y - a.y;
        if (a.size - b.size).abs() < 0.5 && gap >= 0.8 * a.size {
            match pitch.iter_mut().find(|(s, _)| (s - a.size).abs() < 0.5) {
                Some(p) => p.1 = p.1.min(gap),
                None => pitch.push((a.size, gap)),
            }
        }
    }
    Margins { left, right, pitch }
}

/// Build the document text from laid-out pages.
pub(crate) fn assemble(mut pages: Vec<PageLayout>) -> PdfText {
    drop_furniture(&mut pages);
    if std::env::var_os("NIANBAO_PDF_DEBUG").is_some() {
        for (i, p) in pages.iter().enumerate() {
            let m = margins(p);
            eprintln!(
                "page {} {}x{} left {} right {:?}",
                i + 1,
                p.width,
                p.height,
                m.left,
                m.right
            );
            for b in &p.blocks {
                match b {
                    Block::Line(l) => eprintln!(
                        "  L y={:.1} x={:.1}..{:.1} size={:.1} chunks={} {}",
                        l.y,
                        l.x0,
                        l.x1,
                        l.size,
                        l.chunks.len(),
                        l.text
                    ),
                    Block::Table(t) => eprintln!(
                        "  T {:.1}..{:.1} x={:.1}..{:.1} rows={} cols={}",
                        t.top,
                        t.bottom,
                        t.x0,
                        t.x1,
                        t.rows.len(),
                        t.xs.len() - 1
                    ),
                }
            }
        }
    }
    let mut margins: Vec<Margins> = pages.iter().map(margins).collect();
    // A page with too few full lines of its own takes the document's margin.
    let all: Vec<&TextLine> = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter_map(|b| match b {
            Block::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let width = pages.iter().map(|p| p.width).fold(0.0, f32::max);
    let doc_right = right_margin(&all, width);
    for m in &mut margins {
        m.right = m.right.or(doc_right);
    }
    let npages = pages.len();
    let mut blocks: Vec<(usize, Block)> = Vec::new();
    for (i, p) in pages.into_iter().enumerate() {
        blocks.extend(p.blocks.into_iter().map(|b| (i, b)));
    }
    merge_tables(&mut blocks);

    let mut text = String::new();
    let mut grid = Vec::new();
    let mut starts: Vec<Option<usize>> = vec![None; npages];
    let mut prev_line: Option<(usize, TextLine)> = None;
    let mut after_table = false;
    for (page, block) in &blocks {
        match block {
            Block::Line(l) => {
                if let Some((pp, prev)) = &prev_line
                    && continues(prev, *pp, l, *page, &margins)
                {
                    // Join the wrapped line onto the paragraph: drop its newline.
                    text.pop();
                    if starts[*page].is_none() {
                        starts[*page] = Some(text.len());
                    }
                    join_wrapped(&mut text, &l.text);
                    text.push('\n');
                    prev_line = Some((*page, l.clone()));
                    continue;
                }
                if after_table {
                    text.push('\n');
                    after_table = false;
                }
                starts[*page].get_or_insert(text.len());
                text.push_str(l.text.trim());
                text.push('\n');
                prev_line = Some((*page, l.clone()));
            }
            Block::Table(t) => {
                if !text.is_empty() && !text.ends_with("\n\n") {
                    text.push('\n');
                }
                render_table(t, &mut text, &mut grid, |row, offset| {
                    starts[row.page].get_or_insert(offset);
                });
                starts[*page].get_or_insert(text.len());
                after_table = true;
                prev_line = None;
            }
        }
    }
    // Pages with nothing on them start where the next content starts.
    let mut offsets = vec![0; npages];
    let mut next = text.len();
    for i in (0..npages).rev() {
        if let Some(s) = starts[i] {
            next = next.min(s);
        }
        offsets[i] = next;
    }
    // Keep offsets non-decreasing (a merged table may pull a page's start back).
    for i in 1..npages {
        offsets[i] = offsets[i].max(offsets[i - 1]);
    }
    PdfText {
        text,
        pages: offsets,
        grid,
    }
}

/// Rough width of what must start the next line: one CJK character (with a
/// number before it and closing punctuation after it), or a run of other
/// characters.
fn first_word_width(text: &str, size: f32) -> f32 {
    let mut w = 0.0;
    let mut chars = text.trim_start().chars().peekable();
    while let Some(c) = chars.next() {
        if super::layout::is_cjk(c) {
            // Line-breaking rules keep a number with the character after it,
            // and closing punctuation with the character before it.
            w += size;
            while chars
                .peek()
                .is_some_and(|p| "，。、；：？！）》」』”’〉】".contains(*p))
            {
                chars.next();
                w += size;
            }
            return w;
        }
        if c.is_whitespace() {
            break;
        }
        w += 0.55 * size;
    }
    w
}

/// Is `next` the wrapped continuation of the paragraph line `prev`?
fn continues(prev: &TextLine, pp: usize, next: &TextLine, np: usize, m: &[Margins]) -> bool {
    let size = prev.size.max(1.0);
    if (prev.size - next.size).abs() > 0.15 * size || next.chunks.len() > 1 || prev.chunks.len() > 1
    {
        return false;
    }
    let Some(right) = m[pp].right else {
        return false;
    };
    // The line was full: the next line's first word would not have fitted.
    if prev.x1 + first_word_width(&next.text, next.size) + 0.3 * size < right
        || prev.x1 > right + 0.5 * size
        || prev.x0 > m[pp].left + 6.0 * size
    {
        return false;
    }
    if next.x0 > m[np].left + 0.5 * size {
        return false;
    }
    if np == pp {
        let gap = next.y - prev.y;
        let pitch = m[pp].pitch(prev.size).unwrap_or(1.5 * size);
        if gap <= 0.0 || gap > 3.5 * size || gap > pitch * 1.25 {
            return false;
        }
    } else if np != pp + 1 {
        return false;
    }
    !starts_heading(&next.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for s in [
            "3",
            "- 3 -",
            "— 3 —",
            "－12－",
            "第3页",
            "第 3 页 共 10 页",
            "3/10",
            "3 / 10",
            "Page 3",
            "page 2 of 9",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in [
            "2024年",
            "一、总体情况",
            "3.5",
            "第二十条",
            "12345",
            "共3页",
        ] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn headings() {
        for s in [
            "一、总体情况",
            "（一）主动公开",
            "(二)依申请",
            "1、主动公开",
            "2.其他",
            "第二十条第（一）项",
        ] {
            assert!(starts_heading(s), "{s}");
        }
        for s in ["政府信息公开", "2024年，我局", "（本列数据）", "12345件"] {
            assert!(!starts_heading(s), "{s}");
        }
    }
}
