//! Across years: pairing an agency's consecutive reports and the X rules.

pub mod diff;
pub mod names;
pub mod reuse;

#[cfg(test)]
mod tests_x;

use std::collections::HashMap;

use crate::model::Report;
use crate::rules::agency::normalize;
use crate::rules::{Finding, Selection, Severity, Status};
use crate::schema::{SectionId, T3_COLS, Template};

/// Two consecutive reports of one agency: indices into the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub agency: String,
    pub earlier: usize,
    pub later: usize,
    pub findings: Vec<Finding>,
}

/// A looser name for pairing renamed offices ("宁岗街道办事处" ~ "宁岗街道").
fn loose(name: &str) -> String {
    let n = normalize(name);
    let mut s = n.as_str();
    for suffix in ["办事处", "办公室", "办公厅"] {
        if let Some(x) = s.strip_suffix(suffix) {
            s = x;
        }
    }
    s.to_string()
}

/// Each report's agency key for pairing: its loose name, or the longer
/// spelling of the same agency in the batch ("洪泽区政府" read as
/// "淮安市洪泽区政府", see [`names`]). `None` without a report or agency.
pub fn agency_keys(reports: &[Option<&Report>]) -> Vec<Option<String>> {
    use rayon::prelude::*;
    let keys: Vec<Option<String>> = reports
        .par_iter()
        .map(|r| r.and_then(|r| r.agency.as_deref()).map(loose))
        .collect();
    let longer = names::longer_spellings(keys.iter().flatten().map(String::as_str));
    keys.into_iter()
        .map(|k| k.map(|k| longer.get(&k).cloned().unwrap_or(k)))
        .collect()
}

/// Pair reports of the same agency in consecutive years. `reports[i]` is
/// `None` for files that could not be read.
pub fn pairs(reports: &[Option<&Report>]) -> Vec<(usize, usize)> {
    pairs_by(reports, &agency_keys(reports))
}

