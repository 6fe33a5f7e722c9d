//! Drawing the batch overview with ratatui's own widgets: a `Gauge` for the
//! review progress, horizontal and vertical `BarChart`s for failing findings
//! by rule and by family, and `Table`s for bodies, years and templates, and
//! cell reading health. Errors and warnings differ by glyph (✖ ▲) as well as
//! by style, so the mono theme still tells them apart.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Block, Borders, Gauge, Row, Table, Widget};

use super::super::app::State;
use super::super::overview::{Figures, OverviewView, Panel};
use super::super::text::{clean, truncate, width};
use super::super::theme::Theme;
use super::tr;
use crate::rules::Severity;

fn glyph(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "●",
    }
}

fn sev_style(s: Severity, t: &Theme) -> Style {
    match s {
        Severity::Error => t.get("error"),
        Severity::Warning => t.get("warning"),
        Severity::Info => t.get("info"),
    }
}

fn block<'a>(title: String, active: bool, t: &Theme) -> Block<'a> {
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

/// The selected entry's style on top of `base`.
fn sel_style(base: Style, selected: bool, t: &Theme) -> Style {
    if selected {
        base.patch(t.get("selection"))
            .add_modifier(Modifier::REVERSED)
    } else {
        base
    }
}

pub fn overview(buf: &mut Buffer, area: Rect, s: &State, v: &OverviewView, t: &Theme) {
    let figures = v.figures_of(&s.items);
    let f: &Figures = &figures;
    let [head, progress, mid, low] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Percentage(50),
        Constraint::Min(4),
    ])
    .areas(area.inner(ratatui::layout::Margin::new(0, 0)));
    let low = Rect {
        height: low.height.saturating_sub(1), // the status bar
        ..low
    };
    let title = tr(
        s,
        " 批次概览 · Tab 切换面板 · j/k 选择 · Enter 筛选队列 · Esc 返回",
        " Batch overview · Tab panel · j/k select · Enter filter the queue · Esc back",
    );
    buf.set_stringn(
        head.x,
        head.y,
        truncate(title, head.width as usize),
        head.width as usize,
        t.get("title"),
    );
    gauge(buf, progress, s, f, t);
    let [rules, fams] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(mid);
    rule_bars(buf, rules, s, f, v, t);
    family_bars(buf, fams, s, f, v, t);
    let [bodies, years, cells] = Layout::horizontal([
        Constraint::Percentage(36),
        Constraint::Percentage(24),
        Constraint::Percentage(40),
    ])
    .areas(low);
    bodies_table(buf, bodies, s, f, v, t);
    years_table(buf, years, s, f, v, t);
    cells_table(buf, cells, s, f, v, t);
}

fn gauge(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, t: &Theme) {
    let open = f.total - f.reviewed - f.stale;
    let who: Vec<String> = f
        .reviewers
        .iter()
        .map(|(r, signed, decided)| {
            if s.en {
                format!("{} {signed} signed {decided} decided", clean(r))
            } else {
                format!("{} 签核{signed} 处理{decided}", clean(r))
            }
        })
        .collect();
    let title = if who.is_empty() {
        tr(s, " 审阅进度 ", " Review progress ").to_string()
    } else {
        format!(
            " {} · {} ",
            tr(s, "审阅进度", "Review progress"),
            who.join(" · ")
        )
    };
    let label = if s.en {
        format!(
            "reviewed {}/{} · stale {} · open {open}",
            f.reviewed, f.total, f.stale
        )
    } else {
        format!(
            "已审 {}/{} · 过期 {} · 待审 {open}",
            f.reviewed, f.total, f.stale
        )
    };
    let ratio = if f.total == 0 {
        0.0
    } else {
        f.reviewed as f64 / f.total as f64
    };
    Gauge::default()
        .block(block(
            truncate(&title, area.width.saturating_sub(2) as usize),
            false,
            t,
        ))
        .gauge_style(t.get("status-approved"))
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .render(area, buf);
}

