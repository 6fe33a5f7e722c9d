//! DOCX files → text.
//!
//! Reads the main document part (`word/document.xml`, or whatever
//! `_rels/.rels` names) with a streaming XML reader. Paragraphs become lines
//! (`w:br`/`w:cr` split them), each table row becomes one tab-separated line
//! with `w:gridSpan`, `w:vMerge`, `w:hMerge`, `w:gridBefore` and
//! `w:gridAfter` expanded (see [`super::grid`]); nested tables are flattened
//! into their outer cell. Inserted text (`w:ins`), content controls
//! (`w:sdt`) and text boxes (`w:txbxContent`) are read; deleted text
//! (`w:del`, `w:delText`, `w:moveFrom`), field codes (`w:instrText`) and the
//! VML fallback copy of shapes (`mc:Fallback`) are not.

use std::io::{Cursor, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::IngestError;
use super::grid::{self, Cell, Grid, Out};

/// The largest decompressed main part read (zip-bomb guard).
const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;
/// The largest `_rels/.rels` read.
const MAX_RELS: u64 = 1024 * 1024;

/// Render a DOCX file to text: see the module docs of [`crate::ingest`].
pub fn extract(bytes: &[u8]) -> Result<String, IngestError> {
    extract_rows(bytes).map(|(text, _)| text)
}

/// [`extract`], with the field layout of each table row rendered.
pub(crate) fn extract_rows(bytes: &[u8]) -> Result<(String, Vec<grid::RowLine>), IngestError> {
    extract_rows_until(bytes, super::Deadline::NONE)
}

/// [`extract_rows`], stopping at `deadline` (checked every few thousand
/// XML events).
pub(crate) fn extract_rows_until(
    bytes: &[u8],
    deadline: super::Deadline,
) -> Result<(String, Vec<grid::RowLine>), IngestError> {
    let (name, xml) = read_main_part(bytes)?;
    deadline.check()?;
    let (text, rows) = render_rows(&xml, &name, deadline)?;
    if text.trim().is_empty() {
        return Err(corrupt(
            "the DOCX file has no text (it may hold only images or a scanned page)",
        ));
    }
    Ok((text, rows))
}

fn corrupt(msg: impl Into<String>) -> IngestError {
    IngestError::Corrupt(msg.into())
}

// ---------------------------------------------------------------------------
// Container

fn read_main_part(bytes: &[u8]) -> Result<(String, String), IngestError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        corrupt(format!(
            "not a readable DOCX file: the ZIP container is damaged or truncated ({e})"
        ))
    })?;
    let name = main_part_name(&mut zip)?;
    let data = read_entry(&mut zip, &name, MAX_DOCUMENT_XML)?;
    Ok((name, decode_xml(&data)))
}

fn main_part_name<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<String, IngestError> {
    const DEFAULT: &str = "word/document.xml";
    if zip.index_for_name(DEFAULT).is_some() {
        return Ok(DEFAULT.to_string());
    }
    // The package relationships name the main part.
    if zip.index_for_name("_rels/.rels").is_some()
        && let Ok(rels) = read_entry(zip, "_rels/.rels", MAX_RELS)
        && let Some(target) = office_document_target(&decode_xml(&rels))
        && zip.index_for_name(&target).is_some()
    {
        return Ok(target);
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(DEFAULT)) {
        return Ok(n.clone());
    }
    let has = |p: &str| names.iter().any(|n| n.eq_ignore_ascii_case(p));
    let what = if has("xl/workbook.xml") {
        "an Excel workbook (.xlsx), not a Word document"
    } else if has("ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx), not a Word document"
    } else if has("mimetype") && has("content.xml") {
        "an OpenDocument file (.odt/.ods): save it as .docx"
    } else {
        "a ZIP archive without word/document.xml, not a Word document"
    };
    Err(corrupt(format!("not a DOCX file: this is {what}")))
}

/// The `Target` of the officeDocument relationship in `_rels/.rels`.
fn office_document_target(rels: &str) -> Option<String> {
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    let target = attr(&e, "Target")?;
                    let target = target.trim_start_matches("./").trim_start_matches('/');
                    return Some(target.to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn read_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, IngestError> {
    let too_big = || {
        corrupt(format!(
            "the DOCX part {name} is larger than {} MiB when decompressed; refusing to read it",
            limit / (1024 * 1024)
        ))
    };
    let mut file = zip.by_name(name).map_err(|e| {
        corrupt(format!(
            "the DOCX file is damaged: cannot open {name} inside it ({e})"
        ))
    })?;
    if file.size() > limit {
        return Err(too_big());
    }
    let cap = usize::try_from(file.size().min(8 * 1024 * 1024)).unwrap_or(0);
    let mut buf = Vec::with_capacity(cap);
    file.by_ref()
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            corrupt(format!(
                "the DOCX file is damaged: cannot decompress {name} ({e})"
            ))
        })?;
    if buf.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(buf)
}

