//! `nianbao check --format json` and `--format jsonl`: the contract of
//! OUTPUT.md (version 1).
//!
//! Reports, cells and findings are serialised straight into the writer
//! (`serde::Serialize` over the parsed report: no intermediate
//! `serde_json::Value` or string per cell). Compact by default, pretty on a
//! terminal or with `--pretty`.
//!
//! `jsonl` is one JSON object per line, each `{"type": …, "data": …}` (as
//! `rg --json` streams), so a consumer reads a batch while it is checked:
//!
//! - `begin`: `{"version": 1}`, first;
//! - `report`: exactly one element of the JSON document's `reports`, in the
//!   same order, with the findings of that report alone, written as soon as
//!   the report is checked;
//! - `finding`: `{"path", "finding"}`, a finding that needs the whole batch
//!   (X07 across agencies), after all reports; appended to that report's
//!   `findings` it gives the JSON document's list;
//! - `pair`: exactly one element of `pairs`, in the same order;
//! - `end`: `{"reports", "findings", "pairs"}`, the counts of lines above.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value as J, json};

use crate::batch::Entry;
use crate::model::{Cell, CellState, Report, Value};
use crate::rules::Finding;

pub const VERSION: u64 = 1;

/// A finding as a JSON value (for `diff --format json`).
pub fn finding(f: &Finding) -> J {
    json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "status": f.status.as_str(),
        "message": f.message,
        "cells": f.cells,
        "lines": f.lines,
    })
}

/// A cell's number: integers as integers, decimals as JSON floats, `null`
/// for a decimal JSON cannot hold.
struct Num(Value);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Int(i) => s.serialize_i64(i),
            Value::Dec(_) => {
                let f = self.0.as_f64();
                if f.is_finite() {
                    s.serialize_f64(f)
                } else {
                    s.serialize_unit()
                }
            }
        }
    }
}

/// One finding.
pub struct FindingJ<'a>(pub &'a Finding);

impl Serialize for FindingJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("rule", f.rule)?;
        m.serialize_entry("severity", f.severity.as_str())?;
        m.serialize_entry("status", f.status.as_str())?;
        m.serialize_entry("message", &f.message)?;
        m.serialize_entry("cells", &f.cells)?;
        m.serialize_entry("lines", &f.lines)?;
        m.end()
    }
}

struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(FindingJ))
    }
}

/// One cell: `value`, `raw`, `state`, `line`, then `unit`, `candidates`
/// and `note` when there are any.
struct CellJ<'a>(&'a Report, usize);

impl Serialize for CellJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, c) = (self.0, &self.0.cells[self.1]);
        let raw = raw_of(r, c);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("value", &c.number().map(Num))?;
        m.serialize_entry("raw", raw)?;
        m.serialize_entry("state", c.state.as_str())?;
        m.serialize_entry("line", &c.span.map(|sp| sp.line))?;
        if let Some(u) = c.unit.get() {
            m.serialize_entry("unit", u)?;
        }
        if !c.candidates().is_empty() {
            struct Cands<'a>(&'a [Value]);
            impl Serialize for Cands<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let mut q = s.serialize_seq(Some(self.0.len()))?;
                    for &v in self.0 {
                        q.serialize_element(&Num(v))?;
                    }
                    q.end()
                }
            }
            m.serialize_entry("candidates", &Cands(c.candidates()))?;
        }
        if let Some(note) = r.note(self.1, false) {
            m.serialize_entry("note", &note)?;
        }
        m.end()
    }
}

/// The `raw` of a cell: its source characters, none for an unparsed one.
fn raw_of<'a>(r: &'a Report, c: &Cell) -> &'a str {
    match (c.state, c.span) {
        (CellState::Unparsed, _) => "",
        (_, Some(sp)) => r.raw(&sp),
        _ => "",
    }
}

struct Cells<'a>(&'a Report);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let keys = &r.schema().keys;
        let mut m = s.serialize_map(Some(r.cells.len()))?;
        for (i, key) in keys.iter().enumerate().take(r.cells.len()) {
            m.serialize_entry(key, &CellJ(r, i))?;
        }
        m.end()
    }
}

/// One element of `reports`.
pub struct ReportJ<'a>(pub &'a Entry);

