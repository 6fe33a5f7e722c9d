//! Bytes → decoded, sanitised text plus what is known about its layout.
//!
//! Every later stage (parse, rules, the workbench) works on [`Document::text`]:
//! spans are byte ranges into it. HTML, DOCX and PDF files are *rendered* into
//! that text: paragraphs become lines, and each table row becomes one line of
//! tab-separated cells (the cell at the origin of a rowspan/colspan carries the
//! text; covered positions are empty), which is the same shape as the
//! "tab-separated copy" layout of plain-text reports, so one parser reads all.

mod deadline;
pub mod docx;
mod grid;
pub mod html;
pub mod pdf;

use std::fmt;

pub use deadline::Deadline;

/// The container format of a file, detected from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Decoded, sanitised text (LF line ends, no BOM, no control characters
    /// other than `\n` and `\t`). All spans point into this.
    pub text: String,
    pub format: Format,
    /// The character encoding the bytes were decoded with (`utf-8`, `gb18030`,
    /// `utf-16le`, `utf-16be`, or what chardetng guessed).
    pub encoding: &'static str,
    /// PDF only: byte offset in `text` where each page starts (page N is
    /// `pages[N-1]`). Empty for other formats.
    pub pages: Vec<usize>,
    /// Grid sources (HTML and DOCX tables, ruled PDF tables): the layout of
    /// each table row's line, in text order. Empty for plain text.
    pub grid: Vec<GridRow>,
}

/// What a grid source says about one rendered table row: which of the
/// line's tab-separated fields are source cells and which are only there to
/// keep the columns aligned. An empty source cell (`<td>&nbsp;</td>`) and a
/// position covered by a span both render as an empty field; only this tells
/// them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// Byte offset in [`Document::text`] where the row's line starts.
    pub start: usize,
    /// One entry per tab-separated field of the line.
    pub fields: Vec<GridField>,
}

/// One position of a rendered grid row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridField {
    /// A source cell starts here and spans `colspan` positions.
    Cell { colspan: u16 },
    /// No source cell starts here: covered by a rowspan or colspan, or past
    /// the row's last cell.
    Covered,
}

/// Find each rendered table row in `text` (in order; a row whose line was
/// changed on the way, e.g. by [`sanitize`], is left out and read as text).
fn attach_grid(text: &str, rows: Vec<grid::RowLine>) -> Vec<GridRow> {
    let mut out = Vec::with_capacity(rows.len());
    let mut lines = line_starts(text);
    // A row not found costs a scan to the end: after a few, stop looking
    // (the rest is read as text), so the work stays linear.
    let mut misses = 0;
    for row in rows {
        let mut probe = lines.clone();
        let found = probe.find(|&(_, l)| l == row.text);
        if found.is_none() {
            misses += 1;
            if misses > 8 {
                break;
            }
        }
        if let Some((start, line)) = found {
            if line.split('\t').count() == row.fields.len() {
                out.push(GridRow {
                    start,
                    fields: row.fields,
                });
            }
            lines = probe;
        }
    }
    out
}

/// Each line of `text` with the byte offset where it starts.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut pos = 0;
    text.split('\n').map(move |l| {
        let start = pos;
        pos += l.len() + 1;
        (start, l)
    })
}

impl Document {
    /// The 1-based page holding byte `offset`, for PDF documents.
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&p| p <= offset).max(1))
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    Empty,
    Binary(&'static str),
    /// A PDF that cannot be read: no text layer, encrypted, broken.
    Pdf(String),
    /// A zip/DOCX/HTML container that is damaged or not a report.
    Corrupt(String),
    Io(String),
    /// Reading stopped at the per-file deadline ([`Deadline`]); the budget.
    Timeout(std::time::Duration),
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Empty => write!(f, "empty file"),
            IngestError::Binary(what) => write!(f, "not a text document ({what})"),
            IngestError::Pdf(msg) => write!(f, "{msg}"),
            IngestError::Corrupt(msg) => write!(f, "{msg}"),
            IngestError::Io(msg) => write!(f, "cannot read file: {msg}"),
            IngestError::Timeout(d) => write!(f, "read timed out after {} s", secs(*d)),
        }
    }
}

impl std::error::Error for IngestError {}

/// A budget in seconds as written in messages (`10`, `0.5`).
pub fn secs(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}