fn rule_bars(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, v: &OverviewView, t: &Theme) {
    let active = v.panel == Panel::Rules;
    let b = block(
        tr(s, " 未通过的规则 ", " Failing rules ").to_string(),
        active,
        t,
    );
    let inner = b.inner(area);
    b.render(area, buf);
    if f.rules.is_empty() {
        empty(buf, inner, s, t);
        return;
    }
    let n = (inner.height as usize).max(1);
    let first = if active {
        v.sel.saturating_sub(n - 1)
    } else {
        0
    };
    let num_w = f
        .rules
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1)
        + 1;
    let label_w = (inner.width as usize / 2).clamp(6, 30);
    let bars: Vec<Bar> = f
        .rules
        .iter()
        .enumerate()
        .skip(first)
        .take(n)
        .map(|(i, r)| {
            let name = crate::rules::catalogue()
                .iter()
                .find(|c| c.id == r.key)
                .map(|c| if s.en { c.en } else { c.zh })
                .unwrap_or("");
            let label = truncate(&format!("{}{} {name}", glyph(r.severity), r.key), label_w);
            let label = format!("{}{:>num_w$}", pad(&label, label_w), r.count);
            let st = sel_style(sev_style(r.severity, t), active && i == v.sel, t);
            // The count is in the label: a value drawn inside a short bar
            // would run into it.
            Bar::new(r.count as u64)
                .label(Line::styled(label, st))
                .text_value(String::new())
                .style(sev_style(r.severity, t))
                .value_style(st)
        })
        .collect();
    BarChart::horizontal(bars)
        .bar_width(1)
        .bar_gap(0)
        .render(inner, buf);
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(w.saturating_sub(width(s))));
    out
}

fn family_bars(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, v: &OverviewView, t: &Theme) {
    let active = v.panel == Panel::Families;
    let b = block(
        tr(s, " 规则类别 ", " Rule families ").to_string(),
        active,
        t,
    );
    let inner = b.inner(area);
    b.render(area, buf);
    let bw = ((inner.width as usize + 1) / f.families.len().max(1)).clamp(2, 5) as u16 - 1;
    let bw = bw.max(2);
    let bars: Vec<Bar> = f
        .families
        .iter()
        .enumerate()
        .map(|(i, fam)| {
            let st = sel_style(sev_style(fam.severity, t), active && i == v.sel, t);
            let label = if fam.count == 0 {
                fam.key.clone()
            } else {
                format!("{}{}", glyph(fam.severity), fam.key)
            };
            Bar::new(fam.count as u64)
                .label(Line::styled(label, st))
                .text_value(fam.count.to_string())
                .style(sev_style(fam.severity, t))
                .value_style(st)
        })
        .collect();
    BarChart::vertical(bars)
        .bar_width(bw)
        .bar_gap(1)
        .render(inner, buf);
}

fn empty(buf: &mut Buffer, area: Rect, s: &State, t: &Theme) {
    if area.height > 0 {
        buf.set_stringn(
            area.x,
            area.y,
            tr(s, "（无）", "(none)"),
            area.width as usize,
            t.get("dim"),
        );
    }
}

