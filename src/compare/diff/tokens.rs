//! Word tokens for Chinese report text, and the inline (word-level) diff of
//! two paragraphs.
//!
//! `similar`'s `from_words` splits on whitespace only, so a Chinese sentence
//! is one word; its Unicode word splitter keeps runs of Han characters and
//! digits in ways that do not suit a number check. Here every Han character
//! is a token, a number is one token ("2024", "432.8"), a run of Latin letters
//! is one token, whitespace runs are tokens, and any other character is a
//! token on its own.

use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};
use unicode_width::UnicodeWidthChar;

use super::{Chunk, Segment};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// One Han character (or another wide letter: kana, hangul, full-width
    /// Latin), which is a word of its own.
    Han,
    /// Digits, with a decimal point between digits ("432.8").
    Number,
    /// A run of letters of an alphabetic script.
    Latin,
    /// A run of whitespace.
    Space,
    /// Any other character: punctuation, symbols.
    Other,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
        || c == '〇'
}

fn kind_of(c: char) -> TokenKind {
    if c.is_whitespace() {
        TokenKind::Space
    } else if is_digit(c) {
        TokenKind::Number
    } else if is_han(c) || (c.is_alphabetic() && c.width() == Some(2)) {
        TokenKind::Han
    } else if c.is_alphabetic() {
        TokenKind::Latin
    } else {
        TokenKind::Other
    }
}

/// The tokens of `s` as byte ranges, with their kinds. The ranges cover `s`
/// without gaps.
pub fn token_ranges(s: &str) -> Vec<(Range<usize>, TokenKind)> {
    let mut out: Vec<(Range<usize>, TokenKind)> = Vec::with_capacity(s.len() / 3 + 1);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let kind = kind_of(c);
        let mut end = i + c.len_utf8();
        match kind {
            TokenKind::Number => {
                while let Some(&(j, d)) = it.peek() {
                    // A decimal point only between digits.
                    let point =
                        matches!(d, '.' | '．') && s[j + d.len_utf8()..].starts_with(is_digit);
                    if !is_digit(d) && !point {
                        break;
                    }
                    end = j + d.len_utf8();
                    it.next();
                }
            }
            TokenKind::Latin | TokenKind::Space => {
                while let Some(&(j, d)) = it.peek() {
                    if kind_of(d) == kind {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
            }
            TokenKind::Han | TokenKind::Other => {}
        }
        out.push((i..end, kind));
    }
    out
}

/// The tokens of `s`: "2024年收到申请12件" → 2024 / 年 / 收 / 到 / 申 / 请 / 12 / 件.
pub fn tokenize(s: &str) -> Vec<&str> {
    token_ranges(s).into_iter().map(|(r, _)| &s[r]).collect()
}

/// A unit of the inline diff: the token compared (`key`) and the text shown
/// for it (`show`: the token and, when whitespace is ignored, the whitespace
/// after it).
struct Unit {
    key: Range<usize>,
    show: Range<usize>,
}

fn units(s: &str, ignore_ws: bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for (r, kind) in token_ranges(s) {
        if ignore_ws && kind == TokenKind::Space {
            match out.last_mut() {
                Some(u) => u.show.end = r.end,
                // Leading whitespace is shown with the first token.
                None => out.push(Unit {
                    key: r.end..r.end,
                    show: r,
                }),
            }
            continue;
        }
        if let Some(u) = out.last_mut()
            && u.key.is_empty()
        {
            // The first token after leading whitespace.
            u.key = r.clone();
            u.show.end = r.end;
            continue;
        }
        out.push(Unit {
            key: r.clone(),
            show: r,
        });
    }
    // Whitespace only: nothing to compare.
    out.retain(|u| !u.key.is_empty());
    out
}

/// How many tokens `s` has for the inline diff.
pub(crate) fn unit_count(s: &str, ignore_ws: bool) -> usize {
    units(s, ignore_ws).len()
}

/// One stretch of the inline diff: units `a` of the old text against units
/// `b` of the new, equal or changed.
#[derive(Debug, Clone)]
struct Run {
    equal: bool,
    a: Range<usize>,
    b: Range<usize>,
}

impl Run {
    fn weight(&self) -> usize {
        self.a.len().max(self.b.len())
    }
}

/// Merge neighbouring changes and drop equalities that are smaller than the
/// change on each side of them: a "的" that happens to match inside a
/// rewritten sentence is noise, not a kept word. Equalities as long as a
/// neighbouring change (a "年" between two changed numbers) stay.
fn cleanup(runs: Vec<Run>) -> Vec<Run> {
    let mut runs = merge_changes(runs);
    loop {
        let mut changed = false;
        let mut i = 1;
        while i + 1 < runs.len() {
            if runs[i].equal
                && !runs[i - 1].equal
                && !runs[i + 1].equal
                && runs[i].weight() < runs[i - 1].weight()
                && runs[i].weight() < runs[i + 1].weight()
            {
                runs[i].equal = false;
                changed = true;
            }
            i += 1;
        }
        if !changed {
            return runs;
        }
        runs = merge_changes(runs);
    }
}

fn merge_changes(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs {
        if r.a.is_empty() && r.b.is_empty() {
            continue;
        }
        if let Some(last) = out.last_mut()
            && last.equal == r.equal
        {
            last.a.end = r.a.end;
            last.b.end = r.b.end;
            continue;
        }
        out.push(r);
    }
    out
}

/// Segments of `s` for the runs' ranges on one side.
fn segments(s: &str, units: &[Unit], runs: &[Run], side_a: bool) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for r in runs {
        let range = if side_a { &r.a } else { &r.b };
        if range.is_empty() {
            continue;
        }
        let start = units[range.start].show.start;
        let end = units[range.end - 1].show.end;
        let changed = !r.equal;
        match out.last_mut() {
            Some(last) if last.changed == changed => last.text.push_str(&s[start..end]),
            _ => out.push(Segment {
                text: s[start..end].to_string(),
                changed,
            }),
        }
    }
    if out.is_empty() && !s.is_empty() {
        out.push(Segment {
            text: s.to_string(),
            changed: false,
        });
    }
    out
}

