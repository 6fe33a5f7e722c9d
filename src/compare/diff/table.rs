//! Cell-by-cell deltas of tables 2, 3 and 4 between two reports.
//!
//! Cells are matched by canonical key. Within one template every cell maps
//! 1:1. Across the 2019 → 2021 format change (either direction):
//!
//! * table 3: every row maps 1:1 except （六）其他处理, which is one row in 2019
//!   (`t3.other.total.<col>`) and three in 2021 (`other.no_correction`,
//!   `other.unpaid_fee`, `other.other`). The 2021 side is summed and shown under
//!   the synthetic key `t3.other.total.<col>`;
//! * table 4: identical in both, 1:1;
//! * table 2: only the columns that mean the same thing in both formats map:
//!   the 处理决定数量 of 行政许可, 行政处罚 and 行政强制 (`t2.licensing.decisions`,
//!   `t2.penalty.decisions`, `t2.coercion.decisions`), which count the
//!   decisions made in the year under both notices. Nothing else does: 2019
//!   counts disclosure (新制作 / 新公开 / 对外公开总数, a cumulative count that
//!   never drops) where 2021 counts documents (制发 / 废止 / 现行有效, a stock
//!   that drops when one is repealed); 2019 counts fee *items* where 2021
//!   states the fee *amount*; 其他对外管理服务事项 and 政府集中采购 are 2019 only.
//!   These cells are listed as unmapped rows.

use crate::model::{Cell, CellState, Decimal, Report, Span, Value};
use crate::rules::{Finding, Status};
use crate::schema::{Schema, T3_COLS, TableId, Template};

/// One side of a cell delta.
#[derive(Debug, Clone, PartialEq)]
pub struct CellSide {
    pub state: CellState,
    /// The number, when `state` is `Number` (a sum: when every part is).
    pub value: Option<Value>,
    /// Where the cell was read from (a sum: its first part that has a span).
    pub span: Option<Span>,
    /// The cells this side is read from: one key, or the parts of a sum.
    pub keys: Vec<String>,
}

/// One mapped cell of tables 2–4.
#[derive(Debug, Clone, PartialEq)]
pub struct CellDelta {
    /// The canonical key (or the synthetic `t3.other.total.<col>`).
    pub key: String,
    pub table: TableId,
    /// A human label ("（七）总计 · 自然人").
    pub label: String,
    /// One side is a sum of several cells (the 2019↔2021 其他处理 mapping).
    pub synthetic: bool,
    pub old: CellSide,
    pub new: CellSide,
    /// `new − old`, exact; `None` unless both sides are numbers.
    pub change: Option<Value>,
    /// `change / |old| × 100`; `None` when undefined (a side is not a number,
    /// or the previous value is 0).
    pub percent: Option<f64>,
    /// IDs of the failing X rules whose findings name this cell.
    pub rules: Vec<&'static str>,
}

impl CellDelta {
    /// Do the two readings differ: different states, or two different
    /// numbers? Two blanks, or two unparsed cells, are not a change.
    pub fn changed(&self) -> bool {
        self.old.state != self.new.state
            || match (self.old.value, self.new.value) {
                (Some(a), Some(b)) => !same_value(a, b),
                _ => false,
            }
    }

    /// Are both sides numbers?
    pub fn comparable(&self) -> bool {
        self.old.state == CellState::Number && self.new.state == CellState::Number
    }
}

/// Which report a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// Cells of one report's row that have no counterpart in the other report.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmappedRow {
    pub side: Side,
    pub table: TableId,
    /// `t2.other_services`.
    pub row: String,
    pub label: &'static str,
    /// The unmapped cells' keys (all of the row's, or some: `t2.licensing`
    /// keeps `decisions` across the format change).
    pub cells: Vec<String>,
}

/// The deltas of tables 2, 3 and 4.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDelta {
    pub old_template: Template,
    pub new_template: Template,
    /// Every mapped cell, in the later report's schema order.
    pub cells: Vec<CellDelta>,
    pub unmapped: Vec<UnmappedRow>,
}

impl TableDelta {
    /// The cells whose readings differ.
    pub fn changed(&self) -> impl Iterator<Item = &CellDelta> {
        self.cells.iter().filter(|d| d.changed())
    }

    pub fn get(&self, key: &str) -> Option<&CellDelta> {
        self.cells.iter().find(|d| d.key == key)
    }
}

/// `(mantissa, scale)` with trailing zeros of the fraction dropped.
fn canonical(v: Value) -> (i64, u8) {
    match v {
        Value::Int(i) => (i, 0),
        Value::Dec(Decimal {
            mut mantissa,
            mut scale,
        }) => {
            while scale > 0 && mantissa % 10 == 0 {
                mantissa /= 10;
                scale -= 1;
            }
            (mantissa, scale)
        }
    }
}

