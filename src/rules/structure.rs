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
            let idx: Vec<usize> = row.cells().collect();
            let issue = idx.iter().find_map(|&i| c.cell(i).issue);
            let msg = match issue {
                Some(CellIssue::RowMissing) => {
                    format!("{}缺少行「{}」", table_name(table), row.label)
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