/// [`pairs`] with the batch's [`agency_keys`] given.
pub fn pairs_by(reports: &[Option<&Report>], keys: &[Option<String>]) -> Vec<(usize, usize)> {
    let mut by_agency: HashMap<&str, Vec<(i32, usize)>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        // Reports older than the 2019 format are not compared.
        let year = reports[i]
            .filter(|r| !r.pre_standard())
            .and_then(|r| r.year);
        let (Some(key), Some(y)) = (key, year) else {
            continue;
        };
        by_agency.entry(key.as_str()).or_default().push((y, i));
    }
    let mut out = Vec::new();
    for list in by_agency.values_mut() {
        list.sort();
        for w in 0..list.len() {
            let (y, i) = list[w];
            // The first report of the previous year (duplicates pair once).
            if let Some(&(_, j)) = list.iter().find(|&&(py, _)| py == y - 1) {
                out.push((j, i));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The X findings of one pair.
pub fn check_pair(a: &Report, b: &Report, sel: &Selection) -> Vec<Finding> {
    pair_findings(PairCtx { a, b, shared: None }, sel)
}

/// Pair `(a, b)` of a batch (indices into `reports`) with its X findings,
/// or `None` when either file has no report. With `sections` (built from
/// the same `reports`), X07 reads the shingle sets from it rather than
/// computing them again.
pub fn check_pair_in(
    reports: &[Option<&Report>],
    (a, b): (usize, usize),
    sel: &Selection,
    sections: Option<&Sections>,
) -> Option<Pair> {
    let (ra, rb) = (reports[a]?, reports[b]?);
    let cx = PairCtx {
        a: ra,
        b: rb,
        shared: sections.map(|s| (s, a, b)),
    };
    Some(Pair {
        agency: rb.agency.clone().unwrap_or_default(),
        earlier: a,
        later: b,
        findings: pair_findings(cx, sel),
    })
}

fn pair_findings(cx: PairCtx, sel: &Selection) -> Vec<Finding> {
    let mut out = Vec::new();
    let rules: [(&str, PairRule); 8] = [
        ("X01", x01),
        ("X02", x02),
        ("X03", x03),
        ("X04", x04),
        ("X05", x05),
        ("X06", x06),
        ("X07", x07),
        ("X09", x09),
    ];
    for (id, f) in rules {
        if sel.includes(id) {
            f(&cx, &mut out);
        }
    }
    out
}

type PairRule = fn(&PairCtx, &mut Vec<Finding>);

struct PairCtx<'a> {
    a: &'a Report,
    b: &'a Report,
    /// The batch's indexed sections, and the pair's indices in it.
    shared: Option<(&'a Sections, usize, usize)>,
}

impl PairCtx<'_> {
    /// How much of last year's section `id` this year's contains (`None`
    /// when either is missing or too short to judge).
    fn similarity(&self, id: SectionId) -> Option<f64> {
        match self.shared {
            Some((sections, a, b)) => {
                let index = sections.index(id)?;
                let (sa, sb) = (index.set_of(a)?, index.set_of(b)?);
                Some(reuse::containment(sb, sa))
            }
            None => reuse::similarity(self.b.section_text(id)?, self.a.section_text(id)?),
        }
    }
}

/// An operand from one side: the value, or the key of the cell that blocks.
fn get(r: &Report, key: &str) -> Result<i64, String> {
    match r.cell(key) {
        Some(c) => c.int().ok_or_else(|| key.to_string()),
        None => Err(key.to_string()),
    }
}

fn finding(
    rule: &'static str,
    severity: Severity,
    status: Status,
    message: String,
    cells: Vec<String>,
    lines: Vec<u32>,
) -> Finding {
    Finding {
        rule,
        severity,
        status,
        message,
        cells,
        lines,
        spans: Vec::new(),
    }
}

fn line_of(r: &Report, key: &str) -> Option<u32> {
    r.cell(key).and_then(|c| c.span).map(|s| s.line)
}

fn uncertain(rule: &'static str, what: &str, blocking: &str, cells: Vec<String>) -> Finding {
    finding(
        rule,
        Severity::Info,
        Status::Uncertain,
        format!("{what}无法核对：{blocking} 未能读出确定数值"),
        cells,
        Vec::new(),
    )
}

/// X01: 上年结转 (Y) = 结转下年度 (Y−1), per column.
fn x01(p: &PairCtx, out: &mut Vec<Finding>) {
    // The keys, built once per run (this runs for every pair of a batch).
    static KEYS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        T3_COLS
            .iter()
            .map(|col| {
                (
                    format!("t3.carried_forward.{}", col.key),
                    format!("t3.carried_over.{}", col.key),
                )
            })
            .collect()
    });
    for (col, (ka, kb)) in T3_COLS.iter().zip(keys) {
        let cells = || vec![kb.clone()];
        match (get(p.a, ka), get(p.b, kb)) {
            (Ok(fwd), Ok(over)) if fwd != over => {
                let sev = if col.key == "total" {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let lines = line_of(p.b, kb).into_iter().collect();
                out.push(finding(
                    "X01",
                    sev,
                    Status::Fail,
                    format!(
                        "{}列：本年“上年结转” {over} 件，但上年报告“结转下年度” {fwd} 件",
                        col.short
                    ),
                    cells(),
                    lines,
                ));
            }
            (Err(k), _) | (_, Err(k)) => out.push(uncertain(
                "X01",
                &format!("{}列结转衔接", col.short),
                &k,
                cells(),
            )),
            _ => {}
        }
    }
}

/// X02 (2021→2021): 现行有效 (Y) = 现行有效 (Y−1) + 制发 (Y) − 废止 (Y).
fn x02(p: &PairCtx, out: &mut Vec<Finding>) {
    if p.a.template != Template::T2021 || p.b.template != Template::T2021 {
        return;
    }
    for (row, name) in [
        ("regulations", "规章"),
        ("normative_docs", "行政规范性文件"),
    ] {
        let k = |c: &str| format!("t2.{row}.{c}");
        let cells = vec![k("in_force"), k("issued"), k("repealed")];
        let vals = (
            get(p.a, &k("in_force")),
            get(p.b, &k("issued")),
            get(p.b, &k("repealed")),
            get(p.b, &k("in_force")),
        );
        match vals {
            (Ok(prev), Ok(iss), Ok(rep), Ok(now)) => {
                let want = prev + iss - rep;
                if now != want {
                    out.push(finding(
                        "X02",
                        Severity::Warning,
                        Status::Fail,
                        format!("{name}现行有效 {now} 件，但上年 {prev} 件 + 本年制发 {iss} 件 − 废止 {rep} 件 = {want} 件"),
                        cells,
                        line_of(p.b, &k("in_force")).into_iter().collect(),
                    ));
                }
            }
            (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => out.push(
                uncertain("X02", &format!("{name}现行有效件数衔接"), &e, cells),
            ),
        }
    }
}

/// X03 (2019→2019): 对外公开总数量 (Y) = 总数量 (Y−1) + 本年新公开 (Y).
fn x03(p: &PairCtx, out: &mut Vec<Finding>) {
    if p.a.template != Template::T2019 || p.b.template != Template::T2019 {
        return;
    }
    for (row, name) in [("regulations", "规章"), ("normative_docs", "规范性文件")] {
        let k = |c: &str| format!("t2.{row}.{c}");
        let cells = vec![k("total_published"), k("new_published")];
        match (
            get(p.a, &k("total_published")),
            get(p.b, &k("new_published")),
            get(p.b, &k("total_published")),
        ) {
            (Ok(prev), Ok(new), Ok(now)) => {
                if now != prev + new {
                    out.push(finding(
                        "X03",
                        Severity::Warning,
                        Status::Fail,
                        format!(
                            "{name}对外公开总数量 {now}，但上年 {prev} + 本年新公开 {new} = {}",
                            prev + new
                        ),
                        cells,
                        line_of(p.b, &k("total_published")).into_iter().collect(),
                    ));
                }
            }
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
                out.push(uncertain("X03", &format!("{name}公开总数衔接"), &e, cells))
            }
        }
    }
}

/// X04 (2019→2019): 上一年项目数量 (Y) = 项目数量 (Y−1) + 增/减 (Y−1).
fn x04(p: &PairCtx, out: &mut Vec<Finding>) {
    if p.a.template != Template::T2019 || p.b.template != Template::T2019 {
        return;
    }
    for (row, name) in crate::rules::ITEM_ROWS_2019 {
        let k = |c: &str| format!("t2.{row}.{c}");
        let cells = vec![k("prev_items")];
        match (
            get(p.a, &k("prev_items")),
            get(p.a, &k("delta")),
            get(p.b, &k("prev_items")),
        ) {
            (Ok(prev), Ok(delta), Ok(now)) => {
                if now != prev + delta {
                    out.push(finding(
                        "X04",
                        Severity::Warning,
                        Status::Fail,
                        format!("{name}上一年项目数量 {now}，但上年报告 {prev} 项、增减 {delta} 项，应为 {}", prev + delta),
                        cells,
                        line_of(p.b, &k("prev_items")).into_iter().collect(),
                    ));
                }
            }
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
                out.push(uncertain("X04", &format!("{name}项目数量衔接"), &e, cells))
            }
        }
    }
}

