//! PDF files → text.
//!
//! The text layer is read in-process with `lopdf`: every page's content
//! stream is interpreted into glyphs with positions and ruling
//! lines; lines are rebuilt from baselines, tables from the ruling-line grid
//! (or from aligned columns of text), and each table row comes out as one line
//! of tab-separated cells, like the other formats ([`crate::ingest`]). Page
//! numbers and running headers/footers are dropped, and a table that goes on
//! over a page break comes out as one table.
//!
//! Work is bounded ([`MAX_PAGES`], per-page and per-document operator and glyph
//! budgets, stream sizes, form nesting) and any panic inside lopdf is caught,
//! so a hostile file yields an error, never a hang or a crash.
//!
//! Debugging: `NIANBAO_PDF_DEBUG=1` prints each page's lines and tables to
//! stderr, `NIANBAO_PDF_RULES=1` its ruling lines and glyphs
//! (`cargo run --release --example pdftext -- FILE`).

mod cmap;
mod encoding;
mod font;
mod interp;
mod layout;
mod pages;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::IngestError;

/// Text rebuilt from a PDF, with the byte offset where each page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    /// `pages[i]` is the byte offset in `text` where page `i + 1` starts.
    pub pages: Vec<usize>,
    /// The rows of tables drawn with ruling lines (see [`GridRow`]).
    pub grid: Vec<super::GridRow>,
}

/// Pages beyond this are not read.
pub const MAX_PAGES: usize = 2000;
/// Bound on any one decompressed stream while loading.
const MAX_STREAM_BYTES: usize = 64 << 20;

fn err(msg: impl Into<String>) -> IngestError {
    IngestError::Pdf(msg.into())
}

/// Read the text layer of a PDF.
pub fn extract(bytes: &[u8]) -> Result<PdfText, IngestError> {
    extract_deadline(bytes, super::Deadline::NONE)
}

/// [`extract`], stopping at `deadline` (checked per page and every few
/// thousand content-stream operators).
fn extract_deadline(bytes: &[u8], deadline: super::Deadline) -> Result<PdfText, IngestError> {
    match catch_unwind(AssertUnwindSafe(|| extract_inner(bytes, deadline))) {
        Ok(r) => r,
        Err(_) => Err(err("this PDF is damaged: reading it failed")),
    }
}

fn extract_inner(bytes: &[u8], deadline: super::Deadline) -> Result<PdfText, IngestError> {
    // A download cut short loses the end-of-file marker; lopdf could rebuild
    // such a file from what is left, but half a report is worse than none.
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(err(
            "this PDF is truncated or damaged (it has no end-of-file marker): download it again",
        ));
    }
    let doc = load(bytes)?;
    deadline.check()?;
    let layouts = read_pages(&doc, deadline)?;
    deadline.check()?;
    Ok(pages::assemble(layouts))
}

fn load(bytes: &[u8]) -> Result<Document, IngestError> {
    let opts = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, opts).map_err(|e| match e {
        lopdf::Error::InvalidPassword
        | lopdf::Error::Decryption(_)
        | lopdf::Error::AlreadyEncrypted
        | lopdf::Error::UnsupportedSecurityHandler(_) => {
            err("this PDF is encrypted: it needs a password to open")
        }
        lopdf::Error::Parse(_)
        | lopdf::Error::Xref(_)
        | lopdf::Error::InvalidOffset(_)
        | lopdf::Error::MissingXrefEntry => err(format!(
            "this PDF is damaged or truncated and cannot be read ({e})"
        )),
        _ => err(format!("this PDF cannot be read: {e}")),
    })?;
    // lopdf decrypts files whose user password is empty; the others keep /Encrypt.
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(err("this PDF is encrypted: it needs a password to open"));
    }
    Ok(doc)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// An inheritable page attribute (`/Resources`, `/MediaBox`, `/CropBox`, `/Rotate`).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(o) = node.get(key) {
            return Some(deref(doc, o));
        }
        node = node
            .get(b"Parent")
            .ok()
            .map(|o| deref(doc, o))?
            .as_dict()
            .ok()?;
    }
    None
}

fn page_box(doc: &Document, page: &Dictionary) -> [f32; 4] {
    let read = |key: &[u8]| -> Option<[f32; 4]> {
        let a = inherited(doc, page, key)?.as_array().ok()?;
        if a.len() != 4 {
            return None;
        }
        let v: Vec<f32> = a
            .iter()
            .map(|o| match deref(doc, o) {
                Object::Integer(i) => *i as f32,
                Object::Real(r) => *r,
                _ => f32::NAN,
            })
            .collect();
        if v.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let b = [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ];
        (b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0).then_some(b)
    };
    read(b"CropBox")
        .or_else(|| read(b"MediaBox"))
        .unwrap_or([0.0, 0.0, 595.0, 842.0])
}

