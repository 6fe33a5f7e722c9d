//! `nianbao check` text output: one block per report.

use std::io::{self, Write};

use super::Lang;
use super::Paint;
use crate::batch::Entry;
use crate::compare::Pair;
use crate::rules::Finding;
use crate::rules::{Severity, Status};

impl Paint {
    fn sev(&self, s: Severity, text: &str) -> String {
        match s {
            Severity::Error => self.wrap("1;31", text),
            Severity::Warning => self.wrap("33", text),
            Severity::Info => self.wrap("36", text),
        }
    }
}

/// Findings grouped by severity (errors, warnings, info, then uncertain).
fn findings(
    out: &mut impl Write,
    p: &Paint,
    list: &[Finding],
    en: bool,
    n_err: &mut usize,
    n_warn: &mut usize,
) -> io::Result<()> {
    let mut fs: Vec<&Finding> = list.iter().collect();
    fs.sort_by_key(|f| {
        (
            f.status == Status::Uncertain,
            f.severity,
            f.lines.first().copied(),
        )
    });
    for f in fs {
        if f.is_error() {
            *n_err += 1;
        } else if f.status == Status::Fail && f.severity == Severity::Warning {
            *n_warn += 1;
        }
        let sev = if f.status == Status::Uncertain {
            if en { "unsure" } else { "待定" }
        } else if en {
            f.severity.as_str()
        } else {
            f.severity.zh()
        };
        let lines = if f.lines.is_empty() {
            String::new()
        } else {
            let l: Vec<String> = f.lines.iter().take(4).map(u32::to_string).collect();
            let more = if f.lines.len() > 4 { "…" } else { "" };
            if en {
                format!("line {}{more}  ", l.join(","))
            } else {
                format!("第{}{more}行  ", l.join(","))
            }
        };
        writeln!(
            out,
            "  {}  {}  {}{}",
            p.sev(f.severity, sev),
            f.rule,
            lines,
            f.message
        )?;
    }
    Ok(())
}

/// Text from a report is already sanitised at ingest; paths are not.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

pub fn write(
    out: &mut impl Write,
    entries: &[Entry],
    pairs: &[Pair],
    lang: Lang,
    colour: bool,
) -> io::Result<()> {
    let p = Paint {
        on: colour,
        en: lang == Lang::En,
    };
    let en = lang == Lang::En;
    let (mut n_err, mut n_warn, mut n_bad) = (0, 0, 0);
    for e in entries {
        let path = clean(&e.path.to_string_lossy());
        let r = match &e.report {
            Err(msg) => {
                n_bad += 1;
                let tag = if en { "unreadable" } else { "无法读取" };
                writeln!(
                    out,
                    "{}  {}: {}",
                    p.wrap("1", &path),
                    p.sev(Severity::Error, tag),
                    msg
                )?;
                writeln!(out)?;
                continue;
            }
            Ok(r) => r,
        };
        let agency = r.agency.as_deref().unwrap_or(if en {
            "(agency unknown)"
        } else {
            "（未识别机关）"
        });
        let year = r
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "????".into());
        let tmpl = if en { "template" } else { "模板" };
        writeln!(
            out,
            "{}  {} {}  {} {}  [{}]",
            p.wrap("1", &path),
            agency,
            year,
            tmpl,
            r.template.as_str(),
            r.layout.as_str()
        )?;
        let [num, blank, unparsed, amb] = r.state_counts();
        if en {
            writeln!(
                out,
                "  cells: {num} number · {blank} blank · {unparsed} unparsed · {amb} ambiguous"
            )?;
        } else {
            writeln!(
                out,
                "  单元格：{num} 数字 · {blank} 空白 · {unparsed} 未读出 · {amb} 有歧义"
            )?;
        }
        findings(out, &p, &e.findings, en, &mut n_err, &mut n_warn)?;
        writeln!(out)?;
    }
    if !pairs.is_empty() {
        writeln!(
            out,
            "{}",
            p.wrap("1", if en { "Year pairs" } else { "相邻年度" })
        )?;
        for pr in pairs {
            let a = clean(&entries[pr.earlier].path.to_string_lossy());
            let b = clean(&entries[pr.later].path.to_string_lossy());
            writeln!(out, "{}  {a} → {b}", pr.agency)?;
            findings(out, &p, &pr.findings, en, &mut n_err, &mut n_warn)?;
        }
        writeln!(out)?;
    }
    let total = entries.len();
    if en {
        writeln!(
            out,
            "{total} files: {n_err} errors, {n_warn} warnings, {n_bad} unreadable"
        )?;
    } else {
        writeln!(
            out,
            "共 {total} 个文件：{n_err} 个错误，{n_warn} 个警告，{n_bad} 个无法读取"
        )?;
    }
    Ok(())
}