/// Detect the format from the bytes and decode the document.
pub fn ingest(bytes: &[u8]) -> Result<Document, IngestError> {
    ingest_until(bytes, Deadline::NONE)
}

/// [`ingest`], stopping with [`IngestError::Timeout`] once `deadline` has
/// passed (checked at coarse intervals inside each reader).
pub fn ingest_until(bytes: &[u8], deadline: Deadline) -> Result<Document, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"%PDF-") || find_pdf_header(bytes) {
        let out = pdf::extract_until(bytes, pdf::engine(), deadline)?;
        return Ok(Document {
            text: out.text,
            format: Format::Pdf,
            encoding: "pdf",
            pages: out.pages,
            grid: out.grid,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let (text, rows) = docx::extract_rows_until(bytes, deadline)?;
        let text = sanitize(text);
        let grid = attach_grid(&text, rows);
        return Ok(Document {
            text,
            format: Format::Docx,
            encoding: "utf-8",
            pages: Vec::new(),
            grid,
        });
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(IngestError::Binary(kind));
    }
    let (raw, encoding) = if looks_like_html_bytes(bytes) {
        decode_html(bytes)
    } else {
        decode_text(bytes)?
    };
    if looks_like_html(&raw) {
        deadline.check()?;
        let (text, rows) = html::extract_rows_until(&raw, deadline)?;
        let text = sanitize(text);
        let grid = attach_grid(&text, rows);
        return Ok(Document {
            text,
            format: Format::Html,
            encoding,
            pages: Vec::new(),
            grid,
        });
    }
    deadline.check()?;
    let text = sanitize(raw);
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(Document {
        text,
        format: Format::Text,
        encoding,
        pages: Vec::new(),
        grid: Vec::new(),
    })
}

/// A PDF header somewhere in the first KiB (some files carry junk before it).
fn find_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x7fELF", "executable"),
        (b"\x1f\x8b", "gzip archive"),
        (b"Rar!", "RAR archive"),
        (b"7z\xbc\xaf", "7z archive"),
        (
            b"\xd0\xcf\x11\xe0",
            "legacy Office (.doc/.xls/.wps) file: save it as .docx",
        ),
        (b"BZh", "bzip2 archive"),
        (b"MZ", "executable"),
    ];
    for (sig, what) in SIGS {
        if bytes.starts_with(sig) {
            return Some(what);
        }
    }
    None
}

/// Decode a plain-text file: BOM, then strict UTF-8, then strict GB18030,
/// then chardetng as a last resort.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), IngestError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text =
            match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(rest) {
                Some(t) => t.into_owned(),
                None => String::from_utf8_lossy(rest).into_owned(),
            };
        return Ok((text, "utf-8"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "utf-16le")
        } else {
            (encoding_rs::UTF_16BE, "utf-16be")
        };
        let (text, _) = enc.decode_with_bom_removal(bytes);
        return Ok((text.into_owned(), name));
    }
    // NUL bytes never occur in a text report encoded in UTF-8 or GB18030;
    // a stray one is damage (it is shown as a symbol), many mean binary.
    let probe = &bytes[..bytes.len().min(64 * 1024)];
    let nuls = memchr::memchr_iter(0, probe).count();
    if nuls * 200 > probe.len() || nuls > 64 {
        return Err(IngestError::Binary("contains NUL bytes"));
    }
    // encoding_rs validates CJK text several times faster than
    // `str::from_utf8` (a quarter of ingest time on a tab report).
    if let Some(text) =
        encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((text.into_owned(), "utf-8"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_owned(), "utf-8")),
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            // Truncated in the middle of the last character.
            return Ok((String::from_utf8_lossy(bytes).into_owned(), "utf-8"));
        }
        Err(_) => {}
    }
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((text.into_owned(), "gb18030"));
    }
    // Nearly valid in one of the two: a damaged file, not another encoding.
    let bad = |t: &str| t.chars().filter(|&c| c == '\u{fffd}').count();
    let utf8 = String::from_utf8_lossy(bytes).into_owned();
    let (gb, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    let (bu, bg) = (bad(&utf8), bad(&gb));
    let (best, errors, name) = if bu <= bg {
        (utf8, bu, "utf-8")
    } else {
        (gb.into_owned(), bg, "gb18030")
    };
    if errors * 100 <= best.chars().count() {
        return Ok((best, name));
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(probe, probe.len() == bytes.len());
    let enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let (text, _, had_errors) = enc.decode(bytes);
    let text = text.into_owned();
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 20 > text.chars().count().max(1) {
            return Err(IngestError::Binary("undecodable bytes"));
        }
    }
    Ok((text, enc_name(enc)))
}

