//! The diff screen: key-macro flows over the samples, snapshots of what it
//! draws, and a styled check that a changed number is highlighted alone.

use std::path::Path;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use super::app::{Item, Overlay, Screen, State};
use super::diffview::{DiffView, Layout, Pos};
use super::keymap::Mode;
use super::tests::{keys, sample_state};
use super::theme::Theme;
use super::view;
use crate::batch;
use crate::compare::diff::RowTag;
use crate::rules::Selection;

fn select(s: &mut State, file_part: &str) {
    let pos = s
        .queue
        .rows
        .iter()
        .position(|&i| s.items[i].entry.path.to_string_lossy().contains(file_part))
        .expect("report in queue");
    s.queue.sel = pos;
}

fn dv(s: &State) -> &DiffView {
    match &s.screen {
        Screen::Diff(v) => v,
        other => panic!("not in the diff view: {other:?}"),
    }
}

fn file(s: &State, i: usize) -> String {
    s.items[i].file_name()
}

/// The text of the current view's lines at the state's width.
fn view_text(s: &State) -> String {
    let v = dv(s);
    v.lines(&s.diff_ctx())
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>() + "\n")
        .collect()
}

fn qinghe_diff() -> State {
    let mut s = sample_state();
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "d");
    s
}

fn render(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let theme = Theme::load("default").unwrap();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(f, s, &theme)).unwrap();
    term
}

/// The cells of a row that show something: a wide character's second
/// column is skipped.
fn row_cells(buf: &Buffer, y: u16) -> Vec<&ratatui::buffer::Cell> {
    let mut out = Vec::new();
    let mut skip = 0;
    for x in buf.area.left()..buf.area.right() {
        let c = &buf[(x, y)];
        if skip > 0 {
            skip -= 1;
            continue;
        }
        skip = super::text::width(c.symbol()).saturating_sub(1);
        out.push(c);
    }
    out
}

/// A terminal's screen as text, one line per row, `|` at the right edge.
fn screen(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    (buf.area.top()..buf.area.bottom())
        .map(|y| {
            let line: String = row_cells(buf, y).iter().map(|c| c.symbol()).collect();
            format!("{line}|\n")
        })
        .collect()
}

#[test]
fn d_from_the_queue_diffs_against_the_previous_year() {
    let s = qinghe_diff();
    let v = dv(&s);
    assert_eq!(s.mode(), Mode::Diff);
    assert_eq!(file(&s, v.old), "青禾县交通运输局-2023.txt");
    assert_eq!(file(&s, v.new), "青禾县交通运输局-2024.md");
    assert_eq!(v.layout, Layout::SideBySide);
    assert!(!v.tables && !v.folded);
    // The pair's X01 failure came along.
    assert!(
        v.diff
            .findings
            .iter()
            .any(|f| f.rule == "X01" && f.is_error())
    );
    let (k, n) = v.change_count();
    assert_eq!(k, 1);
    assert_eq!(n, v.diff.change_indices().len());
    assert!(n > 3);
}

/// The text view's place of row `ri` of section `si`.
fn row_pos((si, ri): (usize, usize)) -> Pos {
    Pos {
        zone: 0,
        a: si,
        b: ri + 1,
    }
}

#[test]
fn next_and_previous_change() {
    let mut s = qinghe_diff();
    let changes = dv(&s).diff.change_indices();
    // The diff opens on the first change.
    assert_eq!(dv(&s).text.pos, row_pos(changes[0]));
    keys(&mut s, "]c");
    assert_eq!(dv(&s).text.pos, row_pos(changes[1]));
    assert_eq!(dv(&s).change_count().0, 2);
    keys(&mut s, "[c");
    assert_eq!(dv(&s).change_count().0, 1);
    // Above the first change: none before it, and [c says so.
    keys(&mut s, "k[c");
    assert_eq!(dv(&s).change_count().0, 0);
    assert!(s.status.is_some());
    keys(&mut s, "]c]c");
    assert_eq!(dv(&s).change_count().0, 2);
    // A count jumps several.
    keys(&mut s, "2]c");
    assert_eq!(dv(&s).text.pos, row_pos(changes[3]));
    // Past the last: stays, and says so.
    keys(&mut s, "99]c");
    assert_eq!(dv(&s).change_count().0, changes.len());
    keys(&mut s, "]c");
    assert_eq!(dv(&s).change_count().0, changes.len());
    assert!(s.status.is_some());
    // gg goes back to the top, G to the end.
    keys(&mut s, "gg");
    assert_eq!(dv(&s).change_count().0, 0);
    keys(&mut s, "G");
    assert_eq!(dv(&s).change_count().0, changes.len());
}