/// A two-column table of `rows` (text, count), the `sel`ected one marked
/// when the panel is active, scrolled to keep it in view.
#[allow(clippy::too_many_arguments)]
fn list(
    buf: &mut Buffer,
    area: Rect,
    title: String,
    lead: &[String],
    rows: Vec<(String, String, Style)>,
    sel: Option<usize>,
    s: &State,
    t: &Theme,
) {
    let b = block(title, sel.is_some(), t);
    let mut inner = b.inner(area);
    b.render(area, buf);
    // Summary lines above the rows.
    for l in lead {
        if inner.height == 0 {
            return;
        }
        buf.set_stringn(inner.x, inner.y, l, inner.width as usize, t.get("normal"));
        inner.y += 1;
        inner.height -= 1;
    }
    if rows.is_empty() {
        empty(buf, inner, s, t);
        return;
    }
    let h = inner.height as usize;
    let first = sel
        .map(|i| i.saturating_sub(h.saturating_sub(1)))
        .unwrap_or(0);
    let num_w = rows.iter().map(|r| width(&r.1)).max().unwrap_or(1) as u16;
    let name_w = inner.width.saturating_sub(num_w + 1) as usize;
    let table_rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, (name, n, st))| {
            Row::new(vec![truncate(&clean(&name), name_w), n]).style(sel_style(
                st,
                sel == Some(i),
                t,
            ))
        })
        .collect();
    Table::new(table_rows, [Constraint::Min(4), Constraint::Length(num_w)])
        .column_spacing(1)
        .render(inner, buf);
}

fn bodies_table(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, v: &OverviewView, t: &Theme) {
    let rows = f
        .bodies
        .iter()
        .map(|(a, n)| {
            let a = if a.is_empty() {
                tr(s, "（未知机关）", "(unknown)")
            } else {
                a
            };
            (a.to_string(), format!("✖{n}"), t.get("error"))
        })
        .collect();
    let sel = (v.panel == Panel::Bodies).then_some(v.sel);
    list(
        buf,
        area,
        tr(s, " 错误最多的机关 ", " Most errors ").into(),
        &[],
        rows,
        sel,
        s,
        t,
    );
}

fn years_table(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, v: &OverviewView, t: &Theme) {
    let mut rows: Vec<(String, String, Style)> = f
        .years
        .iter()
        .map(|(y, n)| {
            (
                format!("{y}{}", tr(s, "年", "")),
                n.to_string(),
                t.get("normal"),
            )
        })
        .collect();
    rows.extend(f.templates.iter().map(|(tp, n)| {
        (
            format!("{}{tp}", tr(s, "模板 ", "template ")),
            n.to_string(),
            t.get("normal"),
        )
    }));
    let sel = (v.panel == Panel::YearsTemplates).then_some(v.sel);
    list(
        buf,
        area,
        tr(s, " 年度与模板 ", " Years, templates ").into(),
        &[],
        rows,
        sel,
        s,
        t,
    );
}

fn cells_table(buf: &mut Buffer, area: Rect, s: &State, f: &Figures, v: &OverviewView, t: &Theme) {
    let all: usize = f.cells.iter().sum();
    let pct = |n: usize| {
        if all == 0 {
            0.0
        } else {
            n as f64 * 100.0 / all as f64
        }
    };
    let [n, b, u, a] = f.cells;
    let parts = if s.en {
        [
            format!("number {:.1}%", pct(n)),
            format!("blank {:.1}%", pct(b)),
            format!("unread {:.1}%", pct(u)),
            format!("ambiguous {:.1}%", pct(a)),
        ]
    } else {
        [
            format!("数字 {:.1}%", pct(n)),
            format!("空白 {:.1}%", pct(b)),
            format!("未读出 {:.1}%", pct(u)),
            format!("有歧义 {:.1}%", pct(a)),
        ]
    };
    // One line when it fits, else two.
    let w = area.width.saturating_sub(2) as usize;
    let one = parts.join(" · ");
    let lead = if width(&one) <= w {
        vec![one]
    } else {
        vec![parts[..2].join(" · "), parts[2..].join(" · ")]
    };
    let rows = f
        .unread
        .iter()
        .map(|(name, k)| (name.clone(), format!("?{k}"), t.get("cell-unparsed")))
        .collect();
    let sel = (v.panel == Panel::Unread).then_some(v.sel);
    let title = tr(
        s,
        " 单元格读取（未读最多的报告） ",
        " Cell reading (most unread) ",
    );
    let title = truncate(title, w);
    list(buf, area, title, &lead, rows, sel, s, t);
}
