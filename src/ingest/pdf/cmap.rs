//! `ToUnicode` CMaps: character codes → Unicode text.
//!
//! Reads the `begincodespacerange`, `beginbfchar` and `beginbfrange` sections
//! of a CMap program (PDF 32000-1, 9.10.3). Destinations are UTF-16BE strings
//! (surrogate pairs and multi-character ligatures included); a `bfrange` may map
//! to one start string (incremented along the range) or to an array of strings.

use std::collections::HashMap;

/// Ranges longer than this stay as ranges instead of being expanded.
const EXPAND_LIMIT: u32 = 512;
/// Bound on the entries one CMap may define, against hostile files.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodeSpace {
    pub lo: u32,
    pub hi: u32,
    pub len: u8,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct ToUnicode {
    pub codespace: Vec<CodeSpace>,
    /// (code length in bytes, code) → text.
    map: HashMap<(u8, u32), String>,
    /// Long ranges: (len, lo, hi, first destination as UTF-16 units).
    ranges: Vec<(u8, u32, u32, Vec<u16>)>,
}

impl ToUnicode {
    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.ranges.is_empty()
    }

    /// The text of `code` read with `len` bytes.
    pub fn lookup(&self, len: u8, code: u32) -> Option<String> {
        if let Some(s) = self.map.get(&(len, code)) {
            return Some(s.clone());
        }
        for (l, lo, hi, dst) in self.ranges.iter().rev() {
            if *l == len && (*lo..=*hi).contains(&code) {
                return Some(utf16_to_string(&increment(dst, code - lo)));
            }
        }
        None
    }

    /// Whether some mapping uses codes of `len` bytes.
    pub fn has_len(&self, len: u8) -> bool {
        self.map.keys().any(|(l, _)| *l == len) || self.ranges.iter().any(|r| r.0 == len)
    }

    pub fn parse(data: &[u8]) -> ToUnicode {
        let mut cmap = ToUnicode::default();
        let toks = tokenize(data);
        let mut i = 0;
        let mut entries = 0usize;
        while i < toks.len() && entries < MAX_ENTRIES {
            match &toks[i] {
                Tok::Kw(k) if k == b"begincodespacerange" => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(lo), Tok::Hex(hi)) => {
                                if let (Some(l), Some(h)) = (code_of(lo), code_of(hi)) {
                                    cmap.codespace.push(CodeSpace {
                                        lo: l,
                                        hi: h,
                                        len: lo.len().clamp(1, 4) as u8,
                                    });
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Kw(k) if k == b"beginbfchar" => {
                    i += 1;
                    while i + 1 < toks.len() {
                        let (Tok::Hex(src), dst) = (&toks[i], &toks[i + 1]) else {
                            break;
                        };
                        let text = match dst {
                            Tok::Hex(d) => Some(utf16_to_string(&bytes_to_units(d))),
                            Tok::Name(n) => {
                                super::encoding::glyph_name_to_char(n).map(String::from)
                            }
                            _ => break,
                        };
                        if let (Some(code), Some(text)) = (code_of(src), text) {
                            cmap.map.insert((src.len() as u8, code), text);
                            entries += 1;
                        }
                        i += 2;
                    }
                }
                Tok::Kw(k) if k == b"beginbfrange" => {
                    i += 1;
                    while i + 2 < toks.len() {
                        let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                            break;
                        };
                        let (Some(l), Some(h)) = (code_of(lo), code_of(hi)) else {
                            i += 3;
                            continue;
                        };
                        let len = lo.len() as u8;
                        match &toks[i + 2] {
                            Tok::Hex(d) => {
                                let units = bytes_to_units(d);
                                if h >= l {
                                    if h - l < EXPAND_LIMIT {
                                        for k in 0..=(h - l) {
                                            let text = utf16_to_string(&increment(&units, k));
                                            cmap.map.insert((len, l + k), text);
                                        }
                                        entries += (h - l) as usize + 1;
                                    } else {
                                        cmap.ranges.push((len, l, h, units));
                                        entries += 1;
                                    }
                                }
                                i += 3;
                            }
                            Tok::ArrOpen => {
                                let mut j = i + 3;
                                let mut k = 0u32;
                                while j < toks.len() {
                                    match &toks[j] {
                                        Tok::Hex(d) => {
                                            if l.checked_add(k).is_some_and(|c| c <= h) {
                                                let text = utf16_to_string(&bytes_to_units(d));
                                                cmap.map.insert((len, l + k), text);
                                                entries += 1;
                                            }
                                            k += 1;
                                        }
                                        Tok::ArrClose => break,
                                        _ => {}
                                    }
                                    j += 1;
                                }
                                i = j + 1;
                            }
                            _ => break,
                        }
                    }
                }
                _ => i += 1,
            }
        }
        cmap
    }
}