#[test]
fn scrolling_keeps_the_cursor_on_screen() {
    let mut s = qinghe_diff();
    for _ in 0..60 {
        keys(&mut s, "j");
        let v = dv(&s);
        let lines = v.lines(&s.diff_ctx());
        let i = super::diffview::resolve(&lines, &v.text);
        let h = super::diffview::body_rows(s.size.1);
        assert!(i >= v.text.top && i < v.text.top + h, "{i} {}", v.text.top);
    }
    keys(&mut s, "<C-u><C-d><C-d>");
    let before = dv(&s).text;
    keys(&mut s, "k");
    assert_ne!(dv(&s).text, before);
}

#[test]
fn toggles_layout_tables_fold_and_all_cells() {
    let mut s = qinghe_diff();
    keys(&mut s, "v");
    assert_eq!(dv(&s).layout, Layout::Unified);
    let unified = view_text(&s);
    assert!(unified.contains(" ~ "), "{unified}");
    keys(&mut s, "v");
    assert_eq!(dv(&s).layout, Layout::SideBySide);
    assert!(view_text(&s).contains('│'));

    keys(&mut s, "z");
    assert!(dv(&s).folded);
    let folded = view_text(&s);
    assert!(folded.contains("段未变"), "{folded}");
    keys(&mut s, "z");
    assert!(!view_text(&s).contains("段未变"));

    keys(&mut s, "t");
    let v = dv(&s);
    assert!(v.tables);
    let n_changed = v.diff.tables.changed().count();
    assert_eq!(v.change_count().1, n_changed);
    let t = view_text(&s);
    assert!(t.contains("[X01]"), "{t}");
    assert!(t.contains("跨年度核对"), "{t}");
    // The table cursor starts on the first listed cell; ]c walks the
    // changed cells.
    let first_changed = v
        .diff
        .tables
        .cells
        .iter()
        .position(|d| d.changed())
        .unwrap();
    keys(&mut s, "]c");
    let second = dv(&s).table.pos;
    assert!(second.a > first_changed, "{second:?}");
    // All cells, then changed only again.
    let shown = dv(&s).shown_cells().len();
    keys(&mut s, "s");
    let v = dv(&s);
    assert!(v.all_cells);
    assert_eq!(v.shown_cells().len(), v.diff.tables.cells.len());
    assert!(v.shown_cells().len() > shown);
    keys(&mut s, "s");
    assert_eq!(dv(&s).shown_cells().len(), shown);
    // Back to the text, where the cursor was.
    keys(&mut s, "t");
    assert!(!dv(&s).tables);
}

#[test]
fn esc_returns_to_where_d_was_pressed() {
    // From the queue.
    let mut s = qinghe_diff();
    let sel = s.queue.sel;
    keys(&mut s, "]c]c<Esc>");
    assert!(matches!(s.screen, Screen::Queue));
    assert_eq!(s.queue.sel, sel);
    // From the report view: the same report, the same place.
    let mut s = sample_state();
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "<Enter>jj");
    let Screen::Report(before) = s.screen.clone() else {
        panic!("not in the report view")
    };
    keys(&mut s, "d");
    assert_eq!(s.mode(), Mode::Diff);
    keys(&mut s, "vtz<Esc>");
    let Screen::Report(after) = &s.screen else {
        panic!("not back in the report view")
    };
    assert_eq!(after.item, before.item);
    assert_eq!(after.cursor, before.cursor);
    assert_eq!(after.finding, before.finding);
}

