//! Drawing the diff screen and the report picker: the lines come laid out
//! from [`crate::tui::diffview`]; this paints them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Widget};

use super::{centered, clear_box, fill, put, tr};
use crate::tui::app::{Item, State};
use crate::tui::diffview::{
    Ctx, DiffView, Layout, Picker, body_rows, effective_top, resolve, sbs_widths,
};
use crate::tui::text::{clean, pad, truncate, width};
use crate::tui::theme::Theme;

fn describe(s: &State, it: &Item) -> (String, String) {
    let agency = it
        .report()
        .and_then(|r| r.agency.as_deref())
        .map(clean)
        .unwrap_or_else(|| tr(s, "（未识别机关）", "(agency unknown)").into());
    let year = it
        .year()
        .map(|y| y.to_string())
        .unwrap_or_else(|| "?".into());
    (agency, year)
}

pub(super) fn diff(buf: &mut Buffer, area: Rect, s: &State, v: &DiffView, t: &Theme) {
    let (Some(io), Some(inew)) = (s.items.get(v.old), s.items.get(v.new)) else {
        return;
    };
    let w = area.width as usize;
    let (ao, yo) = describe(s, io);
    let (an, yn) = describe(s, inew);
    let (fo, fnew) = (clean(&io.file_name()), clean(&inew.file_name()));
    // Title: both reports, and where the cursor is among the changes.
    let (k, n) = v.change_count();
    let right = match (k, s.en) {
        _ if n == 0 => tr(s, "没有变化 ", "no changes ").to_string(),
        (0, false) => format!("共 {n} 处变化 "),
        (0, true) => format!("{n} changes "),
        (_, false) => format!("第 {k}/{n} 处变化 "),
        (_, true) => format!("change {k}/{n} "),
    };
    let right = if v.tables {
        match s.en {
            false => format!("{}{right}", "表格 · "),
            true => format!("{}{right}", "cells · "),
        }
    } else {
        right
    };
    let left = if ao == an {
        format!(
            " {} · {ao} {yo} → {yn} · {fo} → {fnew}",
            tr(s, "年度对比", "Diff")
        )
    } else {
        format!(
            " {} · {ao} {yo} → {an} {yn} · {fo} → {fnew}",
            tr(s, "年度对比", "Diff")
        )
    };
    let y0 = area.y;
    fill(buf, Rect::new(area.x, y0, area.width, 1), t.get("title"));
    let rw = width(&right).min(w);
    put(
        buf,
        area.x,
        y0,
        w.saturating_sub(rw + 1),
        &truncate(&left, w.saturating_sub(rw + 1)),
        t.get("title"),
    );
    put(
        buf,
        area.right().saturating_sub(rw as u16),
        y0,
        rw,
        &right,
        t.get("title"),
    );
    // Sub-header: which side is which, and the view's switches.
    let y1 = area.y + 1;
    let flags = if v.tables {
        format!(
            "{} · {} ",
            tr(s, "表格", "tables"),
            if v.all_cells {
                tr(s, "全部单元格", "all cells")
            } else {
                tr(s, "变化的单元格", "changed cells")
            }
        )
    } else {
        format!(
            "{} · {}{} ",
            match (v.layout, s.en) {
                (Layout::SideBySide, false) => "并排",
                (Layout::SideBySide, true) => "side by side",
                (Layout::Unified, false) => "统一",
                (Layout::Unified, true) => "unified",
            },
            tr(s, "正文", "text"),
            if v.folded {
                tr(s, " · 已折叠", " · folded")
            } else {
                ""
            }
        )
    };
    let fw = width(&flags).min(w);
    let room = w.saturating_sub(fw + 1);
    let old_label = format!("− {yo} · {fo}");
    let new_label = format!("+ {yn} · {fnew}");
    if v.layout == Layout::SideBySide && !v.tables {
        let (lw, rwid) = sbs_widths(w, v.num_w);
        let lx = area.x + 1 + v.num_w as u16 + 2;
        let rx = lx + lw as u16 + 2 + v.num_w as u16 + 2;
        put(
            buf,
            lx,
            y1,
            lw,
            &truncate(&old_label, lw),
            t.get("diff-removed"),
        );
        let rroom = rwid.min((area.right().saturating_sub(rx) as usize).saturating_sub(fw + 1));
        put(
            buf,
            rx,
            y1,
            rroom,
            &truncate(&new_label, rroom),
            t.get("diff-added"),
        );
    } else {
        let x = put(
            buf,
            area.x + 1,
            y1,
            room.saturating_sub(1),
            &truncate(&old_label, room.saturating_sub(1) / 2),
            t.get("diff-removed"),
        );
        let used = (x - area.x) as usize;
        let rest = room.saturating_sub(used + 2);
        put(
            buf,
            x + 2,
            y1,
            rest,
            &truncate(&new_label, rest),
            t.get("diff-added"),
        );
    }
    put(
        buf,
        area.right().saturating_sub(fw as u16),
        y1,
        fw,
        &flags,
        t.get("dim"),
    );
    // Body.
    let c = Ctx {
        w: area.width as usize,
        amb: s.ambiguous_wide,
        en: s.en,
    };
    let lines = v.lines(&c);
    let h = body_rows(area.height);
    let cur = v.cursor();
    let idx = resolve(&lines, cur);
    let top = effective_top(cur.top, idx, h, lines.len());
    for (k, line) in lines.iter().enumerate().skip(top).take(h) {
        let y = area.y + 2 + (k - top) as u16;
        let mut x = area.x;
        for r in &line.runs {
            if x >= area.right() {
                break;
            }
            x = put(
                buf,
                x,
                y,
                (area.right() - x) as usize,
                &r.text,
                t.get(r.role.name()),
            );
        }
        if k == idx {
            put(buf, area.x, y, 1, "▶", t.get("selection"));
        }
    }
}

