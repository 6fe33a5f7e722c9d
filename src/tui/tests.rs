//! Flow tests: key macros ("jj]<Enter>") drive the pure state, no terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::action::Action;
use super::app::{Focus, Overlay, Pane, Screen, State};
use super::keymap::parse_keys;
use super::review::Io;
use crate::batch;
use crate::rules::Selection;
use crate::schema::TableId;

/// A state over the files of `dir`, loaded the way the workbench loads
/// (with a review store when `io` has one).
pub fn load_state(dir: &Path, io: Arc<Io>) -> State {
    let (files, _) = batch::collect(&[dir.to_path_buf()]);
    let store = if io.stores.is_empty() { None } else { Some(0) };
    let files = files.into_iter().map(|f| (f, store)).collect();
    let rx = super::spawn_loader(files, io, Selection::default());
    let mut s = State::new(Vec::new(), false);
    while let Ok(m) = rx.recv() {
        super::receive(&mut s, m);
    }
    s.reviewer = "测试员".into();
    s.resize(80, 24);
    s
}

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A state over the bundled samples, without review.
pub fn sample_state() -> State {
    load_state(&samples_dir(), Arc::new(Io::default()))
}

/// Type a key macro.
pub fn keys(s: &mut State, macro_: &str) {
    for k in parse_keys(macro_).expect("macro parses") {
        s.key(k);
    }
}

/// Type a key macro, running review effects against `io`.
pub fn keys_io(s: &mut State, io: &Io, macro_: &str) {
    for k in parse_keys(macro_).expect("macro parses") {
        for e in s.key(k) {
            io.run(s, e);
        }
    }
}

pub fn open(s: &mut State, file_part: &str) {
    let pos = s
        .queue
        .rows
        .iter()
        .position(|&i| s.items[i].entry.path.to_string_lossy().contains(file_part))
        .expect("report in queue");
    s.queue.sel = pos;
    keys(s, "<Enter>");
}

fn view(s: &State) -> &super::app::ReportView {
    match &s.screen {
        Screen::Report(v) => v,
        _ => panic!("not in the report view"),
    }
}

#[test]
fn opening_a_report_selects_its_first_finding_and_scrolls_to_it() {
    let mut s = sample_state();
    open(&mut s, "云溪街道办事处-2021");
    let v = view(&s);
    let it = &s.items[v.item];
    assert_eq!(it.findings[0].rule, "N01");
    assert_eq!(v.focus, Focus::Finding);
    assert_eq!(v.pane, Pane::Findings);
    let line = it.findings[0].lines[0];
    assert!(v.top_line <= line, "top {} line {line}", v.top_line);
    assert_eq!(v.cursor, line);
}

#[test]
fn queue_navigation_counts_and_sequences() {
    let mut s = sample_state();
    assert_eq!(s.queue.rows.len(), 6);
    keys(&mut s, "jj");
    assert_eq!(s.queue.sel, 2);
    keys(&mut s, "G");
    assert_eq!(s.queue.sel, 5);
    keys(&mut s, "gg");
    assert_eq!(s.queue.sel, 0);
    keys(&mut s, "3j");
    assert_eq!(s.queue.sel, 3);
    keys(&mut s, "k<C-d>");
    assert_eq!(s.queue.sel, 5, "half a page down is more than the list");
    keys(&mut s, "2G");
    assert_eq!(s.queue.sel, 1, "a count before G goes to that row");
}