#[test]
fn d_on_a_first_year_report_opens_the_picker() {
    let mut s = sample_state();
    select(&mut s, "青禾县交通运输局-2023");
    let item = s.queue.rows[s.queue.sel];
    keys(&mut s, "d");
    assert!(matches!(s.screen, Screen::Queue));
    let Some(Overlay::DiffPicker(p)) = &s.overlay else {
        panic!("no picker: {:?}", s.overlay)
    };
    assert_eq!(p.item, item);
    let rows = s.picker_rows(p);
    // Every other readable report, the same agency's first.
    assert!(!rows.contains(&item));
    assert_eq!(file(&s, rows[0]), "青禾县交通运输局-2024.md");
    assert_eq!(
        rows.len(),
        s.items.iter().filter(|it| it.report().is_some()).count() - 1
    );
    // Filter as you type; j/k move; Esc closes.
    keys(&mut s, "南屿");
    let Some(Overlay::DiffPicker(p)) = &s.overlay else {
        panic!("picker closed")
    };
    let rows = s.picker_rows(p);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|&i| file(&s, i).starts_with("南屿市人民政府"))
    );
    keys(&mut s, "<Esc>");
    assert!(s.overlay.is_none());
    assert!(matches!(s.screen, Screen::Queue));
    // Pick the second row with j, Enter: the older year goes left.
    keys(&mut s, "d");
    let Some(Overlay::DiffPicker(p)) = &s.overlay else {
        panic!("no picker")
    };
    let second = s.picker_rows(p)[1];
    keys(&mut s, "jkj<Enter>");
    assert!(s.overlay.is_none());
    let v = dv(&s);
    let (a, b) = (v.old, v.new);
    assert!(a == second || b == second);
    assert!(s.items[a].year() <= s.items[b].year());
    // Typing a filter that starts with j or k types it.
    keys(&mut s, "<Esc>d");
    keys(&mut s, "/jk");
    let Some(Overlay::DiffPicker(p)) = &s.overlay else {
        panic!("no picker")
    };
    assert_eq!(p.input, "jk");
    assert!(s.picker_rows(p).is_empty());
    keys(&mut s, "<BS><BS>");
    let Some(Overlay::DiffPicker(p)) = &s.overlay else {
        panic!("no picker")
    };
    assert!(!p.typing && p.input.is_empty());
}

#[test]
fn capital_d_picks_even_when_a_previous_year_exists() {
    let mut s = sample_state();
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "D");
    assert!(matches!(s.overlay, Some(Overlay::DiffPicker(_))));
    keys(&mut s, "南屿 2022<Enter>");
    let v = dv(&s);
    assert_eq!(file(&s, v.old), "南屿市人民政府-2022.txt");
    assert_eq!(file(&s, v.new), "青禾县交通运输局-2024.md");
    // From the diff, D picks again; Esc still returns to the queue.
    keys(&mut s, "D<Down><Enter><Esc>");
    assert!(matches!(s.screen, Screen::Queue));
}

#[test]
fn unmapped_rows_of_a_format_change() {
    let mut s = sample_state();
    select(&mut s, "云溪街道办事处-2021");
    keys(&mut s, "dt");
    let v = dv(&s);
    assert_eq!(file(&s, v.old), "云溪街道办事处-2020.txt");
    assert!(!v.diff.tables.unmapped.is_empty());
    let t = view_text(&s);
    assert!(t.contains("无法对应的行"), "{t}");
    assert!(t.contains("政府集中采购"), "{t}");
    assert!(t.contains("X05"), "{t}");
}

