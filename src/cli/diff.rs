//! `nianbao diff OLD NEW [--format text|json]`: what changed from one year's
//! report to the next.
//!
//! # Text
//!
//! A header naming both reports, then one block per part (标题及前言, 一 … 六)
//! that changed or is missing on a side. Equal paragraphs are folded into a
//! count. A rewritten paragraph is one line starting with `~`, with deleted
//! words in `[-…-]` and inserted words in `{+…+}`; a paragraph only in the
//! earlier report starts with `-`, one only in the later report with `+`.
//! In a terminal (and unless `NO_COLOR` is set) the markers are replaced by
//! red and green. Then the table cells that changed (previous → current,
//! change, percent, failing X rules), the rows that have no counterpart
//! across a format change, and the X findings of the pair.
//!
//! # JSON (`--format json`)
//!
//! ```text
//! {
//!   "version": 1,
//!   "old": REPORT, "new": REPORT,
//!   "sections": [{
//!     "id": "preamble" | "s1" … "s6",
//!     "heading": "一、总体情况",               // canonical
//!     "old": PART | null, "new": PART | null,  // null: missing in that report
//!     "similarity": 0.0–1.0 | null,            // X07 figure
//!     "approximate": bool,                     // a deadline fired
//!     "rows": [{
//!       "op": "equal" | "delete" | "insert" | "replace",
//!       "old": PARA | null, "new": PARA | null,
//!       "chunks": [{"old", "new", "changed": bool}]  // replace rows: both sides in order
//!     }]
//!   }],
//!   "tables": {
//!     "old_template": "2019" | "2021" | "none", "new_template": …,
//!     "cells": [{                              // every mapped cell
//!       "key": "t3.new_received.total", "table": "t3", "label": "…",
//!       "synthetic": bool,                     // a side is a sum of cells
//!       "old": SIDE, "new": SIDE,
//!       "changed": bool,
//!       "change": number | null, "change_text": "42.72" | null,  // exact digits
//!       "percent": number | null,
//!       "rules": ["X01"]                       // failing X rules on this cell
//!     }],
//!     "unmapped": [{"side": "old" | "new", "table": "t2", "row": "t2.procurement",
//!                   "label": "政府集中采购", "cells": ["t2.procurement.projects", …]}]
//!   },
//!   "findings": [FINDING],                     // as in `check --format json`
//!   "error": bool                              // an error-severity finding (exit 1)
//! }
//! REPORT = {"path", "agency", "year", "template"}
//! PART   = {"heading": string | null, "line": n, "range": [start, end]}
//! PARA   = {"text", "line": n, "range": [start, end],   // byte range in the report text
//!           "table": "t2" | "t3" | "t4" | null,         // placeholder for a table
//!           "segments": [{"text", "changed": bool}]}
//! SIDE   = {"state": "number" | "blank" | "unparsed" | "ambiguous",
//!           "value": number | null, "text": "432.8" | null, "line": n | null,
//!           "keys": [cell keys read]}
//! ```
//!
//! Exit status: 0 when no X finding is an error, 1 when one is, 2 on bad
//! usage or an unreadable input.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value as J, json};

use super::{Format, Lang, Paint, colour_stdout, json::finding as finding_json};
use crate::batch;
use crate::compare::diff::{
    CellDelta, CellSide, DiffOptions, DiffRow, Para, ReportDiff, RowTag, SectionDiff, Side,
    diff_reports,
};
use crate::model::{CellState, Report, Value};
use crate::rules::{Finding, Selection, Severity, Status};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Diff the text of the tables too (default: one placeholder line per table)
    #[arg(long)]
    pub tables_in_text: bool,
    /// What changed in REPORT since its verdict: the text the verdict judged
    /// (kept in .nianbao/snapshots/) against the report now
    #[arg(long, value_name = "REPORT", conflicts_with_all = ["old", "new"])]
    pub since_verdict: Option<PathBuf>,
    /// The earlier report
    #[arg(required_unless_present = "since_verdict")]
    pub old: Option<PathBuf>,
    /// The later report
    #[arg(required_unless_present = "since_verdict")]
    pub new: Option<PathBuf>,
}