/// Equal as numbers ("432.80" = "432.8").
pub fn same_value(a: Value, b: Value) -> bool {
    canonical(a) == canonical(b)
}

fn rescale(m: i64, from: u8, to: u8) -> Option<i64> {
    m.checked_mul(10i64.checked_pow(u32::from(to - from))?)
}

/// `a + b` or `a − b`, exact; `None` on overflow.
fn combine(a: Value, b: Value, sub: bool) -> Option<Value> {
    let op = |x: i64, y: i64| {
        if sub {
            x.checked_sub(y)
        } else {
            x.checked_add(y)
        }
    };
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => op(x, y).map(Value::Int),
        _ => {
            let (ma, sa) = match a {
                Value::Int(i) => (i, 0),
                Value::Dec(d) => (d.mantissa, d.scale),
            };
            let (mb, sb) = match b {
                Value::Int(i) => (i, 0),
                Value::Dec(d) => (d.mantissa, d.scale),
            };
            let scale = sa.max(sb);
            let m = op(rescale(ma, sa, scale)?, rescale(mb, sb, scale)?)?;
            Some(Value::Dec(Decimal { mantissa: m, scale }))
        }
    }
}

/// `new − old`, exact.
pub fn difference(old: Value, new: Value) -> Option<Value> {
    combine(new, old, true)
}

/// A value written in 元 as 万元 (exact: four more decimal places).
fn yuan_to_wan(v: Value) -> Option<Value> {
    let (m, s) = match v {
        Value::Int(i) => (i, 0),
        Value::Dec(d) => (d.mantissa, d.scale),
    };
    (s <= 14).then_some(Value::Dec(Decimal {
        mantissa: m,
        scale: s + 4,
    }))
}

fn side_of(key: &str, cell: &Cell) -> CellSide {
    CellSide {
        state: cell.state,
        value: cell.number(),
        span: cell.span,
        keys: vec![key.to_string()],
    }
}

/// The sum of several cells: a number when every part is one; otherwise the
/// most doubtful state of the parts (unparsed, then ambiguous, then blank).
fn sum_of(r: &Report, keys: &[String]) -> CellSide {
    let cells: Vec<Option<&Cell>> = keys.iter().map(|k| r.cell(k)).collect();
    let mut total = Some(Value::Int(0));
    let mut state = CellState::Number;
    let rank = |s: CellState| match s {
        CellState::Number => 0,
        CellState::Blank => 1,
        CellState::Ambiguous => 2,
        CellState::Unparsed => 3,
    };
    for c in &cells {
        let (st, v) = match c {
            Some(c) => (c.state, c.number()),
            None => (CellState::Unparsed, None),
        };
        if rank(st) > rank(state) {
            state = st;
        }
        total = match (total, v) {
            (Some(t), Some(v)) => combine(t, v, false),
            _ => None,
        };
    }
    if state != CellState::Number {
        total = None;
    } else if total.is_none() {
        // Overflow: not a number we can show.
        state = CellState::Unparsed;
    }
    CellSide {
        state,
        value: total,
        span: cells.iter().flatten().find_map(|c| c.span),
        keys: keys.to_vec(),
    }
}

fn delta(
    key: String,
    table: TableId,
    label: String,
    synthetic: bool,
    mut old: CellSide,
    mut new: CellSide,
    units: (Option<&str>, Option<&str>),
) -> CellDelta {
    // 政府集中采购 amounts carry their unit in the cell: compare in 万元.
    if let (Some(ua), Some(ub)) = units
        && ua != ub
    {
        for (side, u) in [(&mut old, ua), (&mut new, ub)] {
            if u == "元" {
                side.value = side.value.and_then(yuan_to_wan);
            }
        }
    }
    let (change, percent) = match (old.state, new.state, old.value, new.value) {
        (CellState::Number, CellState::Number, Some(a), Some(b)) => {
            let change = difference(a, b);
            let percent = change
                .filter(|_| !a.is_zero())
                .map(|c| c.as_f64() * 100.0 / a.as_f64().abs());
            (change, percent)
        }
        _ => (None, None),
    };
    CellDelta {
        key,
        table,
        label,
        synthetic,
        old,
        new,
        change,
        percent,
        rules: Vec::new(),
    }
}

const OTHER_2021: [&str; 3] = ["other.no_correction", "other.unpaid_fee", "other.other"];

fn other_parts(col: &str) -> Vec<String> {
    OTHER_2021.iter().map(|r| format!("t3.{r}.{col}")).collect()
}

