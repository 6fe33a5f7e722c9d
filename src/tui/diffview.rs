//! The year-over-year diff view (`d`): a report against the same agency's
//! previous year, or against any other report picked from a list.
//!
//! The view's state is [`DiffView`]; what it shows is laid out here as
//! [`DLine`]s (runs of text with a theme role each), a pure function of the
//! state and the terminal width, so drawing ([`super::view`]) only paints the
//! lines and the key handling scrolls over the same lines it draws.
//!
//! The cursor is kept as a [`Pos`] — a place in the diff (a section heading,
//! a row, a table cell, a finding), not a screen line — so it survives
//! resizing, switching between side-by-side and unified, and folding.
//!
//! Keys (defaults in `keymap.rs`, mode `diff`): `d` in the queue or the
//! report view opens the diff against the pair that ends with the report
//! (the picker when there is none), `D` always picks; in the diff `]c` / `[c`
//! jump between changes (rows, or changed cells in the table view), `v`
//! side by side / unified, `t` text / tables, `z` folds unchanged stretches,
//! `s` all cells / changed cells, `j` `k` `gg` `G` `Ctrl-d` `Ctrl-u` scroll,
//! `Esc` returns to the screen `d` was pressed on.
//!
//! Notes: [`DiffView::diff_anchor`] (or [`State::diff_anchor`]) gives the
//! later report's item and line for the place under the cursor.

use std::sync::{Arc, Mutex};

use super::action::Action;
use super::app::{Effect, Item, Overlay, Screen, State};
use super::keymap::{Key, KeyCodeOrd};
use super::text::{char_width, clean, pad, pad_left, truncate, width, wrap};
use crate::compare::diff::{
    CellDelta, CellSide, DiffOptions, DiffRow, Para, ReportDiff, RowTag, SectionDiff, Side,
    diff_reports,
};
use crate::model::{CellState, Value};
use crate::rules::{Finding, Severity, Status};
use crate::schema::TableId;

/// Side by side (old left, new right) or one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    SideBySide,
    Unified,
}

/// A place in the diff that survives re-layout, ordered as drawn.
///
/// Text view (`zone` 0): `a` is the section index, `b` is 0 for the
/// section's heading and `row + 1` for a row (a folded stretch takes the
/// place of its first row). Table view: zone 1 is the column header, zone 2
/// the cells (`a` the cell index in [`crate::compare::diff::TableDelta::cells`],
/// `b` 0 for a table's heading before its first cell, 1 for the cell), zone 3
/// the unmapped rows (`a` = index + 1), zone 4 the X findings (`a` = index + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub zone: u8,
    pub a: usize,
    pub b: usize,
}

const TEXT: u8 = 0;
const COLS: u8 = 1;
const CELLS: u8 = 2;
const UNMAPPED: u8 = 3;
const FINDINGS: u8 = 4;

impl Pos {
    fn new(zone: u8, a: usize, b: usize) -> Pos {
        Pos { zone, a, b }
    }
}

/// Where the cursor is: a place, the display row within it, and the first
/// display line shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub pos: Pos,
    pub sub: usize,
    pub top: usize,
}

/// The state of the diff screen.
#[derive(Debug, Clone)]
pub struct DiffView {
    /// The earlier report (left / `-`), an index into `State::items`.
    pub old: usize,
    /// The later report (right / `+`); notes anchor here.
    pub new: usize,
    pub diff: Arc<ReportDiff>,
    pub layout: Layout,
    /// The table view instead of the text.
    pub tables: bool,
    /// Table view: every mapped cell, not only the changed ones.
    pub all_cells: bool,
    /// Unchanged stretches folded to one line each.
    pub folded: bool,
    pub text: Cursor,
    pub table: Cursor,
    /// Columns of the line-number gutters.
    pub num_w: usize,
    /// The screen `d` was pressed on, for `Esc`.
    pub from: Box<Screen>,
    /// The last layout, shared by the view's copies (keys and drawing).
    pub cache: LineCache,
}

/// What a layout depends on.
type LayoutKey = (usize, bool, bool, Layout, bool, bool, bool);

/// The last layout of a view and what it was made for.
#[derive(Debug, Clone, Default)]
pub struct LineCache(Arc<Mutex<Option<Cached>>>);

type Cached = (LayoutKey, Arc<Vec<DLine>>);

/// The report picker (`d` on a report with no previous year, or `D`).
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// The report to diff.
    pub item: usize,
    pub input: String,
    /// Characters go to the filter (`j`/`k` too); off: `j`/`k` move.
    pub typing: bool,
    pub sel: usize,
}

impl Picker {
    pub fn paste(&mut self, text: &str) {
        self.input.extend(text.chars().filter(|c| !c.is_control()));
        self.typing = !self.input.is_empty();
        self.sel = 0;
    }
}

/// The theme role of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Normal,
    Dim,
    Header,
    ColHeader,
    LineNo,
    Added,
    Removed,
    AddedWord,
    RemovedWord,
    Error,
    Warning,
    Info,
    Uncertain,
}

impl Role {
    /// The theme role name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Normal => "normal",
            Role::Dim => "dim",
            Role::Header => "diff-header",
            Role::ColHeader => "header",
            Role::LineNo => "line-number",
            Role::Added => "diff-added",
            Role::Removed => "diff-removed",
            Role::AddedWord => "diff-added-word",
            Role::RemovedWord => "diff-removed-word",
            Role::Error => "error",
            Role::Warning => "warning",
            Role::Info => "info",
            Role::Uncertain => "uncertain",
        }
    }
}

/// Text in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub role: Role,
}

fn run(text: impl Into<String>, role: Role) -> Run {
    Run {
        text: text.into(),
        role,
    }
}

/// One display line: its place, its row within the place, and its runs
/// (starting with the one-column cursor slot, at most the width in all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DLine {
    pub pos: Pos,
    pub sub: usize,
    pub runs: Vec<Run>,
}

