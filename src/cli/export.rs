//! `nianbao export` and `nianbao status`: a batch's review state for
//! supervisors — one row per report, or a one-screen summary.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde_json::{Value as J, json};

use super::{CheckArgs, CheckFormat, Lang};
use crate::batch::{self, Entry};
use crate::cache::Cached;
use crate::review::{
    self, Anchor, DecisionKind, ReviewFile, Status, Store, Summary, Verdict, finding_key,
};
use crate::rules::{Finding, Selection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    #[default]
    Csv,
    Md,
    Json,
    /// Excel workbook (binary: needs -o FILE or a redirected stdout)
    Xlsx,
    /// Word 通报 draft (binary: needs -o FILE or a redirected stdout)
    Docx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to FILE instead of stdout (required for xlsx/docx on a terminal)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The batch folder (or one report)
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The batch folder (or one report)
    pub path: PathBuf,
}

/// One report of the batch with its review state.
#[derive(Debug)]
pub struct Row {
    /// Index into [`Loaded::entries`] (which a summary load leaves empty).
    pub entry: usize,
    /// Path relative to the batch folder.
    pub rel: String,
    /// Hex SHA-256 of the report's bytes ("" when unreadable).
    pub sha256: String,
    /// Agency, year and template as read ("" / `None` when unknown).
    pub agency: String,
    pub year: Option<i32>,
    pub template: String,
    pub file: ReviewFile,
    /// The report or its review file could not be read.
    pub problem: Option<String>,
    /// The report's findings, with those of the pair it is the later of.
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// A batch read and checked, with its review store.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub store: Store,
    /// The parsed reports: empty when the rows came from the results cache
    /// ([`load_summary`]).
    pub entries: Vec<Entry>,
    pub rows: Vec<Row>,
}

/// Read, check and pair a batch, and read its review state.
pub fn load(path: &Path, sel: &Selection) -> Result<Loaded, String> {
    load_in(path, sel, false)
}

/// The batch folder of a path, its review store and its files.
fn open(path: &Path) -> Result<(PathBuf, Store, Vec<PathBuf>, Vec<Entry>), String> {
    if !path.exists() {
        return Err(format!("{}: 不存在 (not found)", path.display()));
    }
    let root = if path.is_dir() {
        path.to_path_buf()
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let store = Store::open(&root).map_err(|e| e.to_string())?;
    let (files, walk_errors) = batch::collect(&[path.to_path_buf()]);
    let unreadable = walk_errors
        .into_iter()
        .map(|(p, e)| Entry {
            path: p,
            sha256: String::new(),
            report: Err(format!("无法读取：{e}")),
            findings: Vec::new(),
        })
        .collect();
    Ok((root, store, files, unreadable))
}

/// [`load`], with the progress line (on a terminal, for a large batch) in
/// English when `en`.
pub fn load_in(path: &Path, sel: &Selection, en: bool) -> Result<Loaded, String> {
    let (root, store, files, unreadable) = open(path)?;
    let mut entries = super::progress::load_all(&files, sel, en);
    entries.extend(unreadable);
    let pairs = batch::pair_up(&mut entries, sel);
    let rows = entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let mut findings = e.findings.clone();
            for p in pairs.iter().filter(|p| p.later == i) {
                findings.extend(p.findings.iter().cloned());
            }
            let text = e.report.as_ref().ok().map(|r| r.text());
            row(&store, i, Cached::of(e, &[]), findings, text)
        })
        .collect();
    Ok(Loaded {
        root,
        store,
        entries,
        rows,
    })
}