/// The stretches of both sides in order, for a unified (one-line) view.
fn chunks(old: &str, new: &str, ua: &[Unit], ub: &[Unit], runs: &[Run]) -> Vec<Chunk> {
    let text = |s: &str, u: &[Unit], r: &Range<usize>| {
        if r.is_empty() {
            String::new()
        } else {
            s[u[r.start].show.start..u[r.end - 1].show.end].to_string()
        }
    };
    runs.iter()
        .map(|r| Chunk {
            old: text(old, ua, &r.a),
            new: text(new, ub, &r.b),
            changed: !r.equal,
        })
        .collect()
}

/// The inline diff of two paragraphs.
pub(crate) struct Inline {
    pub old: Vec<Segment>,
    pub new: Vec<Segment>,
    pub chunks: Vec<Chunk>,
    /// The deadline fired: part of the result is a coarse delete + insert.
    pub approximate: bool,
}

/// Diff two paragraphs token by token (Myers, bounded by `deadline`).
pub(crate) fn inline(old: &str, new: &str, ignore_ws: bool, deadline: Instant) -> Inline {
    let ua = units(old, ignore_ws);
    let ub = units(new, ignore_ws);
    let ka: Vec<&str> = ua.iter().map(|u| &old[u.key.clone()]).collect();
    let kb: Vec<&str> = ub.iter().map(|u| &new[u.key.clone()]).collect();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, Some(deadline));
    let approximate = Instant::now() > deadline;
    let runs: Vec<Run> = ops
        .iter()
        .map(|op| {
            let (tag, a, b) = op.as_tag_tuple();
            Run {
                equal: tag == DiffTag::Equal,
                a,
                b,
            }
        })
        .collect();
    let runs = cleanup(runs);
    Inline {
        old: segments(old, &ua, &runs, true),
        new: segments(new, &ub, &runs, false),
        chunks: chunks(old, new, &ua, &ub, &runs),
        approximate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    fn changed(segs: &[Segment]) -> Vec<&str> {
        segs.iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn tokenizer_keeps_numbers_and_words_whole() {
        assert_eq!(
            tokenize("2024年收到申请12件"),
            ["2024", "年", "收", "到", "申", "请", "12", "件"]
        );
        assert_eq!(
            tokenize("收费 432.8 万元，PDF版"),
            ["收", "费", " ", "432.8", " ", "万", "元", "，", "PDF", "版"]
        );
        // A full stop after a number is not a decimal point.
        assert_eq!(tokenize("共12件."), ["共", "12", "件", "."]);
        assert_eq!(tokenize("１２３号"), ["１２３", "号"]);
        let s = "　　共 3 件";
        let joined: String = tokenize(s).concat();
        assert_eq!(joined, s, "tokens cover the text");
    }

    #[test]
    fn a_changed_number_is_marked_alone() {
        let a = "2024年，本局共收到政府信息公开申请12件，均已按期答复。";
        let b = "2025年，本局共收到政府信息公开申请12件，均已按期答复。";
        let d = inline(a, b, true, soon());
        assert_eq!(changed(&d.old), ["2024"]);
        assert_eq!(changed(&d.new), ["2025"]);
        // Every Han character is in an unchanged segment.
        let unchanged: String = d
            .new
            .iter()
            .filter(|s| !s.changed)
            .map(|s| s.text.as_str())
            .collect();
        for c in b.chars().filter(|c| is_han(*c)) {
            assert!(unchanged.contains(c), "{c} marked changed");
        }
        assert_eq!(unchanged, b.replace("2025", ""));
        assert!(!d.approximate);
    }

    #[test]
    fn two_numbers_around_a_kept_character() {
        let d = inline("2023年1月", "2024年2月", true, soon());
        assert_eq!(changed(&d.old), ["2023", "1"]);
        assert_eq!(changed(&d.new), ["2024", "2"]);
        let c: Vec<(&str, &str, bool)> = d
            .chunks
            .iter()
            .map(|c| (c.old.as_str(), c.new.as_str(), c.changed))
            .collect();
        assert_eq!(
            c,
            [
                ("2023", "2024", true),
                ("年", "年", false),
                ("1", "2", true),
                ("月", "月", false)
            ]
        );
        // An insertion only: the old side of its chunk is empty.
        let d = inline("共收到申请件", "共收到申请12件", true, soon());
        assert!(
            d.chunks
                .iter()
                .any(|c| c.changed && c.old.is_empty() && c.new == "12")
        );
    }

    #[test]
    fn whitespace_is_ignored_when_asked() {
        let d = inline(
            "全年编发公开信息 271 条",
            "全年编发公开信息110条",
            true,
            soon(),
        );
        assert_eq!(changed(&d.old), ["271 "]);
        assert_eq!(changed(&d.new), ["110"]);
        let d = inline("共 3 件", "共3件", true, soon());
        assert!(d.old.iter().chain(&d.new).all(|s| !s.changed));
        let d = inline("共 3 件", "共3件", false, soon());
        assert_eq!(changed(&d.old), [" ", " "]);
    }

    #[test]
    fn stray_matches_inside_a_rewrite_are_dropped() {
        let a = "本局将政务公开与优化营商环境一并谋划，工作取得成效。";
        let b = "本局围绕市委的决策部署持续完善公开制度，工作取得成效。";
        let d = inline(a, b, true, soon());
        // One changed stretch per side, the common head and tail kept.
        assert_eq!(d.old.len(), 3, "{:?}", d.old);
        assert_eq!(d.new.len(), 3, "{:?}", d.new);
        assert_eq!(d.new[0].text, "本局");
        assert_eq!(d.new[2].text, "，工作取得成效。");
    }
}