impl Serialize for ReportJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let path = e.path.to_string_lossy();
        let mut m = s.serialize_map(Some(12))?;
        m.serialize_entry("path", &path)?;
        m.serialize_entry("sha256", &e.sha256)?;
        match &e.report {
            Err(msg) => {
                m.serialize_entry("format", &())?;
                m.serialize_entry("encoding", &())?;
                m.serialize_entry("agency", &())?;
                m.serialize_entry("year", &())?;
                m.serialize_entry("template", "none")?;
                m.serialize_entry("period", &())?;
                m.serialize_entry("cells", &Cells0)?;
                m.serialize_entry("findings", &Findings(&[]))?;
                m.serialize_entry("error", msg)?;
            }
            Ok(r) => {
                m.serialize_entry("format", r.doc.format.as_str())?;
                m.serialize_entry("encoding", r.doc.encoding)?;
                m.serialize_entry("agency", &r.agency)?;
                m.serialize_entry("year", &r.year)?;
                m.serialize_entry("template", r.template.as_str())?;
                m.serialize_entry("period", &r.period.as_ref().and_then(|p| p.iso()))?;
                m.serialize_entry("layout", r.layout.as_str())?;
                m.serialize_entry("cells", &Cells(r))?;
                m.serialize_entry("findings", &Findings(&e.findings))?;
                m.serialize_entry("error", &())?;
            }
        }
        m.end()
    }
}

/// `{}`.
struct Cells0;

impl Serialize for Cells0 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_map(Some(0))?.end()
    }
}

/// One element of `pairs`.
pub struct PairJ<'a>(pub &'a [Entry], pub &'a crate::compare::Pair);

impl Serialize for PairJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (entries, p) = (self.0, self.1);
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("agency", &p.agency)?;
        m.serialize_entry("earlier", &entries[p.earlier].path.to_string_lossy())?;
        m.serialize_entry("later", &entries[p.later].path.to_string_lossy())?;
        m.serialize_entry("findings", &Findings(&p.findings))?;
        m.end()
    }
}

/// The pairs of a batch, as the document's `pairs` array.
struct Pairs<'a>(&'a [Entry], &'a [crate::compare::Pair]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|p| PairJ(self.0, p)))
    }
}

/// The document `{"version", "reports", "pairs"}`, serialised as it is
/// written.
pub struct Document<'a> {
    pub entries: &'a [Entry],
    pub pairs: &'a [crate::compare::Pair],
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Reports<'a>(&'a [Entry]);
        impl Serialize for Reports<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(ReportJ))
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("version", &VERSION)?;
        m.serialize_entry("reports", &Reports(self.entries))?;
        m.serialize_entry("pairs", &Pairs(self.entries, self.pairs))?;
        m.end()
    }
}

fn io_err(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(k) => io::Error::from(k),
        None => io::Error::other(e),
    }
}

/// Write the JSON document and a newline.
pub fn write_document(
    out: &mut impl Write,
    entries: &[Entry],
    pairs: &[crate::compare::Pair],
    pretty: bool,
) -> io::Result<()> {
    if pretty {
        let doc = Document { entries, pairs };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io_err)?;
    } else {
        write_compact(out, entries, pairs, 256)?;
    }
    writeln!(out)
}

/// The compact document, byte for byte what `serde_json::to_writer` of a
/// [`Document`] writes, with the reports serialised on every core: `window`
/// reports at a time are turned into bytes in parallel, then written in
/// order (the memory held is one window's JSON, not the document's).
fn write_compact(
    out: &mut impl Write,
    entries: &[Entry],
    pairs: &[crate::compare::Pair],
    window: usize,
) -> io::Result<()> {
    use rayon::prelude::*;
    write!(out, "{{\"version\":{VERSION},\"reports\":[")?;
    let per_task = window
        .div_ceil(4 * rayon::current_num_threads().max(1))
        .max(1);
    let window = window.max(1);
    for (w, part) in entries.chunks(window).enumerate() {
        let bufs: Vec<Vec<u8>> = part
            .par_chunks(per_task)
            .enumerate()
            .map(|(t, chunk)| {
                let mut buf = Vec::with_capacity(chunk.len() * 16 * 1024);
                for (j, e) in chunk.iter().enumerate() {
                    if w * window + t * per_task + j > 0 {
                        buf.push(b',');
                    }
                    compact_report(&mut buf, e)?;
                }
                Ok(buf)
            })
            .collect::<io::Result<_>>()?;
        for b in bufs {
            out.write_all(&b)?;
        }
    }
    out.write_all(b"],\"pairs\":")?;
    serde_json::to_writer(&mut *out, &Pairs(entries, pairs)).map_err(io_err)?;
    out.write_all(b"}")
}

