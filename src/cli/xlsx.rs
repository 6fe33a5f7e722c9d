//! `nianbao export --format xlsx`: a batch's review state as an Excel
//! workbook, the table supervisors otherwise build by hand.
//!
//! Four sheets, each with a frozen header, an autofilter and column widths
//! fitted to their (CJK-aware) contents:
//! - `汇总`: one row per report, the columns of the CSV export;
//! - `问题`: one row per finding, with the reviewer's decision;
//! - `表格数据`: one row per report, one column per canonical cell key, the
//!   Chinese row/column labels in a second header row; numbers are numbers,
//!   blank cells are empty, unparsed and ambiguous cells are empty with a
//!   note giving their state and raw text;
//! - `批注`: every note with its anchor and quote.

use std::collections::HashMap;
use std::io;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::export::{Loaded, Row};
use crate::model::{Cell, CellState, Report};
use crate::review::{Anchor, DecisionKind, finding_key};
use crate::rules::{self, Finding};
use crate::schema::{Schema, TableId, Template, schema};

/// The sheet names, in workbook order.
pub const SHEETS: [&str; 4] = ["汇总", "问题", "表格数据", "批注"];

/// `汇总` headers: the CSV export's columns, in its order.
pub const SUMMARY_HEAD: [&str; 13] = [
    "报告",
    "机关",
    "年度",
    "模板",
    "状态",
    "审阅人",
    "时间",
    "错误",
    "警告",
    "已处理",
    "未处理",
    "批注",
    "问题",
];

/// `问题` headers.
pub const FINDINGS_HEAD: [&str; 12] = [
    "报告",
    "机关",
    "年度",
    "规则",
    "级别",
    "状态",
    "单元格",
    "行",
    "问题",
    "处理",
    "处理人",
    "理由",
];

/// `批注` headers.
pub const NOTES_HEAD: [&str; 11] = [
    "报告",
    "机关",
    "年度",
    "位置类型",
    "位置",
    "引文",
    "批注",
    "审阅人",
    "时间",
    "修改时间",
    "备注",
];

/// The leading columns of `表格数据` before the cell keys.
const DATA_LEAD: [&str; 4] = ["报告", "机关", "年度", "模板"];

/// Excel's limit on the characters of a cell is 32767.
const MAX_CELL: usize = 32_000;

fn xerr(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The parsed report of a row, if it could be read.
pub(super) fn report<'a>(l: &'a Loaded, row: &Row) -> Option<&'a Report> {
    l.entries.get(row.entry)?.report.as_ref().ok()
}

/// Agency and year of a row ("" / `None` when unknown).
pub(super) fn agency_year(l: &Loaded, row: &Row) -> (String, Option<i32>) {
    match report(l, row) {
        Some(r) => (r.agency.clone().unwrap_or_default(), r.year),
        None => (String::new(), None),
    }
}

/// 表二 / 表三 / 表四.
pub(super) fn table_zh(t: TableId) -> &'static str {
    match t {
        TableId::T2 => "表二",
        TableId::T3 => "表三",
        TableId::T4 => "表四",
    }
}

/// "未读出" etc.
pub(super) fn state_zh(s: CellState) -> &'static str {
    match s {
        CellState::Number => "数字",
        CellState::Blank => "空白",
        CellState::Unparsed => "未读出",
        CellState::Ambiguous => "有歧义",
    }
}

/// A cell's human label with its table: "表三 （七）总计 · 总计".
pub(super) fn cell_label(s: &Schema, idx: usize) -> String {
    let (row, _) = s.locate(idx);
    format!("{} {}", table_zh(row.table), s.cell_label(idx))
}

/// What a cell holds, in words: "9", "空白", "未读出".
pub(super) fn cell_value_zh(c: &Cell) -> String {
    match (c.state, c.number()) {
        (CellState::Number, Some(v)) => match c.unit.get() {
            Some(u) => format!("{v}{u}"),
            None => v.to_string(),
        },
        (s, _) => state_zh(s).to_string(),
    }
}

