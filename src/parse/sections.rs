//! The six section headings.
//!
//! Headings are found by their numeral and title together ("四、…复议…诉讼…情况"),
//! never by "a line starting with 四、": table 3 has rows "一、" to "四、" and
//! section 五 often holds its own "一、… 二、…" list. A heading at the start of a
//! line is preferred; flattened web text has none, so a heading in the middle
//! of a line is accepted when no line-start one exists.

use super::norm::{self, Norm};
use crate::model::{LineIndex, Section};
use crate::schema::SectionId;

/// A heading candidate: section, folded range of the whole heading, at line start?
#[derive(Debug, Clone, Copy)]
struct Candidate {
    id: SectionId,
    start: usize,
    end: usize,
    line_start: bool,
    /// "一、" style (true) or "（一）" style (false).
    plain: bool,
}

/// Does the folded text at `i` (just after the numeral and separator) read as
/// the title of section `id`? Returns the folded length of the title.
fn title_len(id: SectionId, s: &str) -> Option<usize> {
    let starts = |pats: &[&str]| pats.iter().find(|p| s.starts_with(**p)).map(|p| p.len());
    match id {
        SectionId::S1 => starts(&["总体情况", "总体概况", "概述"]),
        SectionId::S2 => starts(&[
            "主动公开政府信息情况",
            "主动公开政府信息的情况",
            "主动公开政府信息",
            "主动公开情况",
        ]),
        SectionId::S3 => starts(&[
            "收到和处理政府信息公开申请的情况",
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请",
            "收到和处理政府信息申请情况",
            "收到和处理信息公开申请情况",
        ]),
        SectionId::S4 => {
            // "政府信息公开行政复议、行政诉讼情况", "因政府信息公开申请行政复议、提起行政诉讼的情况",
            // "政府信息公开行政法复议、行政诉讼情况" (a real typo)…
            // Cheap rejection first: 36 characters are at most 144 bytes.
            norm::find(&s[..s.floor_char_boundary(144)], "复议")?;
            let window = prefix_chars(s, 36);
            let fy = norm::find(window, "复议")?;
            let fs = norm::find(&window[fy..], "诉讼")? + fy;
            let end = norm::find(&window[fs..], "情况")
                .map(|i| fs + i + "情况".len())
                .unwrap_or(fs + "诉讼".len());
            // Nothing sentence-like in a heading.
            let head = &window[..end];
            if head.contains(['。', '，', ',', ';', '；'])
                || head.contains("结转")
                || head.bytes().any(|b| b.is_ascii_digit())
            {
                return None;
            }
            Some(end)
        }
        SectionId::S5 => {
            norm::find(&s[..s.floor_char_boundary(120)], "问题")?;
            let window = prefix_chars(s, 30);
            let fq = norm::find(window, "问题")?;
            if window[..fq].contains(['。', '，', ',']) {
                return None;
            }
            let fg = norm::find(&window[fq..], "改进")
                .or_else(|| norm::find(&window[fq..], "整改"))?
                + fq;
            if fg - fq > 9 {
                return None;
            }
            let tail = &window[fg + "改进".len()..];
            let extra = ["情况", "措施", "方向", "计划", "举措"]
                .iter()
                .filter_map(|p| norm::find(tail, p).filter(|&i| i <= 6).map(|i| i + p.len()))
                .min()
                .unwrap_or(0);
            Some(fg + "改进".len() + extra)
        }
        SectionId::S6 => starts(&[
            "其他需要报告的事项",
            "其他需要报告事项",
            "其他需要报告的",
            "其他事项",
        ]),
    }
}