#[test]
fn filter_sort_and_severity() {
    let mut s = sample_state();
    keys(&mut s, "/云溪");
    assert!(matches!(s.overlay, Some(Overlay::Prompt { .. })));
    assert_eq!(
        s.queue.rows.len(),
        2,
        "the queue follows the filter as it is typed"
    );
    keys(&mut s, "<Enter>");
    assert!(s.overlay.is_none());
    assert_eq!(s.queue.filter_text, "云溪");
    keys(&mut s, "<C-l>");
    assert_eq!(s.queue.rows.len(), 6);
    keys(&mut s, "/rule:N01<Enter>");
    assert_eq!(s.queue.rows.len(), 1);
    assert!(s.items[s.queue.rows[0]].agency().contains("云溪"));
    keys(&mut s, "<Esc>f");
    let errs: Vec<usize> = s.queue.rows.iter().map(|&i| s.items[i].errors).collect();
    assert!(
        !errs.is_empty() && errs.iter().all(|&e| e > 0),
        "f shows reports with errors: {errs:?}"
    );
    keys(&mut s, "f<C-l>s");
    // s: sort by the next column (agency), ascending.
    let names: Vec<String> = s
        .queue
        .rows
        .iter()
        .map(|&i| s.items[i].agency().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    keys(&mut s, "S");
    let rev: Vec<String> = s
        .queue
        .rows
        .iter()
        .map(|&i| s.items[i].agency().to_string())
        .collect();
    assert_eq!(rev.first(), sorted.last());
}

#[test]
fn report_panes_findings_tables_and_source_follow_each_other() {
    let mut s = sample_state();
    open(&mut s, "青禾县交通运输局-2024");
    let first = view(&s).finding;
    keys(&mut s, "]");
    assert_eq!(view(&s).finding, first + 1);
    keys(&mut s, "[");
    assert_eq!(view(&s).finding, first);
    // Enter on a finding drills into its cells.
    keys(&mut s, "<Enter>");
    let v = view(&s).clone();
    assert_eq!(v.pane, Pane::Tables);
    let item = v.item;
    let cell = s.current_cell(&v).unwrap();
    {
        let it = &s.items[item];
        let r = it.report().unwrap();
        assert!(it.findings[first].cells.contains(&r.schema().keys[cell]));
    }
    // Moving on a cell scrolls the source to the characters it came from.
    keys(&mut s, "l");
    let v = view(&s).clone();
    let cell = s.current_cell(&v).unwrap();
    let line = s.items[item].report().unwrap().cells[cell]
        .span
        .unwrap()
        .line;
    assert_eq!(v.cursor, line);
    assert_eq!(v.focus, Focus::Cell);
    // Tab cycles panes; 2/3/4 pick tables.
    keys(&mut s, "<Tab>");
    assert_eq!(view(&s).pane, Pane::Findings);
    keys(&mut s, "<Tab>");
    assert_eq!(view(&s).pane, Pane::Source);
    keys(&mut s, "4");
    assert_eq!(view(&s).table, TableId::T4);
    assert_eq!(view(&s).pane, Pane::Tables);
    keys(&mut s, "<Esc>");
    assert!(matches!(s.screen, Screen::Queue));
}

#[test]
fn search_in_the_source_with_n_and_shift_n() {
    let mut s = sample_state();
    open(&mut s, "南屿市人民政府-2022");
    keys(&mut s, "/依申请<Enter>");
    let v = view(&s).clone();
    let search = v.search.clone().expect("a search");
    assert!(search.matches.len() >= 2, "{}", search.matches.len());
    let first = search.current.unwrap();
    keys(&mut s, "n");
    assert_eq!(
        view(&s).search.as_ref().unwrap().current,
        Some((first + 1) % search.matches.len())
    );
    keys(&mut s, "N");
    assert_eq!(view(&s).search.as_ref().unwrap().current, Some(first));
    assert_eq!(view(&s).pane, Pane::Source);
}

#[test]
fn help_and_palette_come_from_the_keymap() {
    let mut s = sample_state();
    keys(&mut s, "?");
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
    let lines = super::view::help_lines(&s);
    // Every binding of the mode appears, with the action's description.
    for (k, a) in s.keymap.own_bindings(super::keymap::Mode::Queue) {
        assert!(
            lines
                .iter()
                .any(|(ks, d)| ks.split(' ').any(|x| x == k) && d == a.describe(false)),
            "{k} missing from help"
        );
    }
    keys(&mut s, "<Esc>:");
    assert!(matches!(s.overlay, Some(Overlay::Palette { .. })));
    // The palette filters by the action's Chinese description (there is no
    // pinyin matching: the descriptions are what a reviewer reads).
    keys(&mut s, "帮助");
    match &s.overlay {
        Some(Overlay::Palette { input, sel }) => {
            assert_eq!(input, "帮助");
            assert_eq!(*sel, 0);
        }
        o => panic!("palette closed: {o:?}"),
    }
    let rows = super::app::palette_matches("帮助", false);
    assert_eq!(rows.first(), Some(&Action::Help), "{rows:?}");
    assert!(
        rows.len() < Action::ALL.len(),
        "the query filters: {rows:?}"
    );
    keys(&mut s, "<Enter>");
    assert!(
        matches!(s.overlay, Some(Overlay::Help { .. })),
        "Enter runs the first match"
    );
    keys(&mut s, "<Esc>:help<Enter>");
    assert!(
        matches!(s.overlay, Some(Overlay::Help { .. })),
        "palette runs the action"
    );
}

#[test]
fn quit_and_ctrl_c_always_exit() {
    let mut s = sample_state();
    let e = s.key(parse_keys("q").unwrap()[0]);
    assert_eq!(e, vec![super::app::Effect::Quit]);
    let mut s = sample_state();
    keys(&mut s, "/abc");
    let e = s.key(parse_keys("<C-c>").unwrap()[0]);
    assert_eq!(
        e,
        vec![super::app::Effect::Quit],
        "Ctrl-C exits even from a prompt"
    );
}

#[test]
fn pasted_text_never_fires_commands() {
    let mut s = sample_state();
    s.paste("qqq:jjj");
    assert!(!s.quit);
    assert_eq!(s.queue.sel, 0);
    keys(&mut s, "/");
    s.paste("云溪\x1b[31m");
    match &s.overlay {
        Some(Overlay::Prompt { input, .. }) => {
            assert_eq!(input, "云溪[31m", "control characters are dropped")
        }
        _ => panic!("prompt"),
    }
}

/// A copy of the samples with a review store.
fn reviewed() -> (tempfile::TempDir, Io, State) {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(samples_dir()).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    let mut io = Io::default();
    io.stores
        .push(crate::review::Store::open(dir.path()).unwrap());
    let io = Arc::new(io);
    let s = load_state(dir.path(), Arc::clone(&io));
    let io = Arc::try_unwrap(io).unwrap_or_else(|a| Io {
        stores: vec![crate::review::Store::open(a.stores[0].root()).unwrap()],
    });
    (dir, io, s)
}

#[test]
fn annotate_confirm_approve_undo_are_saved_at_once() {
    let (dir, io, mut s) = reviewed();
    open(&mut s, "云溪街道办事处-2021");
    // a: a note on the selected finding, typed in the editor, Ctrl-S saves.
    keys_io(&mut s, &io, "a");
    assert!(matches!(s.overlay, Some(Overlay::Editor(_))));
    for c in "正文与表三不一致".chars() {
        s.key(super::keymap::Key::char(c));
    }
    keys_io(&mut s, &io, "<C-s>");
    assert!(s.overlay.is_none());
    let path = dir
        .path()
        .join(".nianbao/review/云溪街道办事处-2021.txt.toml");
    let saved = std::fs::read_to_string(&path).expect("saved after the keystroke");
    assert!(saved.contains("正文与表三不一致"));
    assert!(saved.contains("anchor = \"finding\""));
    // A: approving with the undecided N01 error asks first.
    keys_io(&mut s, &io, "A");
    assert!(matches!(s.overlay, Some(Overlay::Confirm { .. })));
    keys_io(&mut s, &io, "y");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("status = \"approved\""));
    assert!(
        saved.contains("confirmed = true"),
        "the question is in the history"
    );
    assert!(saved.contains("reviewer = \"测试员\""));
    // u: undo the verdict.
    keys_io(&mut s, &io, "u");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("action = \"undo\""));
    let it = s
        .items
        .iter()
        .find(|it| it.file_name().contains("云溪街道办事处-2021"))
        .unwrap();
    assert_eq!(
        super::review::status_of(it),
        Some(crate::review::Status::Unreviewed)
    );
    // c: confirm the finding; then A needs no question.
    keys_io(&mut s, &io, "c");
    keys_io(&mut s, &io, "A");
    assert!(s.overlay.is_none());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("decision = \"confirmed\""));
    assert!(saved.contains("status = \"approved\""));
}

