//! Drawing: pure functions of the state. Nothing here changes state.
#![allow(clippy::needless_range_loop)] // grid columns are indexed in step with their widths

mod diff;
mod overview;

use std::collections::HashMap;
use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::app::{
    Focus, Item, MIN_H, MIN_W, Overlay, Pane, PromptKind, ReportView, Screen, SortKey, State,
    palette_matches, queue_rows, report_areas,
};
use super::keymap::Mode;
use super::text::{clean, pad, pad_left, truncate, width, wrap};
use super::theme::Theme;
use crate::model::{CellState, Report};
use crate::rules::{Finding, Severity, Status};
use crate::schema::TableId;

/// Draw the whole screen.
pub fn draw(f: &mut Frame, s: &State, t: &Theme) {
    let area = f.area();
    render(f.buffer_mut(), area, s, t);
}

/// Draw into a buffer (used by `draw` and by tests/benches).
pub fn render(buf: &mut Buffer, area: Rect, s: &State, t: &Theme) {
    if area.width < MIN_W || area.height < MIN_H {
        too_small(buf, area, s, t);
        return;
    }
    match &s.screen {
        Screen::Queue => queue(buf, area, s, t),
        Screen::Report(v) => report(buf, area, s, v, t),
        Screen::Diff(v) => diff::diff(buf, area, s, v, t),
        Screen::Overview(v) => overview::overview(buf, area, s, v, t),
    }
    status_bar(buf, area, s, t);
    match &s.overlay {
        Some(Overlay::Help { scroll }) => help(buf, area, s, *scroll, t),
        Some(Overlay::Palette { input, sel }) => palette(buf, area, s, input, *sel, t),
        Some(Overlay::DiffPicker(p)) => diff::picker(buf, area, s, p, t),
        Some(Overlay::Editor(ed)) => editor(buf, area, s, ed, t),
        Some(Overlay::Confirm { message, .. }) | Some(Overlay::ConfirmAssign { message, .. }) => {
            confirm(buf, area, message, t)
        }
        _ => {}
    }
}

fn editor(buf: &mut Buffer, area: Rect, s: &State, ed: &crate::tui::review::Editor, t: &Theme) {
    let box_area = centered(
        area,
        area.width.saturating_sub(8).min(90),
        (area.height / 2).max(8),
    );
    Clear.render(box_area, buf);
    let hint = tr(s, " Ctrl-S 保存 · Esc 取消 ", " Ctrl-S save · Esc cancel ");
    let block = Block::default()
        .borders(Borders::ALL)
        .title(clean(&ed.title))
        .title_bottom(hint)
        .border_style(t.get("pane-active"));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    (&ed.area).render(inner, buf);
}

fn confirm(buf: &mut Buffer, area: Rect, message: &str, t: &Theme) {
    let w = (width(message) as u16 + 4)
        .min(area.width.saturating_sub(4))
        .max(20);
    let box_area = centered(area, w, 3);
    Clear.render(box_area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.get("warning"));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    put(
        buf,
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(1) as usize,
        &clean(message),
        t.get("warning"),
    );
}

/// Write `text` at (x, y), at most `w` columns; returns the column after it.
fn put(buf: &mut Buffer, x: u16, y: u16, w: usize, text: &str, style: Style) -> u16 {
    if w == 0 || y >= buf.area.bottom() || x >= buf.area.right() {
        return x;
    }
    let w = w.min((buf.area.right() - x) as usize);
    let (nx, _) = buf.set_stringn(x, y, text, w, style);
    nx
}

fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_style(style);
            }
        }
    }
}

/// Clear an overlay's area, and a wide character straddling its left edge
/// (the terminal would draw its second half over the overlay's border).
fn clear_box(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    Clear.render(area, buf);
    if area.x > buf.area.x {
        for y in area.top()..area.bottom() {
            if let Some(c) = buf.cell_mut((area.x - 1, y))
                && width(c.symbol()) > 1
            {
                c.set_symbol(" ");
            }
        }
    }
}

fn tr<'a>(s: &State, zh: &'a str, en: &'a str) -> &'a str {
    if s.en { en } else { zh }
}

fn too_small(buf: &mut Buffer, area: Rect, s: &State, t: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lines = [
        tr(s, "终端太小", "Terminal too small").to_string(),
        format!("{}×{} < {}×{}", area.width, area.height, MIN_W, MIN_H),
        tr(s, "请放大窗口，q 退出", "enlarge it, q quits").to_string(),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = width(l).min(area.width as usize);
        let x = area.x + (area.width - w as u16) / 2;
        put(
            buf,
            x,
            y,
            area.width as usize,
            l,
            if i == 0 {
                t.get("error")
            } else {
                t.get("normal")
            },
        );
    }
}

fn severity_role(f: &Finding) -> &'static str {
    match (f.status, f.severity) {
        (Status::Uncertain, _) => "uncertain",
        (_, Severity::Error) => "error",
        (_, Severity::Warning) => "warning",
        (_, Severity::Info) => "info",
    }
}

/// The glyph of a finding (shared by the report and diff views).
pub(crate) fn severity_glyph(f: &Finding) -> &'static str {
    match (f.status, f.severity) {
        (Status::Uncertain, _) => "?",
        (_, Severity::Error) => "✖",
        (_, Severity::Warning) => "▲",
        (_, Severity::Info) => "●",
    }
}

// ---------------------------------------------------------------- queue

struct QueueCols {
    /// The assignee column: shown once some report is assigned.
    assignee: usize,
    agency: usize,
    note: usize,
}

/// Width of the assignee column.
const ASSIGNEE_W: usize = 9;