/// What the layout depends on besides the view.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub w: usize,
    pub amb: bool,
    pub en: bool,
}

/// Body rows of the diff screen: title, sub-header and status bar aside.
pub fn body_rows(h: u16) -> usize {
    h.saturating_sub(3).max(1) as usize
}

/// Text columns of the two sides, side by side.
pub fn sbs_widths(w: usize, num_w: usize) -> (usize, usize) {
    let avail = w.saturating_sub(1 + 2 * (num_w + 2) + 2).max(4);
    let lw = avail / 2;
    (lw, avail - lw)
}

fn str_width(s: &str, amb: bool) -> usize {
    s.chars().map(|c| char_width(c, amb)).sum()
}

fn tr<'a>(en: bool, zh: &'a str, e: &'a str) -> &'a str {
    if en { e } else { zh }
}

/// Wrap styled pieces to `w` columns: per display row, its runs and width.
fn styled_wrap(pieces: &[(String, Role)], w: usize, amb: bool) -> Vec<(Vec<Run>, usize)> {
    let mut s = String::new();
    let mut ends: Vec<(usize, Role)> = Vec::with_capacity(pieces.len());
    for (t, r) in pieces {
        if t.is_empty() {
            continue;
        }
        s.push_str(t);
        ends.push((s.len(), *r));
    }
    let mut k = 0;
    wrap(&s, w, amb)
        .into_iter()
        .map(|row| {
            let mut runs: Vec<Run> = Vec::new();
            let mut used = 0;
            for k2 in 0..row.cells.len() {
                let off = row.cells[k2].0;
                let txt = row.text(k2);
                while k + 1 < ends.len() && off >= ends[k].0 {
                    k += 1;
                }
                let role = ends.get(k).map(|e| e.1).unwrap_or(Role::Normal);
                used += str_width(&txt, amb);
                match runs.last_mut() {
                    Some(last) if last.role == role => last.text.push_str(&txt),
                    _ => runs.push(run(txt, role)),
                }
            }
            (runs, used)
        })
        .collect()
}

/// Runs of one side of a row, padded to `w` columns.
fn padded(row: Option<&(Vec<Run>, usize)>, w: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let used = match row {
        Some((runs, used)) => {
            out.extend(runs.iter().cloned());
            *used
        }
        None => 0,
    };
    if used < w {
        out.push(run(" ".repeat(w - used), Role::Normal));
    }
    out
}

/// A paragraph's pieces: changed words in the word role when the row was
/// refined inline; otherwise the whole paragraph in the row's role.
fn para_pieces(p: &Para, row: &DiffRow, side: Side) -> Vec<(String, Role)> {
    let (row_role, word_role) = match (row.tag, side) {
        (RowTag::Equal, _) if p.table.is_some() => (Role::Dim, Role::Dim),
        (RowTag::Equal, _) => (Role::Normal, Role::Normal),
        (_, Side::Old) => (Role::Removed, Role::RemovedWord),
        (_, Side::New) => (Role::Added, Role::AddedWord),
    };
    let refined = row.tag == RowTag::Replace && !row.chunks.is_empty();
    if p.segments.is_empty() {
        return vec![(clean(&p.text), row_role)];
    }
    p.segments
        .iter()
        .map(|s| {
            let role = if refined && s.changed {
                word_role
            } else {
                row_role
            };
            (clean(&s.text), role)
        })
        .collect()
}

/// A unified line for a refined row: common text once, each change as its
/// deletion then its insertion.
fn merged_pieces(row: &DiffRow) -> Vec<(String, Role)> {
    let mut out = Vec::new();
    for c in &row.chunks {
        if c.changed {
            if !c.old.is_empty() {
                out.push((clean(&c.old), Role::RemovedWord));
            }
            if !c.new.is_empty() {
                out.push((clean(&c.new), Role::AddedWord));
            }
        } else {
            out.push((clean(&c.new), Role::Normal));
        }
    }
    out
}

fn num(line: Option<u32>, w: usize) -> String {
    match line {
        Some(l) => pad_left(&l.to_string(), w),
        None => " ".repeat(w),
    }
}