/// XML parts are UTF-8 (rarely UTF-16 with a BOM).
fn decode_xml(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// An attribute by local name (any prefix), raw value.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

fn val_number(e: &BytesStart<'_>, max: usize) -> usize {
    grid::parse_span(attr(e, "val").as_deref(), max)
}

// ---------------------------------------------------------------------------
// Document body

/// Subtrees whose content is never shown as text.
fn is_skipped(local: &str) -> bool {
    matches!(
        local,
        "del"
            | "moveFrom"
            | "Fallback"
            | "sdtPr"
            | "sdtEndPr"
            | "pPr"
            | "rPr"
            | "tblPr"
            | "tblGrid"
            | "tblPrEx"
            | "sectPr"
            | "rt"
            | "instrText"
            | "delText"
            | "delInstrText"
            | "fldData"
            | "tcPrChange"
            | "trPrChange"
            | "tblPrChange"
            | "pPrChange"
            | "rPrChange"
            | "sectPrChange"
            | "tblGridChange"
    )
}

struct Para {
    /// Raw run text; `\n` marks a `w:br`/`w:cr`.
    text: String,
    /// Opened inside a table cell: its text goes into the cell.
    in_cell: bool,
}

#[derive(Default)]
struct RowCtx {
    cells: Vec<Cell>,
    before: usize,
    after: usize,
    deleted: bool,
}

struct CellCtx {
    parts: Vec<String>,
    span: usize,
    /// A `w:vMerge` continuation: covered by the merged cell above.
    merged: bool,
}

#[derive(Default)]
struct TableCtx {
    grid: Grid,
    row: Option<RowCtx>,
    cell: Option<CellCtx>,
    /// Depth of tables nested inside the open cell (flattened into it).
    nested: usize,
}

#[derive(Default)]
struct Renderer {
    out: Out,
    paras: Vec<Para>,
    tables: Vec<TableCtx>,
    /// Depth inside a skipped subtree (0 = not skipping).
    skip: usize,
    in_text: usize,
    in_run: usize,
    in_tr_pr: bool,
    in_tc_pr: bool,
    saw_body: bool,
}

#[cfg(test)]
fn render(xml: &str, part: &str) -> Result<String, IngestError> {
    render_rows(xml, part, super::Deadline::NONE).map(|(text, _)| text)
}

fn render_rows(
    xml: &str,
    part: &str,
    deadline: super::Deadline,
) -> Result<(String, Vec<grid::RowLine>), IngestError> {
    let mut reader = Reader::from_str(xml);
    let mut r = Renderer::default();
    let mut depth: usize = 0;
    let mut tick = 0;
    loop {
        deadline.tick(&mut tick, 4096)?;
        let event = reader.read_event().map_err(|e| {
            corrupt(format!(
                "the DOCX file is damaged: {part} is not well-formed XML (at byte {}: {e})",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                r.start(&e, false);
            }
            Event::Empty(e) => r.start(&e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                r.end(e.local_name().as_ref());
            }
            Event::Text(t) => r.text(&t.xml10_content()),
            Event::CData(t) => r.text(&t.xml10_content()),
            Event::GeneralRef(g) => {
                let s = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*g {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                    Err(_) => String::new(),
                };
                r.text(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(corrupt(format!(
            "the DOCX file is damaged: {part} ends before its elements are closed (truncated?)"
        )));
    }
    if !r.saw_body {
        return Err(corrupt(format!(
            "not a Word document: {part} has no document body (w:body)"
        )));
    }
    Ok(r.finish())
}

impl Renderer {
    fn in_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.cell.is_some())
    }

    /// The innermost table, when its structure (not a flattened nested
    /// table) is being read.
    fn table_here(&mut self) -> Option<&mut TableCtx> {
        self.tables.last_mut().filter(|t| t.nested == 0)
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        if is_skipped(name) {
            if name == "del"
                && self.in_tr_pr
                && let Some(row) = self.table_here().and_then(|t| t.row.as_mut())
            {
                row.deleted = true;
            }
            if !empty {
                self.skip = 1;
            }
            return;
        }
        match name {
            "body" => self.saw_body = true,
            "p" if !empty => {
                let in_cell = self.in_cell();
                self.paras.push(Para {
                    text: String::new(),
                    in_cell,
                });
            }
            "t" if !empty => self.in_text += 1,
            "r" if !empty => self.in_run += 1,
            "tbl" if !empty => self.start_table(),
            "tr" => {
                self.start_row();
                if empty {
                    self.end_row();
                }
            }
            "tc" => {
                self.start_cell();
                if empty {
                    self.end_cell();
                }
            }
            "trPr" if !empty => self.in_tr_pr = true,
            "tcPr" if !empty => self.in_tc_pr = true,
            "tab" | "ptab" if self.in_run > 0 => self.text_raw(" "),
            "br" | "cr" if self.in_run > 0 => self.text_raw("\n"),
            "noBreakHyphen" if self.in_run > 0 => self.text_raw("-"),
            "gridSpan" if self.in_tc_pr => {
                let n = val_number(e, grid::MAX_COLSPAN);
                if let Some(c) = self.table_here().and_then(|t| t.cell.as_mut()) {
                    c.span = n;
                }
            }
            "vMerge" if self.in_tc_pr => {
                let restart = attr(e, "val").is_some_and(|v| v == "restart");
                if let Some(c) = self.table_here().and_then(|t| t.cell.as_mut()) {
                    c.merged = !restart;
                }
            }
            "gridBefore" | "gridAfter" if self.in_tr_pr => {
                let n = val_number(e, grid::MAX_WIDTH);
                let before = name == "gridBefore";
                if let Some(row) = self.table_here().and_then(|t| t.row.as_mut()) {
                    if before {
                        row.before = n;
                    } else {
                        row.after = n;
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "p" => self.end_para(),
            "t" => self.in_text = self.in_text.saturating_sub(1),
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "tbl" => self.end_table(),
            "tr" => self.end_row(),
            "tc" => self.end_cell(),
            "trPr" => self.in_tr_pr = false,
            "tcPr" => self.in_tc_pr = false,
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip == 0 && self.in_text > 0 {
            self.text_raw(s);
        }
    }

    fn text_raw(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        } else if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            // Text outside any paragraph (malformed): keep it anyway.
            c.parts.push(s.replace('\n', " "));
        } else {
            for piece in s.split('\n') {
                self.out.line(&grid::collapse_ws(piece));
            }
        }
    }

    fn end_para(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        if p.in_cell
            && let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut())
        {
            let text = grid::collapse_ws(&p.text);
            if !text.is_empty() {
                c.parts.push(text);
            }
            return;
        }
        for piece in p.text.split('\n') {
            self.out.line(&grid::collapse_ws(piece));
        }
    }

    fn start_table(&mut self) {
        if let Some(t) = self.tables.last_mut()
            && t.cell.is_some()
        {
            t.nested += 1;
            return;
        }
        self.tables.push(TableCtx::default());
    }

    fn end_table(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if t.nested > 0 {
            t.nested -= 1;
            return;
        }
        self.end_row();
        if let Some(t) = self.tables.pop() {
            self.out.table_rows(t.grid.into_rows());
        }
    }

    fn start_row(&mut self) {
        if self.table_here().is_none() {
            return;
        }
        self.end_row();
        if let Some(t) = self.table_here() {
            t.row = Some(RowCtx::default());
        }
    }

    fn end_row(&mut self) {
        if self.table_here().is_none() {
            return;
        }
        self.end_cell();
        let Some(t) = self.table_here() else { return };
        let Some(row) = t.row.take() else { return };
        if row.deleted {
            return;
        }
        let mut cells = Vec::with_capacity(row.cells.len() + 2);
        if row.before > 0 {
            cells.push(Cell::placeholder(String::new(), row.before));
        }
        cells.extend(row.cells);
        if row.after > 0 {
            cells.push(Cell::placeholder(String::new(), row.after));
        }
        t.grid.push_row(cells);
    }

    fn start_cell(&mut self) {
        if self.table_here().is_none() {
            return;
        }
        self.end_cell();
        if let Some(t) = self.table_here() {
            t.row.get_or_insert_with(RowCtx::default);
            t.cell = Some(CellCtx {
                parts: Vec::new(),
                span: 1,
                merged: false,
            });
        }
    }

    fn end_cell(&mut self) {
        let Some(t) = self.table_here() else { return };
        let Some(cell) = t.cell.take() else { return };
        // A `w:vMerge`/`w:hMerge` continuation cell is an ordinary grid
        // position whose text (normally none) stays where it is: the text
        // of the merged cell is at its origin, covered positions are empty.
        let text = grid::collapse_ws(&cell.parts.join(" "));
        t.row
            .get_or_insert_with(RowCtx::default)
            .cells
            .push(if cell.merged && text.is_empty() {
                Cell::placeholder(text, cell.span)
            } else {
                Cell::new(text, cell.span, 1)
            });
    }

    fn finish(mut self) -> (String, Vec<grid::RowLine>) {
        while let Some(p) = self.paras.pop() {
            for piece in p.text.split('\n') {
                self.out.line(&grid::collapse_ws(piece));
            }
        }
        while !self.tables.is_empty() {
            if let Some(t) = self.tables.last_mut() {
                t.nested = 0;
            }
            self.end_table();
        }
        self.out.finish_rows()
    }
}

#[cfg(test)]
mod tests;