fn queue_cols(w: u16, assignee: bool) -> QueueCols {
    let assignee = if assignee { ASSIGNEE_W } else { 0 };
    let fixed = 2 + 5 + 5 + 5 + 5 + 5 + 5 + assignee;
    let rest = (w as usize).saturating_sub(fixed);
    let agency = (rest * 45 / 100).clamp(10.min(rest), 40);
    QueueCols {
        assignee,
        agency,
        note: rest.saturating_sub(agency),
    }
}

/// The batch's totals, for the queue header.
pub(crate) struct HeadCounts {
    pub total: usize,
    pub reviewed: usize,
    pub errs: usize,
    pub warns: usize,
    pub bad: usize,
}

/// The queue header, fitted to `width` columns. It shortens in a fixed
/// order so that the counts always show: the batch path is cut, then
/// dropped; then the labels become glyphs (✓ reviewed, ✖ errors, ▲
/// warnings, ✗ unreadable); then the filter text is cut; then "nianbao".
pub(crate) fn queue_header(s: &State, c: &HeadCounts, cols: usize) -> String {
    let HeadCounts {
        total,
        reviewed,
        errs,
        warns,
        bad,
    } = *c;
    let long = format!(
        "{} · {} {reviewed}/{total} · {} {errs} · {} {warns} · {} {bad}",
        if s.en {
            format!("{total} reports")
        } else {
            format!("共 {total} 份")
        },
        tr(s, "已审", "reviewed"),
        tr(s, "有错误", "with errors"),
        tr(s, "有警告", "with warnings"),
        tr(s, "无法读取", "unreadable"),
    );
    let short = format!("✓{reviewed}/{total} ✖{errs} ▲{warns} ✗{bad}");
    let loading = match s.loading {
        Some(p) if p.done < p.total => format!(
            " · {} {}% ({}/{})",
            tr(s, "加载中", "loading"),
            p.done * 100 / p.total.max(1),
            p.done,
            p.total
        ),
        // Every report is in the queue; the checks across reports (pairs,
        // X rules, X07) are still running.
        Some(_) => format!(
            " · {}",
            tr(s, "加载中：跨报告核对", "loading: cross-report checks")
        ),
        None => String::new(),
    };
    let filter = |text: &str| -> String {
        if s.queue.filter.is_empty() {
            return String::new();
        }
        format!(
            " · {}「{text}」{} {}",
            tr(s, "筛选", "filter"),
            s.queue.rows.len(),
            tr(s, "份", "shown")
        )
    };
    let ftext = clean(&s.queue.filter_text);
    let path = clean(&s.batch_name);
    let fits = |h: &str| width(h) <= cols;
    // 1. Everything, 2. the path cut to what is left.
    let tail = format!(" · {long}{loading}{}", filter(&ftext));
    let full = format!(" nianbao · {path}{tail}");
    if fits(&full) {
        return full;
    }
    let room = cols.saturating_sub(width(" nianbao · ") + width(&tail));
    if room >= 8 {
        return format!(" nianbao · {}{tail}", truncate(&path, room));
    }
    // 3. No path.
    let h = format!(" nianbao{tail}");
    if fits(&h) {
        return h;
    }
    // 4. Glyphs for the labels.
    let tail = format!(" · {short}{loading}{}", filter(&ftext));
    let h = format!(" nianbao{tail}");
    if fits(&h) {
        return h;
    }
    // 5. The filter text cut, 6. no "nianbao".
    if !ftext.is_empty() {
        let rest = width(&format!(" nianbao · {short}{loading}{}", filter("")));
        let room = cols.saturating_sub(rest);
        if room >= 4 {
            return format!(
                " nianbao · {short}{loading}{}",
                filter(&truncate(&ftext, room))
            );
        }
    }
    format!(" {short}{loading}{}", filter(""))
}

