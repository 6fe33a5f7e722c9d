//! S — structure rules.

use super::{Ctx, Finding, Severity};
use crate::model::{CellIssue, CellState, Value};
use crate::schema::{TableId, ValueKind};

fn table_name(t: TableId) -> &'static str {
    match t {
        TableId::T2 => "表二（主动公开政府信息情况）",
        TableId::T3 => "表三（收到和处理政府信息公开申请情况）",
        TableId::T4 => "表四（政府信息公开行政复议、行政诉讼情况）",
    }
}

/// S09: a table, row or cell of the detected template is missing.
pub fn s09(c: &Ctx, out: &mut Vec<Finding>) {
    for table in [TableId::T2, TableId::T3, TableId::T4] {
        let rows: Vec<_> = c.s.rows_of(table).collect();
        if rows.is_empty() {
            continue;
        }
        let info = c.r.table(table);
        if info.range.is_none() {
            let idx: Vec<usize> = rows.iter().flat_map(|r| r.cells()).collect();
            out.push(c.fail(
                "S09",
                Severity::Error,
                format!("未找到{}", table_name(table)),
                &idx,
            ));
            continue;
        }
        for row in rows {
            let issue = row.cells().find_map(|i| c.cell(i).issue);
            let msg = match issue {
                Some(CellIssue::RowMissing) => {
                    format!("{}缺少行「{}」", table_name(table), row.label)
                }
                Some(CellIssue::RowAbsent) => {
                    let group = row.group.map(|g| format!("{g} ")).unwrap_or_default();
                    format!(
                        "{}缺少行「{group}{}」：表中无此行",
                        table_name(table),
                        row.label
                    )
                }
                Some(CellIssue::NoValues) => {
                    format!("{}「{}」一行没有数值", table_name(table), row.label)
                }
                Some(CellIssue::TooFew { found, expected }) => {
                    format!(
                        "{}「{}」一行只有 {found} 个数值，应有 {expected} 个",
                        table_name(table),
                        row.label
                    )
                }
                _ => continue,
            };
            let idx: Vec<usize> = row.cells().collect();
            out.push(c.fail("S09", Severity::Error, msg, &idx));
        }
    }
}

/// S11: a count cell is negative or not a number (error), or blank (warning).
pub fn s11(c: &Ctx, out: &mut Vec<Finding>) {
    let mut blanks: Vec<usize> = Vec::new();
    for (i, cell) in c.r.cells.iter().enumerate() {
        let (_, col) = c.s.locate(i);
        match cell.state {
            CellState::Number => {
                let negative = match cell.value {
                    Some(Value::Int(v)) => v < 0,
                    Some(Value::Dec(d)) => d.mantissa < 0,
                    None => false,
                };
                if negative && col.kind != ValueKind::Signed {
                    let v = cell.value.map(|v| v.to_string()).unwrap_or_default();
                    out.push(c.fail(
                        "S11",
                        Severity::Error,
                        format!("{} 为负数：{v}", c.s.cell_label(i)),
                        &[i],
                    ));
                }
            }
            CellState::Unparsed if cell.issue == Some(CellIssue::NotANumber) => {
                let raw = cell
                    .span
                    .map(|s| c.r.raw(&s).to_string())
                    .unwrap_or_default();
                out.push(c.fail(
                    "S11",
                    Severity::Error,
                    format!("{} 不是数字：「{raw}」", c.s.cell_label(i)),
                    &[i],
                ));
            }
            CellState::Blank => blanks.push(i),
            _ => {}
        }
    }
    if !blanks.is_empty() {
        let first = c.s.cell_label(blanks[0]);
        let msg = if blanks.len() == 1 {
            format!("{first} 为空白（应填 0）")
        } else {
            format!("{} 个单元格为空白（应填 0），如 {first}", blanks.len())
        };
        out.push(c.fail("S11", Severity::Warning, msg, &blanks));
    }
}

use crate::parse::norm::fold;
use crate::schema::{SectionId, Template};

/// S01: one of the six sections is missing.
pub fn s01(c: &Ctx, out: &mut Vec<Finding>) {
    for id in SectionId::ALL {
        if c.r.section(id).is_none() {
            out.push(c.fail(
                "S01",
                Severity::Error,
                format!("缺少第{}部分「{}」", id.numeral(), id.heading()),
                &[],
            ));
        }
    }
}