#[test]
fn the_anchor_is_the_later_reports_line() {
    let mut s = qinghe_diff();
    let new = dv(&s).new;
    let v = dv(&s);
    let (si, ri) = v.diff.change_indices()[0];
    let row = &v.diff.sections[si].rows[ri];
    assert_eq!(s.diff_anchor(), Some((new, row.new.as_ref().unwrap().line)));
    // A deleted row: the nearest new line after it.
    let v = dv(&s).clone();
    let (si, ri) = v
        .diff
        .sections
        .iter()
        .enumerate()
        .find_map(|(si, sec)| {
            sec.rows
                .iter()
                .position(|r| r.tag == RowTag::Delete)
                .map(|ri| (si, ri))
        })
        .expect("a deleted row");
    let expected = v.diff.sections[si].rows[ri..]
        .iter()
        .find_map(|r| r.new.as_ref().map(|p| p.line))
        .or_else(|| {
            v.diff.sections[si + 1..]
                .iter()
                .find_map(|sec| sec.new.as_ref().map(|n| n.line))
        })
        .unwrap();
    let mut w = v.clone();
    w.text.pos = Pos {
        zone: 0,
        a: si,
        b: ri + 1,
    };
    assert_eq!(w.diff_anchor(), Some((new, expected)));
    // The report line really is there in the later report.
    let r = s.items[new].report().unwrap();
    assert!(expected >= 1 && expected as usize <= r.lines.count());
    // A changed cell in the table view: its line in the later report.
    keys(&mut s, "t");
    let v = dv(&s);
    let d = &v.diff.tables.cells[v.table.pos.a];
    assert_eq!(s.diff_anchor(), Some((new, d.new.span.unwrap().line)));
    // Not in the diff view: none.
    keys(&mut s, "<Esc>");
    assert_eq!(s.diff_anchor(), None);
}

#[test]
fn help_lists_the_diff_bindings() {
    let mut s = qinghe_diff();
    keys(&mut s, "?");
    let lines = view::help_lines(&s);
    let has = |k: &str, d: &str| lines.iter().any(|(ks, ds)| ks.contains(k) && ds == d);
    assert!(has("]c", "下一处变化"), "{lines:?}");
    assert!(has("[c", "上一处变化"));
    assert!(has("v", "并排 / 统一视图"));
    assert!(has("t", "正文 / 表格对比"));
    assert!(has("z", "折叠 / 展开未变内容"));
    assert!(lines.iter().any(|(k, _)| k.contains("年度对比")));
    // And the queue's help has d.
    let mut s = sample_state();
    keys(&mut s, "?");
    let lines = view::help_lines(&s);
    assert!(
        lines
            .iter()
            .any(|(k, d)| k == "d" && d.contains("与上年对比"))
    );
}

#[test]
fn never_panics_at_any_size() {
    let mut states = Vec::new();
    for m in ["", "v", "z", "t", "ts", "vz]c]c", "G"] {
        let mut s = qinghe_diff();
        if !m.is_empty() {
            keys(&mut s, m);
        }
        states.push(s);
    }
    let mut s = sample_state();
    select(&mut s, "青禾县交通运输局-2023");
    keys(&mut s, "d");
    states.push(s);
    let theme = Theme::load("mono").unwrap();
    for s in &mut states {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (59, 15),
            (60, 16),
            (61, 17),
            (80, 24),
            (200, 5),
            (5, 200),
            (300, 100),
        ] {
            s.resize(w, h);
            keys(s, "jk]c[c");
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            view::render(&mut buf, area, s, &theme);
        }
    }
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_80x24() {
    let mut s = sample_state();
    s.resize(80, 24);
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "d]c");
    insta::assert_snapshot!("diff_80x24", screen(&render(&s, 80, 24)));
}

#[test]
fn snapshot_160x48() {
    let mut s = sample_state();
    s.resize(160, 48);
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "d");
    insta::assert_snapshot!("diff_160x48", screen(&render(&s, 160, 48)));
}

#[test]
fn snapshot_unified_and_tables_80x24() {
    let mut s = sample_state();
    s.resize(80, 24);
    select(&mut s, "青禾县交通运输局-2024");
    keys(&mut s, "dvz");
    insta::assert_snapshot!("diff_unified_folded_80x24", screen(&render(&s, 80, 24)));
    keys(&mut s, "t");
    insta::assert_snapshot!("diff_tables_80x24", screen(&render(&s, 80, 24)));
}

const SMALL: &str = "示例县统计局{Y}年政府信息公开工作年度报告

一、总体情况

{Y}年，示例县统计局认真贯彻落实政府信息公开条例，依法依规做好政府信息公开工作，公开工作总体平稳有序。

二、主动公开政府信息情况

本年度未制发规范性文件。

三、收到和处理政府信息公开申请情况