/// At most `n` characters of `s` on one line, with "…" when cut.
pub(super) fn clip(s: &str, n: usize) -> String {
    let one: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The text of a section key ("s3" → "第三部分").
pub(super) fn section_zh(s: &str) -> String {
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

/// Where a note sits, in words, and what it quotes from the report.
pub(super) fn anchor_zh(r: Option<&Report>, row: &Row, a: &Anchor) -> (String, String) {
    match a {
        Anchor::Report => (
            "全文".into(),
            r.and_then(|r| r.title.as_ref())
                .map(|t| clip(&t.text, 120))
                .unwrap_or_default(),
        ),
        Anchor::Section(s) => {
            let quote = r
                .and_then(|r| {
                    let id = crate::schema::SectionId::ALL
                        .into_iter()
                        .find(|id| id.key() == s)?;
                    let sec = r.section(id)?;
                    Some(clip(r.raw(&sec.heading), 120))
                })
                .unwrap_or_default();
            (section_zh(s), quote)
        }
        Anchor::Cell(k) => {
            let quote = r
                .and_then(|r| {
                    let s = r.schema();
                    let i = s.index(k)?;
                    Some(format!(
                        "{}：{}",
                        cell_label(s, i),
                        cell_value_zh(&r.cells[i])
                    ))
                })
                .unwrap_or_default();
            (format!("单元格 {k}"), quote)
        }
        Anchor::Finding(k) => {
            let quote = row
                .findings
                .iter()
                .find(|f| &finding_key(f) == k)
                .map(|f| f.message.clone())
                .or_else(|| {
                    row.file
                        .decisions
                        .iter()
                        .find(|d| &d.key == k)
                        .map(|d| d.message.clone())
                })
                .unwrap_or_default();
            (format!("问题 {k}"), quote)
        }
        Anchor::Line { line, quote } => (format!("第{line}行"), quote.clone()),
    }
}

/// A worksheet and the display width of the widest value in each column.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, name: &str) -> io::Result<Sheet<'a>> {
        ws.set_name(name).map_err(xerr)?;
        Ok(Sheet {
            ws,
            widths: Vec::new(),
        })
    }

    fn track(&mut self, col: u16, w: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    fn text(&mut self, row: u32, col: u16, s: &str) -> io::Result<()> {
        self.text_fmt(row, col, s, None)
    }

    fn text_fmt(&mut self, row: u32, col: u16, s: &str, f: Option<&Format>) -> io::Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        let s: String = if s.len() > MAX_CELL {
            s.chars().take(MAX_CELL / 4).collect()
        } else {
            s.to_string()
        };
        // Always a string cell, never a formula. Text a spreadsheet would
        // take for one (`=1+2`, `@SUM(A1)`) also gets Excel's quote prefix,
        // so that editing the cell keeps it text.
        let quoted;
        let f = if super::export::formula_like(&s) {
            quoted = f.cloned().unwrap_or_default().set_quote_prefix();
            Some(&quoted)
        } else {
            f
        };
        match f {
            Some(f) => self.ws.write_string_with_format(row, col, &s, f),
            None => self.ws.write_string(row, col, &s),
        }
        .map_err(xerr)?;
        let w = s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.track(col, w);
        Ok(())
    }

    fn num(&mut self, row: u32, col: u16, v: f64) -> io::Result<()> {
        self.ws.write_number(row, col, v).map_err(xerr)?;
        self.track(col, format!("{v}").len());
        Ok(())
    }

    fn header(&mut self, row: u32, cols: &[&str], f: &Format) -> io::Result<()> {
        for (c, h) in cols.iter().enumerate() {
            self.text_fmt(row, c as u16, h, Some(f))?;
        }
        Ok(())
    }

    /// Freeze the rows above `rows` and the columns left of `cols`, filter
    /// on header row `filter_row`, and fit the columns' widths.
    fn finish(self, rows: u32, cols: u16, filter_row: u32, last_row: u32) -> io::Result<()> {
        self.ws.set_freeze_panes(rows, cols).map_err(xerr)?;
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.ws
            .autofilter(filter_row, 0, last_row.max(filter_row), last_col)
            .map_err(xerr)?;
        for (c, w) in self.widths.iter().enumerate() {
            // Room for the filter button; long text is cut by the next cell.
            let w = (*w + 3).clamp(6, 60);
            self.ws.set_column_width(c as u16, w as f64).map_err(xerr)?;
        }
        Ok(())
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE5F0))
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

/// The workbook's bytes.
pub fn build(l: &Loaded) -> io::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let head = header_format();
    summary_sheet(wb.add_worksheet(), l, &head)?;
    findings_sheet(wb.add_worksheet(), l, &head)?;
    data_sheet(wb.add_worksheet(), l, &head)?;
    notes_sheet(wb.add_worksheet(), l, &head)?;
    wb.save_to_buffer().map_err(xerr)
}

