//! Flow tests: key macros ("jj]<Enter>") drive the pure state, no terminal.

use std::path::Path;
use std::sync::Arc;

use super::app::{Focus, Pane, Screen, State};
use super::keymap::parse_keys;
use crate::batch;
use crate::rules::Selection;

/// A state over the bundled samples, loaded the way the workbench loads.
pub fn sample_state() -> State {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (files, _) = batch::collect(&[dir]);
    let files = files.into_iter().map(|f| (f, None)).collect();
    let rx = super::spawn_loader(
        files,
        Arc::new(super::review::Io::default()),
        Selection::default(),
    );
    let mut s = State::new(Vec::new(), false);
    while let Ok(m) = rx.recv() {
        super::receive(&mut s, m);
    }
    s.resize(80, 24);
    s
}

/// Type a key macro.
pub fn keys(s: &mut State, macro_: &str) {
    for k in parse_keys(macro_).expect("macro parses") {
        s.key(k);
    }
}

fn open(s: &mut State, file_part: &str) {
    let pos = s
        .queue
        .rows
        .iter()
        .position(|&i| s.items[i].entry.path.to_string_lossy().contains(file_part))
        .expect("report in queue");
    s.queue.sel = pos;
    keys(s, "<Enter>");
}

#[test]
fn opening_a_report_selects_its_first_finding_and_scrolls_to_it() {
    let mut s = sample_state();
    open(&mut s, "云溪街道办事处-2021");
    let Screen::Report(v) = &s.screen else {
        panic!("not in report view")
    };
    let it = &s.items[v.item];
    assert_eq!(it.findings[0].rule, "N01");
    assert_eq!(v.focus, Focus::Finding);
    assert_eq!(v.pane, Pane::Findings);
    let line = it.findings[0].lines[0];
    assert!(v.top_line <= line, "top {} line {line}", v.top_line);
    assert_eq!(v.cursor, line);
    let _ = Arc::clone(&it.entry);
}