fn queue(buf: &mut Buffer, area: Rect, s: &State, t: &Theme) {
    // Header: batch totals and progress.
    let total = s.items.iter().filter(|it| it.judged_of.is_none()).count();
    let (mut errs, mut warns, mut bad) = (0, 0, 0);
    for it in s.items.iter().filter(|it| it.judged_of.is_none()) {
        if it.entry.report.is_err() {
            bad += 1;
        }
        errs += usize::from(it.errors > 0);
        warns += usize::from(it.warnings > 0);
    }
    let reviewed = s
        .items
        .iter()
        .filter(|it| {
            crate::tui::review::status_of(it)
                .is_some_and(|st| st.is_reviewed() && st != crate::review::Status::Stale)
        })
        .count();
    let counts = HeadCounts {
        total,
        reviewed,
        errs,
        warns,
        bad,
    };
    // The loading bar covers the header's end.
    let bar_w = if s.loading.is_some() {
        (area.width / 5).max(6) + 2
    } else {
        0
    };
    let head = queue_header(s, &counts, area.width.saturating_sub(bar_w) as usize);
    fill(
        buf,
        Rect::new(area.x, area.y, area.width, 1),
        t.get("title"),
    );
    put(
        buf,
        area.x,
        area.y,
        area.width as usize,
        &head,
        t.get("title"),
    );
    if let Some(p) = s.loading {
        // A progress bar under the header's end.
        let bw = (area.width / 5).max(6) as usize;
        let done = bw * p.done / p.total.max(1);
        let bar = format!("[{}{}]", "█".repeat(done), "░".repeat(bw - done));
        let x = area.right().saturating_sub(bw as u16 + 2);
        put(buf, x, area.y, bw + 2, &bar, t.get("info"));
    }
    // Column header with the sort mark.
    let c = queue_cols(area.width, s.items.iter().any(|it| it.assignee().is_some()));
    let mark = |k: SortKey| -> String {
        match s.queue.sort {
            Some(x) if x == k => (if s.queue.desc { "▼" } else { "▲" }).to_string(),
            _ => String::new(),
        }
    };
    let hy = area.y + 1;
    let cols = [
        ("  ".to_string(), 2),
        (tr(s, "状态", "Stat").to_string(), 5),
        (tr(s, "分配", "Assignee").to_string(), c.assignee),
        (
            format!("{}{}", tr(s, "机关", "Agency"), mark(SortKey::Agency)),
            c.agency,
        ),
        (
            format!("{}{}", tr(s, "年度", "Year"), mark(SortKey::Year)),
            5,
        ),
        (
            format!("{}{}", tr(s, "模板", "Tmpl"), mark(SortKey::Template)),
            5,
        ),
        (
            format!("{}{}", tr(s, "错误", "Err"), mark(SortKey::Errors)),
            5,
        ),
        (
            format!("{}{}", tr(s, "警告", "Warn"), mark(SortKey::Warnings)),
            5,
        ),
        (
            format!("{}{}", tr(s, "提示", "Info"), mark(SortKey::Infos)),
            5,
        ),
        (
            format!(
                "{}{}",
                tr(s, "审阅人 · 问题 · 文件", "Reviewer · findings · file"),
                mark(SortKey::Path)
            ),
            c.note,
        ),
    ];
    let mut x = area.x;
    for (label, w) in cols.iter().filter(|(_, w)| *w > 0) {
        x = put(buf, x, hy, *w, &pad(label, *w), t.get("header"));
    }
    // Rows.
    let h = queue_rows(area.height);
    for (k, &i) in s.queue.rows.iter().skip(s.queue.top).take(h).enumerate() {
        let y = area.y + 2 + k as u16;
        let it = &s.items[i];
        let selected = s.queue.top + k == s.queue.sel;
        queue_row(buf, area.x, y, area.width, it, selected, &c, s, t);
    }
    if s.queue.rows.is_empty() {
        let msg = if s.items.is_empty() {
            if s.loading.is_some() {
                tr(s, "正在加载…", "loading…")
            } else {
                tr(s, "没有报告", "no reports")
            }
        } else {
            tr(
                s,
                "没有符合筛选条件的报告（Ctrl-L 清除筛选）",
                "nothing matches the filter (Ctrl-L clears it)",
            )
        };
        put(
            buf,
            area.x + 2,
            area.y + 3,
            area.width as usize - 2,
            msg,
            t.get("dim"),
        );
    }
}