/// The judged version of `report` (from its verdict's snapshot), as a
/// report read from that text, with a label for it.
fn judged(report: &Path) -> Result<(PathBuf, Report), String> {
    let root = match report.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let store = crate::review::Store::open(&root).map_err(|e| e.to_string())?;
    let rel = store
        .rel_path(report)
        .ok_or_else(|| format!("{}: not in its batch folder", report.display()))?;
    let file = store.load(&rel).map_err(|e| e.to_string())?;
    let v = &file.verdict;
    if v.status == crate::review::Verdict::Unreviewed || v.sha256.is_empty() {
        return Err(format!(
            "{}: 尚无审阅结论 (no verdict yet)",
            report.display()
        ));
    }
    let text = store.snapshot(&v.sha256).ok_or_else(|| {
        format!(
            "{}: 没有审阅时的版本快照 (no snapshot of the judged version {} in {})",
            report.display(),
            &v.sha256[..12.min(v.sha256.len())],
            store.snapshot_dir().display()
        )
    })?;
    let label = PathBuf::from(format!(
        "{}@{} {} {}",
        report.display(),
        v.time,
        v.reviewer,
        v.status.as_str()
    ));
    let e = batch::load_bytes(
        Path::new("snapshot.txt"),
        text.as_bytes(),
        &Selection::default(),
    );
    e.report
        .map(|r| (label, r))
        .map_err(|m| format!("snapshot: {m}"))
}

fn load(path: &Path) -> Result<Report, String> {
    let e = batch::load(path, &Selection::default());
    e.report.map_err(|m| format!("{}: {m}", path.display()))
}

pub fn run(args: DiffArgs, lang: Lang) -> ExitCode {
    let (old_path, new_path, pair) = match (&args.since_verdict, &args.old, &args.new) {
        (Some(r), _, _) => match judged(r) {
            Ok((label, old)) => (label, r.clone(), (Ok(old), load(r))),
            Err(e) => {
                eprintln!("nianbao diff: {e}");
                return ExitCode::from(2);
            }
        },
        (None, Some(a), Some(b)) => (a.clone(), b.clone(), (load(a), load(b))),
        _ => {
            eprintln!("nianbao diff: give OLD and NEW, or --since-verdict REPORT");
            return ExitCode::from(2);
        }
    };
    let (old, new) = match pair {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("nianbao diff: {e}");
            }
            return ExitCode::from(2);
        }
    };
    let opts = DiffOptions {
        tables_in_text: args.tables_in_text,
        ..DiffOptions::default()
    };
    let mut d = diff_reports(&old, &new, &opts);
    if args.since_verdict.is_some() {
        // Two versions of one report, not two years: no year-over-year checks.
        d.findings.clear();
    }
    let error = d.findings.iter().any(Finding::is_error);
    let mut out = super::buffered_stdout();
    let res = match args.format {
        Format::Json => {
            let doc = document(&d, (&old_path, &old), (&new_path, &new), error);
            serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(|e| match e.io_error_kind() {
                    // A closed pipe stays quiet, as for `check`.
                    Some(k) => io::Error::from(k),
                    None => io::Error::other(e),
                })
                .and_then(|_| writeln!(out))
        }
        Format::Text => {
            let p = Paint {
                on: colour_stdout(),
                en: lang == Lang::En,
            };
            write_text(&mut out, &p, &d, (&old_path, &old), (&new_path, &new))
        }
    };
    let res = res.and_then(|_| out.flush());
    if let Err(e) = res
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("nianbao diff: {e}");
        return ExitCode::from(2);
    }
    if error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

// ---------------------------------------------------------------- text

impl Paint {
    fn deleted(&self, s: &str) -> String {
        if self.on {
            format!("\x1b[31m{s}\x1b[0m")
        } else {
            format!("[-{s}-]")
        }
    }
    fn inserted(&self, s: &str) -> String {
        if self.on {
            format!("\x1b[32m{s}\x1b[0m")
        } else {
            format!("{{+{s}+}}")
        }
    }
}