fn has_split_other(s: &Schema) -> bool {
    s.index("t3.other.no_correction.total").is_some()
}

fn has_single_other(s: &Schema) -> bool {
    s.index("t3.other.total.total").is_some()
}

/// The deltas of two reports' tables, with the failing X findings of the pair
/// attached to the cells they name.
pub fn table_delta(old: &Report, new: &Report, findings: &[Finding]) -> TableDelta {
    let so = old.schema();
    let sn = new.schema();
    let mut used_old = vec![false; so.len()];
    let mut used_new = vec![false; sn.len()];
    let mut cells = Vec::new();
    // Which side (if any) splits （六）其他处理 into three rows.
    let split_new = has_split_other(sn) && has_single_other(so);
    let split_old = has_split_other(so) && has_single_other(sn);
    for row in &sn.rows {
        let other = row.table == TableId::T3 && row.key.starts_with("other.");
        if other && split_new {
            if row.key != OTHER_2021[0] {
                continue;
            }
            for c in T3_COLS {
                let key = format!("t3.other.total.{}", c.key);
                let parts = other_parts(c.key);
                let Some(io) = so.index(&key) else { continue };
                used_old[io] = true;
                for p in &parts {
                    if let Some(i) = sn.index(p) {
                        used_new[i] = true;
                    }
                }
                cells.push(delta(
                    key.clone(),
                    TableId::T3,
                    format!("（六）其他处理（2021年三项之和） · {}", c.label),
                    true,
                    side_of(&key, &old.cells[io]),
                    sum_of(new, &parts),
                    (None, None),
                ));
            }
            continue;
        }
        if other && split_old && row.key == "other.total" {
            for c in T3_COLS {
                let key = format!("t3.other.total.{}", c.key);
                let parts = other_parts(c.key);
                let Some(inew) = sn.index(&key) else { continue };
                used_new[inew] = true;
                for p in &parts {
                    if let Some(i) = so.index(p) {
                        used_old[i] = true;
                    }
                }
                cells.push(delta(
                    key.clone(),
                    TableId::T3,
                    format!("（六）其他处理（2021年三项之和） · {}", c.label),
                    true,
                    sum_of(old, &parts),
                    side_of(&key, &new.cells[inew]),
                    (None, None),
                ));
            }
            continue;
        }
        for inew in row.cells() {
            let key = &sn.keys[inew];
            let Some(io) = so.index(key) else { continue };
            used_old[io] = true;
            used_new[inew] = true;
            let (co, cn) = (&old.cells[io], &new.cells[inew]);
            cells.push(delta(
                key.clone(),
                row.table,
                sn.cell_label(inew),
                false,
                side_of(key, co),
                side_of(key, cn),
                (co.unit.get(), cn.unit.get()),
            ));
        }
    }
    let mut unmapped = unmapped_rows(so, &used_old, Side::Old);
    unmapped.extend(unmapped_rows(sn, &used_new, Side::New));
    for f in findings.iter().filter(|f| f.status == Status::Fail) {
        for k in &f.cells {
            for d in cells.iter_mut().filter(|d| &d.key == k) {
                if !d.rules.contains(&f.rule) {
                    d.rules.push(f.rule);
                }
            }
        }
    }
    TableDelta {
        old_template: old.template,
        new_template: new.template,
        cells,
        unmapped,
    }
}

fn unmapped_rows(s: &Schema, used: &[bool], side: Side) -> Vec<UnmappedRow> {
    s.rows
        .iter()
        .filter_map(|row| {
            let cells: Vec<String> = row
                .cells()
                .filter(|&i| !used[i])
                .map(|i| s.keys[i].clone())
                .collect();
            (!cells.is_empty()).then(|| UnmappedRow {
                side,
                table: row.table,
                row: format!("{}.{}", row.table.as_str(), row.key),
                label: row.label,
                cells,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(m: i64, s: u8) -> Value {
        Value::Dec(Decimal {
            mantissa: m,
            scale: s,
        })
    }

    #[test]
    fn exact_decimal_arithmetic() {
        assert_eq!(difference(dec(4328, 1), dec(5001, 2)), Some(dec(-38279, 2)));
        assert_eq!(
            difference(Value::Int(7), Value::Int(3)),
            Some(Value::Int(-4))
        );
        assert!(same_value(dec(43280, 2), dec(4328, 1)));
        assert!(!same_value(dec(4328, 1), dec(4329, 1)));
        assert_eq!(difference(Value::Int(i64::MIN), Value::Int(1)), None);
        assert_eq!(yuan_to_wan(Value::Int(19955200)), Some(dec(19955200, 4)));
        assert!(same_value(dec(19955200, 4), dec(199552, 2)));
    }
}