fn summary_sheet(ws: &mut Worksheet, l: &Loaded, head: &Format) -> io::Result<()> {
    let mut sh = Sheet::new(ws, SHEETS[0])?;
    sh.header(0, &SUMMARY_HEAD, head)?;
    let mut r = 0;
    for row in &l.rows {
        r += 1;
        let (agency, year) = agency_year(l, row);
        let s = &row.summary;
        sh.text(r, 0, &row.rel)?;
        sh.text(r, 1, &agency)?;
        if let Some(y) = year {
            sh.num(r, 2, y as f64)?;
        }
        if let Some(rep) = report(l, row) {
            sh.text(r, 3, rep.template.as_str())?;
        }
        sh.text(r, 4, s.status.zh())?;
        sh.text(r, 5, &s.reviewer)?;
        sh.text(r, 6, &s.time)?;
        for (c, n) in [s.errors, s.warnings, s.decided, s.undecided, s.notes]
            .into_iter()
            .enumerate()
        {
            sh.num(r, 7 + c as u16, n as f64)?;
        }
        sh.text(r, 12, row.problem.as_deref().unwrap_or(""))?;
    }
    sh.finish(1, 1, 0, r)
}

fn finding_status_zh(f: &Finding) -> &'static str {
    match f.status {
        rules::Status::Fail => "不符合",
        rules::Status::Uncertain => "待定",
    }
}

fn findings_sheet(ws: &mut Worksheet, l: &Loaded, head: &Format) -> io::Result<()> {
    let mut sh = Sheet::new(ws, SHEETS[1])?;
    sh.header(0, &FINDINGS_HEAD, head)?;
    let mut r = 0;
    for row in &l.rows {
        let (agency, year) = agency_year(l, row);
        for f in &row.findings {
            r += 1;
            sh.text(r, 0, &row.rel)?;
            sh.text(r, 1, &agency)?;
            if let Some(y) = year {
                sh.num(r, 2, y as f64)?;
            }
            sh.text(r, 3, f.rule)?;
            sh.text(r, 4, f.severity.zh())?;
            sh.text(r, 5, finding_status_zh(f))?;
            sh.text(r, 6, &f.cells.join(", "))?;
            if let Some(line) = f.lines.first() {
                sh.num(r, 7, *line as f64)?;
            }
            sh.text(r, 8, &f.message)?;
            match row.file.decision(&finding_key(f)) {
                Some(d) => {
                    sh.text(r, 9, d.decision.zh())?;
                    sh.text(r, 10, &d.reviewer)?;
                    sh.text(r, 11, &d.reason)?;
                }
                None => sh.text(r, 9, DecisionKind::Undecided.zh())?,
            }
        }
    }
    sh.finish(1, 1, 0, r)
}

/// The canonical cell keys of the templates the batch uses (2021 first),
/// each with its label in the first template that has it.
fn data_columns(l: &Loaded) -> Vec<(String, String)> {
    let used: Vec<Template> = [Template::T2021, Template::T2019]
        .into_iter()
        .filter(|t| {
            l.rows
                .iter()
                .any(|row| report(l, row).is_some_and(|r| r.template == *t))
        })
        .collect();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut cols = Vec::new();
    for t in used {
        let s = schema(t);
        for (i, k) in s.keys.iter().enumerate() {
            if seen.insert(k.as_str(), ()).is_none() {
                cols.push((k.clone(), cell_label(s, i)));
            }
        }
    }
    cols
}

/// The note on an unparsed or ambiguous cell: its state, raw text, why.
fn cell_note(r: &Report, c: &Cell) -> String {
    let mut t = format!("{}（{}）", state_zh(c.state), c.state.as_str());
    match &c.span {
        Some(s) => {
            let raw = clip(r.raw(s), 200);
            let text = r.text();
            let line = clip(
                text.get(r.lines.line_range(text, s.line)).unwrap_or(""),
                200,
            );
            if !raw.is_empty() && raw != line {
                t.push_str(&format!("\n原文：「{raw}」"));
            }
            t.push_str(&format!("\n第{}行：「{line}」", s.line));
        }
        None => t.push_str("\n原文：（报告中未找到）"),
    }
    if !c.candidates().is_empty() {
        let v: Vec<String> = c.candidates().iter().map(ToString::to_string).collect();
        t.push_str(&format!("\n可能的值：{}", v.join("、")));
    }
    if let Some(why) = &c.issue {
        t.push_str(&format!("\n原因：{}", why.describe(false)));
    }
    t
}

