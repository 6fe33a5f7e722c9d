//! Snapshots of whole screens over ratatui's `TestBackend`: plain text for
//! layout, and a styled dump where highlighting is the point.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::app::{Screen, State};
use super::tests::{keys, open, sample_state};
use super::theme::Theme;

fn theme() -> Theme {
    Theme::shipped_named("default").unwrap()
}

fn draw(s: &mut State, w: u16, h: u16) -> Terminal<TestBackend> {
    s.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let t = theme();
    term.draw(|f| super::view::draw(f, s, &t)).unwrap();
    term
}

/// The screen as plain text, one line per row (wide characters once).
fn plain(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// A row as runs of equally styled text: `«text»{fg:Red +BOLD}`.
fn styled_row(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut cur: Option<(Color, Color, Modifier)> = None;
    let flush = |out: &mut String, run: &mut String, st: Option<(Color, Color, Modifier)>| {
        if run.is_empty() {
            return;
        }
        let (fg, bg, m) = st.unwrap();
        let mut desc = Vec::new();
        if fg != Color::Reset {
            desc.push(format!("fg:{fg:?}"));
        }
        if bg != Color::Reset {
            desc.push(format!("bg:{bg:?}"));
        }
        if !m.is_empty() {
            desc.push(format!("{m:?}"));
        }
        if desc.is_empty() {
            out.push_str(run);
        } else {
            out.push_str(&format!("«{run}»{{{}}}", desc.join(" ")));
        }
        run.clear();
    };
    let mut skip = 0;
    for x in x0..x1 {
        let c = &buf[(x, y)];
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let st = (c.fg, c.bg, c.modifier);
        if cur != Some(st) {
            flush(&mut out, &mut run, cur);
            cur = Some(st);
        }
        run.push_str(c.symbol());
        skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
    }
    flush(&mut out, &mut run, cur);
    out.trim_end().to_string()
}

#[test]
fn queue_80x24() {
    let mut s = sample_state();
    let term = draw(&mut s, 80, 24);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn queue_120x40_sorted_by_errors() {
    let mut s = sample_state();
    keys(&mut s, "ssss");
    let term = draw(&mut s, 120, 40);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn report_80x24() {
    let mut s = sample_state();
    open(&mut s, "云溪街道办事处-2021");
    let term = draw(&mut s, 80, 24);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn report_120x40() {
    let mut s = sample_state();
    s.resize(120, 40);
    open(&mut s, "青禾县交通运输局-2024");
    let term = draw(&mut s, 120, 40);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn help_80x24() {
    let mut s = sample_state();
    open(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "?");
    let term = draw(&mut s, 80, 24);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn too_small() {
    let mut s = sample_state();
    let term = draw(&mut s, 40, 10);
    insta::assert_snapshot!(plain(&term));
}

#[test]
fn no_size_panics() {
    let mut s = sample_state();
    open(&mut s, "南屿市人民政府-2023");
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (5, 3),
        (59, 15),
        (60, 16),
        (61, 17),
        (80, 5),
        (200, 60),
        (300, 2),
    ] {
        draw(&mut s, w, h);
    }
    keys(&mut s, "?");
    for (w, h) in [(1, 1), (60, 16), (61, 17)] {
        draw(&mut s, w, h);
    }
    keys(&mut s, "<Esc>:");
    for (w, h) in [(1, 1), (60, 16)] {
        draw(&mut s, w, h);
    }
}

/// Failing cells and the selected cell's source lines are highlighted:
/// the styled rows of the N01 report, focused on its first finding and
/// then on a cell.
#[test]
fn styled_failing_cells_and_source_lines() {
    let mut s = sample_state();
    open(&mut s, "云溪街道办事处-2021");
    let term = draw(&mut s, 100, 30);
    let buf = term.backend().buffer().clone();
    let Screen::Report(v) = &s.screen else {
        panic!()
    };
    let a = super::app::report_areas(100, 30);
    let it = &s.items[v.item];
    let line = it.findings[0].lines[0];
    // The N01 line in the source pane: find its row.
    let mut dump = String::new();
    for y in a.source.y..a.source.bottom() {
        let row = styled_row(&buf, y, a.source.x, a.source.right());
        if row.contains(&format!("{line} ")) || row.contains("未收到") {
            dump.push_str(&format!("source: {row}\n"));
        }
    }
    // Table 3 rows with failing cells.
    for y in a.tables.y..a.tables.bottom() {
        let row = styled_row(&buf, y, a.tables.x, a.tables.right());
        if row.contains("一、本年新收") || row.contains("二、上年结转") {
            dump.push_str(&format!("table: {row}\n"));
        }
    }
    assert!(dump.contains("Red"), "failing cells are red");
    assert!(
        dump.contains("REVERSED"),
        "the quoted characters are highlighted"
    );
    insta::assert_snapshot!(dump);

    // Now a cell: its source line is highlighted and its characters reversed.
    keys(&mut s, "<Enter>");
    let term = draw(&mut s, 100, 30);
    let buf = term.backend().buffer().clone();
    let Screen::Report(v) = &s.screen else {
        panic!()
    };
    let cell = s.current_cell(v).unwrap();
    let sp = s.items[v.item].report().unwrap().cells[cell].span.unwrap();
    let raw = s.items[v.item].report().unwrap().raw(&sp).to_string();
    let mut found = false;
    for y in a.source.y..a.source.bottom() {
        let row = styled_row(&buf, y, a.source.x, a.source.right());
        // The cell's characters, reversed, somewhere in the visible source.
        found |= row.contains(&format!("«{raw}»{{fg:Blue BOLD | REVERSED}}"))
            || row.contains(&format!("«{raw}»{{BOLD | REVERSED}}"));
    }
    assert!(
        found,
        "the selected cell's characters are reversed in the source"
    );
}

/// Text from a report can never emit escape sequences: the bytes a real
/// terminal backend writes contain no OSC, BEL or C1 from the document.
#[test]
fn document_control_characters_never_reach_the_terminal() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read(super::tests::samples_dir().join("云溪街道办事处-2021.txt")).unwrap();
    // U+009B (C1 CSI) as UTF-8 (C2 9B): a raw 9B byte would be invalid
    // UTF-8 and never reach the check as a control character.
    let mut bytes = "\x1b]0;pwned\x07\x1b[2J\u{9b}31m\x08\x7f"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&src);
    let evil = "evil\x1b]0;name\x07.txt";
    std::fs::File::create(dir.path().join(evil))
        .unwrap()
        .write_all(&bytes)
        .unwrap();
    let io = std::sync::Arc::new(super::review::Io::default());
    let mut s = super::tests::load_state(dir.path(), io);
    keys(&mut s, "<Enter>gg<Tab>gg");
    let t = theme();
    let mut out: Vec<u8> = Vec::new();
    {
        let backend = ratatui::backend::CrosstermBackend::new(&mut out);
        let mut term = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 100, 30)),
            },
        )
        .unwrap();
        s.resize(100, 30);
        term.draw(|f| super::view::draw(f, &s, &t)).unwrap();
    }
    let text = String::from_utf8_lossy(&out);
    assert!(
        !text.contains("\x1b]0;pwned"),
        "OSC from the document reached the terminal"
    );
    assert!(
        !text.contains("\x1b]0;name"),
        "OSC from a file name reached the terminal"
    );
    assert!(
        !text.contains("\x1b[2J"),
        "a CSI from the document reached the terminal"
    );
    assert!(!out.contains(&0x07), "BEL reached the terminal");
    assert!(!text.contains('\u{9b}'), "C1 CSI reached the terminal");
    assert!(!out.contains(&0x08) && !out.contains(&0x7f));
    // Each control is shown as a visible symbol, not removed: ESC and BEL
    // as ␛ and ␇, the C1 CSI as �, BS as ␈ and DEL as ␡.
    assert!(
        text.contains("␛]0;pwned␇␛[2J\u{fffd}31m␈␡"),
        "the controls are shown as visible symbols"
    );
}