/// `serde_json::to_writer` of one value onto `buf`.
fn put<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *buf, v).map_err(io_err)
}

/// A JSON string onto `buf`, as `serde_json` writes it: copied as it is
/// when nothing in it needs escaping (a cell's raw text nearly always).
fn put_str(buf: &mut Vec<u8>, s: &str) -> io::Result<()> {
    // What serde_json escapes: control characters, quote, backslash.
    if !s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        return put(buf, s);
    }
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
    Ok(())
}

/// One report, compact: byte for byte what `serde_json::to_writer` of its
/// [`ReportJ`] writes (tested), with the frame and the cells, most of the
/// bytes, written directly rather than entry by entry through serde.
fn compact_report(buf: &mut Vec<u8>, e: &Entry) -> io::Result<()> {
    let Ok(r) = &e.report else {
        return put(buf, &ReportJ(e));
    };
    buf.extend_from_slice(b"{\"path\":");
    put(buf, &e.path.to_string_lossy())?;
    buf.extend_from_slice(b",\"sha256\":");
    put(buf, &e.sha256)?;
    buf.extend_from_slice(b",\"format\":");
    put(buf, r.doc.format.as_str())?;
    buf.extend_from_slice(b",\"encoding\":");
    put(buf, r.doc.encoding)?;
    buf.extend_from_slice(b",\"agency\":");
    put(buf, &r.agency)?;
    buf.extend_from_slice(b",\"year\":");
    put(buf, &r.year)?;
    buf.extend_from_slice(b",\"template\":");
    put(buf, r.template.as_str())?;
    buf.extend_from_slice(b",\"period\":");
    put(buf, &r.period.as_ref().and_then(|p| p.iso()))?;
    buf.extend_from_slice(b",\"layout\":");
    put(buf, r.layout.as_str())?;
    buf.extend_from_slice(b",\"cells\":{");
    for (i, key) in cell_keys(r.template).iter().enumerate().take(r.cells.len()) {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(key);
        compact_cell(buf, r, i)?;
    }
    buf.extend_from_slice(b"},\"findings\":");
    put(buf, &Findings(&e.findings))?;
    buf.extend_from_slice(b",\"error\":null}");
    Ok(())
}

/// The template's cell keys as JSON, each with its colon (`"t1.x.y":`),
/// serialised once per run.
fn cell_keys(t: crate::schema::Template) -> &'static [Box<[u8]>] {
    use crate::schema::Template;
    use std::sync::OnceLock;
    static KEYS: [OnceLock<Vec<Box<[u8]>>>; 3] = [const { OnceLock::new() }; 3];
    let slot = match t {
        Template::T2019 => 0,
        Template::T2021 => 1,
        Template::None => 2,
    };
    KEYS[slot].get_or_init(|| {
        let keys = &crate::schema::schema(t).keys;
        keys.iter()
            .map(|k| {
                let mut b = serde_json::to_vec(k).unwrap_or_default();
                b.push(b':');
                b.into_boxed_slice()
            })
            .collect()
    })
}

/// One cell, compact: as [`CellJ`] serialises it.
fn compact_cell(buf: &mut Vec<u8>, r: &Report, i: usize) -> io::Result<()> {
    let c = &r.cells[i];
    buf.extend_from_slice(b"{\"value\":");
    match c.number() {
        Some(v) => put(buf, &Num(v))?,
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"raw\":");
    put_str(buf, raw_of(r, c))?;
    buf.extend_from_slice(match c.state {
        CellState::Number => b",\"state\":\"number\"",
        CellState::Blank => b",\"state\":\"blank\"",
        CellState::Unparsed => b",\"state\":\"unparsed\"",
        CellState::Ambiguous => b",\"state\":\"ambiguous\"",
    });
    buf.extend_from_slice(b",\"line\":");
    match c.span {
        Some(sp) => put(buf, &sp.line)?,
        None => buf.extend_from_slice(b"null"),
    }
    if let Some(u) = c.unit.get() {
        buf.extend_from_slice(b",\"unit\":");
        put(buf, u)?;
    }
    if !c.candidates().is_empty() {
        buf.extend_from_slice(b",\"candidates\":[");
        for (k, &v) in c.candidates().iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            put(buf, &Num(v))?;
        }
        buf.push(b']');
    }
    if let Some(note) = r.note(i, false) {
        buf.extend_from_slice(b",\"note\":");
        put(buf, &note)?;
    }
    buf.push(b'}');
    Ok(())
}

