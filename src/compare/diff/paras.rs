//! Paragraphs from hard-wrapped text.
//!
//! PDF text extraction breaks every paragraph at the page width. A line that
//! does not end a sentence (no 。！？；：… at its end) continues on the next
//! line, unless the next line starts a heading or list item ("（二）", "2、",
//! "二、"), either line is a table row (tabs, pipes, a row of numbers), or the
//! line is clearly shorter than the page width of the document — a short line
//! that does not end a sentence is a heading or a table cell, not a wrap.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::schema::TableId;

/// A paragraph of one side: its joined text and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawPara {
    pub text: String,
    /// Byte range in the report text, from the first character of the first
    /// line to the last character of the last line.
    pub src: Range<usize>,
    /// A placeholder for a table left out of the text diff.
    pub table: Option<TableId>,
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

/// Lines of `text[range]` as trimmed byte ranges (blank lines are empty).
/// A line is also cut where a list item follows a sentence end
/// ("…答复。2、平台建设…"), as in flattened web text.
fn lines(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let body = &text[range.clone()];
    for (i, b) in body.bytes().enumerate() {
        if b == b'\n' {
            split_items(text, trim_range(text, start..range.start + i), &mut out);
            start = range.start + i + 1;
        }
    }
    if start < range.end {
        split_items(text, trim_range(text, start..range.end), &mut out);
    }
    out
}

fn split_items(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[line.clone()];
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if !matches!(c, '。' | '！' | '？' | '；') {
            continue;
        }
        let after = i + c.len_utf8();
        let rest = s[after..].trim_start();
        if !rest.is_empty() && starts_item(rest) {
            out.push(line.start + from..line.start + after);
            from = s.len() - rest.len();
        }
    }
    out.push(line.start + from..line.end);
}

/// Does the line end a sentence? Closing quotes and brackets after the mark
/// are looked through ("……。”").
pub(crate) fn ends_sentence(line: &str) -> bool {
    let last = line
        .trim_end()
        .trim_end_matches(['”', '’', '」', '』', '）', ')', '】', '〕', '"', '\''])
        .chars()
        .next_back();
    matches!(
        last,
        Some('。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':' | '．')
    )
}

const NUMERALS: &str = "一二三四五六七八九十百零〇";

/// Does the line start a heading or list item: "（二）", "(2)", "2、", "2.",
/// "二、", "①", "第一，", a markdown heading or bullet?
pub(crate) fn starts_item(line: &str) -> bool {
    let l = line.trim_start();
    let mut chars = l.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if ('①'..='⑳').contains(&first) || matches!(first, '#' | '•' | '·' | '●' | '■' | '◆' | '★')
    {
        return true;
    }
    if matches!(l.get(..2), Some("- " | "* ")) {
        return true;
    }
    let rest = chars.as_str();
    let is_num = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || NUMERALS.contains(c);
    if matches!(first, '（' | '(') {
        let n = rest.chars().take_while(|&c| is_num(c)).count();
        return n > 0 && rest.chars().nth(n).is_some_and(|c| matches!(c, '）' | ')'));
    }
    if first == '第' {
        let n = rest.chars().take_while(|&c| NUMERALS.contains(c)).count();
        return n > 0
            && rest
                .chars()
                .nth(n)
                .is_some_and(|c| matches!(c, '，' | '、' | '是'));
    }
    if is_num(first) {
        let n = rest.chars().take_while(|&c| is_num(c)).count();
        let mut after = rest.chars().skip(n);
        return match after.next() {
            Some('、' | '）' | ')') => true,
            // "1.属于国家秘密", not "2.5万元".
            Some('.' | '．') => !after.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
    }
    false
}

/// Is the line a table row: tab-separated, a markdown pipe row, or mostly
/// numbers separated by spaces ("规章 0 0 0")?
pub(crate) fn tabular(line: &str) -> bool {
    if line.contains('\t') || line.starts_with('|') || line.starts_with('｜') {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let nums = words
        .iter()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '/'))
        })
        .count();
    nums >= 3 && nums * 2 >= words.len()
}

/// The page width of a text, in columns: the 90th percentile of the widths
/// of its prose lines (lines of at least 20 columns that are not table rows).
pub(crate) fn wrap_width(text: &str) -> usize {
    let mut widths: Vec<usize> = text
        .lines()
        .map(str::trim)
        .filter(|l| !tabular(l))
        .map(UnicodeWidthStr::width)
        .filter(|&w| w >= 20)
        .collect();
    if widths.is_empty() {
        return usize::MAX;
    }
    widths.sort_unstable();
    widths[(widths.len() * 9 / 10).min(widths.len() - 1)]
}