/// Our lower-case name for an encoding; GBK is reported as gb18030, its superset.
fn enc_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "GBK" | "gb18030" => "gb18030",
        "Big5" => "big5",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "windows-1252" => "windows-1252",
        "Shift_JIS" => "shift_jis",
        "EUC-KR" => "euc-kr",
        _ => "unknown",
    }
}

/// HTML: honour a declared charset, else decode like text.
fn decode_html(bytes: &[u8]) -> (String, &'static str) {
    let head = &bytes[..bytes.len().min(4096)];
    let head_lc: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let declared = find_subslice(&head_lc, b"charset").and_then(|i| {
        let rest = &head_lc[i + 7..];
        let rest = rest
            .iter()
            .position(|&b| b.is_ascii_alphanumeric())
            .map(|p| &rest[p..])?;
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(&rest[..end])
    });
    if let Some(enc) = declared
        && enc != encoding_rs::UTF_8
    {
        let (text, _, _) = enc.decode(bytes);
        return (text.into_owned(), enc_name(enc));
    }
    decode_text(bytes).unwrap_or_else(|_| {
        let (text, _, _) = encoding_rs::GB18030.decode(bytes);
        (text.into_owned(), "gb18030")
    })
}

fn find_subslice(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn looks_like_html_bytes(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if b.iter().find(|c| !c.is_ascii_whitespace()) != Some(&b'<') {
        return false;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let lc: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let start = lc
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let lc = &lc[start..];
    let lc = lc.strip_prefix(b"\xef\xbb\xbf").unwrap_or(lc);
    lc.starts_with(b"<!doctype html")
        || lc.starts_with(b"<html")
        || lc.starts_with(b"<?xml") && find_subslice(lc, b"<html").is_some()
        || (lc.starts_with(b"<") && find_subslice(lc, b"<body").is_some())
}

fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let t = &t[..t.floor_char_boundary(8192)];
    let head: String = t
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.contains("<html")
        || head.contains("<body")
        || head.contains("<table")
        || head.starts_with("<p")
        || head.starts_with("<div")
}

/// Make decoded text safe to show in a terminal and to index by line:
/// CRLF and lone CR become LF, a leading BOM is dropped, and every other C0
/// control (except TAB and LF), DEL and every C1 control becomes a visible
/// symbol, so no byte of the document can reach the terminal as a command.
pub fn sanitize(owned: String) -> String {
    let bom = owned.starts_with('\u{feff}');
    if !bom && is_clean(owned.as_bytes()) {
        return owned;
    }
    let s = owned.strip_prefix('\u{feff}').unwrap_or(&owned);
    if is_clean(s.as_bytes()) {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    // Runs of characters that stay as they are are copied whole (a CRLF
    // report is one run per line); only where `look` stops is a character
    // decoded. Every byte `look` stops at starts a character.
    while i < b.len() {
        let j = b[i..]
            .iter()
            .position(|&c| look(c))
            .map_or(b.len(), |k| i + k);
        out.push_str(&s[i..j]);
        let Some(c) = s[j..].chars().next() else {
            break;
        };
        i = j + c.len_utf8();
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push('\n');
            }
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            // Bidirectional overrides can reorder what a reviewer sees.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            _ => out.push(c),
        }
    }
    out
}

/// Bytes that need a closer look in [`sanitize`]: C0 but TAB/LF, DEL, and
/// the lead bytes of C1 (C2) and of the bidi/line-separator block (E2).
/// Branch-free, so [`is_clean`] tests a chunk of 32 bytes at once
/// (vectorised).
#[inline]
fn look(c: u8) -> bool {
    (c < 0x20 && c != b'\n' && c != b'\t') | (c == 0x7f) | (c == 0xc2) | (c == 0xe2)
}

