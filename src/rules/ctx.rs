//! What a rule sees: the report, its schema, and helpers for operands.

use super::{Finding, Severity, Status};
use crate::model::{Cell, CellState, Report};
use crate::parse::narrative::Claim;
use crate::schema::{Schema, TableId};

/// An operand of an arithmetic rule: a known number, or the cell that blocks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    Known(i64),
    /// Index of a cell that is blank, unparsed or ambiguous.
    Unknown(usize),
}

pub struct Ctx<'a> {
    pub r: &'a Report,
    pub s: &'static Schema,
}

impl<'a> Ctx<'a> {
    pub fn new(r: &'a Report) -> Ctx<'a> {
        Ctx { r, s: r.schema() }
    }

    /// What the prose claims (read at parse time).
    pub fn claims(&self) -> &[Claim] {
        &self.r.claims
    }

    pub fn cell(&self, i: usize) -> &Cell {
        &self.r.cells[i]
    }

    pub fn idx(&self, table: TableId, row: &str, col: &str) -> Option<usize> {
        self.s.cell(table, row, col)
    }

    pub fn operand(&self, i: usize) -> Operand {
        match self.r.cells[i].int() {
            Some(v) => Operand::Known(v),
            None => Operand::Unknown(i),
        }
    }

    /// Line of a cell, if it has a span.
    pub fn line(&self, i: usize) -> Option<u32> {
        self.r.cells[i].span.map(|s| s.line)
    }

    pub fn key(&self, i: usize) -> String {
        self.s.keys[i].clone()
    }

    /// A finding over cells `idx`, with their lines.
    pub fn finding(
        &self,
        rule: &'static str,
        severity: Severity,
        status: Status,
        message: String,
        idx: &[usize],
    ) -> Finding {
        Finding {
            rule,
            severity,
            status,
            message,
            cells: idx.iter().map(|&i| self.key(i)).collect(),
            lines: idx.iter().filter_map(|&i| self.line(i)).collect(),
            spans: Vec::new(),
        }
    }

    pub fn fail(
        &self,
        rule: &'static str,
        severity: Severity,
        message: String,
        idx: &[usize],
    ) -> Finding {
        self.finding(rule, severity, Status::Fail, message, idx)
    }

    /// The info finding of an uncertain rule: names the blocking cell.
    pub fn uncertain(
        &self,
        rule: &'static str,
        blocking: usize,
        what: &str,
        idx: &[usize],
    ) -> Finding {
        let cell = &self.r.cells[blocking];
        let state = match cell.state {
            CellState::Blank => "为空白",
            CellState::Ambiguous => "有多种读法",
            _ => "未能读取",
        };
        let msg = format!("{what}无法核对：{}{state}", self.s.cell_label(blocking));
        let mut all: Vec<usize> = idx.to_vec();
        if !all.contains(&blocking) {
            all.push(blocking);
        }
        self.finding(rule, Severity::Info, Status::Uncertain, msg, &all)
    }
}
