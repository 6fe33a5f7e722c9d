//! Re-review of a replaced report (issue 13 §6): a verdict keeps the text
//! it judged; after the agency replaces the report, `diff --since-verdict`
//! shows what changed, and a confirmed finding that now passes is `已整改`
//! in the workbench and counted in `export`'s `fixed` column.

use std::fs;
use std::path::Path;
use std::process::Command;

use nianbao::review::{DecisionKind, Op, Verdict, finding_key};
use nianbao::rules::Selection;
use nianbao::tui::app::Effect;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const REPORT: &str = "云溪街道办事处-2021.txt";

#[test]
fn verdict_snapshot_diff_since_verdict_and_fixed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(REPORT);
    let report = dir.path().join(REPORT);
    fs::copy(&src, &report).unwrap();

    // The workbench: confirm N01, ask for changes.
    let (mut s, io) = nianbao::tui::load_headless(dir.path(), Selection::default()).unwrap();
    s.reviewer = "张三".into();
    let n01 = s.items[0]
        .findings
        .iter()
        .find(|f| f.rule == "N01")
        .cloned()
        .expect("the sample has N01");
    io.run(
        &mut s,
        Effect::Review {
            item: 0,
            op: Op::decide(&n01, DecisionKind::Confirmed, ""),
        },
    );
    io.run(
        &mut s,
        Effect::Review {
            item: 0,
            op: Op::verdict(Verdict::ChangesRequested, "正文与表三不一致"),
        },
    );
    let sha = s.items[0].entry.sha256.clone();
    let snap = dir
        .path()
        .join(".nianbao/snapshots")
        .join(format!("{sha}.txt"));
    let judged = fs::read_to_string(&snap).expect("the verdict kept the judged text");
    assert!(judged.contains("本街道未收到政府信息公开申请"));

    // The agency replaces the report, fixing N01 only.
    let text = fs::read_to_string(&report).unwrap();
    fs::write(
        &report,
        text.replace(
            "本街道未收到政府信息公开申请",
            "本街道收到政府信息公开申请2件",
        ),
    )
    .unwrap();

    let o = Command::new(BIN)
        .args(["diff", "--since-verdict"])
        .arg(&report)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("本街道[-未-]收到政府信息公开申请{+2件+}"),
        "{out}"
    );
    assert!(
        out.contains("正文 1 处变化，表格 0 个单元格变化"),
        "only what changed: {out}"
    );
    assert!(!out.contains("X07"), "no year-over-year checks: {out}");
    assert!(
        out.contains("changes_requested"),
        "names the judged version: {out}"
    );

    // export: stale, one confirmed finding fixed.
    let o = Command::new(BIN)
        .args(["export", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&o.stdout);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("status"), "stale", "{csv}");
    assert_eq!(col("fixed"), "1", "{csv}");

    // The workbench marks it 已整改 in the findings pane.
    let (mut s, io) = nianbao::tui::load_headless(dir.path(), Selection::default()).unwrap();
    assert!(
        s.items[0].findings.iter().all(
            |f| finding_key(f) != finding_key(&n01) || f.status != nianbao::rules::Status::Fail
        ),
        "N01 passes now"
    );
    s.resize(120, 40);
    for k in nianbao::tui::keymap::parse_keys("<Enter>").unwrap() {
        s.key(k);
    }
    let theme = nianbao::tui::theme::Theme::load("default").unwrap();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| nianbao::tui::view::draw(f, &s, &theme))
        .unwrap();
    let screen = format!("{}", term.backend());
    assert!(screen.contains("已整改"), "{screen}");

    // d on the stale report: the diff since the verdict, only the agency's change.
    let rows = s.queue.rows.len();
    for k in nianbao::tui::keymap::parse_keys("d").unwrap() {
        for e in s.key(k) {
            io.run(&mut s, e);
        }
    }
    assert!(
        matches!(s.screen, nianbao::tui::app::Screen::Diff(_)),
        "{:?}",
        s.status
    );
    term.draw(|f| nianbao::tui::view::draw(f, &s, &theme))
        .unwrap();
    let screen = format!("{}", term.backend());
    assert!(screen.contains("审阅时版本"), "{screen}");
    assert!(screen.contains("2件"), "{screen}");
    s.refresh_rows();
    assert_eq!(
        s.queue.rows.len(),
        rows,
        "the judged version is not in the queue"
    );
}
