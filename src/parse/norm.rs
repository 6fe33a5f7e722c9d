//! A normalised view of text for matching labels and headings.
//!
//! Real reports write the same label in many ways: full- or half-width
//! brackets and digits, curly or straight quotes, spaces and line breaks in
//! the middle of words. [`norm_char`] folds those; [`Norm`] is the folded text
//! with every whitespace character removed, plus a map back to byte offsets in
//! the original, so a match in the folded text becomes a span in the source.

use std::ops::Range;

/// The folded form of `c`, or `None` when `c` is whitespace (dropped).
#[inline]
pub fn norm_char(c: char) -> Option<char> {
    match c {
        ' ' | '\t' | '\n' | '\r' | '\u{3000}' | '\u{a0}' | '\u{2000}'..='\u{200b}' | '\u{feff}' => {
            None
        }
        // Full-width ASCII: （ → (, ０ → 0, ： → :, ， → , …
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        '“' | '”' | '„' | '‟' | '〝' | '〞' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' => {
            Some('"')
        }
        '—' | '–' | '‐' | '‑' | '―' | '−' | '─' => Some('-'),
        '〔' | '【' => Some('['),
        '〕' | '】' => Some(']'),
        '〈' | '《' => Some('<'),
        '〉' | '》' => Some('>'),
        '﹒' | '·' | '•' | '・' => Some('·'),
        _ => Some(c),
    }
}

/// Is `c` an ASCII or full-width decimal digit? Returns its value.
#[inline]
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Folded text with whitespace removed, mapped back to the source.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    /// The folded text.
    pub s: String,
    /// For each byte of `s`: the source byte range of the character it came from.
    map: Vec<(u32, u32)>,
}

impl Norm {
    /// An empty one with room for `n` folded bytes.
    pub fn with_capacity(n: usize) -> Norm {
        Norm {
            s: String::with_capacity(n),
            map: Vec::with_capacity(n),
        }
    }

    /// Fold `text[range]` (offsets in the result refer to `text`).
    pub fn new(text: &str, range: Range<usize>) -> Norm {
        let mut n = Norm {
            s: String::with_capacity(range.len()),
            map: Vec::with_capacity(range.len()),
        };
        n.push(text, range);
        n
    }

    /// Append the folded form of `text[range]`.
    pub fn push(&mut self, text: &str, range: Range<usize>) {
        let slice = &text[range.clone()];
        let bytes = slice.as_bytes();
        let base = range.start as u32;
        // Folding never lengthens: one reservation each. The text is copied
        // a run of unchanged characters at a time.
        self.map.reserve(bytes.len());
        self.s.reserve(bytes.len());
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let at = base + i as u32;
            if b < 0x80 {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\'') {
                    self.map.push((at, at + 1));
                    i += 1;
                    continue;
                }
            } else if (0xE4..=0xE9).contains(&b) {
                // U+4000..=U+9FFF (ideographs) fold to themselves; `slice`
                // is UTF-8, so two continuation bytes follow.
                let e = (at, at + 3);
                self.map.extend_from_slice(&[e, e, e]);
                i += 3;
                continue;
            }
            let c = slice[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            let f = norm_char(c);
            if f == Some(c) {
                let e = (at, at + len as u32);
                self.map.extend(std::iter::repeat_n(e, len));
                i += len;
                continue;
            }
            // A character that folds to another or to nothing: copy the run
            // before it, then its folded form.
            self.s.push_str(&slice[run..i]);
            i += len;
            run = i;
            if let Some(f) = f {
                self.s.push(f);
                self.map
                    .extend(std::iter::repeat_n((at, at + len as u32), f.len_utf8()));
            }
        }
        self.s.push_str(&slice[run..]);
        debug_assert_eq!(self.s.len(), self.map.len());
    }

    pub fn len(&self) -> usize {
        self.s.len()
    }

    /// Drop everything from folded byte `n` on.
    pub fn truncate(&mut self, n: usize) {
        self.s.truncate(n);
        self.map.truncate(n);
    }

    pub fn is_empty(&self) -> bool {
        self.s.is_empty()
    }

    /// Source byte offset where folded byte `i` starts (or the source end).
    pub fn src_start(&self, i: usize) -> usize {
        match self.map.get(i) {
            Some(&(s, _)) => s as usize,
            None => self.map.last().map(|&(_, e)| e as usize).unwrap_or(0),
        }
    }

    /// Source byte offset where the folded character ending before byte `i` ends.
    pub fn src_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.map.first().map(|&(s, _)| s as usize).unwrap_or(0);
        }
        match self.map.get(i - 1) {
            Some(&(_, e)) => e as usize,
            None => self.map.last().map(|&(_, e)| e as usize).unwrap_or(0),
        }
    }

    /// Source range of folded range `r`.
    pub fn src(&self, r: Range<usize>) -> Range<usize> {
        let start = self.src_start(r.start);
        let end = self.src_end(r.end).max(start);
        start..end
    }

    /// First folded byte at or after source offset `off`.
    pub fn at_src(&self, off: usize) -> usize {
        self.map.partition_point(|&(s, _)| (s as usize) < off)
    }

    pub fn find_from(&self, from: usize, pat: &str) -> Option<usize> {
        let from = self.char_floor(from.min(self.s.len()));
        find_bytes(self.s.as_bytes(), pat.as_bytes(), from)
    }

    /// Largest char boundary ≤ `i`.
    pub fn char_floor(&self, mut i: usize) -> usize {
        while i > 0 && !self.s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Byte offset of the first `needle` in `hay`: a plain search anchored on
/// the needle's last byte (memchr), with no set-up cost, for the short
/// keywords and the short texts (clauses, labels, a report) of the parser.
/// `str::find` builds a two-way searcher per call, which costs more than
/// the search itself here.
#[inline]
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes(), 0)
}

