//! Fonts: how a shown string splits into character codes, what text each code
//! stands for, and how far each glyph advances.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{ToUnicode, utf16_to_string};
use super::encoding::{Base, glyph_name_to_char};

/// Bound on a decompressed font-related stream (a ToUnicode CMap).
const MAX_CMAP_BYTES: usize = 8 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    /// One byte per code.
    Simple,
    /// Two bytes per code, CID = code (Identity-H/V).
    Identity,
    /// Two bytes per code, the code is UTF-16BE (UniGB-UCS2-H, UniGB-UTF16-H…).
    Ucs2,
    /// GBK/EUC-CN: one byte below 0x81, else two.
    Gbk,
    /// Code lengths from the ToUnicode codespace ranges.
    Codespace,
}

#[derive(Debug)]
pub(crate) struct Font {
    coding: Coding,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: the encoding table (base + Differences).
    table: [Option<char>; 256],
    /// Advance widths in glyph space (1/1000 text space unless `scale` says).
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space → text space (0.001, or a Type3 FontMatrix).
    pub scale: f32,
    pub vertical: bool,
}

/// One decoded character code.
pub(crate) struct Code {
    pub code: u32,
    /// Bytes it took (a one-byte 32 gets word spacing).
    pub len: u8,
    pub text: Option<String>,
    /// Advance in glyph space units (multiply by `scale`).
    pub width: f32,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    match s.decompressed_content_with_limit(MAX_CMAP_BYTES) {
        Ok(v) => Some(v),
        Err(_) if s.dict.get(b"Filter").is_err() && s.content.len() <= MAX_CMAP_BYTES => {
            Some(s.content.clone())
        }
        Err(_) => None,
    }
}