#[test]
fn header_shows_loading_and_then_the_cross_report_checks() {
    let mut s = sample_state();
    s.loading = Some(super::app::Progress { done: 3, total: 6 });
    let top = plain(&draw(&mut s, 160, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(top.contains("加载中 50% (3/6)"), "{top}");
    s.loading = Some(super::app::Progress { done: 6, total: 6 });
    let top = plain(&draw(&mut s, 160, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(top.contains("加载中：跨报告核对"), "{top}");
    assert!(!top.contains("100%"), "{top}");
    s.loading = None;
    let top = plain(&draw(&mut s, 160, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(!top.contains("加载中"), "{top}");
}

#[test]
fn queue_header_keeps_its_counts_at_any_width() {
    let mut s = sample_state();
    s.batch_name = "/srv/审阅/2025年春季/某某省某某市各部门政府信息公开工作年度报告".into();
    // Wide: everything, path included.
    let top = plain(&draw(&mut s, 200, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        top.contains("某某市各部门") && top.contains("有警告 "),
        "{top}"
    );
    // 80 columns: the path is cut first and every count still shows.
    let top = plain(&draw(&mut s, 80, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(!top.contains("各部门政府信息公开工作年度报告"), "{top}");
    for part in ["已审 0/6", "有错误 ", "有警告 ", "无法读取 0"] {
        assert!(top.contains(part), "{part} lost: {top}");
    }
    // Narrower, and with a filter: labels become glyphs, counts stay.
    keys(&mut s, "/云溪<Enter>");
    let top = plain(&draw(&mut s, 60, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(top.contains("✓0/6") && top.contains("✗0"), "{top}");
    assert!(top.contains("✖") && top.contains("▲"), "{top}");
    // Every width the workbench draws at keeps the reviewed count whole.
    for w in super::app::MIN_W..=200 {
        let top = plain(&draw(&mut s, w, 24))
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(top.contains("0/6"), "width {w}: {top}");
    }
}

// ---------------------------------------------------------------- overview

fn draw_with(s: &mut State, w: u16, h: u16, t: &Theme) -> Terminal<TestBackend> {
    s.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| super::view::draw(f, s, t)).unwrap();
    term
}

#[test]
fn overview_80x24() {
    let mut s = sample_state();
    keys(&mut s, "o");
    assert!(matches!(s.screen, Screen::Overview(_)));
    insta::assert_snapshot!(plain(&draw(&mut s, 80, 24)));
}

#[test]
fn overview_160x48_in_english() {
    let mut s = sample_state();
    keys(&mut s, ":overview<Enter><F2>");
    assert!(
        matches!(s.screen, Screen::Overview(_)),
        "the palette opens it"
    );
    insta::assert_snapshot!(plain(&draw(&mut s, 160, 48)));
}

#[test]
fn overview_draws_at_every_size_without_garbling() {
    let mut s = sample_state();
    keys(&mut s, "o");
    for (w, h) in [(60, 16), (61, 17), (79, 23), (80, 24), (97, 31), (200, 60)] {
        for en in [false, true] {
            s.en = en;
            let text = plain(&draw(&mut s, w, h));
            // Every row is exactly the width: no wide character cut in two.
            for l in text.lines() {
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(l),
                    w as usize,
                    "{w}×{h}: {l}"
                );
            }
        }
    }
}

#[test]
fn overview_enter_on_the_n01_bar_filters_the_queue() {
    let mut s = sample_state();
    keys(&mut s, "o");
    let f = super::overview::Figures::of(&s.items);
    let at = f
        .rules
        .iter()
        .position(|b| b.key == "N01")
        .expect("N01 fails");
    for _ in 0..at {
        keys(&mut s, "j");
    }
    keys(&mut s, "<Enter>");
    assert!(matches!(s.screen, Screen::Queue));
    assert_eq!(s.queue.filter_text, "rule:N01");
    assert_eq!(s.queue.rows.len(), 1);
    assert!(s.items[s.queue.rows[0]].agency().contains("云溪"));
    // A family, a body, a year and a template filter the queue too.
    keys(&mut s, "<C-l>o<Tab>");
    let fam = f.families.iter().position(|b| b.key == "N").unwrap();
    for _ in 0..fam {
        keys(&mut s, "l");
    }
    keys(&mut s, "<Enter>");
    assert_eq!(s.queue.filter_text, "rule:N");
    keys(&mut s, "<C-l>o<Tab><Tab><Tab>");
    let years = f.years.len();
    for _ in 0..years {
        keys(&mut s, "j");
    }
    keys(&mut s, "<Enter>");
    assert_eq!(
        s.queue.filter_text,
        format!("template:{}", f.templates[0].0)
    );
    assert!(
        s.queue
            .rows
            .iter()
            .all(|&i| { s.items[i].report().unwrap().template.as_str() == f.templates[0].0 })
    );
    // Esc goes back without filtering.
    keys(&mut s, "<C-l>o<Esc>");
    assert!(matches!(s.screen, Screen::Queue));
    assert!(s.queue.filter.is_empty());
}

#[test]
fn overview_figures_count_the_batch() {
    let s = sample_state();
    let f = super::overview::Figures::of(&s.items);
    assert_eq!(f.total, 6);
    let failing: usize = s
        .items
        .iter()
        .flat_map(|it| &it.findings)
        .filter(|x| x.status == crate::rules::Status::Fail)
        .count();
    assert_eq!(f.rules.iter().map(|b| b.count).sum::<usize>(), failing);
    assert_eq!(f.families.iter().map(|b| b.count).sum::<usize>(), failing);
    assert_eq!(f.years.iter().map(|y| y.1).sum::<usize>(), 6);
    let cells: usize = s
        .items
        .iter()
        .filter_map(|it| it.report())
        .map(|r| r.cells.len())
        .sum();
    assert_eq!(f.cells.iter().sum::<usize>(), cells);
    // Rules most failing first.
    assert!(f.rules.windows(2).all(|w| w[0].count >= w[1].count));
}

/// The mono theme has no colour: errors and warnings still differ, by
/// glyph and by modifier.
#[test]
fn overview_mono_tells_errors_from_warnings() {
    let mut s = sample_state();
    keys(&mut s, "o<Tab>");
    let t = Theme::shipped_named("mono").unwrap();
    let term = draw_with(&mut s, 100, 30, &t);
    let buf = term.backend().buffer().clone();
    let mut dump = String::new();
    for y in 0..30 {
        let row = styled_row(&buf, y, 0, 100);
        if row.contains('✖') || row.contains('▲') {
            dump.push_str(&row);
            dump.push('\n');
        }
    }
    assert!(
        !dump.contains("fg:") && !dump.contains("bg:"),
        "no colour: {dump}"
    );
    // Error bars are bold, warning bars underlined.
    let err = dump
        .lines()
        .find(|l| l.contains("✖N01"))
        .expect("an error bar");
    let warn = dump
        .lines()
        .find(|l| l.contains("▲F01"))
        .expect("a warning bar");
    assert!(err.contains("BOLD"), "{err}");
    assert!(warn.contains("UNDERLINED"), "{warn}");
    insta::assert_snapshot!(dump);
}

#[test]
fn overview_figures_follow_the_batch_as_it_loads() {
    let mut s = sample_state();
    let items = std::mem::take(&mut s.items);
    s.refresh_rows();
    keys(&mut s, "o");
    let total = |s: &State| match &s.screen {
        Screen::Overview(v) => v.figures_of(&s.items).total,
        _ => panic!("not on the overview"),
    };
    assert_eq!(total(&s), 0);
    let entries = |r: std::ops::Range<usize>| {
        items[r]
            .iter()
            .map(|it| (std::sync::Arc::clone(&it.entry), it.review.clone()))
            .collect::<Vec<_>>()
    };
    // While loading, recounted at most every 250 ms; when loading ends, at once.
    s.add_entries(entries(0..2));
    s.set_pairs(Vec::new(), Vec::new());
    assert_eq!(total(&s), 2);
    s.add_entries(entries(2..items.len()));
    s.set_pairs(Vec::new(), Vec::new());
    assert_eq!(total(&s), items.len());
    // The figures shown are the batch's.
    let shown = match &s.screen {
        Screen::Overview(v) => v.figures_of(&[]),
        _ => unreachable!(),
    };
    assert_eq!(*shown, super::overview::Figures::of(&s.items));
}
