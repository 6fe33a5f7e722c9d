//! Decoded text → [`Report`]: metadata, sections, tables, each cell with
//! its provenance.
//!
//! One reader handles every layout of FORMAT.md §8. Section headings are found
//! by numeral and title; each table's region is tokenised into label text and
//! value tokens ([`tokens`]); rows are found by their label keywords in order,
//! and the values between two row labels belong to the first ([`tables`]).
//! Digits glued together are cut under the table's identities ([`split`]).

pub mod narrative;
pub mod norm;

mod gridbind;
mod labels;
mod meta;
mod sections;
mod split;
mod tables;
mod tokens;

use std::ops::Range;

use crate::ingest::Document;
use crate::model::{
    Cell, CellIssue, CellState, Layout, LineIndex, Report, Section, TableInfo, TemplateSignals,
    YearSource,
};
use crate::schema::{RowSpec, SectionId, TableId, Template, schema};
use norm::Norm;

/// Parse a decoded document.
pub fn parse(doc: Document) -> Report {
    let text = doc.text.as_str();
    let lines = LineIndex::new(text);
    let norm = Norm::new(text, 0..text.len());
    let sections = sections::find(text, &lines, &norm, 0);
    let head_end = sections
        .first()
        .map(|s| s.heading.start as usize)
        .unwrap_or(text.len().min(4096));
    let title = meta::title(text, &lines, head_end.max(1));
    let period = meta::period(&lines, &norm);

    let (year, year_source) = match (title.year, period.as_ref().and_then(|p| p.start)) {
        (Some(y), _) => (Some(y), Some(YearSource::Title)),
        (None, Some((y, _, _))) => (Some(y), Some(YearSource::Period)),
        (None, None) => {
            let s1 = sections
                .iter()
                .find(|s| s.id == SectionId::S1)
                .map(|s| s.body.clone())
                .unwrap_or(0..head_end);
            let end = text.floor_char_boundary(s1.end.min(s1.start + 2000));
            let head = &text[..text.floor_char_boundary(head_end)];
            match meta::frequent_year(&text[s1.start..end]).or_else(|| meta::frequent_year(head)) {
                Some(y) => (Some(y), Some(YearSource::Text)),
                None => (None, None),
            }
        }
    };

    // Table regions and their token streams.
    let regions = regions(text, &norm, &sections);
    let streams: Vec<Option<tokens::Stream>> = regions
        .iter()
        .map(|r| r.clone().map(|r| tokens::stream(text, r, &doc.grid)))
        .collect();
    let signals = signals(&streams);
    let template = if crate::model::pre_standard(year, year_source, &signals) {
        // Reports for 2018 and earlier use an older statistics table: a
        // stray number or two there must not be read as the 2019 table's.
        Template::None
    } else {
        decide_template(&signals, year)
    };

    let sch = schema(template);
    let mut cells: Vec<Cell> = vec![Cell::default(); sch.len()];
    let mut tables: [TableInfo; 3] = Default::default();
    let mut seps = [0usize; 5];
    for (ti, table) in [TableId::T2, TableId::T3, TableId::T4]
        .into_iter()
        .enumerate()
    {
        let rows: Vec<&RowSpec> = sch.rows_of(table).collect();
        if rows.is_empty() {
            continue;
        }
        let info = &mut tables[ti];
        info.rows = vec![None; rows.len()];
        let Some(st) = &streams[ti] else {
            for row in &rows {
                for c in row.cells() {
                    cells[c].issue = Some(CellIssue::TableMissing);
                }
            }
            continue;
        };
        info.range = regions[ti].clone();
        let parsed = tables::read(text, &lines, st, &rows, table);
        for (i, cell) in parsed.cells {
            cells[i] = cell;
        }
        info.rows = parsed.rows;
        for (a, b) in seps.iter_mut().zip(parsed.seps) {
            *a += b;
        }
    }
    let layout = layout(&seps);
    let mut report = Report {
        title: title.title,
        agency: title.agency,
        year,
        year_source,
        period,
        template,
        signals,
        layout,
        sections,
        cells,
        tables,
        lines,
        doc,
        claims: Vec::new(),
    };
    report.claims = narrative::extract(&report, &norm);
    // A batch keeps every report: no spare capacity.
    report.claims.shrink_to_fit();
    report.sections.shrink_to_fit();
    report.doc.text.shrink_to_fit();
    report
}

fn layout(seps: &[usize; 5]) -> Layout {
    let (i, &n) = seps
        .iter()
        .enumerate()
        .max_by_key(|&(i, &n)| (n, usize::MAX - i))
        .unwrap_or((0, &0));
    if n == 0 {
        return Layout::None;
    }
    [
        Layout::Tabs,
        Layout::Markdown,
        Layout::CellPerLine,
        Layout::Spaced,
        Layout::Flat,
    ][i]
}