/// The review status of an item as a short label and a theme role.
fn review_badge(s: &State, it: &Item) -> (&'static str, &'static str) {
    use crate::review::Status as R;
    match (&it.review, crate::tui::review::status_of(it)) {
        (Some(rv), _) if rv.file.is_err() => (tr(s, "只读", "r/o"), "error"),
        (_, None) => ("", "dim"),
        (_, Some(st)) => match st {
            R::Unreviewed => (tr(s, "未审", "new"), "status-unreviewed"),
            R::Approved => (tr(s, "通过", "ok"), "status-approved"),
            R::ChangesRequested => (tr(s, "退回", "chg"), "status-changes"),
            R::Rejected => (tr(s, "驳回", "rej"), "status-rejected"),
            R::Stale => (tr(s, "过期", "old"), "status-stale"),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn queue_row(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    w: u16,
    it: &Item,
    selected: bool,
    c: &QueueCols,
    s: &State,
    t: &Theme,
) {
    let base = if selected {
        t.get("selection")
    } else {
        t.get("normal")
    };
    if selected {
        fill(buf, Rect::new(x0, y, w, 1), base);
    }
    let mut x = x0;
    x = put(buf, x, y, 2, if selected { "▶ " } else { "  " }, base);
    let (label, role) = review_badge(s, it);
    x = put(buf, x, y, 5, &pad(label, 5), base.patch(t.get(role)));
    if c.assignee > 0 {
        let who = it.assignee().map(clean).unwrap_or_default();
        let mine = it.assignee() == Some(s.reviewer.as_str());
        let st = if mine {
            base.patch(t.get("info"))
        } else {
            base
        };
        x = put(
            buf,
            x,
            y,
            c.assignee,
            &pad(&truncate(&who, c.assignee - 1), c.assignee),
            st,
        );
    }
    match &it.entry.report {
        Err(e) => {
            x = put(
                buf,
                x,
                y,
                c.agency,
                &pad(&clean(&it.file_name()), c.agency),
                base,
            );
            x = put(buf, x, y, 25, &" ".repeat(25), base);
            let _ = x;
            put(
                buf,
                x,
                y,
                c.note,
                &truncate(
                    &format!("{}：{}", tr(s, "无法读取", "unreadable"), clean(e)),
                    c.note,
                ),
                base.patch(t.get("error")),
            );
        }
        Ok(r) => {
            let agency = r
                .agency
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| format!("（{}）", clean(&it.file_name())));
            x = put(buf, x, y, c.agency, &pad(&agency, c.agency), base);
            let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
            x = put(buf, x, y, 5, &pad(&year, 5), base);
            x = put(buf, x, y, 5, &pad(r.template.as_str(), 5), base);
            let num = |n: usize, role: &str| -> (String, Style) {
                if n == 0 {
                    (pad_left("·", 3) + "  ", base.patch(t.get("dim")))
                } else {
                    (pad_left(&n.to_string(), 3) + "  ", base.patch(t.get(role)))
                }
            };
            for (n, role) in [
                (it.errors, "error"),
                (it.warnings, "warning"),
                (it.infos, "info"),
            ] {
                let (txt, st) = num(n, role);
                x = put(buf, x, y, 5, &txt, st);
            }
            // The failing rules, errors first, then the file name.
            let mut rules: Vec<&str> = Vec::new();
            for f in it
                .findings
                .iter()
                .filter(|f| f.status == Status::Fail && f.severity != Severity::Info)
            {
                if !rules.contains(&f.rule) {
                    rules.push(f.rule);
                }
            }
            let mut note = String::new();
            if let Some(f) = it.review.as_ref().and_then(|r| r.file.as_ref().ok()) {
                if f.verdict.status != crate::review::Verdict::Unreviewed {
                    note.push_str(&clean(&f.verdict.reviewer));
                    note.push(' ');
                }
                let n = f.notes().count();
                if n > 0 {
                    note.push_str(&format!("✎{n} "));
                }
            }
            if !rules.is_empty() {
                note.push_str(&rules.join(" "));
                note.push_str("  ");
            }
            note.push_str(&clean(&it.file_name()));
            put(buf, x, y, c.note, &truncate(&note, c.note), base);
        }
    }
}

// ---------------------------------------------------------------- report

/// What the report view highlights, derived from its focus.
pub struct Highlight {
    pub lines: Vec<u32>,
    pub spans: Vec<Range<usize>>,
    pub cells: Vec<usize>,
}

pub fn highlight(s: &State, v: &ReportView) -> Highlight {
    let it = &s.items[v.item];
    let mut h = Highlight {
        lines: Vec::new(),
        spans: Vec::new(),
        cells: Vec::new(),
    };
    let Some(r) = it.report() else { return h };
    match v.focus {
        Focus::Finding => {
            if let Some(f) = it.findings.get(v.finding) {
                h.lines = f.lines.clone();
                h.spans.extend(f.spans.iter().map(|&(a, b)| a..b));
                for k in &f.cells {
                    if let Some(i) = r.schema().index(k) {
                        h.cells.push(i);
                        if let Some(sp) = r.cells[i].span {
                            h.spans.push(sp.range());
                        }
                    }
                }
            }
        }
        Focus::Cell => {
            if let Some(i) = s.current_cell(v) {
                h.cells.push(i);
                if let Some(sp) = r.cells[i].span {
                    h.lines.push(sp.line);
                    h.spans.push(sp.range());
                }
            }
        }
        Focus::Line => h.lines.push(v.cursor),
    }
    h
}

fn pane_block<'a>(title: &'a str, active: bool, t: &Theme) -> Block<'a> {
    let st = if active {
        t.get("pane-active")
    } else {
        t.get("pane-inactive")
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(st)
        .title(title)
        .title_style(st)
}

fn report(buf: &mut Buffer, area: Rect, s: &State, v: &ReportView, t: &Theme) {
    let a = report_areas(area.width, area.height);
    let it = &s.items[v.item];
    // Header.
    let pos = s
        .queue
        .rows
        .iter()
        .position(|&r| r == v.item)
        .map(|p| p + 1)
        .unwrap_or(0);
    let head = match it.report() {
        Some(r) => format!(
            " {} · {} · {} {} · {} · {}  [{pos}/{}]",
            r.agency.as_deref().map(clean).unwrap_or_else(|| tr(
                s,
                "（未识别机关）",
                "(agency unknown)"
            )
            .into()),
            r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
            tr(s, "模板", "template"),
            r.template.as_str(),
            r.layout.as_str(),
            clean(&it.file_name()),
            s.queue.rows.len()
        ),
        None => format!(" {}", clean(&it.file_name())),
    };
    fill(buf, a.header, t.get("title"));
    let hx = put(
        buf,
        a.header.x,
        a.header.y,
        a.header.width as usize,
        &head,
        t.get("title"),
    );
    let (label, role) = review_badge(s, it);
    if !label.is_empty() {
        let mut v = format!("  {label}");
        if let Some(f) = it.review.as_ref().and_then(|r| r.file.as_ref().ok())
            && f.verdict.status != crate::review::Verdict::Unreviewed
        {
            let when = f
                .verdict
                .time
                .get(..16)
                .unwrap_or(&f.verdict.time)
                .replace('T', " ");
            v.push_str(&format!(" · {} {when}", clean(&f.verdict.reviewer)));
        }
        let w = a.header.right().saturating_sub(hx) as usize;
        put(
            buf,
            hx,
            a.header.y,
            w,
            &v,
            t.get("title").patch(t.get(role)),
        );
    }
    let Some(r) = it.report() else {
        let msg = it.entry.report.as_ref().err().cloned().unwrap_or_default();
        put(
            buf,
            2,
            3,
            area.width as usize - 2,
            &clean(&msg),
            t.get("error"),
        );
        return;
    };
    let hl = highlight(s, v);
    let marks = Marks::of(it);
    source_pane(buf, a.source, s, v, r, &hl, &marks, t);
    tables_pane(buf, a.tables, s, v, r, it, &hl, &marks, t);
    findings_pane(buf, a.findings, s, v, it, &marks, t);
}

/// Review markers of a report: where notes are, how findings were decided.
#[derive(Default)]
pub struct Marks {
    pub lines: std::collections::HashSet<u32>,
    pub cells: std::collections::HashSet<String>,
    pub findings: HashMap<String, crate::review::DecisionKind>,
    pub finding_notes: std::collections::HashSet<String>,
}

impl Marks {
    pub fn of(it: &Item) -> Marks {
        let mut m = Marks::default();
        let Some(f) = it.review.as_ref().and_then(|r| r.file.as_ref().ok()) else {
            return m;
        };
        for n in f.notes() {
            match &n.anchor {
                crate::review::Anchor::Line { line, .. } => {
                    m.lines.insert(*line);
                }
                crate::review::Anchor::Cell(k) => {
                    m.cells.insert(k.clone());
                }
                crate::review::Anchor::Finding(k) => {
                    m.finding_notes.insert(k.clone());
                }
                _ => {}
            }
        }
        for d in &f.decisions {
            m.findings.insert(d.key.clone(), d.decision);
        }
        m
    }
}

#[allow(clippy::too_many_arguments)]
fn source_pane(
    buf: &mut Buffer,
    area: Rect,
    s: &State,
    v: &ReportView,
    r: &Report,
    hl: &Highlight,
    marks: &Marks,
    t: &Theme,
) {
    let active = v.pane == Pane::Source;
    let mut title = format!(" {} ", tr(s, "原文", "Source"));
    // A PDF: the page of the line under the cursor.
    if !r.doc.pages.is_empty() {
        let at = r.lines.line_range(r.text(), v.cursor).start;
        if let Some(p) = r.doc.page_of(at) {
            let n = r.doc.pages.len();
            title = if s.en {
                format!(" Source · page {p}/{n} ")
            } else {
                format!(" 原文 · 第 {p}/{n} 页 ")
            };
        }
    }
    let block = pane_block(&title, active, t);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let text = r.text();
    let nlines = r.lines.count() as u32;
    let gutter = nlines.to_string().len() + 1;
    let tw = (inner.width as usize).saturating_sub(gutter + 1).max(2);
    let search = v.search.as_ref();
    let mut y = inner.y;
    let mut line = v.top_line.max(1);
    while y < inner.bottom() && line <= nlines {
        let lr = r.lines.line_range(text, line);
        let ltext = &text[lr.clone()];
        let on = hl.lines.contains(&line);
        let base = if on {
            t.get("highlight-line")
        } else {
            t.get("normal")
        };
        let skip = if line == v.top_line {
            v.top_row as usize
        } else {
            0
        };
        for (k, row) in wrap(ltext, tw, s.ambiguous_wide)
            .into_iter()
            .enumerate()
            .skip(skip)
        {
            if y >= inner.bottom() {
                break;
            }
            let gut = if k == skip {
                pad_left(&line.to_string(), gutter - 1) + " "
            } else {
                " ".repeat(gutter)
            };
            let gst = if active && line == v.cursor && k == 0 {
                t.get("selection")
            } else {
                t.get("line-number")
            };
            let mut x = put(buf, inner.x, y, gutter, &gut, gst);
            let (m, mst) = if k == 0 && marks.lines.contains(&line) {
                ("✎", t.get("note-marker"))
            } else if on && k == 0 {
                ("▌", t.get("highlight-line"))
            } else {
                (" ", t.get("normal"))
            };
            x = put(buf, x, y, 1, m, mst);
            for (k2, &(off, _, cw)) in row.cells.iter().enumerate() {
                let abs = lr.start + off;
                let mut st = base;
                if hl
                    .spans
                    .iter()
                    .any(|sp| sp.contains(&abs) || (sp.is_empty() && sp.start == abs))
                {
                    st = st.patch(t.get("highlight-span"));
                }
                if let Some(sr) = search
                    && let Some(mi) = sr.matches.iter().position(|m| m.contains(&abs))
                {
                    st = st.patch(t.get("search-match"));
                    if Some(mi) == sr.current {
                        st = st.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                    }
                }
                let w = cw as usize;
                let piece = row.text(k2);
                if x as usize + w > inner.right() as usize {
                    break;
                }
                x = put(buf, x, y, w, &piece, st);
            }
            y += 1;
        }
        line += 1;
    }
}

/// How a cell reads in the grid.
fn cell_text(r: &Report, i: usize) -> String {
    let c = &r.cells[i];
    match c.state {
        CellState::Number => c.value.map(|v| v.to_string()).unwrap_or_default(),
        CellState::Blank => "—".into(),
        CellState::Unparsed => "?".into(),
        CellState::Ambiguous => "≈".into(),
    }
}

/// A column header that fits `w` columns: the short label, else one character.
fn col_short(key: &str, short: &str, w: usize) -> String {
    if width(short) <= w {
        return short.to_string();
    }
    let one = match key {
        "natural_person" => "自",
        "commercial" => "商",
        "research" => "科",
        "social_welfare" => "益",
        "legal_services" => "法",
        "other_org" => "他",
        "total" => "计",
        "upheld" => "维",
        "corrected" => "纠",
        "other" => "其",
        "pending" => "未",
        "issued" | "new_made" => "制",
        "repealed" => "废",
        "in_force" => "效",
        "decisions" => "决",
        "amount" => "额",
        "new_published" => "公",
        "total_published" => "总",
        "prev_items" => "项",
        "delta" => "增",
        "projects" => "采",
        _ => "",
    };
    if width(one) <= w {
        one.to_string()
    } else {
        truncate(short, w)
    }
}

#[allow(clippy::too_many_arguments)]
fn tables_pane(
    buf: &mut Buffer,
    area: Rect,
    s: &State,
    v: &ReportView,
    r: &Report,
    it: &Item,
    hl: &Highlight,
    marks: &Marks,
    t: &Theme,
) {
    let active = v.pane == Pane::Tables;
    let title = format!(" {} ", tr(s, "表格", "Tables"));
    let block = pane_block(&title, active, t);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 8 || inner.height < 4 {
        return;
    }
    // Tabs.
    let mut x = inner.x;
    for (tid, zh, en) in [
        (TableId::T2, "表二", "T2"),
        (TableId::T3, "表三", "T3"),
        (TableId::T4, "表四", "T4"),
    ] {
        let st = if tid == v.table {
            t.get("selection")
        } else {
            t.get("dim")
        };
        x = put(buf, x, inner.y, 6, &format!(" {} ", tr(s, zh, en)), st);
        x += 1;
    }
    let sch = r.schema();
    let rows: Vec<_> = sch.rows_of(v.table).collect();
    if rows.is_empty() {
        put(
            buf,
            inner.x,
            inner.y + 2,
            inner.width as usize,
            tr(s, "未识别到标准表格", "no standard tables"),
            t.get("dim"),
        );
        return;
    }
    // Failing cells: the worst severity per cell.
    let mut failing: HashMap<usize, Severity> = HashMap::new();
    for f in it.findings.iter().filter(|f| f.status == Status::Fail) {
        for k in &f.cells {
            if let Some(i) = sch.index(k) {
                let e = failing.entry(i).or_insert(f.severity);
                if f.severity < *e {
                    *e = f.severity;
                }
            }
        }
    }
    let ncols = rows.iter().map(|r| r.cols.len()).max().unwrap_or(1);
    // Column widths: the widest value (at least 2) plus a marker column.
    let mut cw = vec![2usize; ncols];
    for row in &rows {
        for c in 0..row.cols.len() {
            cw[c] = cw[c].max(width(&cell_text(r, row.cell(c))));
        }
    }
    for w in cw.iter_mut() {
        *w += 1;
    }
    // Which columns fit: a window that keeps the cursor's column visible.
    let label_min = 8usize;
    let avail = (inner.width as usize).saturating_sub(label_min);
    let mut first = 0;
    loop {
        let used: usize = cw[first..=v.col.min(ncols - 1).max(first)].iter().sum();
        if used <= avail || first >= v.col {
            break;
        }
        first += 1;
    }
    let mut last = first;
    let mut used = 0;
    while last < ncols && used + cw[last] <= avail {
        used += cw[last];
        last += 1;
    }
    let label_w = (inner.width as usize).saturating_sub(used);
    // Column headers.
    let hy = inner.y + 1;
    let mut x = inner.x + label_w as u16;
    for c in first..last {
        let col = rows.iter().find(|r| r.cols.len() > c).map(|r| &r.cols[c]);
        let label = col
            .map(|col| col_short(col.key, col.short, cw[c] - 1))
            .unwrap_or_default();
        x = put(
            buf,
            x,
            hy,
            cw[c],
            &(pad_left(&label, cw[c] - 1) + " "),
            t.get("header"),
        );
    }
    put(
        buf,
        inner.x,
        hy,
        label_w,
        &pad(if first > 0 { "…" } else { "" }, label_w),
        t.get("header"),
    );
    // Rows.
    let body_h = inner.height.saturating_sub(4) as usize;
    for (k, (ri, row)) in rows
        .iter()
        .enumerate()
        .skip(v.table_top)
        .take(body_h)
        .enumerate()
    {
        let y = inner.y + 2 + k as u16;
        let _ = ri;
        let row_sel = active && v.row == k + v.table_top;
        let lst = if row_sel {
            t.get("header")
        } else {
            t.get("normal")
        };
        put(buf, inner.x, y, label_w, &pad(row.short, label_w), lst);
        let mut x = inner.x + label_w as u16;
        for c in first..last {
            if c >= row.cols.len() {
                x += cw[c] as u16;
                continue;
            }
            let i = row.cell(c);
            let cell = &r.cells[i];
            let mut st = match cell.state {
                CellState::Number => t.get("cell-number"),
                CellState::Blank => t.get("cell-blank"),
                CellState::Unparsed => t.get("cell-unparsed"),
                CellState::Ambiguous => t.get("cell-ambiguous"),
            };
            let marker = match failing.get(&i) {
                Some(Severity::Error) => {
                    st = st.patch(t.get("cell-error"));
                    "!"
                }
                Some(Severity::Warning) => {
                    st = st.patch(t.get("cell-warning"));
                    "~"
                }
                _ if marks.cells.contains(&sch.keys[i]) => {
                    st = st.patch(t.get("note-marker"));
                    "✎"
                }
                _ => " ",
            };
            if hl.cells.contains(&i) {
                st = st.patch(t.get("highlight-span"));
            }
            if v.row == k + v.table_top && v.col == c {
                st = st.patch(t.get("selection"));
                if !active {
                    st = st.add_modifier(Modifier::UNDERLINED);
                }
            }
            let txt = cell_text(r, i);
            let body = pad_left(&txt, cw[c] - 1);
            x = put(buf, x, y, cw[c] - 1, &body, st);
            x = put(buf, x, y, 1, marker, st);
        }
    }
    // The selected cell, in full.
    if let Some(i) = s.current_cell(v) {
        let cell = &r.cells[i];
        let dy = inner.bottom().saturating_sub(2);
        let label = sch.cell_label(i);
        put(
            buf,
            inner.x,
            dy,
            inner.width as usize,
            &pad(&label, inner.width as usize),
            t.get("title"),
        );
        let state = match cell.state {
            CellState::Number => tr(s, "数字", "number"),
            CellState::Blank => tr(s, "空白", "blank"),
            CellState::Unparsed => tr(s, "未读出", "unparsed"),
            CellState::Ambiguous => tr(s, "有歧义", "ambiguous"),
        };
        let raw = cell
            .span
            .map(|sp| r.raw(&sp).to_string())
            .unwrap_or_default();
        let mut d = format!("{} · {}", cell_text(r, i), state);
        if cell.state != CellState::Unparsed {
            d.push_str(&format!(" · «{}»", truncate(&clean(&raw), 16)));
        }
        if let Some(sp) = cell.span {
            d.push_str(&format!(" · {} {}", tr(s, "第", "line"), sp.line));
            if !s.en {
                d.push('行');
            }
            if let Some(p) = r.doc.page_of(sp.start as usize) {
                d.push_str(&if s.en {
                    format!(" · page {p}")
                } else {
                    format!(" · 第 {p} 页")
                });
            }
        }
        if !cell.candidates().is_empty() {
            let cands: Vec<String> = cell.candidates().iter().map(|v| v.to_string()).collect();
            d.push_str(&format!(" · {}", cands.join("|")));
        }
        if let Some(note) = r.note(i, s.en) {
            d.push_str(&format!(" · {note}"));
        }
        put(
            buf,
            inner.x,
            dy + 1,
            inner.width as usize,
            &pad(&d, inner.width as usize),
            t.get("normal"),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn findings_pane(
    buf: &mut Buffer,
    area: Rect,
    s: &State,
    v: &ReportView,
    it: &Item,
    marks: &Marks,
    t: &Theme,
) {
    let active = v.pane == Pane::Findings;
    // Confirmed findings that now pass: the agency fixed them (已整改).
    let current: Vec<&Finding> = it.findings.iter().collect();
    let fixed: Vec<&crate::review::Decision> = it
        .review
        .as_ref()
        .and_then(|r| r.file.as_ref().ok())
        .map(|f| crate::review::fixed(f, &current))
        .unwrap_or_default();
    let mut title = format!(
        " {} {} · {} {} · {} {} ",
        tr(s, "问题", "Findings"),
        it.findings.len(),
        tr(s, "错误", "errors"),
        it.errors,
        tr(s, "警告", "warnings"),
        it.warnings
    );
    if !fixed.is_empty() {
        title.push_str(&format!("· {} {} ", tr(s, "已整改", "fixed"), fixed.len()));
    }
    let block = pane_block(&title, active, t);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    if it.findings.is_empty() && fixed.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width as usize - 1,
            tr(s, "没有发现问题", "no findings"),
            t.get("dim"),
        );
        return;
    }
    // Below the findings, once scrolled to the end: the fixed ones.
    let after = it.findings.len().saturating_sub(v.findings_top);
    for (k, d) in fixed.iter().enumerate() {
        let row = after + k;
        if row >= inner.height as usize {
            break;
        }
        let y = inner.y + row as u16;
        let st = t.get("status-approved");
        let mut x = put(buf, inner.x, y, 2, "  ", t.get("normal"));
        x = put(buf, x, y, 3, "✔  ", st);
        x = put(buf, x, y, 4, &pad(&d.rule, 4), t.get("key"));
        let label = format!("{} ", tr(s, "已整改", "fixed"));
        x = put(buf, x, y, 7, &pad(&label, 7), st);
        let rest = (inner.right().saturating_sub(x)) as usize;
        let msg = if d.message.is_empty() {
            &d.key
        } else {
            &d.message
        };
        put(buf, x, y, rest, &truncate(&clean(msg), rest), t.get("dim"));
    }
    for (k, f) in it
        .findings
        .iter()
        .enumerate()
        .skip(v.findings_top)
        .take(inner.height as usize)
    {
        let y = inner.y + (k - v.findings_top) as u16;
        let selected = k == v.finding;
        let mut base = t.get("normal");
        if selected && (active || v.focus == Focus::Finding) {
            base = t.get("selection");
            fill(buf, Rect::new(inner.x, y, inner.width, 1), base);
        }
        let mut x = put(
            buf,
            inner.x,
            y,
            2,
            &format!("{} ", severity_glyph(f)),
            base.patch(t.get(severity_role(f))),
        );
        let key = crate::review::finding_key(f);
        let decided = match marks.findings.get(&key) {
            Some(crate::review::DecisionKind::Confirmed) => "✔",
            Some(crate::review::DecisionKind::Dismissed) => "✗",
            _ => " ",
        };
        x = put(buf, x, y, 1, decided, base.patch(t.get("note-marker")));
        let noted = if marks.finding_notes.contains(&key) {
            "✎"
        } else {
            " "
        };
        x = put(
            buf,
            x,
            y,
            2,
            &format!("{noted} "),
            base.patch(t.get("note-marker")),
        );
        x = put(buf, x, y, 4, &pad(f.rule, 4), base.patch(t.get("key")));
        let lines = match f.lines.first() {
            Some(l) => format!("{}{l:<4}", tr(s, "行", "L")),
            None => "      ".to_string(),
        };
        x = put(
            buf,
            x,
            y,
            7,
            &pad(&lines, 7),
            base.patch(t.get("line-number")),
        );
        let rest = (inner.right() - x) as usize;
        put(buf, x, y, rest, &truncate(&clean(&f.message), rest), base);
    }
}

// ---------------------------------------------------------------- bars and overlays

fn status_bar(buf: &mut Buffer, area: Rect, s: &State, t: &Theme) {
    let y = area.bottom() - 1;
    let st = t.get("status-bar");
    fill(buf, Rect::new(area.x, y, area.width, 1), st);
    if let Some(Overlay::Prompt { kind, input }) = &s.overlay {
        let label = match kind {
            PromptKind::Filter => tr(s, "筛选：", "filter: "),
            PromptKind::Search => tr(s, "搜索：", "search: "),
        };
        let x = put(
            buf,
            area.x,
            y,
            area.width as usize,
            &format!(" {label}"),
            st,
        );
        let x = put(buf, x, y, (area.right() - x) as usize, &clean(input), st);
        put(buf, x, y, 1, "█", st);
        return;
    }
    let text = match &s.status {
        Some(m) => format!(" {}", clean(m)),
        None => hints(s),
    };
    put(buf, area.x, y, area.width as usize, &text, st);
    let pending = s.keymap.pending_display();
    if !pending.is_empty() {
        let w = width(&pending) as u16 + 1;
        put(
            buf,
            area.right().saturating_sub(w),
            y,
            w as usize,
            &pending,
            st,
        );
    }
}

/// The command bar: generated from the keymap, so it cannot drift.
fn hints(s: &State) -> String {
    use super::action::Action as A;
    let mode = s.mode();
    let wanted: &[A] = match mode {
        Mode::Queue => &[
            A::Down,
            A::Open,
            A::Filter,
            A::SortNext,
            A::SeverityFilter,
            A::Help,
            A::Quit,
        ],
        Mode::Overview => &[A::NextPane, A::Down, A::Open, A::Back, A::Help],
        Mode::Diff => &[
            A::NextChange,
            A::ToggleDiffLayout,
            A::ToggleDiffTables,
            A::ToggleFold,
            A::Back,
            A::Help,
        ],
        _ => &[
            A::NextPane,
            A::NextFinding,
            A::Open,
            A::NextTable,
            A::Search,
            A::Back,
            A::Help,
        ],
    };
    let mut out = String::from(" ");
    for &a in wanted {
        if let Some(k) = s.keymap.keys_for(mode, a).first() {
            let d = a.describe(s.en);
            let d = d.split(['（', '(']).next().unwrap_or(d).trim();
            out.push_str(&format!("{k} {d}  "));
        }
    }
    out
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Help: every binding of the current mode and the global ones, from the keymap.
pub fn help_lines(s: &State) -> Vec<(String, String)> {
    let mode = s.mode();
    let mut out = Vec::new();
    for m in [mode, Mode::Global] {
        out.push((format!("— {} —", m.title(s.en)), String::new()));
        let mut by_action: Vec<(super::action::Action, Vec<String>)> = Vec::new();
        for (k, a) in s.keymap.own_bindings(m) {
            // A global key rebound in this mode is not global here.
            if m == Mode::Global
                && mode != Mode::Global
                && s.keymap.own_bindings(mode).iter().any(|(mk, _)| *mk == k)
            {
                continue;
            }
            match by_action.iter_mut().find(|(x, _)| *x == a) {
                Some((_, ks)) => ks.push(k),
                None => by_action.push((a, vec![k])),
            }
        }
        by_action.sort();
        for (a, ks) in by_action {
            out.push((ks.join(" "), a.describe(s.en).to_string()));
        }
    }
    out
}

fn help(buf: &mut Buffer, area: Rect, s: &State, scroll: usize, t: &Theme) {
    let lines = help_lines(s);
    let box_area = centered(
        area,
        area.width.saturating_sub(8).min(76),
        area.height.saturating_sub(4),
    );
    clear_box(buf, box_area);
    let title = format!(
        " {} ",
        tr(
            s,
            "帮助 · Esc 关闭 · j/k 滚动",
            "Help · Esc closes · j/k scroll"
        )
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(t.get("pane-active"));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let kw = 16usize;
    for (k, (keys, desc)) in lines
        .iter()
        .skip(scroll.min(lines.len().saturating_sub(1)))
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + k as u16;
        if desc.is_empty() {
            put(
                buf,
                inner.x + 1,
                y,
                inner.width as usize - 1,
                keys,
                t.get("title"),
            );
            continue;
        }
        let x = put(buf, inner.x + 1, y, kw, &pad(keys, kw), t.get("key"));
        put(
            buf,
            x + 1,
            y,
            (inner.right() - x - 1) as usize,
            desc,
            t.get("normal"),
        );
    }
}

fn palette(buf: &mut Buffer, area: Rect, s: &State, input: &str, sel: usize, t: &Theme) {
    let list = palette_matches(input, s.en);
    let h = (list.len() as u16 + 3)
        .min(area.height.saturating_sub(4))
        .max(5);
    let box_area = centered(area, area.width.saturating_sub(10).min(70), h);
    clear_box(buf, box_area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", tr(s, "命令", "Commands")))
        .border_style(t.get("pane-active"));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let x = put(
        buf,
        inner.x,
        inner.y,
        inner.width as usize,
        ": ",
        t.get("key"),
    );
    let x = put(
        buf,
        x,
        inner.y,
        (inner.right() - x) as usize,
        &clean(input),
        t.get("normal"),
    );
    put(buf, x, inner.y, 1, "█", t.get("normal"));
    for (k, a) in list
        .iter()
        .take(inner.height.saturating_sub(1) as usize)
        .enumerate()
    {
        let y = inner.y + 1 + k as u16;
        let st = if k == sel {
            t.get("selection")
        } else {
            t.get("normal")
        };
        if k == sel {
            fill(buf, Rect::new(inner.x, y, inner.width, 1), st);
        }
        let x = put(
            buf,
            inner.x + 1,
            y,
            18,
            &pad(a.name(), 18),
            st.patch(t.get("key")),
        );
        let keys = s.keymap.keys_for(s.mode(), *a).join(" ");
        let desc = format!("{}  {}", a.describe(s.en), keys);
        put(
            buf,
            x + 1,
            y,
            (inner.right() - x - 1) as usize,
            &truncate(&desc, (inner.right() - x - 1) as usize),
            st,
        );
    }
}