/// S02: sections out of order or repeated.
pub fn s02(c: &Ctx, out: &mut Vec<Finding>) {
    let secs = &c.r.sections;
    for (k, s) in secs.iter().enumerate() {
        if let Some(first) = secs[..k].iter().find(|p| p.id == s.id) {
            let mut f = c.fail(
                "S02",
                Severity::Error,
                format!("「{}」重复出现", s.id.heading()),
                &[],
            );
            f.lines = vec![first.heading.line, s.heading.line];
            out.push(f);
        } else if let Some(later) = secs[..k].iter().find(|p| p.id > s.id) {
            let mut f = c.fail(
                "S02",
                Severity::Error,
                format!(
                    "「{}」出现在「{}」之后，顺序错误",
                    s.id.heading(),
                    later.id.heading()
                ),
                &[],
            );
            f.lines = vec![later.heading.line, s.heading.line];
            out.push(f);
        }
    }
}

/// The first few meaningful characters of a section body (no space, markup
/// or punctuation): enough to tell "empty" and "只写了无" from real text.
fn substance(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '#' | '*'
                        | '|'
                        | '-'
                        | '—'
                        | '_'
                        | '：'
                        | ':'
                        | '。'
                        | '.'
                        | '，'
                        | ','
                        | '、'
                        | '；'
                        | ';'
                        | '（'
                        | '）'
                        | '('
                        | ')'
                        | '\u{3000}'
                )
        })
        .take(4)
        .collect()
}

/// S03: a section is empty; section 五 is empty or only "无".
pub fn s03(c: &Ctx, out: &mut Vec<Finding>) {
    for id in SectionId::ALL {
        // The first heading of each section (repeats are S02's).
        let Some(sec) = c.r.section(id) else { continue };
        let body = &c.r.text()[sec.body.clone()];
        let sub = substance(body);
        let empty = sub.is_empty()
            || (id == SectionId::S5 && matches!(sub.as_str(), "无" | "暂无" | "没有"));
        if empty {
            let what = if sub.is_empty() {
                "内容为空"
            } else {
                "只写了「无」"
            };
            let mut f = c.fail(
                "S03",
                Severity::Warning,
                format!("「{}」{what}", id.heading()),
                &[],
            );
            f.lines = vec![sec.heading.line];
            out.push(f);
        }
    }
}

/// S04: the title lacks the agency, the year, or "政府信息公开工作年度报告".
pub fn s04(c: &Ctx, out: &mut Vec<Finding>) {
    let mut missing = Vec::new();
    let title = c.r.title.as_ref();
    if c.r.agency.is_none() {
        missing.push("机关名称");
    }
    if c.r.year_source != Some(crate::model::YearSource::Title) {
        missing.push("年份");
    }
    if !title.is_some_and(|t| t.text.contains("政府信息公开工作年度报告")) {
        missing.push("“政府信息公开工作年度报告”字样");
    }
    if missing.is_empty() {
        return;
    }
    let shown = title.map(|t| t.text.as_str()).unwrap_or("（未找到标题）");
    let mut f = c.fail(
        "S04",
        Severity::Warning,
        format!("标题「{shown}」缺少{}", missing.join("、")),
        &[],
    );
    if let Some(t) = title {
        f.lines = vec![t.span.line];
    }
    out.push(f);
}

/// S05: the statistics period contradicts the title year (error) or is malformed (warning).
pub fn s05(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(p) = &c.r.period else { return };
    let raw = c.r.raw(&p.span).split_whitespace().collect::<String>();
    let mut f = if p.malformed {
        c.fail(
            "S05",
            Severity::Warning,
            format!("统计期限「{raw}」日期格式有误"),
            &[],
        )
    } else {
        let Some(year) =
            c.r.year
                .filter(|_| c.r.year_source == Some(crate::model::YearSource::Title))
        else {
            return;
        };
        let (Some(s), Some(e)) = (p.start, p.end) else {
            return;
        };
        if s.0 == year && e.0 == year {
            return;
        }
        c.fail(
            "S05",
            Severity::Error,
            format!("统计期限「{raw}」与标题年份 {year} 年不符"),
            &[],
        )
    };
    f.lines = vec![p.span.line];
    out.push(f);
}

