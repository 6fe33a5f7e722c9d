//! `nianbao export --format docx`: a 通报 draft, in Word, of the problems
//! the reviewers confirmed.
//!
//! Title and date, a summary paragraph with the batch's figures, then one
//! part per body whose reports have confirmed findings or the verdict
//! `changes_requested` (or `rejected`): each report's title, each confirmed
//! finding in plain Chinese with the report's own words and cell values, and
//! the reviewers' notes. Dismissed and undecided findings are left out.
//!
//! Styles follow Chinese official documents: 黑体 for the title and the
//! first-level headings, 仿宋 for the text. Fonts are only named, never
//! embedded: Word or WPS substitutes what the machine has.

use std::collections::BTreeMap;
use std::io::{self, Cursor};

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Style, StyleType,
};

use super::export::{Loaded, Row};
use super::xlsx::{agency_year, anchor_zh, cell_value_zh, clip, report, table_zh};
use crate::model::Report;
use crate::review::{self, Anchor, Decision, DecisionKind, Status, Verdict, finding_key};
use crate::rules::{self, Finding};

/// Style ids and the names Word shows for them.
pub const STYLES: [(&str, &str); 6] = [
    ("GwTitle", "公文标题（黑体）"),
    ("GwSubtitle", "副标题（仿宋）"),
    ("GwHeading1", "一级标题（黑体）"),
    ("GwHeading2", "二级标题（仿宋加粗）"),
    ("GwBody", "正文（仿宋）"),
    ("GwSign", "落款（仿宋）"),
];

const HEITI: &str = "黑体";
const FANGSONG: &str = "仿宋";

/// 二号 and 三号 in half-points.
const ERHAO: usize = 44;
const SANHAO: usize = 32;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
}

/// Fixed line spacing of 28 points, as official documents use.
fn spacing() -> LineSpacing {
    LineSpacing::new()
        .line(560)
        .line_rule(LineSpacingType::Exact)
}

fn styles(doc: Docx) -> Docx {
    let para = |i: usize| Style::new(STYLES[i].0, StyleType::Paragraph).name(STYLES[i].1);
    doc.default_fonts(fonts(FANGSONG))
        .default_size(SANHAO)
        .add_style(
            para(0)
                .fonts(fonts(HEITI))
                .size(ERHAO)
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(240).after(240))
                .outline_lvl(0),
        )
        .add_style(
            para(1)
                .fonts(fonts(FANGSONG))
                .size(SANHAO)
                .align(AlignmentType::Center)
                .line_spacing(spacing()),
        )
        .add_style(
            para(2)
                .fonts(fonts(HEITI))
                .size(SANHAO)
                .first_line_chars(200)
                .line_spacing(spacing())
                .outline_lvl(1),
        )
        .add_style(
            para(3)
                .fonts(fonts(FANGSONG))
                .size(SANHAO)
                .bold()
                .first_line_chars(200)
                .line_spacing(spacing())
                .outline_lvl(2),
        )
        .add_style(
            para(4)
                .fonts(fonts(FANGSONG))
                .size(SANHAO)
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .first_line_chars(200)
                .line_spacing(spacing()),
        )
        .add_style(
            para(5)
                .fonts(fonts(FANGSONG))
                .size(SANHAO)
                .align(AlignmentType::Right)
                .line_spacing(spacing()),
        )
}

/// Text safe for XML 1.0 on one line: controls dropped, newlines as spaces.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control() && *c != '\u{fffe}' && *c != '\u{ffff}')
        .collect()
}

fn p(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(clean(text)))
}

/// 1 → 一, 12 → 十二, 25 → 二十五 (up to 99; beyond, Arabic digits).
pub fn zh_num(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n % 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// "2026-12-05T08:00:00Z" → "2026年12月5日".
fn date_zh(rfc: &str) -> String {
    let d: Vec<u32> = rfc
        .get(..10)
        .unwrap_or("")
        .split('-')
        .filter_map(|x| x.parse().ok())
        .collect();
    match d[..] {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => rfc.to_string(),
    }
}

/// A confirmed finding of a row with its decision.
struct Confirmed<'a> {
    f: &'a Finding,
    d: &'a Decision,
}