/// The first `n` characters of `s`.
fn prefix_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Find the headings. Returns sections in text order with their bodies.
pub fn find(text: &str, lines: &LineIndex, norm: &Norm, from: usize) -> Vec<Section> {
    let s = &norm.s;
    let mut cands: Vec<Candidate> = Vec::new();
    // Each numeral searched on its own (memmem, rare hits): a scan for the
    // lead bytes E4/E5 they share stopped at a third of all CJK text.
    let mut hits = Vec::new();
    for (c, id) in "一二三四五六".chars().zip(SectionId::ALL) {
        let mut buf = [0; 4];
        let needle = c.encode_utf8(&mut buf).as_bytes();
        hits.extend(memchr::memmem::find_iter(s.as_bytes(), needle).map(|i| (i, c, id)));
    }
    for (i, c, id) in hits {
        let (plain, head_start, after) = {
            let rest = &s[i + c.len_utf8()..];
            let sep = ['、', '.', ',', '，', ':', '：']
                .iter()
                .find(|p| rest.starts_with(**p))
                .map(|p| p.len_utf8());
            match sep {
                Some(n) => (true, i, i + c.len_utf8() + n),
                None => (true, i, i + c.len_utf8()),
            }
        };
        let bracketed = i > 0 && s[..i].ends_with('(') && s[i + c.len_utf8()..].starts_with(')');
        let (head_start, after, plain) = if bracketed {
            (i - 1, i + c.len_utf8() + 1, false)
        } else {
            (head_start, after, plain)
        };
        let Some(len) = title_len(id, &s[after..]) else {
            continue;
        };
        let src_start = norm.src_start(head_start);
        if src_start < from {
            continue;
        }
        let line_start = at_line_start(text, src_start);
        // Without a separator ("一总体情况"), only at the start of a line.
        let has_sep = after > i + c.len_utf8();
        if !has_sep && !bracketed && !line_start {
            continue;
        }
        cands.push(Candidate {
            id,
            start: head_start,
            end: after + len,
            line_start,
            plain: plain && !bracketed,
        });
    }
    // For each section: line-start "一、" headings; else any "一、"; else "（一）" at line start.
    let mut chosen: Vec<Candidate> = Vec::new();
    for id in SectionId::ALL {
        let of = || cands.iter().filter(move |c| c.id == id);
        let at_start: Vec<Candidate> = of().filter(|c| c.plain && c.line_start).copied().collect();
        if !at_start.is_empty() {
            // Keep every line-start heading: repeats are S02's business.
            chosen.extend(at_start);
        } else if let Some(c) = of().find(|c| c.plain) {
            chosen.push(*c);
        } else if let Some(c) = of().find(|c| !c.plain && c.line_start) {
            chosen.push(*c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen.dedup_by_key(|c| c.start);
    let mut out = Vec::with_capacity(chosen.len());
    for (k, c) in chosen.iter().enumerate() {
        let heading = norm.src(c.start..c.end);
        // A body ends where the next heading's line starts: its markup
        // ("## ", "**") belongs to the heading, not to this body.
        let body_end = chosen
            .get(k + 1)
            .map(|n| {
                let at = norm.src_start(n.start);
                if n.line_start {
                    text[..at].rfind('\n').map(|i| i + 1).unwrap_or(at)
                } else {
                    at
                }
            })
            .unwrap_or(text.len());
        out.push(Section {
            id: c.id,
            heading: lines.span(heading.clone()),
            body: heading.end..body_end.max(heading.end),
        });
    }
    out
}

/// Is byte `off` the first non-blank, non-markup character of its line?
fn at_line_start(text: &str, off: usize) -> bool {
    for c in text[..off].chars().rev() {
        match c {
            '\n' => return true,
            ' ' | '\t' | '\u{3000}' | '#' | '*' | '>' | '|' | '\u{a0}' => continue,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        let li = LineIndex::new(text);
        let n = Norm::new(text, 0..text.len());
        find(text, &li, &n, 0).iter().map(|s| s.id.key()).collect()
    }

    #[test]
    fn headings_in_order_and_not_nested_lists() {
        let t = "标题\n一、总体情况\n正文\n二、主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 0\n四、结转下年度继续办理 0\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n一、存在问题：…二、改进措施\n六、其他需要报告的事项\n无";
        assert_eq!(ids(t), ["s1", "s2", "s3", "s4", "s5", "s6"]);
    }

    #[test]
    fn headings_glued_split_and_variants() {
        let t = "标题 一、总体情况2021年，我局…二、主动公开政府信息情况 表 三、收到和处理政府信息公开申请情况 表 四、因政府信息公开申请行政复议、提起行政诉讼的情况 表 五、政府信息公开工作存在的主要问题及改进情况 文 六、其他需要报告的事项 无";
        assert_eq!(ids(t), ["s1", "s2", "s3", "s4", "s5", "s6"]);
        let t = "## 一、总体\n情况\n\n#### 四、政府信息公开行政法复议、行政诉讼情况\n";
        assert_eq!(ids(t), ["s1", "s4"]);
    }

    #[test]
    fn markdown_heading_markup_is_not_in_the_previous_body() {
        let t = "## 一、总体情况\n正文。\n\n## 二、主动公开政府信息情况\n表";
        let li = LineIndex::new(t);
        let n = Norm::new(t, 0..t.len());
        let s = find(t, &li, &n, 0);
        assert_eq!(&t[s[0].body.clone()], "\n正文。\n\n");
    }

    #[test]
    fn body_ranges() {
        let t = "一、总体情况2021年，好。\n二、主动公开政府信息情况\n表";
        let li = LineIndex::new(t);
        let n = Norm::new(t, 0..t.len());
        let s = find(t, &li, &n, 0);
        assert_eq!(&t[s[0].body.clone()], "2021年，好。\n");
        assert_eq!(&t[s[1].body.clone()], "\n表");
        assert_eq!(s[1].heading.line, 2);
    }
}
