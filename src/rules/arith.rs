//! A — table 3 arithmetic; L — table 4; T — table 2.

use super::ctx::Operand;
use super::{Ctx, Finding, Severity};
use crate::model::CellIssue;
use crate::schema::{RowSpec, T3_COLS, TableId, Template};

/// "自然人", or "总计列" for the total column (so messages never say "总计 总计").
fn col_name(key: &str, short: &'static str) -> &'static str {
    if key == "total" { "总计列" } else { short }
}

/// Sum known operands, or name the first cell that blocks the sum.
fn sum(c: &Ctx, idx: &[usize]) -> Result<i64, usize> {
    let mut s = 0i64;
    for &i in idx {
        match c.operand(i) {
            Operand::Known(v) => s = s.saturating_add(v),
            Operand::Unknown(b) => return Err(b),
        }
    }
    Ok(s)
}

fn table_missing(c: &Ctx, t: TableId) -> bool {
    c.r.table(t).range.is_none()
        || c.s.rows_of(t).all(|r| {
            matches!(
                c.cell(r.first_cell).issue,
                Some(CellIssue::RowMissing | CellIssue::RowAbsent | CellIssue::TableMissing)
            )
        })
}

fn t3_rows<'a>(c: &'a Ctx) -> Vec<&'a RowSpec> {
    c.s.rows_of(TableId::T3).collect()
}

fn row<'a>(c: &'a Ctx, key: &str) -> Option<&'a RowSpec> {
    c.s.row(TableId::T3, key)
}

/// Result rows of （七）总计: 予以公开 … 其他处理.
fn result_rows<'a>(c: &'a Ctx) -> Vec<&'a RowSpec> {
    t3_rows(c)
        .into_iter()
        .filter(|r| {
            r.key == "granted"
                || r.key == "partially_granted"
                || r.key.starts_with("withheld.")
                || r.key.starts_with("unavailable.")
                || r.key.starts_with("not_processed.")
                || r.key.starts_with("other.")
        })
        .collect()
}

/// One uncertain finding for a rule over a table that was not read at all.
fn whole_table_uncertain(
    c: &Ctx,
    rule: &'static str,
    t: TableId,
    what: &str,
    out: &mut Vec<Finding>,
) -> bool {
    if !table_missing(c, t) {
        return false;
    }
    let first = c.s.rows_of(t).next().map(|r| r.first_cell);
    if let Some(b) = first {
        out.push(c.uncertain(rule, b, what, &[]));
    }
    true
}

/// A01: every row of table 3: total = the six applicant columns.
pub fn a01(c: &Ctx, out: &mut Vec<Finding>) {
    if whole_table_uncertain(c, "A01", TableId::T3, "表三各行合计", out) {
        return;
    }
    for r in c.s.rows_of(TableId::T3) {
        debug_assert_eq!(r.cols.len(), 7);
        let mut idx = [0usize; 7];
        for (slot, i) in idx.iter_mut().zip(r.cells()) {
            *slot = i;
        }
        let total = idx[6];
        match (sum(c, &idx[..6]), sum(c, &[total])) {
            (Ok(parts), Ok(t)) if parts != t => out.push(c.fail(
                "A01",
                Severity::Error,
                format!("「{}」总计 = {t}，但各类申请人之和 = {parts}", r.short),
                &idx,
            )),
            (Err(b), _) | (_, Err(b)) => {
                out.push(c.uncertain("A01", b, &format!("「{}」合计", r.short), &idx))
            }
            _ => {}
        }
    }
}

/// A02: for every column: （七）总计 = the sum of all result rows.
pub fn a02(c: &Ctx, out: &mut Vec<Finding>) {
    if whole_table_uncertain(c, "A02", TableId::T3, "表三办理结果合计", out) {
        return;
    }
    let Some(total) = row(c, "total_processed") else {
        return;
    };
    let results = result_rows(c);
    for (col, spec) in T3_COLS.iter().enumerate() {
        let parts: Vec<usize> = results.iter().map(|r| r.cell(col)).collect();
        let t = total.cell(col);
        let mut idx = parts.clone();
        idx.push(t);
        match (sum(c, &parts), sum(c, &[t])) {
            (Ok(p), Ok(tv)) if p != tv => out.push(c.fail(
                "A02",
                Severity::Error,
                format!(
                    "（七）总计 {} = {tv}，但各办理结果之和 = {p}",
                    col_name(spec.key, spec.short)
                ),
                &idx,
            )),
            (Err(b), _) | (_, Err(b)) => out.push(c.uncertain(
                "A02",
                b,
                &format!("（七）总计 {}", col_name(spec.key, spec.short)),
                &[t],
            )),
            _ => {}
        }
    }
}