/// X05: the pair crosses the 2019→2021 format change.
fn x05(p: &PairCtx, out: &mut Vec<Finding>) {
    if p.a.template == Template::T2019 && p.b.template == Template::T2021 {
        out.push(finding(
            "X05",
            Severity::Info,
            Status::Fail,
            "两年分别使用2019年版和2021年版表格，只比较可对应的部分（表三结转、表四；2019年“其他处理”对应2021年三项之和）".into(),
            Vec::new(),
            Vec::new(),
        ));
    }
}

/// X06: a key figure changed by more than 100%.
fn x06(p: &PairCtx, out: &mut Vec<Finding>) {
    let mut keys = vec![
        ("t3.new_received.total", "本年新收申请"),
        ("t3.carried_forward.total", "结转下年度"),
        ("t4.review.total", "行政复议"),
        ("t4.suit_direct.total", "行政诉讼（直接起诉）"),
        ("t4.suit_after_review.total", "行政诉讼（复议后起诉）"),
        ("t2.licensing.decisions", "行政许可决定"),
        ("t2.penalty.decisions", "行政处罚决定"),
        ("t2.coercion.decisions", "行政强制决定"),
    ];
    if p.a.template == Template::T2019 && p.b.template == Template::T2019 {
        keys.push(("t2.other_services.decisions", "其他对外管理服务事项决定"));
    }
    for (key, name) in keys {
        let (prev, now) = match (get(p.a, key), get(p.b, key)) {
            (Ok(a), Ok(b)) => (a, b),
            // A figure missing from a report's table is S09's business;
            // one that is there but blank or unreadable leaves X06 unsure.
            (Err(_), _) if absent(p.a, key) => continue,
            (_, Err(_)) if absent(p.b, key) => continue,
            (Err(b), _) | (_, Err(b)) => {
                out.push(uncertain(
                    "X06",
                    &format!("{name}的年度变化"),
                    &b,
                    vec![key.to_string()],
                ));
                continue;
            }
        };
        let delta = (now - prev).abs();
        if delta as f64 / (prev.max(1) as f64) > 1.0 {
            let pct = if prev == 0 {
                "从 0 起".to_string()
            } else {
                format!("{:+.0}%", (now - prev) as f64 * 100.0 / prev as f64)
            };
            out.push(finding(
                "X06",
                Severity::Info,
                Status::Fail,
                format!("{name}由上年 {prev} 变为 {now}（{pct}）"),
                vec![key.to_string()],
                line_of(p.b, key).into_iter().collect(),
            ));
        }
    }
}