/// [`find`] from byte `from` on (an offset in `hay`).
fn find_bytes(h: &[u8], n: &[u8], from: usize) -> Option<usize> {
    let Some((&last, head)) = n.split_last() else {
        return (from <= h.len()).then_some(from);
    };
    let k = head.len();
    let mut pos = from + k;
    while pos < h.len() {
        let p = pos + memchr::memchr(last, &h[pos..])?;
        // A match of a whole UTF-8 needle in UTF-8 text starts on a char
        // boundary: no check needed.
        if &h[p - k..p] == head {
            return Some(p - k);
        }
        pos = p + 1;
    }
    None
}

/// Byte offsets of the non-overlapping occurrences of `needle` in `hay`.
pub fn find_all<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        if n.is_empty() || from > h.len() {
            return None;
        }
        let i = find_bytes(h, n, from)?;
        from = i + n.len();
        Some(i)
    })
}

/// Fold a pattern the same way (for comparing labels).
pub fn fold(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\'') {
                i += 1;
                continue;
            }
        } else if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        let f = norm_char(c);
        if f == Some(c) {
            i += c.len_utf8();
            continue;
        }
        out.push_str(&s[run..i]);
        i += c.len_utf8();
        run = i;
        if let Some(f) = f {
            out.push(f);
        }
    }
    out.push_str(&s[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_quotes_and_space() {
        assert_eq!(
            fold("（二）部分公开 （区分处理的）"),
            "(二)部分公开(区分处理的)"
        );
        assert_eq!(fold("3.危及“三安全一稳定”"), "3.危及\"三安全一稳定\"");
        assert_eq!(fold("１２　３"), "123");
    }

    #[test]
    fn find_agrees_with_str_find() {
        let hay = "一、总体情况 主动公开主动公开 公开申请xx公开";
        for pat in [
            "",
            "公开",
            "主动公开",
            "xx",
            "开",
            "申请x",
            "不在",
            "一、总体情况 主动公开主动公开 公开申请xx公开!",
        ] {
            assert_eq!(find(hay, pat), hay.find(pat), "{pat}");
            let all: Vec<usize> = find_all(hay, pat).collect();
            let want: Vec<usize> = if pat.is_empty() {
                Vec::new()
            } else {
                hay.match_indices(pat).map(|(i, _)| i).collect()
            };
            assert_eq!(all, want, "{pat}");
        }
        let n = Norm::new(hay, 0..hay.len());
        let first = n.find_from(0, "公开").unwrap();
        assert_eq!(
            n.find_from(first + 3, "公开"),
            n.s[first + 3..].find("公开").map(|i| i + first + 3)
        );
        // Inside a character: from its start.
        assert_eq!(n.find_from(first + 1, "公开"), Some(first));
        assert_eq!(n.find_from(n.len() + 5, "公开"), None);
    }

    /// `Norm` and `fold` agree with the character-by-character definition,
    /// and every map entry is the source range of the character it came from.
    #[test]
    fn fast_paths_match_the_definition() {
        let pieces = [
            "一", "、", " ", "\t", "\n", "\r\n", "（", "）", "１", "2", "a", "'", "“", "”", "—",
            "·", "•", "\u{3000}", "\u{a0}", "\u{feff}", "é", "😀", "䶵", "鿿", "ꀀ", "《", "〕",
            "|", "\u{200b}",
        ];
        let mut rng = crate::testrng::Rng(0x9e3779b97f4a7c15);
        for _ in 0..400 {
            let t = rng.text(40, pieces.len() as u64, |k| pieces[k]);
            let want: String = t.chars().filter_map(norm_char).collect();
            assert_eq!(fold(&t), want, "{t:?}");
            // Pushed in two parts, as the tokenizer does.
            let cut = t
                .char_indices()
                .nth(t.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            let mut n = Norm::new(&t, 0..cut);
            n.push(&t, cut..t.len());
            assert_eq!(n.s, want, "{t:?}");
            assert_eq!(n.map.len(), n.s.len());
            let mut k = 0;
            for (i, c) in t.char_indices() {
                if let Some(f) = norm_char(c) {
                    for _ in 0..f.len_utf8() {
                        assert_eq!(n.map[k], (i as u32, (i + c.len_utf8()) as u32), "{t:?}");
                        k += 1;
                    }
                }
            }
        }
    }

    #[test]
    fn maps_back_to_source() {
        let text = "ab 一、总体\n情况 cd";
        let n = Norm::new(text, 0..text.len());
        let i = n.s.find("总体情况").unwrap();
        let r = n.src(i..i + "总体情况".len());
        assert_eq!(&text[r], "总体\n情况");
        assert_eq!(n.at_src(text.find('c').unwrap()), n.s.find('c').unwrap());
    }
}