#[test]
fn first_save_says_who_reviews_and_reviewer_command_changes_it() {
    let (dir, io, mut s) = reviewed();
    open(&mut s, "云溪街道办事处-2021");
    keys_io(&mut s, &io, "c");
    let st = s.status.clone().unwrap();
    assert!(st.contains("以 测试员 身份审阅"), "{st}");
    keys_io(&mut s, &io, "u");
    let st = s.status.clone().unwrap();
    assert!(
        !st.contains("身份审阅") && st.contains("测试员"),
        "once: {st}"
    );
    // :reviewer 张三 — for the rest of the session.
    keys_io(&mut s, &io, ":");
    for c in "reviewer 张三".chars() {
        s.key(super::keymap::Key::char(c));
    }
    keys_io(&mut s, &io, "<Enter>");
    assert!(s.overlay.is_none());
    assert_eq!(s.reviewer, "张三");
    assert!(s.status.clone().unwrap().contains("以 张三 身份审阅"));
    keys_io(&mut s, &io, "c");
    let saved = std::fs::read_to_string(
        dir.path()
            .join(".nianbao/review/云溪街道办事处-2021.txt.toml"),
    )
    .unwrap();
    assert!(saved.contains("reviewer = \"张三\""), "{saved}");
}

#[test]
fn assign_the_filtered_queue_then_filter_by_assignee_and_next_prefers_mine() {
    let (dir, io, mut s) = reviewed();
    let total = s.queue.rows.len();
    keys_io(&mut s, &io, "/");
    for c in "云溪".chars() {
        s.key(super::keymap::Key::char(c));
    }
    keys_io(&mut s, &io, "<Enter>");
    let shown = s.queue.rows.len();
    assert!(shown >= 1 && shown < total);
    let typed = |s: &mut State, text: &str| {
        keys_io(s, &io, ":");
        for c in text.chars() {
            s.key(super::keymap::Key::char(c));
        }
        keys_io(s, &io, "<Enter>");
    };
    typed(&mut s, "assign 张三");
    match &s.overlay {
        Some(Overlay::ConfirmAssign { message, items, .. }) => {
            assert!(
                message.contains(&format!("{shown} 份报告分配给 张三")),
                "{message}"
            );
            assert_eq!(items.len(), shown);
        }
        o => panic!("expected the y/n question, got {o:?}"),
    }
    keys_io(&mut s, &io, "y");
    assert!(
        s.status
            .clone()
            .unwrap()
            .contains(&format!("已将 {shown} 份报告分配给 张三"))
    );
    let saved = std::fs::read_to_string(
        dir.path()
            .join(".nianbao/review/云溪街道办事处-2021.txt.toml"),
    )
    .unwrap();
    assert!(
        saved.contains("[assignment]\nreviewer = \"张三\"\nby = \"测试员\""),
        "{saved}"
    );
    // n: cancelled with n.
    typed(&mut s, "assign 李四");
    keys_io(&mut s, &io, "n");
    assert!(s.overlay.is_none());
    // Filters: assignee:张三, assignee:none, assignee:me.
    keys_io(&mut s, &io, "<C-l>");
    let filter = |s: &mut State, f: &str| {
        keys_io(s, &io, "/");
        for c in f.chars() {
            s.key(super::keymap::Key::char(c));
        }
        keys_io(s, &io, "<Enter>");
        s.queue.rows.len()
    };
    assert_eq!(filter(&mut s, "assignee:张三"), shown);
    keys_io(&mut s, &io, "<C-l>");
    assert_eq!(filter(&mut s, "assignee:none"), total - shown);
    keys_io(&mut s, &io, "<C-l>");
    assert_eq!(filter(&mut s, "assignee:me"), 0);
    s.reviewer = "张三".into();
    keys_io(&mut s, &io, "<C-l>");
    assert_eq!(filter(&mut s, "assignee:me"), shown);
    keys_io(&mut s, &io, "<C-l>");
    assert_eq!(s.queue.rows.len(), total);
    // n prefers my reports, wherever the cursor is.
    s.queue.sel = 0;
    keys_io(&mut s, &io, "n");
    let it = &s.items[s.queue.rows[s.queue.sel]];
    assert_eq!(it.assignee(), Some("张三"), "{}", it.file_name());
    // The queue shows an assignee column.
    s.resize(100, 20);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    let theme = super::theme::Theme::load("default").unwrap();
    term.draw(|f| super::view::draw(f, &s, &theme)).unwrap();
    let screen = format!("{}", term.backend());
    assert!(
        screen.contains("分配") && screen.contains("张三"),
        "{screen}"
    );
}