/// A03: for every column: 新收 + 上年结转 = （七）总计 + 结转下年度.
pub fn a03(c: &Ctx, out: &mut Vec<Finding>) {
    if whole_table_uncertain(c, "A03", TableId::T3, "表三勾稽关系", out) {
        return;
    }
    let (Some(n), Some(co), Some(tp), Some(cf)) = (
        row(c, "new_received"),
        row(c, "carried_over"),
        row(c, "total_processed"),
        row(c, "carried_forward"),
    ) else {
        return;
    };
    for (col, spec) in T3_COLS.iter().enumerate() {
        let lhs = [n.cell(col), co.cell(col)];
        let rhs = [tp.cell(col), cf.cell(col)];
        let idx = [lhs[0], lhs[1], rhs[0], rhs[1]];
        match (sum(c, &lhs), sum(c, &rhs)) {
            (Ok(l), Ok(r)) if l != r => out.push(c.fail(
                "A03",
                Severity::Error,
                format!(
                    "{}列：本年新收 + 上年结转 = {l}，但办理结果总计 + 结转下年度 = {r}",
                    spec.short
                ),
                &idx,
            )),
            (Err(b), _) | (_, Err(b)) => {
                out.push(c.uncertain("A03", b, &format!("{}列勾稽关系", spec.short), &idx))
            }
            _ => {}
        }
    }
}

/// A06: 结转下年度 total ≤ 新收 + 上年结转 totals (when A03 cannot be checked).
pub fn a06(c: &Ctx, out: &mut Vec<Finding>) {
    let (Some(n), Some(co), Some(tp), Some(cf)) = (
        row(c, "new_received"),
        row(c, "carried_over"),
        row(c, "total_processed"),
        row(c, "carried_forward"),
    ) else {
        return;
    };
    let t = 6;
    if sum(c, &[n.cell(t), co.cell(t), tp.cell(t), cf.cell(t)]).is_ok() {
        return; // A03 decides.
    }
    let idx = [n.cell(t), co.cell(t), cf.cell(t)];
    match (sum(c, &idx[..2]), sum(c, &idx[2..])) {
        (Ok(avail), Ok(fwd)) if fwd > avail => out.push(c.fail(
            "A06",
            Severity::Warning,
            format!("结转下年度 {fwd} 件，多于本年新收与上年结转之和 {avail} 件"),
            &idx,
        )),
        _ => {}
    }
}

fn t4_block(c: &Ctx, rule: &'static str, key: &str, name: &str, out: &mut Vec<Finding>) {
    let Some(r) = c.s.row(TableId::T4, key) else {
        return;
    };
    let idx: Vec<usize> = r.cells().collect();
    match (sum(c, &idx[..4]), sum(c, &idx[4..])) {
        (Ok(p), Ok(t)) if p != t => out.push(c.fail(
            rule,
            Severity::Error,
            format!("{name}：维持 + 纠正 + 其他 + 尚未审结 = {p}，但总计 = {t}"),
            &idx,
        )),
        (Err(b), _) | (_, Err(b)) => out.push(c.uncertain(rule, b, &format!("{name}合计"), &idx)),
        _ => {}
    }
}

/// L01: 行政复议 block sums.
pub fn l01(c: &Ctx, out: &mut Vec<Finding>) {
    t4_block(c, "L01", "review", "行政复议", out);
}

/// L02: 行政诉讼 · 未经复议直接起诉 block sums.
pub fn l02(c: &Ctx, out: &mut Vec<Finding>) {
    t4_block(c, "L02", "suit_direct", "行政诉讼（未经复议直接起诉）", out);
}

/// L03: 行政诉讼 · 复议后起诉 block sums.
pub fn l03(c: &Ctx, out: &mut Vec<Finding>) {
    t4_block(c, "L03", "suit_after_review", "行政诉讼（复议后起诉）", out);
}

/// Does a table-2 rule of `template` run? Not on the other template, and
/// not when table 2 is missing (S09's finding, not a row of uncertain ones).
fn t2_rule_applies(c: &Ctx, template: Template) -> bool {
    c.r.template == template && !table_missing(c, TableId::T2)
}