fn confirmed(row: &Row) -> Vec<Confirmed<'_>> {
    row.findings
        .iter()
        .filter(|f| review::is_actionable(f))
        .filter_map(|f| {
            let d = row.file.decision(&finding_key(f))?;
            (d.decision == DecisionKind::Confirmed).then_some(Confirmed { f, d })
        })
        .collect()
}

/// The report goes into the 通报: it has confirmed findings, or a reviewer
/// asked for changes or rejected it.
fn notified(row: &Row) -> bool {
    !confirmed(row).is_empty()
        || matches!(
            row.file.verdict.status,
            Verdict::ChangesRequested | Verdict::Rejected
        )
}

/// The report's title as it names itself, else one made from its agency
/// and year.
fn title_of(r: Option<&Report>, agency: &str, year: Option<i32>) -> String {
    if let Some(t) = r.and_then(|r| r.title.as_ref())
        && !t.text.trim().is_empty()
    {
        return clip(&t.text, 80);
    }
    let y = year.map(|y| format!("{y}年")).unwrap_or_default();
    format!("{agency}{y}政府信息公开工作年度报告")
}

/// What the report says where the finding points: the quoted claim, else
/// the finding's lines.
fn quotes(r: &Report, f: &Finding) -> Vec<String> {
    let text = r.text();
    let mut q: Vec<String> = f
        .spans
        .iter()
        .filter_map(|&(a, b)| text.get(a..b))
        .map(|s| clip(s, 100))
        .filter(|s| !s.is_empty())
        .collect();
    if q.is_empty() {
        q = f
            .lines
            .iter()
            .filter(|&&l| l >= 1 && (l as usize) <= r.lines.count())
            .map(|&l| quote_line(text.get(r.lines.line_range(text, l)).unwrap_or("")))
            .map(|l| clip(&l, 100))
            .filter(|s| !s.is_empty())
            .collect();
    }
    q.dedup();
    q.truncate(3);
    q
}

/// The finding's cells, grouped by row:
/// "表三「（一）予以公开」自然人 4，…，总计 5".
fn cell_values(r: &Report, f: &Finding) -> Vec<String> {
    let s = r.schema();
    let mut out: Vec<(usize, String)> = Vec::new();
    for i in f.cells.iter().filter_map(|k| s.index(k)) {
        let (row, col) = s.locate(i);
        let v = cell_value_zh(&r.cells[i]);
        let first = row.first_cell;
        match out.last_mut() {
            Some((at, t)) if *at == first => t.push_str(&format!("，{} {v}", col.short)),
            _ if row.cols.len() == 1 => out.push((
                first,
                format!("{}「{}」{v}", table_zh(row.table), row.label),
            )),
            _ => out.push((
                first,
                format!("{}「{}」{} {v}", table_zh(row.table), row.label, col.short),
            )),
        }
    }
    out.into_iter().map(|(_, t)| t).take(6).collect()
}