/// Nothing for [`sanitize`] to change? (A byte scan: C0 but TAB/LF, DEL,
/// C1 (C2 80–9F), U+2028/2029 and the bidi overrides (E2 80 A8–AE, E2 81 A6–A9).)
fn is_clean(b: &[u8]) -> bool {
    let mut start = 0;
    for chunk in b.chunks(32) {
        if chunk.iter().fold(false, |a, &c| a | look(c)) {
            for (k, &c) in chunk.iter().enumerate() {
                if !look(c) {
                    continue;
                }
                let at = start + k;
                match c {
                    0xc2 => {
                        if b.get(at + 1).is_some_and(|&n| (0x80..=0x9f).contains(&n)) {
                            return false;
                        }
                    }
                    0xe2 => match (b.get(at + 1), b.get(at + 2)) {
                        (Some(0x80), Some(0xa8..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => {
                            return false;
                        }
                        _ => {}
                    },
                    _ => return false,
                }
            }
        }
        start += chunk.len();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_clean_matches_its_definition_across_chunks() {
        let dirty = |s: &str| {
            s.chars().any(|c| {
                matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}'
                    | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
            })
        };
        let pieces = [
            "政", "府", "a", "\n", "\t", "“", "—", "\u{a0}", "\u{85}", "\u{1b}", "\r", "\u{7f}",
            "\u{202e}", "\u{2028}", "\u{2067}", "\u{2066}", "\u{2070}", "é",
        ];
        let mut rng = crate::testrng::Rng(0x2545f4914f6cdd1d);
        for _ in 0..2000 {
            // Mostly clean text, so dirt lands at every offset of a chunk.
            let t = rng.text(50, 97, |k| pieces.get(k).copied().unwrap_or("信"));
            assert_eq!(is_clean(t.as_bytes()), !dirty(&t), "{t:?}");
        }
    }

    /// The run-copying `sanitize` is the character-by-character rewrite it
    /// replaced.
    #[test]
    fn sanitize_is_the_rewrite_of_each_character() {
        fn reference(owned: &str) -> String {
            let s = owned.strip_prefix('\u{feff}').unwrap_or(owned);
            let mut out = String::new();
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        out.push('\n');
                    }
                    '\n' | '\t' => out.push(c),
                    '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap()),
                    '\u{7f}' => out.push('\u{2421}'),
                    '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                        out.push('\u{fffd}')
                    }
                    '\u{2028}' | '\u{2029}' => out.push('\n'),
                    _ => out.push(c),
                }
            }
            out
        }
        let pieces = [
            "政", "\r\n", "a", "\n", "\t", "“", "—", "\u{a0}", "\u{85}", "\u{1b}", "\r", "\u{7f}",
            "\u{202e}", "\u{2028}", "\u{2067}", "\u{feff}", "\u{2070}", "é", "\0",
        ];
        let mut rng = crate::testrng::Rng(0x9e3779b97f4a7c15);
        for _ in 0..2000 {
            let t = rng.text(40, 60, |k| pieces.get(k).copied().unwrap_or("信"));
            assert_eq!(sanitize(t.clone()), reference(&t), "{t:?}");
        }
    }

    #[test]
    fn sanitize_replaces_escape_sequences() {
        let s = sanitize("a\x1b]0;pwned\x07b\r\nc\rd\u{9b}e".to_string());
        assert!(!s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        assert_eq!(s, "a\u{241b}]0;pwned\u{2407}b\nc\nd\u{fffd}e");
    }

    #[test]
    fn decodes_gb18030_and_bom() {
        let (gb, _, _) = encoding_rs::GB18030.encode("政府信息公开工作年度报告");
        let (text, enc) = decode_text(&gb).unwrap();
        assert_eq!(enc, "gb18030");
        assert_eq!(text, "政府信息公开工作年度报告");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("年度报告".as_bytes());
        assert_eq!(
            decode_text(&bom).unwrap(),
            ("年度报告".to_string(), "utf-8")
        );
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "报告 1".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let doc = ingest(&b).unwrap();
        assert_eq!(doc.text, "报告 1");
        assert_eq!(doc.encoding, "utf-16le");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(ingest(b"").unwrap_err(), IngestError::Empty);
        assert_eq!(ingest(b"  \n\t ").unwrap_err(), IngestError::Empty);
        assert!(matches!(
            ingest(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(IngestError::Binary(_))
        ));
        assert!(matches!(ingest(b"abc\0def"), Err(IngestError::Binary(_))));
        assert!(ingest(format!("{}\0", "年度报告".repeat(100)).as_bytes()).is_ok());
    }
}