fn signed(v: Value) -> String {
    let s = v.to_string();
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

fn show_side(s: &CellSide, en: bool) -> String {
    match (s.state, s.value) {
        (CellState::Number, Some(v)) => v.to_string(),
        (CellState::Blank, _) => tr(en, "空白", "blank").into(),
        (CellState::Ambiguous, _) => tr(en, "有歧义", "ambig.").into(),
        _ => tr(en, "未读出", "unread").into(),
    }
}

fn severity_role(f: &Finding) -> Role {
    match (f.status, f.severity) {
        (Status::Uncertain, _) => Role::Uncertain,
        (_, Severity::Error) => Role::Error,
        (_, Severity::Warning) => Role::Warning,
        (_, Severity::Info) => Role::Info,
    }
}

/// The pair's findings in display order: failures by severity, then the
/// uncertain ones.
pub fn sorted_findings(d: &ReportDiff) -> Vec<&Finding> {
    let mut fs: Vec<&Finding> = d.findings.iter().collect();
    fs.sort_by_key(|f| (f.status == Status::Uncertain, f.severity));
    fs
}

/// The index of the display line the cursor is on: its place and row, or
/// the last line before it (a row folded away lands on its fold).
pub fn resolve(lines: &[DLine], c: &Cursor) -> usize {
    lines
        .iter()
        .position(|l| l.pos == c.pos && l.sub == c.sub)
        .or_else(|| lines.iter().rposition(|l| (l.pos, l.sub) <= (c.pos, c.sub)))
        .unwrap_or(0)
}

/// The first line to show so that line `idx` is visible.
pub fn effective_top(top: usize, idx: usize, h: usize, len: usize) -> usize {
    let h = h.max(1);
    let mut top = top.min(len.saturating_sub(1));
    if idx < top {
        top = idx;
    } else if idx >= top + h {
        top = idx + 1 - h;
    }
    top
}

impl DiffView {
    pub fn cursor(&self) -> &Cursor {
        if self.tables { &self.table } else { &self.text }
    }

    fn cursor_mut(&mut self) -> &mut Cursor {
        if self.tables {
            &mut self.table
        } else {
            &mut self.text
        }
    }

    /// The lines of the current view.
    pub fn lines(&self, c: &Ctx) -> Arc<Vec<DLine>> {
        let key = (
            c.w,
            c.amb,
            c.en,
            self.layout,
            self.tables,
            self.all_cells,
            self.folded,
        );
        let mut cache = self.cache.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, lines)) = cache.as_ref()
            && *k == key
        {
            return Arc::clone(lines);
        }
        let lines = Arc::new(if self.tables {
            self.table_lines(c)
        } else {
            self.text_lines(c)
        });
        *cache = Some((key, Arc::clone(&lines)));
        lines
    }

    // ------------------------------------------------------------ text

    fn text_lines(&self, c: &Ctx) -> Vec<DLine> {
        let mut out = Vec::new();
        for (si, sec) in self.diff.sections.iter().enumerate() {
            if sec.old.is_none() && sec.new.is_none() && sec.rows.is_empty() {
                continue;
            }
            out.push(self.heading_line(si, sec, c));
            let rows = &sec.rows;
            let mut ri = 0;
            while ri < rows.len() {
                if self.folded && rows[ri].tag == RowTag::Equal {
                    let start = ri;
                    while ri < rows.len() && rows[ri].tag == RowTag::Equal {
                        ri += 1;
                    }
                    out.push(self.fold_line(Pos::new(TEXT, si, start + 1), ri - start, c));
                    continue;
                }
                let pos = Pos::new(TEXT, si, ri + 1);
                if self.layout == Layout::Unified {
                    self.unified_row(pos, &rows[ri], c, &mut out);
                    ri += 1;
                    continue;
                }
                // Side by side, a run of deleted paragraphs and the run of
                // inserted ones after it are shown next to each other.
                let dels = rows[ri..]
                    .iter()
                    .take_while(|r| r.tag == RowTag::Delete)
                    .count();
                let ins = rows[ri + dels..]
                    .iter()
                    .take_while(|r| r.tag == RowTag::Insert)
                    .count();
                if dels > 0 && ins > 0 {
                    for k in 0..dels.max(ins) {
                        let (l, r) = (
                            (k < dels).then(|| &rows[ri + k]),
                            (k < ins).then(|| &rows[ri + dels + k]),
                        );
                        let at = if k < dels { ri + k } else { ri + dels + k };
                        self.sbs_row(Pos::new(TEXT, si, at + 1), l, r, c, &mut out);
                    }
                    ri += dels + ins;
                } else {
                    let r = &rows[ri];
                    self.sbs_row(pos, Some(r), Some(r), c, &mut out);
                    ri += 1;
                }
            }
        }
        if out.is_empty() {
            out.push(DLine {
                pos: Pos::new(TEXT, 0, 0),
                sub: 0,
                runs: vec![
                    run(" ", Role::Normal),
                    run(
                        truncate(
                            tr(c.en, "两份报告都没有可比较的正文", "no text to compare"),
                            c.w.saturating_sub(1),
                        ),
                        Role::Dim,
                    ),
                ],
            });
        }
        out
    }

    fn heading_line(&self, si: usize, sec: &SectionDiff, c: &Ctx) -> DLine {
        let heading = if c.en {
            sec.part.heading_en()
        } else {
            sec.part.heading()
        };
        let mut t = format!("── {heading} ");
        match (&sec.old, &sec.new) {
            (None, Some(_)) => {
                t.push_str(&format!("· {} ", tr(c.en, "上年缺失", "missing last year")))
            }
            (Some(_), None) => {
                t.push_str(&format!("· {} ", tr(c.en, "本年缺失", "missing this year")))
            }
            _ => {}
        }
        if let Some(sim) = sec.similarity {
            t.push_str(&format!(
                "· {} {:.0}% ",
                tr(c.en, "与上年相同", "same as last year"),
                sim * 100.0
            ));
        }
        if sec.approximate {
            t.push_str(&format!(
                "· {} ",
                tr(c.en, "部分为粗略比较", "partly coarse")
            ));
        }
        let body = c.w.saturating_sub(1);
        let t = truncate(&t, body);
        let fill = body.saturating_sub(width(&t));
        DLine {
            pos: Pos::new(TEXT, si, 0),
            sub: 0,
            runs: vec![
                run(" ", Role::Normal),
                run(t, Role::Header),
                run("─".repeat(fill), Role::Header),
            ],
        }
    }

    fn fold_line(&self, pos: Pos, n: usize, c: &Ctx) -> DLine {
        let gutter = match self.layout {
            Layout::SideBySide => self.num_w + 2,
            Layout::Unified => 2 * self.num_w + 4,
        };
        let msg = if c.en {
            format!("… {n} unchanged paragraph(s)")
        } else {
            format!("…（{n} 段未变）")
        };
        let body = c.w.saturating_sub(1 + gutter);
        DLine {
            pos,
            sub: 0,
            runs: vec![
                run(" ", Role::Normal),
                run(" ".repeat(gutter.min(c.w.saturating_sub(1))), Role::Normal),
                run(truncate(&msg, body), Role::Dim),
            ],
        }
    }

    /// One row side by side: the old side of `lrow` left, the new side of
    /// `rrow` right (the same row, or a deletion next to an insertion).
    fn sbs_row(
        &self,
        pos: Pos,
        lrow: Option<&DiffRow>,
        rrow: Option<&DiffRow>,
        c: &Ctx,
        out: &mut Vec<DLine>,
    ) {
        let (lw, rw) = sbs_widths(c.w, self.num_w);
        let lpara = lrow.and_then(|r| r.old.as_ref().map(|p| (p, r)));
        let rpara = rrow.and_then(|r| r.new.as_ref().map(|p| (p, r)));
        let left = lpara
            .map(|(p, r)| styled_wrap(&para_pieces(p, r, Side::Old), lw, c.amb))
            .unwrap_or_default();
        let right = rpara
            .map(|(p, r)| styled_wrap(&para_pieces(p, r, Side::New), rw, c.amb))
            .unwrap_or_default();
        let n = left.len().max(right.len()).max(1);
        for i in 0..n {
            let mut runs = vec![run(" ", Role::Normal)];
            for (side, para, rows, w) in [
                (Side::Old, lpara, &left, lw),
                (Side::New, rpara, &right, rw),
            ] {
                if side == Side::New {
                    runs.push(run("│ ", Role::Dim));
                }
                let first = i == 0 && para.is_some();
                let (mark, role) = match side {
                    Side::Old => ("-", Role::Removed),
                    Side::New => ("+", Role::Added),
                };
                runs.push(run(
                    num(para.filter(|_| first).map(|(p, _)| p.line), self.num_w),
                    Role::LineNo,
                ));
                let changed = para.is_some_and(|(_, r)| r.is_change());
                let m = if first && changed { mark } else { " " };
                let role = if m == " " { Role::Normal } else { role };
                runs.push(run(m, role));
                runs.push(run(" ", Role::Normal));
                runs.extend(padded(rows.get(i), w));
            }
            out.push(DLine { pos, sub: i, runs });
        }
    }

    fn unified_row(&self, pos: Pos, row: &DiffRow, c: &Ctx, out: &mut Vec<DLine>) {
        let tw = c.w.saturating_sub(1 + 2 * self.num_w + 4).max(2);
        let old_line = row.old.as_ref().map(|p| p.line);
        let new_line = row.new.as_ref().map(|p| p.line);
        // (prefix, prefix role, pieces, old line, new line) blocks.
        type Block = (
            &'static str,
            Role,
            Vec<(String, Role)>,
            Option<u32>,
            Option<u32>,
        );
        let mut blocks: Vec<Block> = Vec::new();
        match (row.tag, &row.old, &row.new) {
            (RowTag::Equal, _, Some(p)) => blocks.push((
                " ",
                Role::Normal,
                para_pieces(p, row, Side::New),
                old_line,
                new_line,
            )),
            (RowTag::Replace, Some(_), Some(_)) if !row.chunks.is_empty() => {
                blocks.push(("~", Role::Header, merged_pieces(row), old_line, new_line))
            }
            _ => {
                if let Some(p) = &row.old {
                    blocks.push((
                        "-",
                        Role::Removed,
                        para_pieces(p, row, Side::Old),
                        old_line,
                        None,
                    ));
                }
                if let Some(p) = &row.new {
                    blocks.push((
                        "+",
                        Role::Added,
                        para_pieces(p, row, Side::New),
                        None,
                        new_line,
                    ));
                }
            }
        }
        let mut sub = 0;
        for (prefix, prole, pieces, ol, nl) in blocks {
            for (i, r) in styled_wrap(&pieces, tw, c.amb).iter().enumerate() {
                let first = i == 0;
                let mut runs = vec![
                    run(" ", Role::Normal),
                    run(num(ol.filter(|_| first), self.num_w), Role::LineNo),
                    run(" ", Role::Normal),
                    run(num(nl.filter(|_| first), self.num_w), Role::LineNo),
                    run(" ", Role::Normal),
                    if first {
                        run(prefix, prole)
                    } else {
                        run(" ", Role::Normal)
                    },
                    run(" ", Role::Normal),
                ];
                runs.extend(padded(Some(r), tw));
                out.push(DLine { pos, sub, runs });
                sub += 1;
            }
        }
    }

    // ------------------------------------------------------------ tables

    /// The cells the table view lists: the changed ones and those an X
    /// rule names (or all).
    pub fn shown_cells(&self) -> Vec<usize> {
        self.diff
            .tables
            .cells
            .iter()
            .enumerate()
            .filter(|(_, d)| self.all_cells || d.changed() || !d.rules.is_empty())
            .map(|(i, _)| i)
            .collect()
    }

    fn table_lines(&self, c: &Ctx) -> Vec<DLine> {
        let w = c.w;
        let g = TableGeom::new(w);
        let mut out = Vec::new();
        let line = |pos: Pos, sub: usize, runs: Vec<Run>| DLine { pos, sub, runs };
        let heading = |pos: Pos, t: String| {
            let body = w.saturating_sub(1);
            let t = truncate(&format!("── {t} "), body);
            let fill = body.saturating_sub(width(&t));
            line(
                pos,
                0,
                vec![
                    run(" ", Role::Normal),
                    run(t, Role::Header),
                    run("─".repeat(fill), Role::Header),
                ],
            )
        };
        // Column header.
        let mut runs = vec![run(" ", Role::Normal), run("  ", Role::ColHeader)];
        if g.key_w > 0 {
            runs.push(run(pad(tr(c.en, "键", "key"), g.key_w), Role::ColHeader));
        }
        runs.extend([
            run(pad(tr(c.en, "项目", "item"), g.label_w), Role::ColHeader),
            run(pad_left(tr(c.en, "上年", "before"), VAL_W), Role::ColHeader),
            run(" → ", Role::ColHeader),
            run(pad_left(tr(c.en, "本年", "after"), VAL_W), Role::ColHeader),
            run(pad_left(tr(c.en, "变化", "change"), CHG_W), Role::ColHeader),
            run(pad_left(tr(c.en, "幅度", "%"), PCT_W), Role::ColHeader),
            run(
                pad(&format!("  {}", tr(c.en, "核对", "rules")), g.rules_w),
                Role::ColHeader,
            ),
        ]);
        out.push(line(Pos::new(COLS, 0, 0), 0, runs));
        // Cells, by table.
        let cells = self.shown_cells();
        let mut last_table: Option<TableId> = None;
        for &i in &cells {
            let d = &self.diff.tables.cells[i];
            if last_table != Some(d.table) {
                last_table = Some(d.table);
                let title = if c.en {
                    d.table.title_en()
                } else {
                    d.table.title()
                };
                let name = match (d.table, c.en) {
                    (TableId::T2, false) => "表二",
                    (TableId::T3, false) => "表三",
                    (TableId::T4, false) => "表四",
                    (TableId::T2, true) => "Table 2",
                    (TableId::T3, true) => "Table 3",
                    (TableId::T4, true) => "Table 4",
                };
                out.push(heading(Pos::new(CELLS, i, 0), format!("{name} · {title}")));
            }
            out.push(line(Pos::new(CELLS, i, 1), 0, self.cell_runs(d, &g, c)));
        }
        if cells.is_empty() {
            let msg = if self.diff.tables.cells.is_empty() {
                tr(c.en, "没有可对应的表格单元格", "no table cells to compare")
            } else {
                tr(
                    c.en,
                    "表格没有变化（s 显示全部单元格）",
                    "no table changes (s shows all cells)",
                )
            };
            out.push(line(
                Pos::new(CELLS, 0, 0),
                0,
                vec![
                    run(" ", Role::Normal),
                    run(truncate(msg, w.saturating_sub(1)), Role::Dim),
                ],
            ));
        }
        // Unmapped rows.
        let t = &self.diff.tables;
        if !t.unmapped.is_empty() {
            let title = if c.en {
                format!(
                    "Rows with no counterpart (template {} → {})",
                    t.old_template.as_str(),
                    t.new_template.as_str()
                )
            } else {
                format!(
                    "无法对应的行（模板 {} → {}）",
                    t.old_template.as_str(),
                    t.new_template.as_str()
                )
            };
            out.push(heading(Pos::new(UNMAPPED, 0, 0), title));
            for (j, u) in t.unmapped.iter().enumerate() {
                let side = match u.side {
                    Side::Old => tr(c.en, "上年", "before"),
                    Side::New => tr(c.en, "本年", "after "),
                };
                let cols: Vec<&str> = u
                    .cells
                    .iter()
                    .map(|k| k.strip_prefix(&format!("{}.", u.row)).unwrap_or(k))
                    .collect();
                let rest = format!("{}  ({})  {}", u.label, cols.join(", "), u.row);
                let body = w.saturating_sub(1 + 2 + width(side) + 2);
                out.push(line(
                    Pos::new(UNMAPPED, j + 1, 0),
                    0,
                    vec![
                        run(" ", Role::Normal),
                        run("  ", Role::Normal),
                        run(side, Role::ColHeader),
                        run("  ", Role::Normal),
                        run(truncate(&clean(&rest), body), Role::Normal),
                    ],
                ));
            }
        }
        // The pair's X findings.
        out.push(heading(
            Pos::new(FINDINGS, 0, 0),
            tr(c.en, "跨年度核对", "Cross-year checks").to_string(),
        ));
        let fs = sorted_findings(&self.diff);
        if fs.is_empty() {
            out.push(line(
                Pos::new(FINDINGS, 1, 0),
                0,
                vec![
                    run(" ", Role::Normal),
                    run(
                        truncate(
                            tr(c.en, "  没有发现跨年度问题", "  no cross-year findings"),
                            w.saturating_sub(1),
                        ),
                        Role::Dim,
                    ),
                ],
            ));
        }
        for (k, f) in fs.iter().enumerate() {
            let sev = if f.status == Status::Uncertain {
                tr(c.en, "待定", "unsure")
            } else if c.en {
                f.severity.as_str()
            } else {
                f.severity.zh()
            };
            let lines = match f.lines.first() {
                Some(l) if c.en => format!("line {l}"),
                Some(l) => format!("第{l}行"),
                None => String::new(),
            };
            let head = format!(
                "{} {} {} {} ",
                super::view::severity_glyph(f),
                sev,
                f.rule,
                lines
            );
            let head_w = width(&head) + 2;
            let body = w.saturating_sub(1 + head_w).max(2);
            let msg = styled_wrap(&[(clean(&f.message), Role::Normal)], body, c.amb);
            for (i, r) in msg.into_iter().enumerate() {
                let mut runs = vec![run(" ", Role::Normal), run("  ", Role::Normal)];
                if i == 0 {
                    runs.push(run(head.clone(), severity_role(f)));
                } else {
                    runs.push(run(" ".repeat(head_w - 2), Role::Normal));
                }
                runs.extend(r.0);
                out.push(line(Pos::new(FINDINGS, k + 1, 0), i, runs));
            }
        }
        out
    }

    fn cell_runs(&self, d: &CellDelta, g: &TableGeom, c: &Ctx) -> Vec<Run> {
        let changed = d.changed();
        let (mark, mrole) = if !d.rules.is_empty() {
            ("! ", self.rule_role(d))
        } else if changed {
            ("~ ", Role::Header)
        } else {
            ("  ", Role::Dim)
        };
        let base = if changed { Role::Normal } else { Role::Dim };
        let mut runs = vec![run(" ", Role::Normal), run(mark, mrole)];
        if g.key_w > 0 {
            runs.push(run(pad(&clean(&d.key), g.key_w), Role::Dim));
        }
        runs.push(run(cell_label(&clean(&d.label), g.label_w), base));
        let (orole, nrole) = if changed {
            (Role::RemovedWord, Role::AddedWord)
        } else {
            (base, base)
        };
        runs.push(run(pad_left(&show_side(&d.old, c.en), VAL_W), orole));
        runs.push(run(" → ", base));
        runs.push(run(pad_left(&show_side(&d.new, c.en), VAL_W), nrole));
        let change = d.change.map(signed).unwrap_or_else(|| "—".into());
        runs.push(run(pad_left(&change, CHG_W), base));
        let pct = d.percent.map(|p| format!("{p:+.1}%")).unwrap_or_default();
        runs.push(run(pad_left(&pct, PCT_W), base));
        if !d.rules.is_empty() {
            let marks: String = d.rules.iter().map(|r| format!("[{r}]")).collect();
            runs.push(run("  ", Role::Normal));
            runs.push(run(
                truncate(&marks, g.rules_w.saturating_sub(2)),
                self.rule_role(d),
            ));
        }
        runs
    }

    /// The role of a cell's X marks: the worst failing finding naming it.
    fn rule_role(&self, d: &CellDelta) -> Role {
        self.diff
            .findings
            .iter()
            .filter(|f| {
                f.status == Status::Fail
                    && d.rules.contains(&f.rule)
                    && f.cells
                        .iter()
                        .any(|k| d.new.keys.contains(k) || *k == d.key)
            })
            .min_by_key(|f| f.severity)
            .map(severity_role)
            .unwrap_or(Role::Error)
    }

    // ------------------------------------------------------------ changes

    /// The places changes start, in order (rows in the text view, changed
    /// cells in the table view).
    pub fn change_targets(&self) -> Vec<Pos> {
        if self.tables {
            self.diff
                .tables
                .cells
                .iter()
                .enumerate()
                .filter(|(_, d)| d.changed())
                .map(|(i, _)| Pos::new(CELLS, i, 1))
                .collect()
        } else {
            self.diff
                .change_indices()
                .into_iter()
                .map(|(si, ri)| Pos::new(TEXT, si, ri + 1))
                .collect()
        }
    }

    /// `(k, N)`: the cursor is at or after the k-th of N changes (k = 0:
    /// before the first).
    pub fn change_count(&self) -> (usize, usize) {
        let t = self.change_targets();
        let at = self.cursor().pos;
        (t.iter().filter(|&&p| p <= at).count(), t.len())
    }

    // ------------------------------------------------------------ anchor

    /// Where a note on the row under the cursor goes: the later report's
    /// item and the 1-based line of the row's new side — for a deleted row,
    /// the nearest new line after it (else before it). In the table view:
    /// the cell's line in the later report, or the finding's line.
    pub fn diff_anchor(&self) -> Option<(usize, u32)> {
        let p = self.cursor().pos;
        let line = if self.tables {
            match p.zone {
                CELLS if p.b == 1 => self
                    .diff
                    .tables
                    .cells
                    .get(p.a)
                    .and_then(|d| d.new.span)
                    .map(|s| s.line),
                FINDINGS => sorted_findings(&self.diff)
                    .get(p.a.checked_sub(1)?)
                    .and_then(|f| f.lines.first().copied()),
                _ => None,
            }
        } else {
            self.text_anchor(p.a, p.b)
        };
        line.map(|l| (self.new, l))
    }

    fn text_anchor(&self, si: usize, b: usize) -> Option<u32> {
        let secs = &self.diff.sections;
        let sec = secs.get(si)?;
        if b == 0 {
            if let Some(n) = &sec.new {
                return Some(n.line);
            }
        } else if let Some(p) = sec.rows.get(b - 1).and_then(|r| r.new.as_ref()) {
            return Some(p.line);
        }
        // The nearest new line after: later rows, then later sections.
        let after = sec
            .rows
            .iter()
            .skip(b)
            .find_map(|r| r.new.as_ref().map(|p| p.line))
            .or_else(|| {
                secs.iter().skip(si + 1).find_map(|s| {
                    s.new
                        .as_ref()
                        .map(|n| n.line)
                        .or_else(|| s.rows.iter().find_map(|r| r.new.as_ref().map(|p| p.line)))
                })
            });
        after.or_else(|| {
            // Nothing after: the nearest before.
            let before_here = sec
                .rows
                .iter()
                .take(b.saturating_sub(1))
                .rev()
                .find_map(|r| r.new.as_ref().map(|p| p.line))
                .or_else(|| sec.new.as_ref().map(|n| n.line));
            before_here.or_else(|| {
                secs.iter().take(si).rev().find_map(|s| {
                    s.rows
                        .iter()
                        .rev()
                        .find_map(|r| r.new.as_ref().map(|p| p.line))
                        .or_else(|| s.new.as_ref().map(|n| n.line))
                })
            })
        })
    }
}