/// S07: the template contradicts the year, or its signals are mixed.
pub fn s07(c: &Ctx, out: &mut Vec<Finding>) {
    if c.r.pre_standard() {
        let mut f = c.fail("S07", Severity::Info, super::PRE_STANDARD[0].into(), &[]);
        f.lines =
            c.r.title
                .as_ref()
                .map(|t| t.span.line)
                .into_iter()
                .collect();
        out.push(f);
        return;
    }
    let sig = &c.r.signals;
    let line =
        c.r.table(TableId::T2)
            .range
            .clone()
            .or(c.r.table(TableId::T3).range.clone());
    let line = line.map(|r| c.r.lines.line(r.start));
    let mut push = |msg: String| {
        let mut f = c.fail("S07", Severity::Error, msg, &[]);
        f.lines = line.into_iter().collect();
        out.push(f);
    };
    if sig.mixed() {
        push("表格同时含有2019年版和2021年版模板的特征，模板混用".to_string());
        return;
    }
    let detected = sig.t2_2019 > 0 || sig.t2_2021 > 0 || sig.t3_2019 || sig.t3_2021;
    let (Some(year), true) = (c.r.year, detected) else {
        return;
    };
    let Some(want) = Template::for_year(year) else {
        return;
    };
    if c.r.template != Template::None && c.r.template != want {
        push(format!(
            "{year} 年报告应使用 {} 年版表格，实际为 {} 年版",
            want.as_str(),
            c.r.template.as_str()
        ));
    }
}

/// S08: the text cites the wrong format notice (warning) or misquotes its title (info).
pub fn s08(c: &Ctx, out: &mut Vec<Finding>) {
    let text = c.r.text();
    // Only texts that cite a notice at all; then search a folded window
    // around each citation (〔 → [, spaces dropped).
    // One searcher for the whole run (SIMD prefilter): `str::find` builds
    // a two-way searcher per call and walks every report's whole text.
    static CITE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("国办公开办函"));
    let mut cites_at: Vec<(usize, crate::parse::norm::Norm)> = Vec::new();
    for at in CITE.find_iter(text.as_bytes()) {
        let end = text.floor_char_boundary((at + 60).min(text.len()));
        cites_at.push((at, crate::parse::norm::Norm::new(text, at..end)));
    }
    if cites_at.is_empty() {
        return;
    }
    let cites = |pat: &[&str]| -> Option<usize> {
        cites_at
            .iter()
            .filter(|(_, n)| pat.iter().any(|p| n.s.starts_with(p)))
            .map(|(at, _)| *at)
            .min()
    };
    let c2019 = cites(&["国办公开办函[2019]60号", "国办公开办函(2019)60号"]);
    let c2021 = cites(&["国办公开办函[2021]30号", "国办公开办函(2021)30号"]);
    let wrong = match c.r.template {
        Template::T2021 => c2019
            .filter(|_| c2021.is_none())
            .map(|o| (o, "2019", "2021")),
        Template::T2019 => c2021
            .filter(|_| c2019.is_none())
            .map(|o| (o, "2021", "2019")),
        Template::None => None,
    };
    if let Some((off, cited, used)) = wrong {
        let mut f = c.fail(
            "S08",
            Severity::Warning,
            format!("正文引用 {cited} 年格式通知，但表格为 {used} 年版"),
            &[],
        );
        f.lines = vec![c.r.lines.line(off)];
        out.push(f);
    }
    // The 2021 notice's title, when quoted right before its number.
    if let Some(off) = c2021 {
        let start = text.floor_char_boundary(off.saturating_sub(240));
        let before = &text[start..off];
        if let Some(q) = before.rfind('《') {
            let quoted = fold(&before[q..]);
            let official = "中华人民共和国政府信息公开工作年度报告格式";
            if quoted.contains("年度报告格式") && !quoted.contains(official) {
                let mut f = c.fail(
                    "S08",
                    Severity::Info,
                    format!("格式通知标题引用有误，应为《{official}》"),
                    &[],
                );
                f.lines = vec![c.r.lines.line(start + q)];
                out.push(f);
            }
        }
    }
}