/// The rows of a batch for `status` and the summary exports (csv, json):
/// from the results cache when no file of the batch changed since the last
/// run ([`crate::cache`]), else by a full [`load_in`], which refreshes it.
/// The rows are the same either way; `entries` is empty from the cache.
pub fn load_summary(path: &Path, sel: &Selection, en: bool) -> Result<Loaded, String> {
    let (root, store, files, unreadable) = open(path)?;
    let hit = crate::cache::lookup(&root, &files, sel).and_then(|cached| {
        cached
            .into_iter()
            .map(|c| {
                let findings: Option<Vec<Finding>> =
                    c.findings.iter().map(|f| f.finding()).collect();
                findings.map(|f| (c, f))
            })
            .collect::<Option<Vec<_>>>()
    });
    let Some(cached) = hit else {
        let loaded = load_in(path, sel, en)?;
        let n = files.len();
        let keep = loaded.rows[..n]
            .iter()
            .zip(&loaded.entries)
            .map(|(r, e)| Cached::of(e, &r.findings))
            .collect();
        crate::cache::store(&loaded.root, sel, keep);
        return Ok(loaded);
    };
    let n = cached.len();
    let mut rows: Vec<Row> = cached
        .into_par_iter()
        .enumerate()
        .map(|(i, (c, findings))| row(&store, i, c, findings, None))
        .collect();
    rows.extend(
        unreadable
            .iter()
            .enumerate()
            .map(|(i, e)| row(&store, n + i, Cached::of(e, &[]), Vec::new(), None)),
    );
    Ok(Loaded {
        root,
        store,
        entries: Vec::new(),
        rows,
    })
}

/// One row: the report's results with its review file. `text` is the
/// report's text, to show line notes where their lines are now when the
/// report changed since the last save (nothing is written).
fn row(store: &Store, i: usize, c: Cached, findings: Vec<Finding>, text: Option<&str>) -> Row {
    let rel = store.rel_path(&c.path).unwrap_or_else(|| c.path.clone());
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    let mut problem = c.problem;
    let file = match store.load(&rel) {
        Ok(mut f) => {
            if let Some(text) = text
                && f.sha256 != c.sha256
            {
                f.reanchor(text);
            }
            f
        }
        Err(err) => {
            problem = Some(err.to_string());
            ReviewFile::new(&rel_s)
        }
    };
    let refs: Vec<&Finding> = findings.iter().collect();
    let summary = review::summarize(&file, &c.sha256, &refs);
    Row {
        entry: i,
        rel: rel_s,
        sha256: c.sha256,
        agency: c.agency.unwrap_or_default(),
        year: c.year,
        template: c.template,
        file,
        problem,
        findings,
        summary,
    }
}

fn sel_for(path: &Path) -> Result<Selection, String> {
    super::selection(&CheckArgs {
        format: CheckFormat::Text,
        pretty: false,
        rules: false,
        select: None,
        ignore: None,
        paths: vec![path.to_path_buf()],
    })
}

fn finish(res: io::Result<()>) -> ExitCode {
    match res {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("nianbao: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

pub fn export(args: ExportArgs, lang: Lang) -> ExitCode {
    if let Some(code) = super::office::export(&args, lang) {
        return code;
    }
    // csv and json need only each report's counts: the results cache will
    // do. Markdown shows line notes where their lines are now, from the text.
    let load = match args.format {
        ExportFormat::Md => load_in,
        _ => load_summary,
    };
    let loaded = match sel_for(&args.path).and_then(|sel| load(&args.path, &sel, lang == Lang::En))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("nianbao export: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = super::buffered_stdout();
    finish(
        match args.format {
            ExportFormat::Csv => write_csv(&mut out, &loaded),
            ExportFormat::Md => write_md(&mut out, &loaded),
            ExportFormat::Json => write_json(&mut out, &loaded),
            // Binary formats are written by `office::export` above.
            ExportFormat::Xlsx | ExportFormat::Docx => unreachable!(),
        }
        .and_then(|_| out.flush()),
    )
}

pub fn status(args: StatusArgs, lang: Lang) -> ExitCode {
    let loaded = match sel_for(&args.path)
        .and_then(|sel| load_summary(&args.path, &sel, lang == Lang::En))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("nianbao status: {e}");
            return ExitCode::from(2);
        }
    };
    finish(write_status(&mut io::stdout().lock(), &loaded, lang))
}

/// Agency, year, template of a row ("" when unknown).
fn meta(_: &Loaded, row: &Row) -> (String, String, String) {
    (
        row.agency.clone(),
        row.year.map(|y| y.to_string()).unwrap_or_default(),
        row.template.clone(),
    )
}

pub const CSV_HEADER: &str = "path,agency,year,template,status,reviewer,time,assignee,errors,warnings,decided,undecided,fixed,notes,problem";

/// Would a spreadsheet read this text as a formula (or start one)? Text
/// beginning with `=`, `+`, `-`, `@`, a tab or a carriage return does
/// (OWASP, "CSV injection"), unless it is a plain number such as `-3`.
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s)
}