/// A source line as a quote: table rows without their pipes and tabs.
fn quote_line(line: &str) -> String {
    if line.contains('|') || line.contains('\t') {
        let cells: Vec<&str> = line
            .split(['|', '\t'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cells.join(" ")
    } else {
        line.to_string()
    }
}

fn rule_zh(id: &str) -> Option<&'static str> {
    rules::catalogue().iter().find(|r| r.id == id).map(|r| r.zh)
}

/// Batch figures for the summary paragraph.
#[derive(Default)]
struct Figures {
    reports: usize,
    bodies: usize,
    years: (Option<i32>, Option<i32>),
    by_status: BTreeMap<Status, usize>,
    errors: usize,
    warnings: usize,
    confirmed: usize,
    dismissed: usize,
    undecided: usize,
}

fn figures(l: &Loaded) -> Figures {
    let mut fg = Figures {
        reports: l.rows.len(),
        ..Default::default()
    };
    let mut bodies = std::collections::BTreeSet::new();
    for row in &l.rows {
        let (agency, year) = agency_year(l, row);
        if !agency.is_empty() {
            bodies.insert(agency);
        }
        if let Some(y) = year {
            fg.years.0 = Some(fg.years.0.map_or(y, |a| a.min(y)));
            fg.years.1 = Some(fg.years.1.map_or(y, |b| b.max(y)));
        }
        *fg.by_status.entry(row.summary.status).or_default() += 1;
        fg.errors += row.summary.errors;
        fg.warnings += row.summary.warnings;
        fg.undecided += row.summary.undecided;
        for f in row.findings.iter().filter(|f| review::is_actionable(f)) {
            match row.file.decision(&finding_key(f)).map(|d| d.decision) {
                Some(DecisionKind::Confirmed) => fg.confirmed += 1,
                Some(DecisionKind::Dismissed) => fg.dismissed += 1,
                _ => {}
            }
        }
    }
    fg.bodies = bodies.len();
    fg
}

fn years_zh(y: (Option<i32>, Option<i32>)) -> String {
    match y {
        (Some(a), Some(b)) if a == b => format!("{a}年度"),
        (Some(a), Some(b)) => format!("{a}—{b}年度"),
        _ => String::new(),
    }
}

/// The document's bytes, dated today.
pub fn build(l: &Loaded) -> io::Result<Vec<u8>> {
    build_dated(l, &review::time::now_rfc3339())
}

/// The document's bytes, dated `now` (RFC 3339).
pub fn build_dated(l: &Loaded, now: &str) -> io::Result<Vec<u8>> {
    let doc = styles(
        Docx::new().page_size(11906, 16838).page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1587)
                .right(1474),
        ),
    );
    let doc = content(l, now)
        .into_iter()
        .fold(doc, |d, para| d.add_paragraph(para));
    let mut buf = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(buf.into_inner())
}

fn content(l: &Loaded, now: &str) -> Vec<Paragraph> {
    let fg = figures(l);
    let date = date_zh(now);
    let mut out = vec![
        p(
            "GwTitle",
            &format!(
                "关于{}政府信息公开工作年度报告存在问题的通报",
                years_zh(fg.years)
            ),
        ),
        p("GwSubtitle", &format!("（草稿　{date}）")),
    ];

    // Bodies in the order their first report comes in the batch.
    let mut bodies: Vec<(String, Vec<&Row>)> = Vec::new();
    for row in l.rows.iter().filter(|r| notified(r)) {
        let (agency, _) = agency_year(l, row);
        let agency = if agency.is_empty() {
            "（未识别机关）".to_string()
        } else {
            agency
        };
        match bodies.iter_mut().find(|(a, _)| *a == agency) {
            Some((_, rows)) => rows.push(row),
            None => bodies.push((agency, vec![row])),
        }
    }
    for (_, rows) in &mut bodies {
        rows.sort_by_key(|r| agency_year(l, r).1);
    }

    let st = |s: Status| fg.by_status.get(&s).copied().unwrap_or(0);
    let reviewed = st(Status::Approved) + st(Status::ChangesRequested) + st(Status::Rejected);
    let mut summary = format!(
        "本次共审查{}个单位的{}政府信息公开工作年度报告{}份。经系统检查和人工审阅，已审阅{}份，其中通过{}份、需修改{}份、不通过{}份",
        fg.bodies,
        years_zh(fg.years),
        fg.reports,
        reviewed,
        st(Status::Approved),
        st(Status::ChangesRequested),
        st(Status::Rejected),
    );
    if st(Status::Stale) > 0 {
        summary.push_str(&format!(
            "；{}份报告在审阅后又有改动，需重新审阅",
            st(Status::Stale)
        ));
    }
    summary.push_str(&format!(
        "；尚未审阅{}份。系统共发现错误{}个、警告{}个，经审阅确认问题{}个、排除{}个，尚有{}个未处理。",
        st(Status::Unreviewed),
        fg.errors,
        fg.warnings,
        fg.confirmed,
        fg.dismissed,
        fg.undecided
    ));
    if bodies.is_empty() {
        summary.push_str("经审阅，暂未发现需要通报的问题。");
    } else {
        summary.push_str(&format!(
            "现将{}个单位年度报告存在的问题通报如下。",
            bodies.len()
        ));
    }
    out.push(p("GwBody", &summary));

    for (bi, (agency, rows)) in bodies.iter().enumerate() {
        out.push(p("GwHeading1", &format!("{}、{agency}", zh_num(bi + 1))));
        for (ri, row) in rows.iter().enumerate() {
            out.extend(report_part(l, row, ri + 1));
        }
    }

    if !bodies.is_empty() {
        out.push(p(
            "GwBody",
            "请上述单位对照通报的问题逐项核实整改，更正后的年度报告在原发布渠道重新发布，并于＿＿月＿＿日前将整改情况报送。",
        ));
    }
    out.push(p("GwSign", "（发文单位）"));
    out.push(p("GwSign", &date));
    out
}