/// The byte ranges of tables 2, 3 and 4.
fn regions(text: &str, norm: &Norm, sections: &[Section]) -> [Option<Range<usize>>; 3] {
    let sec = |id: SectionId| sections.iter().find(|s| s.id == id).map(|s| s.body.clone());
    // Next heading after `off`, else the end.
    let next_heading = |off: usize| {
        sections
            .iter()
            .map(|s| s.heading.start as usize)
            .filter(|&h| h > off)
            .min()
            .unwrap_or(text.len())
    };
    let find_in = |r: &Range<usize>, pats: &[&str]| -> Option<usize> {
        let a = norm.at_src(r.start);
        let b = norm.at_src(r.end);
        pats.iter()
            .filter_map(|p| norm.find_from(a, p).filter(|&i| i + p.len() <= b))
            .min()
            .map(|i| norm.src_start(i))
    };
    let whole = 0..text.len();

    let t3 = match sec(SectionId::S3) {
        Some(body) => {
            let start =
                find_in(&body, &["勾稽关系", "申请人情况", "本年新收"]).unwrap_or(body.start);
            Some(start..body.end)
        }
        None => find_in(&whole, &["本年新收"]).map(|s| {
            let s = find_in(&(s.saturating_sub(600)..s), &["勾稽关系", "申请人情况"]).unwrap_or(s);
            s..next_heading(s)
        }),
    };
    let t2 = match sec(SectionId::S2) {
        Some(body) => {
            let start = find_in(&body, &["第二十条", "信息内容"]).unwrap_or(body.start);
            Some(start..body.end)
        }
        None => find_in(&whole, &["第二十条第"]).map(|s| {
            let end = t3
                .as_ref()
                .map(|t| t.start)
                .filter(|&e| e > s)
                .unwrap_or_else(|| next_heading(s));
            s..end
        }),
    };
    let t4 = match sec(SectionId::S4) {
        Some(body) => Some(body),
        None => {
            let from = t3.as_ref().map(|t| t.end).unwrap_or(0);
            let r = from..text.len();
            find_in(&r, &["结果维持", "尚未审结"]).map(|s| {
                let s = find_in(&(s.saturating_sub(300).max(from)..s), &["行政复议"]).unwrap_or(s);
                s..next_heading(s)
            })
        }
    };
    let fix = |r: Option<Range<usize>>| {
        r.map(|r| text.floor_char_boundary(r.start)..text.floor_char_boundary(r.end))
            .filter(|r| r.start < r.end)
    };
    [fix(t2), fix(t3), fix(t4)]
}

fn signals(streams: &[Option<tokens::Stream>]) -> TemplateSignals {
    let label = |i: usize| {
        streams[i]
            .as_ref()
            .map(|s| s.label.s.as_str())
            .unwrap_or("")
    };
    let t2 = label(0);
    let t3 = label(1);
    let count = |s: &str, pats: &[&str]| pats.iter().filter(|p| s.contains(**p)).count() as u8;
    let t3_2021 = ["逾期不补正", "缴纳费用", "收费通知"]
        .iter()
        .any(|p| t3.contains(p));
    TemplateSignals {
        t2_2021: count(
            t2,
            &[
                "本年制发件数",
                "本年废止件数",
                "现行有效件数",
                "本年收费金额",
            ],
        ),
        t2_2019: count(
            t2,
            &[
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
                "上一年项目数量",
                "本年增/减",
                "政府集中采购",
                "其他对外管理服务事项",
            ],
        ),
        t3_2021,
        t3_2019: !t3_2021 && t3.contains("其他处理"),
    }
}

fn decide_template(s: &TemplateSignals, year: Option<i32>) -> Template {
    let t2 = match s.t2_2021.cmp(&s.t2_2019) {
        std::cmp::Ordering::Greater => Some(Template::T2021),
        std::cmp::Ordering::Less => Some(Template::T2019),
        std::cmp::Ordering::Equal => None,
    };
    let t3 = if s.t3_2021 {
        Some(Template::T2021)
    } else if s.t3_2019 {
        Some(Template::T2019)
    } else {
        None
    };
    t2.or(t3)
        .or_else(|| year.and_then(Template::for_year))
        .unwrap_or(Template::None)
}

/// Does this report have anything of an annual report at all?
pub fn looks_like_report(r: &Report) -> bool {
    r.title.as_ref().is_some_and(|t| t.has_phrase)
        || r.sections.len() >= 2
        || r.cells.iter().any(|c| c.state == CellState::Number)
}

#[cfg(test)]
mod tests;