/// A number a spreadsheet reads as a number and nothing else: `12`, `-3`,
/// `+1.5`, `-2e3` (not `-inf`, `-1+2` or `- 3`).
fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    t.starts_with(|c: char| c.is_ascii_digit() || c == '.') && s.parse::<f64>().is_ok()
}

/// A CSV field: text a spreadsheet would run as a formula gets a leading
/// `'` (shown as text, never evaluated); fields with a separator, quote,
/// line break or that prefix are quoted.
pub fn csv_field(s: &str) -> String {
    let s = if formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r', '\'', ';', '\t']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn write_csv(out: &mut impl Write, l: &Loaded) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    for row in &l.rows {
        let (agency, year, template) = meta(l, row);
        let s = &row.summary;
        let fields = [
            row.rel.clone(),
            agency,
            year,
            template,
            s.status.as_str().to_string(),
            s.reviewer.clone(),
            s.time.clone(),
            row.file.assignee().unwrap_or_default().to_string(),
            s.errors.to_string(),
            s.warnings.to_string(),
            s.decided.to_string(),
            s.undecided.to_string(),
            s.fixed.to_string(),
            s.notes.to_string(),
            row.problem.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

pub fn write_json(out: &mut impl Write, l: &Loaded) -> io::Result<()> {
    let reports: Vec<J> = l
        .rows
        .iter()
        .map(|row| {
            let (agency, year, template) = meta(l, row);
            let s = &row.summary;
            let opt = |v: String| if v.is_empty() { J::Null } else { J::String(v) };
            json!({
                "path": row.rel,
                "agency": opt(agency),
                "year": year.parse::<i64>().ok(),
                "template": opt(template),
                "status": s.status.as_str(),
                "reviewer": opt(s.reviewer.clone()),
                "time": opt(s.time.clone()),
                "assignee": row.file.assignee(),
                "errors": s.errors,
                "warnings": s.warnings,
                "decided": s.decided,
                "undecided": s.undecided,
                "undecided_errors": s.undecided_errors,
                "fixed": s.fixed,
                "notes": s.notes,
                "problem": row.problem,
            })
        })
        .collect();
    let assignments: Vec<J> = assignments(l)
        .0
        .iter()
        .map(|a| {
            json!({
                "reviewer": a.reviewer,
                "assigned": a.assigned,
                "reviewed": a.reviewed,
                "remaining": a.assigned - a.reviewed,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "batch": l.root.to_string_lossy(),
        "reports": reports,
        "assignments": assignments,
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

/// Text for a markdown table cell.
/// `|` is escaped (and `\`, so that `\|` in the text cannot undo it), `<`
/// is written as `&lt;` (no HTML from outside), line breaks become `<br>`:
/// text from reports and reviewers never breaks the table's columns.
fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "<br>")
}

fn zh_section(s: &str) -> String {
    match s {
        "s1" => "第一部分".into(),
        "s2" => "第二部分".into(),
        "s3" => "第三部分".into(),
        "s4" => "第四部分".into(),
        "s5" => "第五部分".into(),
        "s6" => "第六部分".into(),
        o => o.into(),
    }
}

fn zh_anchor(a: &Anchor, orphaned: bool) -> String {
    let s = match a {
        Anchor::Report => "全文".to_string(),
        Anchor::Section(s) => zh_section(s),
        Anchor::Cell(c) => format!("单元格 `{c}`"),
        Anchor::Finding(k) => format!("问题 `{k}`"),
        Anchor::Line { line, quote } => {
            let mut q: String = quote.chars().take(24).collect();
            if q.len() < quote.len() {
                q.push('…');
            }
            format!("第{line}行「{}」", md_cell(&q))
        }
    };
    if orphaned {
        format!("{s}（原行已找不到）")
    } else {
        s
    }
}

fn lines_zh(f: &Finding) -> String {
    if f.lines.is_empty() {
        return String::new();
    }
    let l: Vec<String> = f.lines.iter().take(4).map(u32::to_string).collect();
    format!("第{}行", l.join(","))
}

pub fn write_md(out: &mut impl Write, l: &Loaded) -> io::Result<()> {
    let n = l.rows.len();
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    for r in &l.rows {
        *by_status.entry(r.summary.status).or_default() += 1;
    }
    let reviewed = l
        .rows
        .iter()
        .filter(|r| r.summary.status.is_reviewed())
        .count();
    writeln!(out, "# 政府信息公开工作年度报告审阅情况\n")?;
    writeln!(out, "- 批次：`{}`", l.root.display())?;
    writeln!(out, "- 生成时间：{}", review::time::now_rfc3339())?;
    writeln!(
        out,
        "- 报告 {n} 份，已审阅 {reviewed} 份（{}%）",
        percent(reviewed, n)
    )?;
    if let Some(fb) = l.store.fallback() {
        writeln!(out, "- 批次文件夹只读，审阅记录保存在 `{}`", fb.display())?;
    }
    writeln!(out, "\n## 状态汇总\n")?;
    writeln!(out, "| 状态 | 份数 |\n|---|---:|")?;
    for s in Status::ALL {
        writeln!(
            out,
            "| {} | {} |",
            s.zh(),
            by_status.get(&s).copied().unwrap_or(0)
        )?;
    }
    let (assigned, nobody) = assignments(l);
    if !assigned.is_empty() {
        writeln!(out, "\n## 分配进度\n")?;
        writeln!(
            out,
            "| 审阅人 | 分配 | 已审阅 | 剩余 |\n|---|---:|---:|---:|"
        )?;
        for a in &assigned {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_cell(&a.reviewer),
                a.assigned,
                a.reviewed,
                a.assigned - a.reviewed
            )?;
        }
        writeln!(out, "| （未分配） | {nobody} | | |")?;
    }
    writeln!(out, "\n## 报告一览\n")?;
    writeln!(
        out,
        "| 报告 | 机关 | 年度 | 模板 | 状态 | 审阅人 | 时间 | 分配给 | 错误 | 警告 | 已处理 | 未处理 | 已整改 | 批注 |"
    )?;
    writeln!(
        out,
        "|---|---|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|"
    )?;
    for row in &l.rows {
        let (agency, year, template) = meta(l, row);
        let s = &row.summary;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&row.rel),
            md_cell(&agency),
            year,
            template,
            s.status.zh(),
            md_cell(&s.reviewer),
            s.time,
            md_cell(row.file.assignee().unwrap_or_default()),
            s.errors,
            s.warnings,
            s.decided,
            s.undecided,
            s.fixed,
            s.notes
        )?;
    }
    writeln!(out, "\n## 各报告详情")?;
    for (i, row) in l.rows.iter().enumerate() {
        let (agency, year, _) = meta(l, row);
        let title = [agency, year]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(out, "\n### {}. {}  `{}`\n", i + 1, title, row.rel)?;
        let s = &row.summary;
        let v = &row.file.verdict;
        match s.status {
            Status::Unreviewed => writeln!(out, "- 状态：未审阅")?,
            Status::Stale => writeln!(
                out,
                "- 状态：已失效 — {} 于 {} 给出“{}”后报告内容已变更，需重新审阅",
                v.reviewer,
                v.time,
                verdict_zh(v.status)
            )?,
            st => writeln!(out, "- 状态：{}（{}，{}）", st.zh(), v.reviewer, v.time)?,
        }
        if v.status != Verdict::Unreviewed && !v.note.is_empty() {
            writeln!(out, "- 结论说明：{}", v.note.replace('\n', "\n  "))?;
        }
        if let Some(p) = &row.problem {
            writeln!(out, "- 问题：{p}")?;
        }
        let open: Vec<(&Finding, Option<&review::Decision>)> = row
            .findings
            .iter()
            .filter(|f| review::is_actionable(f))
            .map(|f| (f, row.file.decision(&finding_key(f))))
            .filter(|(_, d)| d.is_none_or(|d| d.decision == DecisionKind::Confirmed))
            .collect();
        writeln!(out, "\n**待处理问题**（未处理或已确认）\n")?;
        if open.is_empty() {
            writeln!(out, "无")?;
        } else {
            writeln!(
                out,
                "| 级别 | 规则 | 位置 | 问题 | 处理 |\n|---|---|---|---|---|"
            )?;
            for (f, d) in open {
                let how = match d {
                    None => "未处理".to_string(),
                    Some(d) if d.reason.is_empty() => format!("已确认（{}）", d.reviewer),
                    Some(d) => format!("已确认（{}）：{}", d.reviewer, d.reason),
                };
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    f.severity.zh(),
                    f.rule,
                    lines_zh(f),
                    md_cell(&f.message),
                    md_cell(&how)
                )?;
            }
        }
        writeln!(out, "\n**批注**\n")?;
        let notes: Vec<&review::Note> = row.file.notes().collect();
        if notes.is_empty() {
            writeln!(out, "无")?;
        }
        for n in notes {
            writeln!(
                out,
                "- {}：{}（{}，{}）",
                zh_anchor(&n.anchor, n.orphaned),
                n.text.trim_end().replace('\n', "\n  "),
                n.reviewer,
                n.updated.as_deref().unwrap_or(&n.created)
            )?;
        }
    }
    Ok(())
}

fn verdict_zh(v: Verdict) -> &'static str {
    match v {
        Verdict::Unreviewed => Status::Unreviewed.zh(),
        Verdict::Approved => Status::Approved.zh(),
        Verdict::ChangesRequested => Status::ChangesRequested.zh(),
        Verdict::Rejected => Status::Rejected.zh(),
    }
}