#[test]
fn dismiss_needs_a_reason_and_esc_cancels() {
    let (dir, io, mut s) = reviewed();
    open(&mut s, "云溪街道办事处-2021");
    keys_io(&mut s, &io, "x<C-s>");
    assert!(
        matches!(s.overlay, Some(Overlay::Editor(_))),
        "an empty reason is refused"
    );
    keys_io(&mut s, &io, "<Esc>");
    assert!(s.overlay.is_none());
    let path = dir
        .path()
        .join(".nianbao/review/云溪街道办事处-2021.txt.toml");
    assert!(!path.exists(), "nothing saved after a cancel");
    keys_io(&mut s, &io, "x");
    for c in "已核实".chars() {
        s.key(super::keymap::Key::char(c));
    }
    keys_io(&mut s, &io, "<C-s>");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("decision = \"dismissed\"") && saved.contains("已核实"));
}

#[test]
fn next_unreviewed_skips_reviewed_reports() {
    let (_dir, io, mut s) = reviewed();
    keys_io(&mut s, &io, "A");
    if matches!(s.overlay, Some(Overlay::Confirm { .. })) {
        keys_io(&mut s, &io, "y");
    }
    let approved = s.queue.rows[0];
    keys_io(&mut s, &io, "gg");
    for _ in 0..10 {
        keys_io(&mut s, &io, "n");
        assert_ne!(s.queue.rows[s.queue.sel], approved);
    }
}