pub(super) fn picker(buf: &mut Buffer, area: Rect, s: &State, p: &Picker, t: &Theme) {
    let rows = s.picker_rows(p);
    let bw = area.width.saturating_sub(8).min(80);
    let bh = (rows.len() as u16 + 3)
        .min(area.height.saturating_sub(4))
        .max(6.min(area.height));
    let box_area = centered(area, bw, bh);
    clear_box(buf, box_area);
    let title = format!(
        " {} ",
        tr(
            s,
            "选择对比的报告 · 输入筛选 · j/k 选择 · Enter 对比 · Esc 取消",
            "Diff against · type to filter · j/k · Enter · Esc"
        )
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(truncate(&title, bw.saturating_sub(2) as usize))
        .border_style(t.get("pane-active"));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let iw = inner.width as usize;
    // Which report is diffed, and the filter.
    let what = s
        .items
        .get(p.item)
        .map(|it| {
            let (a, y) = describe(s, it);
            format!("{a} {y}")
        })
        .unwrap_or_default();
    let x = put(
        buf,
        inner.x,
        inner.y,
        iw,
        &truncate(&format!("{}「{what}」 ", tr(s, "对比", "diff")), iw / 2),
        t.get("dim"),
    );
    let x = put(
        buf,
        x,
        inner.y,
        (inner.right() - x) as usize,
        tr(s, "筛选：", "filter: "),
        t.get("key"),
    );
    let x = put(
        buf,
        x,
        inner.y,
        (inner.right() - x) as usize,
        &clean(&p.input),
        t.get("normal"),
    );
    if p.typing {
        put(buf, x, inner.y, 1, "█", t.get("normal"));
    }
    let lh = inner.height.saturating_sub(1) as usize;
    if rows.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y + 1,
            iw.saturating_sub(1),
            tr(s, "没有符合筛选的报告", "nothing matches"),
            t.get("dim"),
        );
        return;
    }
    let top = effective_top(0, p.sel, lh, rows.len());
    let aw = (iw.saturating_sub(8) * 2 / 5).max(6);
    for (k, &i) in rows.iter().enumerate().skip(top).take(lh) {
        let y = inner.y + 1 + (k - top) as u16;
        let it = &s.items[i];
        let (a, yr) = describe(s, it);
        let sel = k == p.sel;
        let st = if sel {
            t.get("selection")
        } else {
            t.get("normal")
        };
        if sel {
            fill(buf, Rect::new(inner.x, y, inner.width, 1), st);
        }
        let line = format!(
            "{}{}{}  {}",
            if sel { "▶ " } else { "  " },
            pad(&a, aw),
            pad(&format!(" {yr}"), 6),
            clean(&it.file_name())
        );
        put(buf, inner.x, y, iw, &truncate(&line, iw), st);
    }
}