/// Value columns of the table view.
const VAL_W: usize = 6;
const CHG_W: usize = 7;
const PCT_W: usize = 9;

/// Column widths of the table view.
pub struct TableGeom {
    pub key_w: usize,
    pub label_w: usize,
    pub rules_w: usize,
}

impl TableGeom {
    pub fn new(w: usize) -> TableGeom {
        let fixed = 1 + 2 + VAL_W + 3 + VAL_W + CHG_W + PCT_W;
        let rules_w = 8;
        let key_w = if w >= 140 { 40 } else { 0 };
        TableGeom {
            key_w,
            label_w: w.saturating_sub(fixed + rules_w + key_w).max(6),
            rules_w,
        }
    }
}

/// A cell label cut to `w` columns keeping its last part (the column):
/// "二、上年结转政府…· 总计".
fn cell_label(label: &str, w: usize) -> String {
    if width(label) <= w {
        return pad(label, w);
    }
    match label.rsplit_once(" · ") {
        Some((row, col)) if width(col) + 4 < w => {
            let col = format!(" · {col}");
            pad(&format!("{}{col}", truncate(row, w - width(&col) - 1)), w)
        }
        _ => pad(label, w),
    }
}

// ---------------------------------------------------------------- state

impl State {
    /// The layout context of the current terminal.
    pub fn diff_ctx(&self) -> Ctx {
        Ctx {
            w: self.size.0 as usize,
            amb: self.ambiguous_wide,
            en: self.en,
        }
    }