/// Report text is sanitised at ingest; paths are not.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

fn describe(r: &Report, p: &Paint) -> String {
    let agency = r
        .agency
        .as_deref()
        .unwrap_or(p.t("（未识别机关）", "(agency unknown)"));
    let year = r
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "????".into());
    format!(
        "{agency} {year}  {} {}",
        p.t("模板", "template"),
        r.template.as_str()
    )
}

fn para_text(p: &Para) -> &str {
    &p.text
}

fn write_row(out: &mut impl Write, p: &Paint, r: &DiffRow) -> io::Result<()> {
    match r.tag {
        RowTag::Equal => Ok(()),
        RowTag::Delete => {
            let t = r.old.as_ref().map(para_text).unwrap_or_default();
            writeln!(out, "{}", p.wrap("31", &format!("-{t}")))
        }
        RowTag::Insert => {
            let t = r.new.as_ref().map(para_text).unwrap_or_default();
            writeln!(out, "{}", p.wrap("32", &format!("+{t}")))
        }
        RowTag::Replace => {
            let (Some(a), Some(b)) = (&r.old, &r.new) else {
                return Ok(());
            };
            let mut line = String::from("~");
            line.push_str(&merged(p, r, a, b));
            writeln!(out, "{line}")
        }
    }
}

/// One line for a rewritten paragraph: the common text once, each change
/// as its deletion then its insertion. An unrefined row is one whole change.
fn merged(p: &Paint, r: &DiffRow, a: &Para, b: &Para) -> String {
    let mut s = String::new();
    if r.chunks.is_empty() {
        s.push_str(&p.deleted(&a.text));
        s.push_str(&p.inserted(&b.text));
        return s;
    }
    for c in &r.chunks {
        if c.changed {
            if !c.old.is_empty() {
                s.push_str(&p.deleted(&c.old));
            }
            if !c.new.is_empty() {
                s.push_str(&p.inserted(&c.new));
            }
        } else {
            s.push_str(&c.new);
        }
    }
    s
}

fn write_section(out: &mut impl Write, p: &Paint, s: &SectionDiff) -> io::Result<()> {
    let heading = if p.en {
        s.part.heading_en()
    } else {
        s.part.heading()
    };
    let mut head = p.wrap("1", heading);
    match (&s.old, &s.new) {
        (None, Some(_)) => head.push_str(&format!("  [{}]", p.t("上年缺失", "missing last year"))),
        (Some(_), None) => head.push_str(&format!("  [{}]", p.t("本年缺失", "missing this year"))),
        _ => {}
    }
    if let Some(sim) = s.similarity {
        head.push_str(&format!(
            "  {} {:.0}%",
            p.t("与上年相同", "same as last year"),
            sim * 100.0
        ));
    }
    if s.approximate {
        head.push_str(p.t("  （部分为粗略比较）", "  (partly coarse)"));
    }
    writeln!(out, "{head}")?;
    let mut equal = 0;
    let flush = |out: &mut dyn Write, n: &mut usize| -> io::Result<()> {
        if *n > 0 {
            let msg = if p.en {
                format!("  … {n} unchanged paragraph(s)")
            } else {
                format!("  …（{n} 段未变）")
            };
            writeln!(out, "{}", p.wrap("2", &msg))?;
            *n = 0;
        }
        Ok(())
    };
    for r in &s.rows {
        if r.tag == RowTag::Equal {
            equal += 1;
            continue;
        }
        flush(out, &mut equal)?;
        write_row(out, p, r)?;
    }
    flush(out, &mut equal)?;
    writeln!(out)
}

fn show_side(p: &Paint, s: &CellSide) -> String {
    match (s.state, s.value) {
        (CellState::Number, Some(v)) => v.to_string(),
        (CellState::Blank, _) => p.t("空白", "blank").into(),
        (CellState::Ambiguous, _) => p.t("有歧义", "ambiguous").into(),
        _ => p.t("未读出", "unparsed").into(),
    }
}