impl Font {
    /// A font with nothing known about it: ASCII-ish one-byte codes.
    pub fn fallback() -> Font {
        Font {
            coding: Coding::Simple,
            to_unicode: None,
            table: Base::Standard.table(),
            widths: HashMap::new(),
            default_width: 500.0,
            scale: 0.001,
            vertical: false,
        }
    }

    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get(doc, dict, b"Subtype")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let to_unicode = get(doc, dict, b"ToUnicode")
            .filter(|o| o.as_stream().is_ok())
            .and_then(|o| stream_bytes(doc, o))
            .map(|b| ToUnicode::parse(&b))
            .filter(|c| !c.is_empty());
        if subtype == b"Type0" {
            Self::load_type0(doc, dict, to_unicode)
        } else {
            Self::load_simple(doc, dict, subtype, to_unicode)
        }
    }

    fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<ToUnicode>) -> Font {
        let enc_name = get(doc, dict, b"Encoding")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let vertical = enc_name.ends_with(b"-V");
        let mut coding = match enc_name {
            b"Identity-H" | b"Identity-V" => Coding::Identity,
            n if n.starts_with(b"UniGB-UCS2")
                || n.starts_with(b"UniGB-UTF16")
                || n.starts_with(b"UniCNS-UCS2")
                || n.starts_with(b"UniCNS-UTF16")
                || n.starts_with(b"UniJIS-UCS2")
                || n.starts_with(b"UniJIS-UTF16")
                || n.starts_with(b"UniKS-UCS2")
                || n.starts_with(b"UniKS-UTF16") =>
            {
                Coding::Ucs2
            }
            n if n.starts_with(b"GBK")
                || n.starts_with(b"GB-EUC")
                || n.starts_with(b"GBpc-EUC")
                || n.starts_with(b"GBT-EUC")
                || n.starts_with(b"GBK2K") =>
            {
                Coding::Gbk
            }
            _ => Coding::Identity,
        };
        // An embedded CMap stream as /Encoding: trust the ToUnicode codespace if any.
        if get(doc, dict, b"Encoding").is_some_and(|o| o.as_stream().is_ok())
            && to_unicode.as_ref().is_some_and(|t| !t.codespace.is_empty())
        {
            coding = Coding::Codespace;
        }
        let mut widths = HashMap::new();
        let mut default_width = 1000.0;
        let desc = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(desc) = desc {
            if let Some(dw) = get(doc, desc, b"DW").and_then(num) {
                default_width = dw;
            }
            if let Some(w) = get(doc, desc, b"W").and_then(|o| o.as_array().ok()) {
                parse_cid_widths(doc, w, &mut widths);
            }
        }
        Font {
            coding,
            to_unicode,
            table: [None; 256],
            widths,
            default_width,
            scale: 0.001,
            vertical,
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        to_unicode: Option<ToUnicode>,
    ) -> Font {
        let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        let symbolic = descriptor
            .and_then(|d| get(doc, d, b"Flags"))
            .and_then(|o| o.as_i64().ok())
            .is_some_and(|f| f & 4 != 0);
        let base_font = get(doc, dict, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let default_base = if symbolic && subtype != b"Type1"
            || base_font.starts_with(b"Symbol")
            || base_font.starts_with(b"ZapfDingbats")
        {
            Base::None
        } else if subtype == b"TrueType" {
            Base::WinAnsi
        } else {
            Base::Standard
        };
        let mut table = default_base.table();
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(b) = Base::from_name(n) {
                    table = b.table();
                }
            }
            Some(Object::Dictionary(enc)) => {
                if let Some(b) = get(doc, enc, b"BaseEncoding")
                    .and_then(|o| o.as_name().ok())
                    .and_then(Base::from_name)
                {
                    table = b.table();
                } else if default_base == Base::None {
                    // Differences on a symbolic font name real glyphs.
                    table = [None; 256];
                }
                if let Some(diffs) = get(doc, enc, b"Differences").and_then(|o| o.as_array().ok()) {
                    let mut code: i64 = 0;
                    for o in diffs {
                        match deref(doc, o) {
                            Object::Integer(i) => code = *i,
                            Object::Name(n) => {
                                if (0..256).contains(&code) {
                                    table[code as usize] = glyph_name_to_char(n);
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        let mut widths = HashMap::new();
        let first = get(doc, dict, b"FirstChar")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        if let Some(w) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
            for (i, o) in w.iter().enumerate().take(256) {
                if let Some(v) = num(deref(doc, o)) {
                    widths.insert((first + i as i64).max(0) as u32, v);
                }
            }
        }
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num)
            .filter(|w| *w > 0.0);
        let mut scale = 0.001;
        if subtype == b"Type3"
            && let Some(m) = get(doc, dict, b"FontMatrix").and_then(|o| o.as_array().ok())
            && let Some(a) = m.first().and_then(num)
            && a.is_finite()
            && a != 0.0
        {
            scale = a.abs();
        }
        let default_width = missing.unwrap_or(if scale == 0.001 { 500.0 } else { 0.5 / scale });
        Font {
            coding: Coding::Simple,
            to_unicode,
            table,
            widths,
            default_width,
            scale,
            vertical: false,
        }
    }

    /// Split a shown string into codes with their text and widths.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>) {
        out.clear();
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_len(&bytes[i..]);
            let len = len.min(bytes.len() - i).max(1);
            let code = bytes[i..i + len]
                .iter()
                .fold(0u32, |a, &b| (a << 8) | b as u32);
            let text = self.text_of(code, len as u8, &bytes[i..i + len]);
            let width = self.widths.get(&code).copied().unwrap_or_else(|| {
                if self.coding == Coding::Simple && self.widths.is_empty() && code == 32 {
                    250.0
                } else {
                    self.default_width
                }
            });
            out.push(Code {
                code,
                len: len as u8,
                text,
                width,
            });
            i += len;
        }
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        match self.coding {
            Coding::Simple => 1,
            Coding::Identity | Coding::Ucs2 => 2,
            Coding::Gbk => {
                if rest[0] >= 0x81 {
                    2
                } else {
                    1
                }
            }
            Coding::Codespace => {
                let Some(tu) = &self.to_unicode else { return 2 };
                for n in 1..=4usize {
                    if n > rest.len() {
                        break;
                    }
                    let code = rest[..n].iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                    if tu
                        .codespace
                        .iter()
                        .any(|cs| cs.len as usize == n && (cs.lo..=cs.hi).contains(&code))
                    {
                        return n;
                    }
                }
                2
            }
        }
    }

    fn text_of(&self, code: u32, len: u8, raw: &[u8]) -> Option<String> {
        if let Some(tu) = &self.to_unicode {
            if let Some(s) = tu.lookup(len, code) {
                return Some(s);
            }
            // Some writers declare 1-byte codespaces but map 2-byte codes, or the reverse.
            if len == 2
                && code < 256
                && tu.has_len(1)
                && let Some(s) = tu.lookup(1, code)
            {
                return Some(s);
            }
        }
        match self.coding {
            Coding::Simple => self.table[(code & 0xFF) as usize].map(String::from),
            Coding::Ucs2 => {
                let units: Vec<u16> = raw
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                Some(utf16_to_string(&units))
            }
            Coding::Gbk => {
                let (s, _, bad) = encoding_rs::GBK.decode(raw);
                (!bad).then(|| s.into_owned())
            }
            Coding::Identity | Coding::Codespace => None,
        }
    }
}

fn parse_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    let mut total = 0usize;
    while i < w.len() && total < 200_000 {
        let Some(first) = num(deref(doc, &w[i])) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num(deref(doc, o)) {
                        out.insert(first.saturating_add(k as u32), v);
                        total += 1;
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w
                    .get(i + 2)
                    .map(|o| deref(doc, o))
                    .and_then(num)
                    .unwrap_or(1000.0);
                let last = last.min(first.saturating_add(65_535));
                for c in first..=last {
                    out.insert(c, v);
                    total += 1;
                }
                i += 3;
            }
            None => break,
        }
    }
}