    /// The annotation anchor of the diff screen's cursor (see
    /// [`DiffView::diff_anchor`]); `None` on other screens.
    pub fn diff_anchor(&self) -> Option<(usize, u32)> {
        match &self.screen {
            Screen::Diff(v) => v.diff_anchor(),
            _ => None,
        }
    }

    /// `d` (or `D`: always pick) on the queue's selection or the open report.
    pub(super) fn open_diff_here(&mut self, pick: bool) {
        let item = match &self.screen {
            Screen::Queue => self.queue.rows.get(self.queue.sel).copied(),
            Screen::Report(v) => Some(v.item),
            Screen::Diff(v) => Some(v.new),
            Screen::Overview(_) => None,
        };
        let Some(item) = item else {
            self.status = Some(tr(self.en, "没有选中的报告", "no report selected").into());
            return;
        };
        if self.items.get(item).and_then(Item::report).is_none() {
            self.status = Some(
                tr(
                    self.en,
                    "这份报告无法读取，不能对比",
                    "this report is unreadable; nothing to diff",
                )
                .into(),
            );
            return;
        }
        if !pick && let Some(p) = self.pairs.iter().find(|p| p.later == item) {
            let (a, b) = (p.earlier, p.later);
            self.open_diff(a, b);
            return;
        }
        let p = Picker {
            item,
            ..Picker::default()
        };
        if self.picker_rows(&p).is_empty() {
            self.status = Some(
                tr(
                    self.en,
                    "没有其他可读的报告可供对比",
                    "no other readable report to diff against",
                )
                .into(),
            );
            return;
        }
        if !pick && self.loading.is_some() {
            self.status = Some(
                tr(
                    self.en,
                    "仍在加载，尚未配对上一年度的报告；可从列表中选择",
                    "still loading: no previous year paired yet; pick one",
                )
                .into(),
            );
        }
        self.overlay = Some(Overlay::DiffPicker(p));
    }