/// Lines this wide or wider may be wrapped.
fn min_wrapped(wrap: usize) -> usize {
    if wrap == usize::MAX {
        usize::MAX
    } else {
        (wrap * 3 / 4).max(20)
    }
}

fn continues(line: &str, next: &str, min_width: usize) -> bool {
    !ends_sentence(line)
        && !starts_item(next)
        && !tabular(line)
        && !tabular(next)
        && line.width() >= min_width
}

/// Append the next wrapped line: glued, except between two Latin words.
fn join(text: &mut String, next: &str) {
    let a = text.chars().next_back();
    let b = next.chars().next();
    if a.is_some_and(|c| c.is_ascii_alphabetic()) && b.is_some_and(|c| c.is_ascii_alphabetic()) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Is the line a table rule ("---------\t---", "|---|---|")?
pub(crate) fn rule_line(line: &str) -> bool {
    let l = line.trim();
    l.chars()
        .filter(|&c| matches!(c, '-' | '—' | '=' | '_'))
        .count()
        >= 3
        && l.chars()
            .all(|c| matches!(c, '-' | '—' | '=' | '_' | '|' | ':' | '+' | '\t' | ' '))
}

/// Is the line a page number ("— 2 —", "-3-", "第 4 页")?
pub(crate) fn page_number(line: &str) -> bool {
    const DASHES: [char; 6] = ['-', '—', '–', '－', ' ', '\u{3000}'];
    let l = line.trim();
    let inner = l.trim_matches(DASHES);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if digits(inner) && inner.len() < l.len() && l.starts_with(DASHES) && l.ends_with(DASHES) {
        return true;
    }
    l.strip_prefix('第')
        .and_then(|r| r.strip_suffix('页'))
        .is_some_and(|r| digits(r.trim()))
}

/// All the lines of `text[range]` joined into one paragraph (a title split
/// over lines).
pub(crate) fn joined(text: &str, range: Range<usize>) -> Option<RawPara> {
    let mut out: Option<RawPara> = None;
    for l in lines(text, range).into_iter().filter(|l| !l.is_empty()) {
        match &mut out {
            Some(p) => {
                join(&mut p.text, &text[l.clone()]);
                p.src.end = l.end;
            }
            None => {
                out = Some(RawPara {
                    text: text[l.clone()].to_string(),
                    src: l,
                    table: None,
                })
            }
        }
    }
    out
}

/// The paragraphs of `text[range]`. `wrap` is the page width of the whole
/// text ([`wrap_width`]). Page numbers are dropped, and a paragraph wrapped
/// across a page break is joined across it.
pub(crate) fn paragraphs(text: &str, range: Range<usize>, wrap: usize) -> Vec<RawPara> {
    let min_width = min_wrapped(wrap);
    let mut out = Vec::new();
    let mut cur: Option<RawPara> = None;
    let mut prev: Option<Range<usize>> = None;
    let (mut blank, mut page) = (false, false);
    for l in lines(text, range) {
        if l.is_empty() {
            blank = true;
            continue;
        }
        let line = &text[l.clone()];
        if page_number(line) {
            page = true;
            continue;
        }
        if rule_line(line) {
            continue;
        }
        let gap_ok = !blank || page;
        (blank, page) = (false, false);
        match (&mut cur, &prev) {
            (Some(p), Some(pr)) if gap_ok && continues(&text[pr.clone()], line, min_width) => {
                join(&mut p.text, line);
                p.src.end = l.end;
            }
            _ => {
                out.extend(cur.take());
                cur = Some(RawPara {
                    text: line.to_string(),
                    src: l.clone(),
                    table: None,
                });
            }
        }
        prev = Some(l);
    }
    out.extend(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRAPPED: &str = "一、总体情况

2023 年，本局将政务公开与优化营商环境、提升治理能力一并谋划、一并推进，政
府信息公开的主动性、规范性和时效性持续增强。
（一）主动公开情况
坚持把主动公开作为基础性工作抓紧抓实，按月梳理应公开事项，全年编发公开信
息 271 条，未出现应公开而未公开的情况：
1、政策文件公开。全年公开规范性文件 8 件，并同步发布政策解读材料，便于理解
2、办事服务公开。持续更新办事指南。

规章 0 0 0
行政规范性文件 1 0 8
";

    #[test]
    fn wrapped_lines_join_into_paragraphs() {
        let wrap = wrap_width(WRAPPED);
        assert!((74..=80).contains(&wrap), "{wrap}");
        let ps = paragraphs(WRAPPED, 0..WRAPPED.len(), wrap);
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "2023 年，本局将政务公开与优化营商环境、提升治理能力一并谋划、一并推进，政府信息公开的主动性、规范性和时效性持续增强。",
                "（一）主动公开情况",
                "坚持把主动公开作为基础性工作抓紧抓实，按月梳理应公开事项，全年编发公开信息 271 条，未出现应公开而未公开的情况：",
                // Not a sentence end, but the next line starts a list item.
                "1、政策文件公开。全年公开规范性文件 8 件，并同步发布政策解读材料，便于理解",
                "2、办事服务公开。持续更新办事指南。",
                "规章 0 0 0",
                "行政规范性文件 1 0 8",
            ]
        );
        // The source range spans the wrapped lines.
        let p = &ps[1];
        assert!(WRAPPED[p.src.clone()].starts_with("2023 年"));
        assert!(WRAPPED[p.src.clone()].ends_with("持续增强。"));
        assert!(WRAPPED[p.src.clone()].contains("，政\n府信息"));
    }

    #[test]
    fn unwrapped_text_keeps_its_lines() {
        // Long single-line paragraphs: the page width is their width, so a
        // short heading without a full stop does not swallow the next line.
        let t = "（一）主动公开\n本局坚持把主动公开作为基础性工作抓紧抓实，按月梳理应公开事项，全年编发公开信息二百余条，未出现应公开而未公开的情况，群众满意度稳步提升。\n（二）依申请公开\n";
        let ps = paragraphs(t, 0..t.len(), wrap_width(t));
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0].text, "（一）主动公开");
    }

    #[test]
    fn page_numbers_are_dropped_and_wrapped_across() {
        let t = "坚持把主动公开作为基础性工作抓紧抓实，按月梳理应公开事项，全年编发公开信
息二百余条，未出现应公开而未公开的情况，群众满意度稳步提升，基层政务公开标准

— 2 —

化建设取得实效。
第 3 页
";
        let ps = paragraphs(t, 0..t.len(), wrap_width(t));
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(ps[0].text.ends_with("基层政务公开标准化建设取得实效。"));
        assert!(page_number("-3-") && page_number("— 12 —") && page_number("第 4 页"));
        assert!(!page_number("2023") && !page_number("-3") && !page_number("3 件"));
        assert!(rule_line("---------\t---") && rule_line("| --- | --- |"));
        assert!(!rule_line("—") && !rule_line("- 一是"));
    }

    #[test]
    fn flattened_text_is_cut_at_list_items() {
        let t = "2024年，本街道聚焦民生领域加大公开力度。1、深化主动公开。全年发布信息64条。 （二）依申请公开。未收到申请；一是加强培训";
        let ps = paragraphs(t, 0..t.len(), wrap_width(t));
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "2024年，本街道聚焦民生领域加大公开力度。",
                "1、深化主动公开。全年发布信息64条。",
                "（二）依申请公开。未收到申请；一是加强培训"
            ]
        );
        assert_eq!(&t[ps[2].src.clone()], texts[2]);
    }

    #[test]
    fn items_and_sentence_ends() {
        for l in [
            "（二）依申请公开",
            "(3) 其他",
            "2、平台建设",
            "二、主动公开",
            "1.属于国家秘密",
            "①信息",
            "第一，",
        ] {
            assert!(starts_item(l), "{l}");
        }
        for l in ["2.5万元的收费", "2023 年", "政府信息", "第二十条第（一）项"] {
            assert!(!starts_item(l), "{l}");
        }
        assert!(ends_sentence("情况如下："));
        assert!(ends_sentence("“以公开为常态。”"));
        assert!(!ends_sentence("一并推进，政"));
        assert!(tabular("规章 0 0 0"));
        assert!(tabular("行政许可\t45"));
        assert!(!tabular(
            "件，无法提供 45 件，不予处理 7 件，其他处理 16 件。全年发生"
        ));
    }
}
