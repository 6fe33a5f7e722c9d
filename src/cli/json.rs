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
        if let Some(issue) = c.issue {
            o.insert("note".into(), J::String(issue.describe(false)));
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

/// The whole document.
pub fn document(entries: &[Entry], pairs: Vec<J>) -> J {
    json!({
        "version": VERSION,
        "reports": entries.iter().map(report).collect::<Vec<_>>(),
        "pairs": pairs,
    })
}