    /// Open the diff of items `a` and `b`, the older year on the left (the
    /// first one when the years tie or are unknown).
    pub fn open_diff(&mut self, a: usize, b: usize) {
        let ya = self.items.get(a).and_then(Item::year);
        let yb = self.items.get(b).and_then(Item::year);
        let (old, new) = match (ya, yb) {
            (Some(x), Some(y)) if x > y => (b, a),
            _ => (a, b),
        };
        let (Some(ro), Some(rn)) = (
            self.items.get(old).and_then(Item::report),
            self.items.get(new).and_then(Item::report),
        ) else {
            return;
        };
        let diff = diff_reports(ro, rn, &DiffOptions::default());
        let lines = ro.lines.count().max(rn.lines.count()).max(1);
        let num_w = lines.to_string().len();
        let from = match &self.screen {
            Screen::Diff(v) => v.from.clone(),
            s => Box::new(s.clone()),
        };
        let mut v = DiffView {
            old,
            new,
            diff: Arc::new(diff),
            layout: Layout::SideBySide,
            tables: false,
            all_cells: false,
            folded: false,
            text: Cursor::default(),
            table: Cursor::default(),
            num_w,
            from,
            cache: LineCache::default(),
        };
        // The text view starts on the first change, the table view on its
        // first cell.
        if let Some(&p) = v.change_targets().first() {
            v.text.pos = p;
        }
        if let Some(&i) = v.shown_cells().first() {
            v.table.pos = Pos::new(CELLS, i, 1);
        }
        // Scrolled so that the first change shows a third of the way down.
        let lines = v.lines(&self.diff_ctx());
        let i = resolve(&lines, &v.text);
        let h = body_rows(self.size.1);
        if i >= h {
            v.text.top = i.saturating_sub(h / 3);
        }
        self.screen = Screen::Diff(v);
        self.keymap.reset();
    }

