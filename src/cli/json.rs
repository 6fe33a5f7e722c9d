//! `nianbao check --format json`: the contract of OUTPUT.md (version 1).

use serde_json::{Map, Number, Value as J, json};

use crate::batch::Entry;
use crate::model::{CellState, Report, Value};
use crate::rules::Finding;

pub const VERSION: u64 = 1;

fn number(v: Value) -> J {
    match v {
        Value::Int(i) => J::Number(i.into()),
        Value::Dec(_) => Number::from_f64(v.as_f64())
            .map(J::Number)
            .unwrap_or(J::Null),
    }
}

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
        if let Some(u) = c.unit {
            o.insert("unit".into(), J::String(u.into()));
        }
        if !c.candidates.is_empty() {
            o.insert(
                "candidates".into(),
                J::Array(c.candidates.iter().map(|&v| number(v)).collect()),
            );
        }
        if let Some(note) = r.note(i, false) {
            o.insert("note".into(), J::String(note));
        }
        m.insert(s.keys[i].clone(), J::Object(o));
    }
    J::Object(m)
}

/// One entry of `reports`.
pub fn report(e: &Entry) -> J {
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

/// One entry of `pairs`.
pub fn pair(entries: &[Entry], p: &crate::compare::Pair) -> J {
    json!({
        "agency": p.agency,
        "earlier": entries[p.earlier].path.to_string_lossy(),
        "later": entries[p.later].path.to_string_lossy(),
        "findings": p.findings.iter().map(finding).collect::<Vec<_>>(),
    })
}

/// The document `{"version", "reports", "pairs"}`, serialised as it is
/// written: one report's value at a time. (The whole document as one value
/// took 4.6 GB for 10,000 reports.)
pub struct Streamed<'a> {
    pub entries: &'a [Entry],
    pub pairs: Vec<J>,
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Reports<'a>(&'a [Entry]);
        impl serde::Serialize for Reports<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(report))
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("version", &VERSION)?;
        m.serialize_entry("reports", &Reports(self.entries))?;
        m.serialize_entry("pairs", &self.pairs)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as one value, as it was built before streaming.
    fn document(entries: &[Entry], pairs: Vec<J>) -> J {
        json!({
            "version": VERSION,
            "reports": entries.iter().map(report).collect::<Vec<_>>(),
            "pairs": pairs,
        })
    }

    /// The streamed document is byte for byte the document value.
    #[test]
    fn streamed_document_equals_the_value() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let (files, _) = crate::batch::collect(&[dir]);
        let sel = crate::rules::Selection::default();
        let mut entries = crate::batch::load_all(&files, &sel);
        assert!(entries.len() >= 6);
        let pairs = crate::batch::pair_up(&mut entries, &sel);
        let pj: Vec<J> = pairs.iter().map(|p| pair(&entries, p)).collect();
        assert!(!pj.is_empty());
        let whole = serde_json::to_string_pretty(&document(&entries, pj.clone())).unwrap();
        let streamed = serde_json::to_string_pretty(&Streamed {
            entries: &entries,
            pairs: pj,
        })
        .unwrap();
        assert_eq!(streamed, whole);
    }
}