本年度未收到政府信息公开申请。

四、政府信息公开行政复议、行政诉讼情况

本年度未发生政府信息公开行政复议、行政诉讼。

五、存在的主要问题及改进情况

公开内容还不够丰富，下一步将加强解读。

六、其他需要报告的事项

无。
";

fn small_item(year: &str) -> Item {
    let text = SMALL.replace("{Y}", year);
    let doc = crate::ingest::ingest(text.as_bytes()).expect("ingest");
    let report = crate::parse::parse(doc);
    let findings = crate::rules::check(&report, &Selection::default());
    let entry = batch::Entry {
        path: Path::new(&format!("示例县统计局-{year}.txt")).to_path_buf(),
        sha256: String::new(),
        report: Ok(report),
        findings,
    };
    Item::new(Arc::new(entry))
}

/// Which cells carry a changed-word style, as text: each row that has any,
/// then a line marking them (`+` added word, `-` removed word).
fn word_marks(buf: &Buffer, t: &Theme) -> (String, Vec<String>) {
    let added = t.get("diff-added-word");
    let removed = t.get("diff-removed-word");
    let is = |c: &ratatui::buffer::Cell, st: ratatui::style::Style| {
        Some(c.fg) == st.fg && c.modifier.contains(st.add_modifier)
    };
    let mut out = String::new();
    let mut words = Vec::new();
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut text = String::new();
        let mut marks = String::new();
        let mut word = String::new();
        let mut last = ' ';
        for c in row_cells(buf, y) {
            text.push_str(c.symbol());
            let m = if is(c, added) {
                '+'
            } else if is(c, removed) {
                '-'
            } else {
                ' '
            };
            for _ in 0..super::text::width(c.symbol()).max(1) {
                marks.push(m);
            }
            // A word: a run of cells with the same mark.
            if m != last && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if m != ' ' {
                word.push_str(c.symbol());
            }
            last = m;
        }
        if !word.is_empty() {
            words.push(word);
        }
        if marks.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("{text}\n{}\n", marks.trim_end()));
    }
    (out, words)
}

#[test]
fn a_changed_number_in_an_unchanged_sentence_is_highlighted_alone() {
    let items = vec![small_item("2024"), small_item("2025")];
    assert!(items.iter().all(|i| i.report().is_some()));
    let mut s = State::new(items, false);
    s.resize(80, 24);
    // Picked the other way round: the older year still goes left.
    s.open_diff(1, 0);
    let v = dv(&s);
    assert_eq!((v.old, v.new), (0, 1));
    // The sentence is a refined rewrite with only the year changed.
    let sec = &v.diff.sections[1];
    let row = sec.rows.iter().find(|r| r.is_change()).unwrap();
    assert_eq!(row.tag, RowTag::Replace);
    let changed: Vec<&str> = row
        .new
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .filter(|g| g.changed)
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(changed, ["2025"]);

    let theme = Theme::load("default").unwrap();
    for (m, name) in [("", "small_side_by_side"), ("v", "small_unified")] {
        if !m.is_empty() {
            keys(&mut s, m);
        }
        let term = render(&s, 80, 24);
        let (marks, words) = word_marks(term.backend().buffer(), &theme);
        assert!(!words.is_empty(), "no changed words drawn");
        for w in &words {
            assert!(
                w == "2024" || w == "2025",
                "{w:?} carries the word style:\n{marks}"
            );
        }
        assert!(words.contains(&"2024".to_string()) && words.contains(&"2025".to_string()));
        insta::assert_snapshot!(name, marks);
    }
    // In mono (NO_COLOR) the change still shows: a prefix and modifiers.
    let mono = Theme::load("mono").unwrap();
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    view::render(&mut buf, area, &s, &mono);
    let rows: Vec<String> = (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    assert!(rows.iter().any(|r| r.contains(" ~ ")), "{rows:#?}");
    let marked = (0..24).any(|y| {
        (0..80).any(|x| {
            let c = &buf[(x, y)];
            c.symbol() == "2" && c.modifier.contains(Modifier::REVERSED) && c.fg == Color::Reset
        })
    });
    assert!(marked);
}