/// One report of a body: its title, its verdict, confirmed findings, notes.
fn report_part(l: &Loaded, row: &Row, n: usize) -> Vec<Paragraph> {
    let r = report(l, row);
    let (agency, year) = agency_year(l, row);
    let mut out = vec![p(
        "GwHeading2",
        &format!("（{}）《{}》", zh_num(n), title_of(r, &agency, year)),
    )];
    let v = &row.file.verdict;
    if matches!(v.status, Verdict::ChangesRequested | Verdict::Rejected) {
        let what = match v.status {
            Verdict::Rejected => "不通过",
            _ => "需修改",
        };
        let mut t = format!("审阅结论：{what}（{}，{}）", v.reviewer, date_zh(&v.time));
        if row.summary.status == Status::Stale {
            t.push_str("；报告在此后又有改动，结论待复核");
        }
        t.push('。');
        if !v.note.trim().is_empty() {
            t.push_str(&format!("说明：{}", v.note.trim()));
        }
        out.push(p("GwBody", &t));
    }
    let found = confirmed(row);
    if found.is_empty() {
        out.push(p("GwBody", "审阅未确认具体问题，详见审阅批注。"));
    }
    for (i, c) in found.iter().enumerate() {
        let f = c.f;
        let mut t = format!("{}．{}", i + 1, f.message.trim_end_matches('。'));
        if !f.lines.is_empty() {
            let ls: Vec<String> = f.lines.iter().take(4).map(u32::to_string).collect();
            t.push_str(&format!("（见报告第{}行）", ls.join("、")));
        }
        t.push('。');
        if let Some(z) = rule_zh(f.rule) {
            t.push_str(&format!("该问题属于“{z}”（{}）。", f.rule));
        }
        out.push(p("GwBody", &t));
        if let Some(r) = r {
            let q = quotes(r, f);
            if !q.is_empty() {
                let q: Vec<String> = q.iter().map(|s| format!("“{s}”")).collect();
                out.push(p("GwBody", &format!("报告原文：{}。", q.join("；"))));
            }
            let cv = cell_values(r, f);
            if !cv.is_empty() {
                out.push(p("GwBody", &format!("相关数据：{}。", cv.join("；"))));
            }
        }
        if !c.d.reason.trim().is_empty() {
            out.push(p(
                "GwBody",
                &format!("审阅意见：{}（{}）。", c.d.reason.trim(), c.d.reviewer),
            ));
        }
    }
    // Notes, except those on a finding that was dismissed.
    let dismissed = |a: &Anchor| match a {
        Anchor::Finding(k) => row
            .file
            .decision(k)
            .is_some_and(|d| d.decision == DecisionKind::Dismissed),
        _ => false,
    };
    let notes: Vec<&review::Note> = row.file.notes().filter(|n| !dismissed(&n.anchor)).collect();
    if !notes.is_empty() {
        out.push(p("GwBody", "审阅批注："));
        for n in notes {
            let (place, quote) = anchor_zh(r, row, &n.anchor);
            let at = if matches!(n.anchor, Anchor::Cell(_)) && !quote.is_empty() {
                quote
            } else if quote.is_empty() || matches!(n.anchor, Anchor::Finding(_)) {
                place
            } else if matches!(n.anchor, Anchor::Line { .. }) {
                format!("{place}“{}”", clip(&quote_line(&quote), 40))
            } else {
                format!("{place}“{}”", clip(&quote, 40))
            };
            out.push(p(
                "GwBody",
                &format!("{at}：{}（{}）", n.text.trim(), n.reviewer),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let v: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100].map(zh_num).to_vec();
        assert_eq!(
            v,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]
        );
        assert_eq!(date_zh("2026-01-05T08:00:00Z"), "2026年1月5日");
    }
}