/// Is `key` not in the report's tables at all (a missing table or row)?
fn absent(r: &Report, key: &str) -> bool {
    use crate::model::CellIssue;
    r.cell(key).is_none_or(|c| {
        matches!(
            c.issue,
            Some(CellIssue::TableMissing | CellIssue::RowMissing | CellIssue::RowAbsent)
        )
    })
}

/// X07: section 一 or 五 is ≥ 90% the same text as last year's.
fn x07(p: &PairCtx, out: &mut Vec<Finding>) {
    for id in [SectionId::S1, SectionId::S5] {
        if let Some(s) = p.similarity(id)
            && s >= 0.9
        {
            let lines =
                p.b.section(id)
                    .map(|s| vec![s.heading.line])
                    .unwrap_or_default();
            out.push(finding(
                "X07",
                Severity::Warning,
                Status::Fail,
                format!("「{}」与上年报告 {:.0}% 相同", id.heading(), s * 100.0),
                Vec::new(),
                lines,
            ));
        }
    }
}

/// X09: the agency name differs between the paired years after normalisation.
fn x09(p: &PairCtx, out: &mut Vec<Finding>) {
    let (Some(a), Some(b)) = (p.a.agency.as_deref(), p.b.agency.as_deref()) else {
        return;
    };
    if normalize(a) != normalize(b) {
        out.push(finding(
            "X09",
            Severity::Warning,
            Status::Fail,
            format!("机关名称前后不一致：上年「{a}」，本年「{b}」"),
            Vec::new(),
            p.b.title
                .as_ref()
                .map(|t| vec![t.span.line])
                .unwrap_or_default(),
        ));
    }
}