/// Add `k` to the last UTF-16 unit of `dst` (with carry), as bfrange wants.
fn increment(dst: &[u16], k: u32) -> Vec<u16> {
    let mut out = dst.to_vec();
    if out.is_empty() {
        return out;
    }
    // A lone surrogate pair destination: increment the scalar value.
    if out.len() == 2 && (0xD800..0xDC00).contains(&out[0]) {
        let c =
            0x10000 + (((out[0] as u32) - 0xD800) << 10) + ((out[1] as u32).wrapping_sub(0xDC00));
        let c = c + k;
        let c = c - 0x10000;
        return vec![
            0xD800 + ((c >> 10) & 0x3FF) as u16,
            0xDC00 + (c & 0x3FF) as u16,
        ];
    }
    let last = out.len() - 1;
    let v = out[last] as u32 + k;
    out[last] = (v & 0xFFFF) as u16;
    if v > 0xFFFF && last > 0 {
        out[last - 1] = out[last - 1].wrapping_add((v >> 16) as u16);
    }
    out
}

fn bytes_to_units(b: &[u8]) -> Vec<u16> {
    if b.len() == 1 {
        return vec![b[0] as u16];
    }
    b.chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect()
}

pub(crate) fn utf16_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

fn code_of(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    Some(b.iter().fold(0u32, |a, &x| (a << 8) | x as u32))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Name(Vec<u8>),
    Kw(Vec<u8>),
    ArrOpen,
    ArrClose,
    Other,
}

fn tokenize(d: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < d.len() {
        let c = d[i];
        match c {
            b'%' => {
                while i < d.len() && d[i] != b'\n' && d[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if d.get(i + 1) == Some(&b'<') => {
                out.push(Tok::Other);
                i += 2;
            }
            b'>' if d.get(i + 1) == Some(&b'>') => {
                out.push(Tok::Other);
                i += 2;
            }
            b'<' => {
                let mut j = i + 1;
                let mut nibbles = Vec::new();
                while j < d.len() && d[j] != b'>' {
                    if let Some(v) = (d[j] as char).to_digit(16) {
                        nibbles.push(v as u8);
                    }
                    j += 1;
                }
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                out.push(Tok::Hex(
                    nibbles.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
                ));
                i = j + 1;
            }
            b'[' => {
                out.push(Tok::ArrOpen);
                i += 1;
            }
            b']' => {
                out.push(Tok::ArrClose);
                i += 1;
            }
            b'(' => {
                // Literal strings only appear in the CMap header: skip them.
                let mut depth = 0;
                while i < d.len() {
                    match d[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                out.push(Tok::Other);
                i += 1;
            }
            b'/' => {
                let j = word_end(d, i + 1);
                out.push(Tok::Name(d[i + 1..j].to_vec()));
                i = j;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let j = word_end(d, i).max(i + 1);
                out.push(Tok::Kw(d[i..j].to_vec()));
                i = j;
            }
        }
    }
    out
}

fn word_end(d: &[u8], mut j: usize) -> usize {
    while j < d.len() && !d[j].is_ascii_whitespace() && !b"<>[]()/{}%".contains(&d[j]) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bfchar_bfrange_arrays_and_surrogates() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <5E74>
<0011> <D840DC00>
endbfchar
3 beginbfrange
<0020> <0022> <4E00>
<0030> <0032> [<0041> <00660069> <0043>]
<1000> <FFFF> <0100>
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";
        let c = ToUnicode::parse(src);
        assert_eq!(
            c.codespace,
            vec![CodeSpace {
                lo: 0,
                hi: 0xFFFF,
                len: 2
            }]
        );
        assert_eq!(c.lookup(2, 3).as_deref(), Some(" "));
        assert_eq!(c.lookup(2, 0x10).as_deref(), Some("年"));
        assert_eq!(c.lookup(2, 0x11).as_deref(), Some("\u{20000}"));
        assert_eq!(c.lookup(2, 0x22).as_deref(), Some("丂"));
        assert_eq!(c.lookup(2, 0x31).as_deref(), Some("fi"));
        assert_eq!(c.lookup(2, 0x32).as_deref(), Some("C"));
        assert_eq!(c.lookup(2, 0x1001).as_deref(), Some("ā"));
        assert_eq!(c.lookup(2, 0x33), None);
        assert_eq!(c.lookup(1, 0x10), None);
    }
}