fn percent(a: usize, b: usize) -> usize {
    (a * 100).checked_div(b).unwrap_or(0)
}

/// One reviewer's share of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedTo {
    pub reviewer: String,
    /// Reports assigned to them…
    pub assigned: usize,
    /// …of which reviewed (a verdict that still holds).
    pub reviewed: usize,
}

/// Each assignee's assigned and reviewed reports (by name), and the number
/// of reports assigned to nobody.
pub fn assignments(l: &Loaded) -> (Vec<AssignedTo>, usize) {
    let mut by: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut nobody = 0;
    for r in &l.rows {
        match r.file.assignee() {
            Some(who) => {
                let e = by.entry(who).or_default();
                e.0 += 1;
                e.1 += usize::from(r.summary.status.is_reviewed());
            }
            None => nobody += 1,
        }
    }
    let list = by
        .into_iter()
        .map(|(reviewer, (assigned, reviewed))| AssignedTo {
            reviewer: reviewer.to_string(),
            assigned,
            reviewed,
        })
        .collect();
    (list, nobody)
}

pub fn write_status(out: &mut impl Write, l: &Loaded, lang: Lang) -> io::Result<()> {
    let en = lang == Lang::En;
    let t = |zh: &'static str, e: &'static str| if en { e } else { zh };
    let n = l.rows.len();
    if en {
        writeln!(out, "Batch {}: {n} reports", l.root.display())?;
    } else {
        writeln!(out, "批次 {}：{n} 份报告", l.root.display())?;
    }
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    for r in &l.rows {
        *by_status.entry(r.summary.status).or_default() += 1;
    }
    let parts: Vec<String> = Status::ALL
        .iter()
        .map(|s| {
            let name = if en { s.en() } else { s.zh() };
            format!("{name} {}", by_status.get(s).copied().unwrap_or(0))
        })
        .collect();
    writeln!(out, "  {}", parts.join(" · "))?;
    let reviewed = l
        .rows
        .iter()
        .filter(|r| r.summary.status.is_reviewed())
        .count();
    let decided: usize = l.rows.iter().map(|r| r.summary.decided).sum();
    let total: usize = decided + l.rows.iter().map(|r| r.summary.undecided).sum::<usize>();
    let notes: usize = l.rows.iter().map(|r| r.summary.notes).sum();
    if en {
        writeln!(
            out,
            "Progress: {reviewed}/{n} reports reviewed ({}%); {decided}/{total} findings decided; {notes} notes",
            percent(reviewed, n)
        )?;
    } else {
        writeln!(
            out,
            "进度：已审阅 {reviewed}/{n} 份（{}%）；问题已处理 {decided}/{total} 个；批注 {notes} 条",
            percent(reviewed, n)
        )?;
    }
    // Reviewers: verdicts in force, decisions and notes by each.
    let mut who: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for r in &l.rows {
        let f = &r.file;
        if f.verdict.status != Verdict::Unreviewed {
            who.entry(&f.verdict.reviewer).or_default()[0] += 1;
        }
        for d in f
            .decisions
            .iter()
            .filter(|d| d.decision != DecisionKind::Undecided)
        {
            who.entry(&d.reviewer).or_default()[1] += 1;
        }
        for n in f.notes() {
            who.entry(&n.reviewer).or_default()[2] += 1;
        }
    }
    if who.is_empty() {
        writeln!(out, "{}", t("审阅人：尚无", "Reviewers: none yet"))?;
    } else {
        writeln!(out, "{}", t("审阅人：", "Reviewers:"))?;
        for (name, [v, d, k]) in &who {
            if en {
                writeln!(out, "  {name}: {v} verdicts, {d} decisions, {k} notes")?;
            } else {
                writeln!(out, "  {name}：签核 {v} 份，处理问题 {d} 个，批注 {k} 条")?;
            }
        }
    }
    // Assignments: each assignee's assigned, reviewed and remaining reports.
    let (assigned, nobody) = assignments(l);
    if !assigned.is_empty() {
        writeln!(out, "{}", t("分配：", "Assignments:"))?;
        for a in &assigned {
            let left = a.assigned - a.reviewed;
            if en {
                writeln!(
                    out,
                    "  {}: {} assigned, {} reviewed, {left} remaining",
                    a.reviewer, a.assigned, a.reviewed
                )?;
            } else {
                writeln!(
                    out,
                    "  {}：分配 {} 份，已审阅 {} 份，剩余 {left} 份",
                    a.reviewer, a.assigned, a.reviewed
                )?;
            }
        }
        if en {
            writeln!(out, "  not assigned: {nobody}")?;
        } else {
            writeln!(out, "  未分配：{nobody} 份")?;
        }
    }
    let pending: Vec<&Row> = l
        .rows
        .iter()
        .filter(|r| r.summary.undecided_errors > 0)
        .collect();
    if pending.is_empty() {
        writeln!(
            out,
            "{}",
            t("没有未处理错误的报告", "No report has undecided errors")
        )?;
    } else {
        if en {
            writeln!(out, "Reports with undecided errors ({}):", pending.len())?;
        } else {
            writeln!(out, "有未处理错误的报告（{}）：", pending.len())?;
        }
        const SHOWN: usize = 10;
        for r in pending.iter().take(SHOWN) {
            let (agency, year, _) = meta(l, r);
            let st = if en {
                r.summary.status.en()
            } else {
                r.summary.status.zh()
            };
            if en {
                writeln!(
                    out,
                    "  {}  {agency} {year}  [{st}]  {} undecided errors",
                    r.rel, r.summary.undecided_errors
                )?;
            } else {
                writeln!(
                    out,
                    "  {}  {agency} {year}  [{st}]  {} 个错误未处理",
                    r.rel, r.summary.undecided_errors
                )?;
            }
        }
        if pending.len() > SHOWN {
            if en {
                writeln!(out, "  … and {} more", pending.len() - SHOWN)?;
            } else {
                writeln!(out, "  …另有 {} 份", pending.len() - SHOWN)?;
            }
        }
    }
    let problems: Vec<&Row> = l.rows.iter().filter(|r| r.problem.is_some()).collect();
    for r in problems.iter().take(5) {
        writeln!(out, "! {}: {}", r.rel, r.problem.as_deref().unwrap_or(""))?;
    }
    if let Some(fb) = l.store.fallback() {
        if en {
            writeln!(
                out,
                "Batch folder is read-only: review state kept in {}",
                fb.display()
            )?;
        } else {
            writeln!(out, "批次文件夹只读，审阅记录保存在 {}", fb.display())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Op;

    const T3: &str = "\t一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n";

    fn report(agency: &str, year: i32) -> String {
        format!(
            "{agency}{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n本报告统计期限为{year}年1月1日至{year}年12月31日。\n\n二、主动公开政府信息情况\n\n略。\n\n三、收到和处理政府信息公开申请情况\n\n{T3}\n四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"
        )
    }

    #[test]
    fn review_export_csv_and_markdown_for_a_tiny_batch() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, report("示例县商务局", 2023)).unwrap();
        std::fs::write(&b, report("示例县交通运输局", 2024)).unwrap();
        let sel = Selection::default();
        let l = load(dir.path(), &sel).unwrap();
        assert_eq!(l.rows.len(), 2);
        // Review b: dismiss one error, add a note, approve with confirmation.
        let rb = &l.rows[1];
        assert_eq!(rb.rel, "b.txt");
        let errors: Vec<&Finding> = rb.findings.iter().filter(|f| f.is_error()).collect();
        assert!(errors.len() >= 2, "the tiny report has errors: {errors:?}");
        let sha_b = l.entries[rb.entry].sha256.clone();
        let rel = Path::new("b.txt");
        l.store
            .update(
                rel,
                &sha_b,
                "wang",
                Op::decide(errors[0], DecisionKind::Dismissed, "样例"),
            )
            .unwrap();
        l.store
            .update(
                rel,
                &sha_b,
                "wang",
                Op::AddNote {
                    anchor: Anchor::Section("s3".into()),
                    text: "表三只有一行，\n需补全".into(),
                },
            )
            .unwrap();
        let text_b = report("示例县交通运输局", 2024);
        let fee_line = text_b
            .lines()
            .position(|l| l == "本年度未收取信息处理费。")
            .unwrap() as u32
            + 1;
        l.store
            .update(
                rel,
                &sha_b,
                "li",
                Op::AddNote {
                    anchor: Anchor::line(&text_b, fee_line),
                    text: "收费情况属实".into(),
                },
            )
            .unwrap();
        let keys: Vec<String> = errors.iter().map(|f| finding_key(f)).collect();
        l.store
            .update(
                rel,
                &sha_b,
                "wang",
                Op::SetVerdict {
                    verdict: Verdict::Approved,
                    note: String::new(),
                    error_keys: keys,
                    confirmed: true,
                },
            )
            .unwrap();
        let l = load(dir.path(), &sel).unwrap();
        let mut csv = Vec::new();
        write_csv(&mut csv, &l).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines.len(), 3, "{csv}");
        let a_cols: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(
            &a_cols[..5],
            ["a.txt", "示例县商务局", "2023", "2021", "unreviewed"]
        );
        let b_cols: Vec<&str> = lines[2].split(',').collect();
        assert_eq!(
            &b_cols[..6],
            [
                "b.txt",
                "示例县交通运输局",
                "2024",
                "2021",
                "approved",
                "wang"
            ]
        );
        let rb = &l.rows[1];
        assert_eq!(b_cols[7], "", "not assigned");
        assert_eq!(b_cols[8], rb.summary.errors.to_string());
        assert_eq!(b_cols[10], "1", "one decided finding: {csv}");
        assert_eq!(
            b_cols[11],
            (rb.summary.errors + rb.summary.warnings - 1).to_string()
        );
        assert_eq!(b_cols[12], "0", "nothing fixed");
        assert_eq!(b_cols[13], "2", "two notes");
        // Changing b's bytes makes the sign-off stale in the export.
        // Two lines inserted above the noted line.
        let edited = text_b.replace("一、总体情况\n", "一、总体情况\n\n（修订稿）\n");
        std::fs::write(&b, edited).unwrap();
        let l = load(dir.path(), &sel).unwrap();
        let mut csv = Vec::new();
        write_csv(&mut csv, &l).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(
            csv.lines().nth(2).unwrap().contains(",stale,wang,"),
            "{csv}"
        );
        // Markdown: Chinese headings, the table, open findings and notes.
        let mut md = Vec::new();
        write_md(&mut md, &l).unwrap();
        let md = String::from_utf8(md).unwrap();
        for needle in [
            "# 政府信息公开工作年度报告审阅情况",
            "## 状态汇总",
            "| 已失效 | 1 |",
            "| 未审阅 | 1 |",
            "## 各报告详情",
            "第三部分：表三只有一行，\n  需补全（wang，",
            &format!(
                "- 第{}行「本年度未收取信息处理费。」：收费情况属实（li，",
                fee_line + 2
            ),
            "未处理",
        ] {
            assert!(md.contains(needle), "missing {needle:?} in\n{md}");
        }
        // The dismissed finding is open in a (same message), not in b.
        let (part_a, part_b) = md.split_once("### 2.").unwrap();
        let dismissed = errors_message(&l);
        assert!(part_a.contains(&dismissed), "{md}");
        assert!(
            !part_b.contains(&dismissed),
            "a dismissed finding is not open: {md}"
        );
        // Status.
        let mut st = Vec::new();
        write_status(&mut st, &l, Lang::Zh).unwrap();
        let st = String::from_utf8(st).unwrap();
        assert!(st.contains("2 份报告"), "{st}");
        assert!(st.contains("已失效 1"), "{st}");
        assert!(
            st.contains("wang：签核 1 份，处理问题 1 个，批注 1 条"),
            "{st}"
        );
        assert!(st.contains("有未处理错误的报告（2）"), "{st}");
        // JSON.
        let mut js = Vec::new();
        write_json(&mut js, &l).unwrap();
        let v: J = serde_json::from_slice(&js).unwrap();
        assert_eq!(v["reports"][1]["status"], "stale");
        assert_eq!(v["reports"][0]["year"], 2023);
    }

    #[test]
    fn csv_and_markdown_cells_are_neutralised() {
        for (raw, want) in [
            ("=1+2.txt", "\"'=1+2.txt\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("+cmd", "\"'+cmd\""),
            ("-2+3", "\"'-2+3\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("=a,\"b\"", "\"'=a,\"\"b\"\"\""),
            ("-3", "-3"),
            ("12", "12"),
            ("+1.5", "+1.5"),
            ("-2e3", "-2e3"),
            ("-inf", "\"'-inf\""),
            ("- 3", "\"'- 3\""),
            ("示例县商务局", "示例县商务局"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_field(raw), want, "{raw:?}");
        }
        assert_eq!(md_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(md_cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(md_cell("x\r\ny<script>"), "x<br>y&lt;script>");
    }

    /// The message of the finding dismissed in the test (from the state).
    fn errors_message(l: &Loaded) -> String {
        let d = &l.rows[1].file.decisions[0];
        format!("| {} |", md_cell(&d.message))
    }
}