fn read_pages(
    doc: &Document,
    deadline: super::Deadline,
) -> Result<Vec<layout::PageLayout>, IngestError> {
    let page_ids: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES).collect();
    if page_ids.is_empty() {
        return Err(err(
            "this PDF has no pages (it may be damaged or truncated)",
        ));
    }
    let mut cache = interp::Cache::new(deadline);
    let mut layouts = Vec::with_capacity(page_ids.len());
    let (mut glyphs, mut unmapped) = (0usize, 0usize);
    for (i, &id) in page_ids.iter().enumerate() {
        deadline.check()?;
        let Ok(page) = doc.get_dictionary(id) else {
            layouts.push(layout::PageLayout {
                width: 595.0,
                height: 842.0,
                blocks: Vec::new(),
            });
            continue;
        };
        let bbox = page_box(doc, page);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let data = doc
            .get_page_content_with_limit(id, interp::MAX_CONTENT_BYTES)
            .unwrap_or_default();
        let mut it = interp::Interp::new(doc, &mut cache, bbox, rotate);
        it.run(&data, resources);
        let pc = it.finish();
        if cache.timed_out {
            deadline.check()?;
        }
        glyphs += pc.glyphs.len();
        unmapped += pc.unmapped;
        layouts.push(layout::layout_page(&pc, i));
    }
    if glyphs == 0 {
        if unmapped > 0 {
            return Err(err(
                "this PDF's fonts have no Unicode mapping, so its text cannot be read: OCR it first or try --pdf-engine pdftotext",
            ));
        }
        return Err(err("this PDF has no text layer: OCR it first"));
    }
    Ok(layouts)
}

/// Which reader turns a PDF into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The in-process reader (lopdf + our layout rebuild): the default.
    #[default]
    Builtin,
    /// poppler's `pdftotext -layout`, when it is on PATH.
    Pdftotext,
}

static ENGINE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Choose the PDF reader for this process (`--pdf-engine`).
pub fn set_engine(e: Engine) {
    ENGINE.store(e as u8, std::sync::atomic::Ordering::Relaxed);
}

/// The PDF reader chosen for this process.
pub fn engine() -> Engine {
    match ENGINE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Engine::Pdftotext,
        _ => Engine::Builtin,
    }
}

/// Read PDF bytes with the chosen engine.
pub fn extract_with(bytes: &[u8], e: Engine) -> Result<PdfText, IngestError> {
    extract_until(bytes, e, super::Deadline::NONE)
}

/// [`extract_with`], stopping at `deadline` (the built-in reader checks it
/// as it goes).
pub fn extract_until(
    bytes: &[u8],
    e: Engine,
    deadline: super::Deadline,
) -> Result<PdfText, IngestError> {
    match e {
        Engine::Builtin => extract_deadline(bytes, deadline),
        Engine::Pdftotext => {
            use std::io::Write;
            let mut f = tempfile::Builder::new()
                .prefix("nianbao-")
                .suffix(".pdf")
                .tempfile()
                .map_err(|e| err(format!("cannot write a temporary file for pdftotext: {e}")))?;
            f.write_all(bytes)
                .and_then(|_| f.flush())
                .map_err(|e| err(format!("cannot write a temporary file for pdftotext: {e}")))?;
            extract_with_pdftotext(f.path())
        }
    }
}

/// Read a PDF with poppler's `pdftotext -layout`, when it is installed.
pub fn extract_with_pdftotext(path: &std::path::Path) -> Result<PdfText, IngestError> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                err("pdftotext is not installed (it comes with poppler-utils); use the built-in PDF reader instead")
            } else {
                err(format!("cannot run pdftotext: {e}"))
            }
        })?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let msg = msg
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message")
            .trim();
        return Err(err(format!("pdftotext could not read this PDF: {msg}")));
    }
    let raw = String::from_utf8_lossy(&out.stdout);
    let mut text = String::with_capacity(raw.len());
    let mut pages = Vec::new();
    let parts: Vec<&str> = raw.split('\u{c}').collect();
    // pdftotext ends every page with a form feed: the last part is empty.
    let n = if parts.last().is_some_and(|p| p.trim().is_empty()) && parts.len() > 1 {
        parts.len() - 1
    } else {
        parts.len()
    };
    for part in &parts[..n] {
        pages.push(text.len());
        text.push_str(&super::sanitize(part.to_string()));
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if text.trim().is_empty() {
        return Err(err("this PDF has no text layer: OCR it first"));
    }
    Ok(PdfText {
        text,
        pages,
        grid: Vec::new(),
    })
}