/// S10: an unknown extra row or column inside a table.
pub fn s10(c: &Ctx, out: &mut Vec<Finding>) {
    for row in &c.s.rows {
        let Some(first) = row.cells().next() else {
            continue;
        };
        if let Some(CellIssue::TooMany { found, expected }) = c.cell(first).issue {
            let idx: Vec<usize> = row.cells().collect();
            out.push(c.fail(
                "S10",
                Severity::Warning,
                format!(
                    "「{}」一行读到 {found} 个数值，多于模板的 {expected} 列（多出行或列）",
                    row.label
                ),
                &idx,
            ));
        }
    }
}

/// S12: the 2021 fee amount has a "元" unit, or is implausible in 万元.
pub fn s12(c: &Ctx, out: &mut Vec<Finding>) {
    if c.r.template != Template::T2021 {
        return;
    }
    let Some(i) = c.idx(TableId::T2, "admin_fees", "amount") else {
        return;
    };
    let cell = c.cell(i);
    // The unit may be written in the cell ("1200元") or in the column's
    // header ("本年收费金额（单位：元）").
    let header_yuan = c.r.table(TableId::T2).range.clone().is_some_and(|r| {
        let region = &c.r.text()[r];
        region.match_indices("收费金额").any(|(k, m)| {
            let after: String = region[k + m.len()..].chars().take(10).collect();
            let unit = after.split(['）', ')']).next().unwrap_or("");
            unit.contains('元') && !unit.contains("万元")
        })
    });
    if cell.unit.get() == Some("元") || header_yuan {
        out.push(c.fail(
            "S12",
            Severity::Warning,
            "行政事业性收费金额以“元”为单位，模板要求“万元”".into(),
            &[i],
        ));
        return;
    }
    if matches!(
        cell.state,
        CellState::Blank | CellState::Unparsed | CellState::Ambiguous
    ) && !matches!(
        cell.issue,
        Some(CellIssue::TableMissing | CellIssue::RowMissing | CellIssue::RowAbsent)
    ) {
        out.push(c.uncertain("S12", i, "行政事业性收费金额的单位", &[i]));
        return;
    }
    if let Some(v) = cell.number() {
        let provincial =
            c.r.agency
                .as_deref()
                .is_some_and(super::agency::is_provincial);
        if v.as_f64() >= 1_000_000.0 && !provincial {
            out.push(c.fail(
                "S12",
                Severity::Warning,
                format!("行政事业性收费金额 {v} 万元明显过大，可能误用“元”为单位"),
                &[i],
            ));
        }
    }
}

/// S13: template placeholder text left in.
pub fn s13(c: &Ctx, out: &mut Vec<Finding>) {
    let text = c.r.text();
    let maybe = memchr::memchr2(b'X', b'x', text.as_bytes()).is_some()
        || text.contains('×')
        || text.contains("ＸＸ")
        || text.contains("文字描述");
    if !maybe {
        return;
    }
    let mut hits: Vec<(usize, &str)> = Vec::new();
    for pat in ["文字描述", "××", "ＸＸ", "XX", "xx年", "XX年"] {
        let mut from = 0;
        while let Some(i) = crate::parse::norm::find(&text[from..], pat) {
            let at = from + i;
            from = at + pat.len();
            // "XX" inside an ASCII word (a URL, "XXL") is not a placeholder.
            let prev = text[..at].chars().next_back();
            let next = text[from..].chars().next();
            if pat.starts_with(['X', 'x'])
                && (prev.is_some_and(|c| c.is_ascii_alphanumeric())
                    || next.is_some_and(|c| c.is_ascii_alphabetic()))
            {
                continue;
            }
            hits.push((at, pat));
        }
    }
    hits.sort();
    hits.dedup_by_key(|h| h.0);
    if let Some(&(_, pat)) = hits.first() {
        let mut f = c.fail(
            "S13",
            Severity::Error,
            format!("留有模板占位文字「{pat}」（共 {} 处）", hits.len()),
            &[],
        );
        f.lines = hits.iter().map(|h| c.r.lines.line(h.0)).collect();
        out.push(f);
    }
}