/// One `jsonl` line: `{"type": kind, "data": data}` and a newline.
pub fn write_line(out: &mut impl Write, kind: &str, data: &impl Serialize) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a, T> {
        r#type: &'a str,
        data: &'a T,
    }
    serde_json::to_writer(&mut *out, &Line { r#type: kind, data }).map_err(io_err)?;
    out.write_all(b"\n")
}

/// The `finding` line's data: a batch-level finding of one report.
#[derive(Serialize)]
pub struct PathFinding<'a> {
    pub path: &'a str,
    pub finding: FindingJ<'a>,
}

/// The `end` line's data.
#[derive(Serialize)]
pub struct End {
    pub reports: usize,
    pub findings: usize,
    pub pairs: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Number};

    // The reference: each report built as a `serde_json::Value`, as before
    // serialising straight into the writer.

    fn number(v: Value) -> J {
        match v {
            Value::Int(i) => J::Number(i.into()),
            Value::Dec(_) => Number::from_f64(v.as_f64())
                .map(J::Number)
                .unwrap_or(J::Null),
        }
    }

    fn cells(r: &Report) -> J {
        let s = r.schema();
        let mut m = Map::new();
        for (i, c) in r.cells.iter().enumerate() {
            let raw = match (c.state, c.span) {
                (CellState::Unparsed, _) => String::new(),
                (_, Some(sp)) => r.raw(&sp).to_string(),
                _ => String::new(),
            };
            let mut o = Map::new();
            o.insert("value".into(), c.number().map(number).unwrap_or(J::Null));
            o.insert("raw".into(), J::String(raw));
            o.insert("state".into(), J::String(c.state.as_str().into()));
            o.insert(
                "line".into(),
                c.span.map(|sp| J::from(sp.line)).unwrap_or(J::Null),
            );
            if let Some(u) = c.unit.get() {
                o.insert("unit".into(), J::String(u.into()));
            }
            if !c.candidates().is_empty() {
                o.insert(
                    "candidates".into(),
                    J::Array(c.candidates().iter().map(|&v| number(v)).collect()),
                );
            }
            if let Some(note) = r.note(i, false) {
                o.insert("note".into(), J::String(note));
            }
            m.insert(s.keys[i].clone(), J::Object(o));
        }
        J::Object(m)
    }

    fn report(e: &Entry) -> J {
        let path = e.path.to_string_lossy().to_string();
        match &e.report {
            Err(msg) => json!({
                "path": path,
                "sha256": e.sha256,
                "format": null,
                "encoding": null,
                "agency": null,
                "year": null,
                "template": "none",
                "period": null,
                "cells": {},
                "findings": [],
                "error": msg,
            }),
            Ok(r) => {
                let mut o = Map::new();
                o.insert("path".into(), J::String(path));
                o.insert("sha256".into(), J::String(e.sha256.clone()));
                o.insert("format".into(), J::String(r.doc.format.as_str().into()));
                o.insert("encoding".into(), J::String(r.doc.encoding.into()));
                o.insert(
                    "agency".into(),
                    r.agency.clone().map(J::String).unwrap_or(J::Null),
                );
                o.insert("year".into(), r.year.map(J::from).unwrap_or(J::Null));
                o.insert("template".into(), J::String(r.template.as_str().into()));
                o.insert(
                    "period".into(),
                    r.period
                        .as_ref()
                        .and_then(|p| p.iso())
                        .map(|[a, b]| json!([a, b]))
                        .unwrap_or(J::Null),
                );
                o.insert("layout".into(), J::String(r.layout.as_str().into()));
                o.insert("cells".into(), cells(r));
                o.insert(
                    "findings".into(),
                    J::Array(e.findings.iter().map(finding).collect()),
                );
                o.insert("error".into(), J::Null);
                J::Object(o)
            }
        }
    }

    fn pair(entries: &[Entry], p: &crate::compare::Pair) -> J {
        json!({
            "agency": p.agency,
            "earlier": entries[p.earlier].path.to_string_lossy(),
            "later": entries[p.later].path.to_string_lossy(),
            "findings": p.findings.iter().map(finding).collect::<Vec<_>>(),
        })
    }

    fn document(entries: &[Entry], pairs: &[crate::compare::Pair]) -> J {
        json!({
            "version": VERSION,
            "reports": entries.iter().map(report).collect::<Vec<_>>(),
            "pairs": pairs.iter().map(|p| pair(entries, p)).collect::<Vec<_>>(),
        })
    }

    fn samples() -> (Vec<Entry>, Vec<crate::compare::Pair>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let (files, _) = crate::batch::collect(&[dir]);
        let sel = crate::rules::Selection::default();
        let mut entries = crate::batch::load_all(&files, &sel);
        // Glued digits ("31112" over three cells): ambiguous cells, with
        // candidates and a note; a path that needs escaping.
        let glued = "示例县商务局2023年政府信息公开工作年度报告 一、总体情况 统计期限为2023年1月1日至2023年12月31日。二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件31112第二十条第（五）项信息内容本年处理决定数量行政许可45 五、存在的主要问题及改进情况 无。";
        let doc = crate::ingest::ingest(glued.as_bytes()).unwrap();
        entries.push(Entry {
            path: "a \"quoted\"\\ name\n.txt".into(),
            sha256: "0".repeat(64),
            report: Ok(crate::parse::parse(doc)),
            findings: Vec::new(),
        });
        entries.push(Entry {
            path: "missing.txt".into(),
            sha256: String::new(),
            report: Err("无法读取".into()),
            findings: Vec::new(),
        });
        assert!(entries.len() >= 7);
        let pairs = crate::batch::pair_up(&mut entries, &sel);
        assert!(!pairs.is_empty());
        (entries, pairs)
    }

    /// Compact and pretty output are byte for byte the reference value's.
    #[test]
    fn document_equals_the_value() {
        let (entries, pairs) = samples();
        let whole = document(&entries, &pairs);
        let mut compact = Vec::new();
        write_document(&mut compact, &entries, &pairs, false).unwrap();
        let text = String::from_utf8_lossy(&compact);
        for field in ["\"candidates\":[", "\"note\":", "\"unit\":", "\\\"quoted"] {
            assert!(text.contains(field), "the samples have no {field}");
        }
        assert_eq!(
            String::from_utf8(compact).unwrap(),
            serde_json::to_string(&whole).unwrap() + "\n"
        );
        // Any window and task size: the same bytes.
        for window in [1, 2, 3, 5, 100] {
            let mut compact = Vec::new();
            write_compact(&mut compact, &entries, &pairs, window).unwrap();
            assert_eq!(
                String::from_utf8(compact).unwrap(),
                serde_json::to_string(&whole).unwrap(),
                "window {window}"
            );
        }
        let mut pretty = Vec::new();
        write_document(&mut pretty, &entries, &pairs, true).unwrap();
        assert_eq!(
            String::from_utf8(pretty).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
    }

    /// The copying shortcut writes what serde_json writes, for every ASCII
    /// character and for CJK text.
    #[test]
    fn strings_as_serde_writes_them() {
        let mut cases: Vec<String> = (0u8..128).map(|b| format!("a{}b", b as char)).collect();
        cases.extend(["", "１２３", "“引号”\\", "无\n", "\u{7f}\u{2028}"].map(String::from));
        for s in cases {
            let mut ours = Vec::new();
            put_str(&mut ours, &s).unwrap();
            assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    /// A number JSON cannot hold is null; integers and decimals as before.
    #[test]
    fn numbers_as_before() {
        for v in [
            Value::Int(-3),
            Value::Int(i64::MAX),
            Value::Dec(crate::model::Decimal {
                mantissa: 125,
                scale: 1,
            }),
        ] {
            assert_eq!(serde_json::to_value(Num(v)).unwrap(), number(v));
        }
    }
}