fn data_sheet(ws: &mut Worksheet, l: &Loaded, head: &Format) -> io::Result<()> {
    let cols = data_columns(l);
    let mut sh = Sheet::new(ws, SHEETS[2])?;
    let label = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let unread = Format::new().set_background_color(Color::RGB(0xFFF2CC));
    let lead = DATA_LEAD.len() as u16;
    sh.header(0, &DATA_LEAD, head)?;
    for (c, h) in DATA_LEAD.iter().enumerate() {
        sh.text_fmt(1, c as u16, h, Some(&label))?;
    }
    for (c, (key, lab)) in cols.iter().enumerate() {
        let c = lead + c as u16;
        sh.text_fmt(0, c, key, Some(head))?;
        sh.ws
            .write_string_with_format(1, c, lab, &label)
            .map_err(xerr)?;
    }
    sh.ws.set_row_height(1, 48).map_err(xerr)?;
    let mut r = 1;
    for row in &l.rows {
        r += 1;
        let (agency, year) = agency_year(l, row);
        sh.text(r, 0, &row.rel)?;
        sh.text(r, 1, &agency)?;
        if let Some(y) = year {
            sh.num(r, 2, y as f64)?;
        }
        let Some(rep) = report(l, row) else { continue };
        sh.text(r, 3, rep.template.as_str())?;
        let s = rep.schema();
        for (c, (key, _)) in cols.iter().enumerate() {
            let c = lead + c as u16;
            let Some(cell) = s.index(key).map(|i| &rep.cells[i]) else {
                continue;
            };
            match cell.state {
                CellState::Number => {
                    if let Some(v) = cell.value {
                        sh.num(r, c, v.as_f64())?;
                    }
                }
                CellState::Blank => {}
                CellState::Unparsed | CellState::Ambiguous => {
                    sh.ws.write_blank(r, c, &unread).map_err(xerr)?;
                    let note = Note::new(cell_note(rep, cell))
                        .set_author("nianbao")
                        .add_author_prefix(false)
                        .set_width(320)
                        .set_height(140);
                    sh.ws.insert_note(r, c, &note).map_err(xerr)?;
                }
            }
        }
    }
    // Key columns are as wide as a number or a short label, not the key.
    for c in 0..cols.len() {
        let c = lead as usize + c;
        if c < sh.widths.len() {
            sh.widths[c] = 9;
        }
    }
    sh.finish(2, lead, 1, r)
}

fn notes_sheet(ws: &mut Worksheet, l: &Loaded, head: &Format) -> io::Result<()> {
    let mut sh = Sheet::new(ws, SHEETS[3])?;
    sh.header(0, &NOTES_HEAD, head)?;
    let wrap = Format::new().set_text_wrap();
    let mut r = 0;
    for row in &l.rows {
        let (agency, year) = agency_year(l, row);
        let rep = report(l, row);
        for n in row.file.notes() {
            r += 1;
            let (place, quote) = anchor_zh(rep, row, &n.anchor);
            sh.text(r, 0, &row.rel)?;
            sh.text(r, 1, &agency)?;
            if let Some(y) = year {
                sh.num(r, 2, y as f64)?;
            }
            sh.text(r, 3, anchor_kind_zh(&n.anchor))?;
            sh.text(r, 4, &place)?;
            sh.text(r, 5, &quote)?;
            sh.text_fmt(r, 6, n.text.trim_end(), Some(&wrap))?;
            sh.text(r, 7, &n.reviewer)?;
            sh.text(r, 8, &n.created)?;
            sh.text(r, 9, n.updated.as_deref().unwrap_or(""))?;
            if n.orphaned {
                sh.text(r, 10, "原行已找不到")?;
            }
        }
    }
    sh.finish(1, 1, 0, r)
}

pub(super) fn anchor_kind_zh(a: &Anchor) -> &'static str {
    match a {
        Anchor::Report => "全文",
        Anchor::Section(_) => "部分",
        Anchor::Cell(_) => "单元格",
        Anchor::Finding(_) => "问题",
        Anchor::Line { .. } => "行",
    }
}