/// Sections 一 and 五 of a batch, folded, shingled and indexed once: X07
/// between an agency's years ([`check_pair_in`]) and across agencies
/// ([`Sections::reuse_across`]) both read them.
pub struct Sections {
    /// Section 一's index, then section 五's.
    index: [reuse::Index; 2],
}

impl Sections {
    /// Index the batch's sections (report `i` is owner `i`; its group is its
    /// agency, so an agency's own years never name each other).
    pub fn new(reports: &[Option<&Report>]) -> Sections {
        Sections::with_keys(reports, &agency_keys(reports))
    }

    /// [`Sections::new`] with the batch's [`agency_keys`] given.
    pub fn with_keys(reports: &[Option<&Report>], keys: &[Option<String>]) -> Sections {
        // A group per agency; a report without one is a group of its own.
        let mut groups: HashMap<&str, u64> = HashMap::new();
        let mut next = 0u64;
        let mut new_group = || {
            next += 1;
            next - 1
        };
        let group_of: Vec<u64> = keys
            .iter()
            .map(|key| match key {
                Some(k) => *groups.entry(k.as_str()).or_insert_with(&mut new_group),
                None => new_group(),
            })
            .collect();
        let build = |id: SectionId| {
            reuse::Index::build(reports.iter().enumerate().filter_map(|(i, r)| {
                r.and_then(|r| r.section_text(id))
                    .map(|t| (i, group_of[i], t))
            }))
        };
        // Both at once: each index's serial steps overlap the other's.
        let (s1, s5) = rayon::join(|| build(SectionId::S1), || build(SectionId::S5));
        Sections { index: [s1, s5] }
    }

    fn index(&self, id: SectionId) -> Option<&reuse::Index> {
        match id {
            SectionId::S1 => Some(&self.index[0]),
            SectionId::S5 => Some(&self.index[1]),
            _ => None,
        }
    }

    /// X07 across agencies: sections 一 and 五 that are ≥ 90% another
    /// agency's text in the batch. Returns (report index, finding), by
    /// report, section 一 before 五. Each kind of section is searched
    /// against its own kind only.
    pub fn reuse_across(&self, reports: &[Option<&Report>]) -> Vec<(usize, Finding)> {
        let section = |k: usize| {
            self.index[k]
                .near_duplicates(0.9)
                .into_iter()
                .map(|(_, owner, other, s)| (owner, k, other, s))
                .collect::<Vec<_>>()
        };
        let (s1, s5) = rayon::join(|| section(0), || section(1));
        let mut found: Vec<(usize, usize, usize, f64)> = s1;
        found.extend(s5);
        found.sort_by_key(|&(owner, k, ..)| (owner, k));
        across_findings(reports, found)
    }
}

/// X07 across agencies (see [`Sections::reuse_across`]).
pub fn reuse_across(reports: &[Option<&Report>]) -> Vec<(usize, Finding)> {
    Sections::new(reports).reuse_across(reports)
}

/// The findings of X07's matches: (owner, section 0 or 1, source, share).
fn across_findings(
    reports: &[Option<&Report>],
    found: Vec<(usize, usize, usize, f64)>,
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for (owner, k, other, s) in found {
        let Some(r) = reports[owner] else { continue };
        let sec = [SectionId::S1, SectionId::S5][k];
        let other_name = reports[other]
            .and_then(|o| o.agency.clone())
            .unwrap_or_default();
        let lines = r
            .section(sec)
            .map(|s| vec![s.heading.line])
            .unwrap_or_default();
        out.push((
            owner,
            Finding {
                rule: "X07",
                severity: Severity::Warning,
                status: Status::Fail,
                message: format!(
                    "「{}」与「{other_name}」的报告 {:.0}% 相同",
                    sec.heading(),
                    s * 100.0
                ),
                cells: Vec::new(),
                lines,
                spans: Vec::new(),
            },
        ));
    }
    out
}