/// The 2019 table-2 rows that count items (上一年项目数量, 本年增/减).
pub(crate) const ITEM_ROWS_2019: [(&str, &str); 5] = [
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("admin_fees", "行政事业性收费"),
];

fn t2(c: &Ctx, row: &str, col: &str) -> Option<usize> {
    c.idx(TableId::T2, row, col)
}

/// T02 (2021): 现行有效 < 本年制发 − 本年废止.
pub fn t02(c: &Ctx, out: &mut Vec<Finding>) {
    if !t2_rule_applies(c, Template::T2021) {
        return;
    }
    for (row, name) in [
        ("regulations", "规章"),
        ("normative_docs", "行政规范性文件"),
    ] {
        let (Some(i), Some(r), Some(f)) = (
            t2(c, row, "issued"),
            t2(c, row, "repealed"),
            t2(c, row, "in_force"),
        ) else {
            continue;
        };
        match (sum(c, &[i]), sum(c, &[r]), sum(c, &[f])) {
            (Ok(iv), Ok(rv), Ok(fv)) if fv < iv - rv => out.push(c.fail(
                "T02",
                Severity::Warning,
                format!("{name}现行有效 {fv} 件，少于本年制发 {iv} 件减废止 {rv} 件"),
                &[i, r, f],
            )),
            (Err(b), _, _) | (_, Err(b), _) | (_, _, Err(b)) => {
                out.push(c.uncertain("T02", b, &format!("{name}现行有效件数"), &[i, r, f]))
            }
            _ => {}
        }
    }
}

/// T03: a body that cannot make 规章 reports non-zero 规章.
pub fn t03(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(name) = c.r.agency.as_deref() else {
        return;
    };
    if super::agency::rulemaking(name) != super::agency::Rulemaking::No {
        return;
    }
    let cols: &[&str] = match c.r.template {
        Template::T2021 => &["issued", "in_force"],
        Template::T2019 => &["new_made", "new_published", "total_published"],
        Template::None => return,
    };
    let idx: Vec<usize> = cols
        .iter()
        .filter_map(|col| t2(c, "regulations", col))
        .collect();
    let nonzero: Vec<(usize, i64)> = idx
        .iter()
        .filter_map(|&i| c.cell(i).int().filter(|&v| v != 0).map(|v| (i, v)))
        .collect();
    if let Some(&(i, v)) = nonzero.first() {
        out.push(c.fail(
            "T03",
            Severity::Warning,
            format!(
                "{name}无权制定规章，但表二填报规章 {v} 件（{}）",
                c.s.locate(i).1.label
            ),
            &idx,
        ));
    }
}

/// T04 (2019): 对外公开总数量 < 本年新公开数量.
pub fn t04(c: &Ctx, out: &mut Vec<Finding>) {
    if !t2_rule_applies(c, Template::T2019) {
        return;
    }
    for (row, name) in [("regulations", "规章"), ("normative_docs", "规范性文件")] {
        let (Some(n), Some(t)) = (t2(c, row, "new_published"), t2(c, row, "total_published"))
        else {
            continue;
        };
        match (sum(c, &[n]), sum(c, &[t])) {
            (Ok(nv), Ok(tv)) if tv < nv => out.push(c.fail(
                "T04",
                Severity::Warning,
                format!("{name}对外公开总数量 {tv}，少于本年新公开数量 {nv}"),
                &[n, t],
            )),
            (Err(b), _) | (_, Err(b)) => {
                out.push(c.uncertain("T04", b, &format!("{name}对外公开总数量"), &[n, t]))
            }
            _ => {}
        }
    }
}

/// T05 (2019): 上一年项目数量 + 本年增/减 < 0.
pub fn t05(c: &Ctx, out: &mut Vec<Finding>) {
    if !t2_rule_applies(c, Template::T2019) {
        return;
    }
    for (row, name) in ITEM_ROWS_2019 {
        let (Some(p), Some(d)) = (t2(c, row, "prev_items"), t2(c, row, "delta")) else {
            continue;
        };
        match (sum(c, &[p]), sum(c, &[d])) {
            (Ok(pv), Ok(dv)) if pv + dv < 0 => out.push(c.fail(
                "T05",
                Severity::Warning,
                format!("{name}上一年项目数量 {pv} 加本年增/减 {dv} 小于 0"),
                &[p, d],
            )),
            (Err(b), _) | (_, Err(b)) => {
                out.push(c.uncertain("T05", b, &format!("{name}项目数量"), &[p, d]))
            }
            _ => {}
        }
    }
}