    /// The picker's rows: the other readable reports matching the filter,
    /// the same agency's first.
    pub fn picker_rows(&self, p: &Picker) -> Vec<usize> {
        let terms: Vec<String> = p
            .input
            .split_whitespace()
            .map(|t| t.to_lowercase())
            .collect();
        let agency = self.items.get(p.item).map(Item::agency).unwrap_or("");
        let mut rows: Vec<usize> = (0..self.items.len())
            .filter(|&i| i != p.item && self.items[i].report().is_some())
            .filter(|&i| self.items[i].judged_of.is_none())
            .filter(|&i| {
                let it = &self.items[i];
                let hay = format!(
                    "{} {} {}",
                    it.agency(),
                    it.file_name(),
                    it.year().map(|y| y.to_string()).unwrap_or_default()
                )
                .to_lowercase();
                terms.iter().all(|t| hay.contains(t.as_str()))
            })
            .collect();
        rows.sort_by(|&x, &y| {
            let (a, b) = (&self.items[x], &self.items[y]);
            (a.agency() != agency, a.agency(), a.year(), a.file_name()).cmp(&(
                b.agency() != agency,
                b.agency(),
                b.year(),
                b.file_name(),
            ))
        });
        rows
    }

    pub(super) fn picker_key(&mut self, mut p: Picker, key: Key) -> Vec<Effect> {
        let n = self.picker_rows(&p).len();
        let plain = !key.ctrl && !key.alt;
        match key.code {
            KeyCodeOrd::Esc => {
                self.overlay = None;
                return Vec::new();
            }
            KeyCodeOrd::Enter => {
                self.overlay = None;
                if let Some(&i) = self.picker_rows(&p).get(p.sel) {
                    self.open_diff(p.item, i);
                }
                return Vec::new();
            }
            KeyCodeOrd::Down | KeyCodeOrd::Tab => p.sel += 1,
            KeyCodeOrd::Up | KeyCodeOrd::BackTab => p.sel = p.sel.saturating_sub(1),
            KeyCodeOrd::Char('n') if key.ctrl => p.sel += 1,
            KeyCodeOrd::Char('p') if key.ctrl => p.sel = p.sel.saturating_sub(1),
            KeyCodeOrd::Char('u') if key.ctrl => {
                p.input.clear();
                p.typing = false;
                p.sel = 0;
            }
            KeyCodeOrd::Char('j') if plain && !p.typing => p.sel += 1,
            KeyCodeOrd::Char('k') if plain && !p.typing => p.sel = p.sel.saturating_sub(1),
            KeyCodeOrd::Char('/') if plain && !p.typing => p.typing = true,
            KeyCodeOrd::Backspace => {
                p.input.pop();
                p.typing = !p.input.is_empty();
                p.sel = 0;
            }
            KeyCodeOrd::Char(c) if plain && !c.is_control() => {
                p.input.push(c);
                p.typing = true;
                p.sel = 0;
            }
            _ => {}
        }
        let n = if matches!(key.code, KeyCodeOrd::Char(_) | KeyCodeOrd::Backspace) {
            self.picker_rows(&p).len()
        } else {
            n
        };
        p.sel = p.sel.min(n.saturating_sub(1));
        self.overlay = Some(Overlay::DiffPicker(p));
        Vec::new()
    }