fn signed(v: Value) -> String {
    let s = v.to_string();
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

fn write_cell(out: &mut impl Write, p: &Paint, d: &CellDelta) -> io::Result<()> {
    let change = match (d.change, d.percent) {
        (Some(c), Some(pc)) => format!("{}  {:+.1}%", signed(c), pc),
        (Some(c), None) => signed(c),
        _ => "—".into(),
    };
    let rules = if d.rules.is_empty() {
        String::new()
    } else {
        format!("  {}", p.wrap("1;31", &format!("[{}]", d.rules.join(","))))
    };
    writeln!(
        out,
        "  {:<44} {} → {}  {}  {}{}",
        d.key,
        show_side(p, &d.old),
        show_side(p, &d.new),
        change,
        p.wrap("2", &d.label),
        rules
    )
}

fn write_findings(out: &mut impl Write, p: &Paint, list: &[Finding]) -> io::Result<()> {
    let mut fs: Vec<&Finding> = list.iter().collect();
    fs.sort_by_key(|f| (f.status == Status::Uncertain, f.severity));
    for f in fs {
        let sev = if f.status == Status::Uncertain {
            p.t("待定", "unsure")
        } else if p.en {
            f.severity.as_str()
        } else {
            f.severity.zh()
        };
        let code = match (f.status, f.severity) {
            (Status::Uncertain, _) => "2",
            (_, Severity::Error) => "1;31",
            (_, Severity::Warning) => "33",
            (_, Severity::Info) => "36",
        };
        let lines = if f.lines.is_empty() {
            String::new()
        } else {
            let l: Vec<String> = f.lines.iter().map(u32::to_string).collect();
            if p.en {
                format!("line {}  ", l.join(","))
            } else {
                format!("第{}行  ", l.join(","))
            }
        };
        writeln!(
            out,
            "  {}  {}  {}{}",
            p.wrap(code, sev),
            f.rule,
            lines,
            f.message
        )?;
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    p: &Paint,
    d: &ReportDiff,
    (pa, a): (&Path, &Report),
    (pb, b): (&Path, &Report),
) -> io::Result<()> {
    let name = |x: &Path| clean(&x.to_string_lossy());
    writeln!(
        out,
        "{}",
        p.wrap("1", &format!("--- {}  {}", name(pa), describe(a, p)))
    )?;
    writeln!(
        out,
        "{}",
        p.wrap("1", &format!("+++ {}  {}", name(pb), describe(b, p)))
    )?;
    writeln!(out)?;
    let mut any = false;
    for s in &d.sections {
        if s.is_changed() || s.old.is_none() != s.new.is_none() {
            any = true;
            write_section(out, p, s)?;
        }
    }
    if !any {
        writeln!(
            out,
            "{}",
            p.t("正文没有变化。", "The text has not changed.")
        )?;
        writeln!(out)?;
    }
    let t = &d.tables;
    writeln!(
        out,
        "{}",
        p.wrap(
            "1",
            &format!(
                "{}（{} {} → {}）",
                p.t("表格变化", "Table changes"),
                p.t("模板", "template"),
                t.old_template.as_str(),
                t.new_template.as_str()
            )
        )
    )?;
    let mut n = 0;
    for c in t.changed() {
        n += 1;
        write_cell(out, p, c)?;
    }
    if n == 0 {
        writeln!(
            out,
            "  {}",
            p.t("所有可对应的单元格都没有变化。", "No mapped cell changed.")
        )?;
    }
    if !t.unmapped.is_empty() {
        writeln!(out, "{}", p.wrap("1", p.t("无法对应的行", "Unmapped rows")))?;
        for u in &t.unmapped {
            let side = match u.side {
                Side::Old => p.t("上年", "old"),
                Side::New => p.t("本年", "new"),
            };
            let cols: Vec<&str> = u
                .cells
                .iter()
                .map(|k| k.rsplit('.').next().unwrap_or(k))
                .collect();
            writeln!(
                out,
                "  {side}  {:<24} {}  ({})",
                u.row,
                u.label,
                cols.join(", ")
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.wrap("1", p.t("跨年度核对", "Cross-year checks"))
    )?;
    if d.findings.is_empty() {
        writeln!(out, "  {}", p.t("没有发现问题。", "No findings."))?;
    } else {
        write_findings(out, p, &d.findings)?;
    }
    let changes = d.change_indices().len();
    let cells = t.changed().count();
    let errors = d.findings.iter().filter(|f| f.is_error()).count();
    writeln!(out)?;
    if p.en {
        writeln!(
            out,
            "{changes} text changes, {cells} changed cells, {errors} errors"
        )
    } else {
        writeln!(
            out,
            "正文 {changes} 处变化，表格 {cells} 个单元格变化，{errors} 个错误"
        )
    }
}

// ---------------------------------------------------------------- json

fn number(v: Value) -> J {
    match v {
        Value::Int(i) => J::from(i),
        Value::Dec(_) => serde_json::Number::from_f64(v.as_f64())
            .map(J::Number)
            .unwrap_or(J::Null),
    }
}

fn report_json(path: &Path, r: &Report) -> J {
    json!({
        "path": path.to_string_lossy(),
        "agency": r.agency,
        "year": r.year,
        "template": r.template.as_str(),
    })
}

fn para_json(p: &Option<Para>) -> J {
    match p {
        None => J::Null,
        Some(p) => json!({
            "text": p.text,
            "line": p.line,
            "range": [p.src.start, p.src.end],
            "table": p.table.map(|t| t.as_str()),
            "segments": p.segments.iter().map(|s| json!({"text": s.text, "changed": s.changed})).collect::<Vec<_>>(),
        }),
    }
}

fn section_json(s: &SectionDiff) -> J {
    let part = |p: &Option<crate::compare::diff::PartSrc>| match p {
        None => J::Null,
        Some(p) => json!({
            "heading": p.heading.as_ref().map(|h| h.0.clone()),
            "line": p.line,
            "range": [p.body.start, p.body.end],
        }),
    };
    json!({
        "id": s.part.key(),
        "heading": s.part.heading(),
        "old": part(&s.old),
        "new": part(&s.new),
        "similarity": s.similarity,
        "approximate": s.approximate,
        "rows": s.rows.iter().map(|r| json!({
            "op": r.tag.as_str(),
            "old": para_json(&r.old),
            "new": para_json(&r.new),
            "chunks": r.chunks.iter().map(|c| json!({"old": c.old, "new": c.new, "changed": c.changed})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn side_json(s: &CellSide) -> J {
    json!({
        "state": s.state.as_str(),
        "value": s.value.map(number),
        "text": s.value.map(|v| v.to_string()),
        "line": s.span.map(|sp| sp.line),
        "keys": s.keys,
    })
}

fn cell_json(d: &CellDelta) -> J {
    json!({
        "key": d.key,
        "table": d.table.as_str(),
        "label": d.label,
        "synthetic": d.synthetic,
        "old": side_json(&d.old),
        "new": side_json(&d.new),
        "changed": d.changed(),
        "change": d.change.map(number),
        "change_text": d.change.map(|v| v.to_string()),
        "percent": d.percent,
        "rules": d.rules,
    })
}

fn document(d: &ReportDiff, old: (&Path, &Report), new: (&Path, &Report), error: bool) -> J {
    let t = &d.tables;
    json!({
        "version": 1,
        "old": report_json(old.0, old.1),
        "new": report_json(new.0, new.1),
        "sections": d.sections.iter().map(section_json).collect::<Vec<_>>(),
        "tables": {
            "old_template": t.old_template.as_str(),
            "new_template": t.new_template.as_str(),
            "cells": t.cells.iter().map(cell_json).collect::<Vec<_>>(),
            "unmapped": t.unmapped.iter().map(|u| json!({
                "side": match u.side { Side::Old => "old", Side::New => "new" },
                "table": u.table.as_str(),
                "row": u.row,
                "label": u.label,
                "cells": u.cells,
            })).collect::<Vec<_>>(),
        },
        "findings": d.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "error": error,
    })
}