#[test]
fn a_corrupt_state_file_makes_the_report_read_only_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(samples_dir()).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    let state_dir = dir.path().join(".nianbao/review");
    std::fs::create_dir_all(&state_dir).unwrap();
    let bad = state_dir.join("云溪街道办事处-2021.txt.toml");
    std::fs::write(&bad, "this is = = not toml").unwrap();
    let mut io = Io::default();
    io.stores
        .push(crate::review::Store::open(dir.path()).unwrap());
    let io = Arc::new(io);
    let mut s = load_state(dir.path(), Arc::clone(&io));
    open(&mut s, "云溪街道办事处-2021");
    keys_io(&mut s, &io, "A");
    let msg = s.status.clone().unwrap_or_default();
    assert!(
        msg.contains("只读") && msg.contains("云溪街道办事处-2021.txt.toml"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "this is = = not toml"
    );
}

#[test]
fn a_note_from_the_diff_screen_anchors_to_the_later_reports_line() {
    let (dir, io, mut s) = reviewed();
    let pos = s
        .queue
        .rows
        .iter()
        .position(|&i| s.items[i].file_name().contains("青禾县交通运输局-2024"))
        .unwrap();
    s.queue.sel = pos;
    keys_io(&mut s, &io, "d]c");
    assert!(matches!(s.screen, super::app::Screen::Diff(_)));
    let (item, line) = s.diff_anchor().expect("a line under the cursor");
    assert!(s.items[item].file_name().contains("2024"));
    let quote = s.items[item]
        .report()
        .unwrap()
        .text()
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .trim()
        .to_string();
    keys_io(&mut s, &io, "a");
    assert!(matches!(s.overlay, Some(Overlay::Editor(_))));
    for c in "新增内容需核实".chars() {
        s.key(super::keymap::Key::char(c));
    }
    keys_io(&mut s, &io, "<C-s>");
    let saved = std::fs::read_to_string(
        dir.path()
            .join(".nianbao/review/青禾县交通运输局-2024.md.toml"),
    )
    .expect("saved on the later report");
    assert!(saved.contains("新增内容需核实"));
    assert!(saved.contains("anchor = \"line\""), "{saved}");
    assert!(saved.contains(&format!("line = {line}")), "{saved}");
    let head: String = quote.chars().take(8).collect();
    assert!(saved.contains(&head), "{saved}");
    // Still on the diff screen; the earlier report has no review file.
    assert!(matches!(s.screen, super::app::Screen::Diff(_)));
    assert!(
        !dir.path()
            .join(".nianbao/review/青禾县交通运输局-2023.txt.toml")
            .exists()
    );
}