    pub(super) fn apply_diff(&mut self, mut v: DiffView, a: Action, n: usize) {
        let c = self.diff_ctx();
        let h = body_rows(self.size.1);
        let mut lines = v.lines(&c);
        let at = resolve(&lines, v.cursor());
        let last = lines.len().saturating_sub(1);
        // Move to line `i`; `jump`: a third of the way down when off screen.
        let goto = |v: &mut DiffView, lines: &[DLine], i: usize, jump: bool| {
            let i = i.min(lines.len().saturating_sub(1));
            let cur = v.cursor_mut();
            if let Some(l) = lines.get(i) {
                cur.pos = l.pos;
                cur.sub = l.sub;
            }
            let top = cur.top.min(lines.len().saturating_sub(1));
            cur.top = if i >= top && i < top + h {
                top
            } else if jump {
                i.saturating_sub(h / 3)
            } else if i < top {
                i
            } else {
                i + 1 - h
            };
        };
        match a {
            Action::Back => {
                let from = *v.from;
                if let Screen::Report(_) | Screen::Queue = from {
                    self.screen = from;
                } else {
                    self.screen = Screen::Queue;
                }
                self.keymap.reset();
                return;
            }
            Action::Down => goto(&mut v, &lines, at.saturating_add(n), false),
            Action::Up => goto(&mut v, &lines, at.saturating_sub(n), false),
            Action::HalfPageDown | Action::HalfPageUp => {
                let step = (h / 2).max(1).saturating_mul(n);
                let down = a == Action::HalfPageDown;
                let i = if down {
                    at.saturating_add(step).min(last)
                } else {
                    at.saturating_sub(step)
                };
                // Scroll the page with the cursor.
                let cur = v.cursor_mut();
                cur.top = if down {
                    (cur.top + step).min(last)
                } else {
                    cur.top.saturating_sub(step)
                };
                goto(&mut v, &lines, i, false);
            }
            Action::Top => goto(&mut v, &lines, 0, true),
            Action::Bottom => goto(&mut v, &lines, last, true),
            Action::NextChange | Action::PrevChange => {
                let targets = v.change_targets();
                let cur = (v.cursor().pos, v.cursor().sub);
                let mut pick = None;
                if a == Action::NextChange {
                    let after: Vec<Pos> =
                        targets.iter().copied().filter(|&p| (p, 0) > cur).collect();
                    pick = after.get(n - 1).or(after.last()).copied();
                } else {
                    let before: Vec<Pos> =
                        targets.iter().copied().filter(|&p| (p, 0) < cur).collect();
                    if !before.is_empty() {
                        pick = Some(before[before.len().saturating_sub(n)]);
                    }
                }
                match pick {
                    Some(p) => {
                        let i = resolve(
                            &lines,
                            &Cursor {
                                pos: p,
                                sub: 0,
                                top: 0,
                            },
                        );
                        goto(&mut v, &lines, i, true);
                    }
                    None => {
                        self.status = Some(
                            if targets.is_empty() {
                                tr(self.en, "没有变化", "no changes")
                            } else if a == Action::NextChange {
                                tr(self.en, "已是最后一处变化", "no more changes")
                            } else {
                                tr(self.en, "已是第一处变化", "no earlier change")
                            }
                            .into(),
                        );
                    }
                }
            }
            Action::ToggleDiffLayout => {
                v.layout = match v.layout {
                    Layout::SideBySide => Layout::Unified,
                    Layout::Unified => Layout::SideBySide,
                };
                v.tables = false;
                lines = v.lines(&c);
            }
            Action::ToggleDiffTables => {
                v.tables = !v.tables;
                lines = v.lines(&c);
            }
            Action::ToggleFold => {
                v.folded = !v.folded;
                v.tables = false;
                lines = v.lines(&c);
            }
            Action::ToggleAllCells => {
                v.all_cells = !v.all_cells;
                v.tables = true;
                lines = v.lines(&c);
            }
            Action::OpenDiff | Action::PickDiff => {
                let p = Picker {
                    item: v.new,
                    ..Picker::default()
                };
                if !self.picker_rows(&p).is_empty() {
                    self.overlay = Some(Overlay::DiffPicker(p));
                }
            }
            _ => {}
        }
        // The cursor on a line that exists, kept in view.
        let i = resolve(&lines, v.cursor());
        goto(&mut v, &lines, i, false);
        self.screen = Screen::Diff(v);
    }
}