#[test]
fn a_pdf_cell_and_the_source_pane_show_their_page() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/lo-html.pdf");
    std::fs::copy(&src, dir.path().join("lo-html.pdf")).unwrap();
    let mut s = load_state(dir.path(), Arc::new(Io::default()));
    s.resize(120, 40);
    keys(&mut s, "<Enter>");
    let pages = s.items[0].report().expect("the PDF reads").doc.pages.len();
    assert!(pages >= 2, "a multi-page fixture");
    let draw = |s: &State| {
        let theme = super::theme::Theme::load("default").unwrap();
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        term.draw(|f| super::view::draw(f, s, &theme)).unwrap();
        let buf = term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    };
    // The table-3 total cell: its detail line names its page.
    keys(&mut s, "3gg");
    // Wide characters leave a blank cell after them: compare without spaces.
    let screen = draw(&s).replace(' ', "");
    let want = format!("/{pages}页");
    assert!(
        screen.contains(&want),
        "source title with the page:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("行·第") && l.contains("页")),
        "cell detail with the page:\n{screen}"
    );
}

#[test]
fn rows_added_while_loading_are_the_rows_a_full_refresh_gives() {
    use super::app::SortKey;
    let base = sample_state();
    // Every sample twice over: ties under every key.
    let entries: Vec<_> = base
        .items
        .iter()
        .chain(&base.items)
        .map(|it| (Arc::clone(&it.entry), it.review.clone()))
        .collect();
    assert!(entries.len() >= 10, "{}", entries.len());
    let sorts = [
        None,
        Some(SortKey::Path),
        Some(SortKey::Agency),
        Some(SortKey::Year),
        Some(SortKey::Template),
        Some(SortKey::Errors),
        Some(SortKey::Warnings),
        Some(SortKey::Infos),
    ];
    for sort in sorts {
        for desc in [false, true] {
            for chunk in [1, 3, 5] {
                let mut s = State::new(Vec::new(), false);
                s.resize(80, 24);
                s.queue.sort = sort;
                s.queue.desc = desc;
                for part in entries.chunks(chunk) {
                    s.add_entries(part.to_vec());
                }
                let added = s.queue.rows.clone();
                s.refresh_rows();
                assert_eq!(
                    added, s.queue.rows,
                    "{sort:?} desc {desc}, chunks of {chunk}"
                );
                assert_eq!(added.len(), entries.len());
            }
        }
    }
}
