//! Review state tests: file format, merging, re-anchoring, undo, the store's
//! crash and concurrency safety (with child processes), fallback, export.

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::*;
use crate::rules::{Finding, Severity, Status as RuleStatus};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_358_405 + secs)
}

fn ctx(reviewer: &str, secs: u64) -> Ctx<'_> {
    Ctx {
        reviewer,
        sha256: "aaaa",
        now: at(secs),
    }
}

fn note(text: &str) -> Op {
    Op::AddNote {
        anchor: Anchor::Report,
        text: text.into(),
    }
}

fn decide(key: &str, d: DecisionKind, reason: &str) -> Op {
    Op::Decide {
        key: key.into(),
        rule: key.split(':').next().unwrap().into(),
        cells: vec![],
        message: String::new(),
        decision: d,
        reason: reason.into(),
    }
}

fn finding(rule: &'static str, sev: Severity, cells: &[&str], message: &str) -> Finding {
    Finding {
        rule,
        severity: sev,
        status: RuleStatus::Fail,
        message: message.into(),
        cells: cells.iter().map(|c| c.to_string()).collect(),
        lines: vec![],
        spans: vec![],
    }
}

fn texts(f: &ReviewFile) -> HashSet<String> {
    f.notes().map(|n| n.text.clone()).collect()
}

/// A batch folder with one report `r.txt` and a separate data folder.
struct Batch {
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Batch {
    fn new() -> Batch {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("r.txt"), "报告正文\n").unwrap();
        Batch {
            dir,
            data: tempfile::tempdir().unwrap(),
        }
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn store(&self) -> Store {
        Store::open_with_data_dir(self.root(), Some(self.data.path())).unwrap()
    }
}

// ---------------------------------------------------------------- format

#[test]
fn review_file_round_trips_as_readable_toml() {
    let mut f = ReviewFile::new("2024/r.txt");
    f.apply(
        Op::verdict(Verdict::ChangesRequested, "表三有误"),
        &ctx("wang", 0),
    )
    .unwrap();
    f.apply(
        Op::decide(
            &finding("A01", Severity::Error, &["t3.b", "t3.a"], "合计不符 5 ≠ 6"),
            DecisionKind::Dismissed,
            "扫描件误读",
        ),
        &ctx("wang", 1),
    )
    .unwrap();
    f.apply(
        Op::AddNote {
            anchor: Anchor::Line {
                line: 7,
                quote: "一、总体情况".into(),
            },
            text: "第一行\n第二行".into(),
        },
        &ctx("li", 2),
    )
    .unwrap();
    f.apply(
        Op::AddNote {
            anchor: Anchor::Section("s3".into()),
            text: "见表三".into(),
        },
        &ctx("li", 3),
    )
    .unwrap();
    let text = f.to_toml();
    for needle in [
        "version = 1",
        "[verdict]",
        "status = \"changes_requested\"",
        "[[decision]]",
        "key = \"A01:t3.a,t3.b\"",
        "decision = \"dismissed\"",
        "[[note]]",
        "anchor = \"line\"",
        "quote = \"一、总体情况\"",
        "anchor = \"section\"",
        "target = \"s3\"",
        "\"\"\"",
        "[[history]]",
        "action = \"verdict\"",
        "time = \"2026-11-22T14:40:05Z\"",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let back = ReviewFile::from_toml(&text).unwrap();
    let mut norm = f.clone();
    norm.normalize();
    assert_eq!(back, norm);
    assert_eq!(
        back.notes().filter(|n| n.text == "第一行\n第二行").count(),
        1
    );
    // A future schema version is refused, not misread.
    let future = text.replace("version = 1", "version = 2");
    assert!(
        ReviewFile::from_toml(&future)
            .unwrap_err()
            .contains("version 2")
    );
}

#[test]
fn review_finding_keys_are_stable() {
    let a = finding("A01", Severity::Error, &["t3.x", "t3.a", "t3.x"], "5 ≠ 6");
    let b = finding("A01", Severity::Error, &["t3.a", "t3.x"], "7 ≠ 9");
    assert_eq!(finding_key(&a), "A01:t3.a,t3.x");
    assert_eq!(finding_key(&a), finding_key(&b));
    let c = finding(
        "F01",
        Severity::Warning,
        &[],
        "第241行 第六部分未说明是否收取信息处理费",
    );
    let d = finding(
        "F01",
        Severity::Warning,
        &[],
        "第９行 第六部分未说明是否收取信息处理费",
    );
    assert_eq!(finding_key(&c), "F01:第行 第六部分未说明是否收取信息处理费");
    assert_eq!(finding_key(&c), finding_key(&d));
    assert_ne!(
        finding_key(&c),
        finding_key(&finding("F01", Severity::Warning, &[], "第五部分为空"))
    );
    // The configured name wins, trimmed; the order of the other sources is
    // asserted in review_reviewer_name_sources_in_order.
    assert_eq!(default_reviewer(Some(" 王审阅 ")), "王审阅");
    assert_eq!(
        default_reviewer(Some("  ")),
        resolve_reviewer(
            None,
            None,
            |v| std::env::var(v).ok(),
            || { whoami::username().ok() }
        ),
        "a blank configured name falls through to the environment"
    );
}

#[test]
fn review_reviewer_name_sources_in_order() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let all: &[(&str, &str)] = &[
        ("USER", "user"),
        ("LOGNAME", "logname"),
        ("USERNAME", "win"),
    ];
    let os = || Some("osacct".to_string());
    assert_eq!(
        resolve_reviewer(Some("张三"), Some("git"), env(all), os),
        "张三"
    );
    assert_eq!(
        resolve_reviewer(Some("  "), Some("李四"), env(all), os),
        "李四"
    );
    assert_eq!(resolve_reviewer(None, None, env(all), os), "user");
    assert_eq!(
        resolve_reviewer(
            None,
            Some(" "),
            env(&[("USER", ""), ("LOGNAME", "logname")]),
            os
        ),
        "logname"
    );
    assert_eq!(
        resolve_reviewer(None, None, env(&[("USERNAME", "win")]), os),
        "win"
    );
    // No USER, no LOGNAME: the OS account name.
    assert_eq!(resolve_reviewer(None, None, env(&[]), os), "osacct");
    assert_eq!(resolve_reviewer(None, None, env(&[]), || None), "reviewer");
    // The real OS account name is there on this machine.
    let real = resolve_reviewer(None, None, env(&[]), || whoami::username().ok());
    assert_ne!(real, "reviewer");
}

// ---------------------------------------------------------------- merge

#[test]
fn review_merge_both_sides_add_notes() {
    let mut base = ReviewFile::new("r.txt");
    base.apply(note("base"), &ctx("wang", 0)).unwrap();
    let (mut a, mut b) = (base.clone(), base.clone());
    a.apply(note("from a"), &ctx("wang", 5)).unwrap();
    b.apply(note("from b"), &ctx("li", 6)).unwrap();
    let m = merge(&a, &b);
    let want: HashSet<String> = ["base", "from a", "from b"].map(String::from).into();
    assert_eq!(texts(&m), want);
    assert_eq!(m.notes.len(), 3);
    assert_eq!(m.history.len(), 3);
    // Order does not matter, and merging again changes nothing.
    assert_eq!(merge(&b, &a), m);
    assert_eq!(merge(&m, &a), m);
}

#[test]
fn review_merge_both_change_the_verdict() {
    let base = ReviewFile::new("r.txt");
    let (mut a, mut b) = (base.clone(), base.clone());
    a.apply(Op::verdict(Verdict::Approved, ""), &ctx("wang", 10))
        .unwrap();
    b.apply(Op::verdict(Verdict::Rejected, "数据错误"), &ctx("li", 20))
        .unwrap();
    for m in [merge(&a, &b), merge(&b, &a)] {
        assert_eq!(m.verdict.status, Verdict::Rejected);
        assert_eq!(m.verdict.reviewer, "li");
        let verdicts: Vec<(&str, &str)> = m
            .history
            .iter()
            .filter(|h| h.action == Action::Verdict)
            .map(|h| (h.reviewer.as_str(), h.value.as_str()))
            .collect();
        assert_eq!(verdicts, [("wang", "approved"), ("li", "rejected")]);
    }
}

#[test]
fn review_merge_decision_edited_on_one_side() {
    let mut base = ReviewFile::new("r.txt");
    let id = base
        .apply(
            decide("A01:t3.a", DecisionKind::Confirmed, ""),
            &ctx("wang", 0),
        )
        .unwrap()
        .unwrap();
    let mut edited = base.clone();
    let id2 = edited
        .apply(
            decide("A01:t3.a", DecisionKind::Dismissed, "误读"),
            &ctx("li", 30),
        )
        .unwrap()
        .unwrap();
    assert_eq!(id, id2, "deciding again edits the same decision");
    for m in [merge(&base, &edited), merge(&edited, &base)] {
        assert_eq!(m.decisions.len(), 1);
        let d = m.decision("A01:t3.a").unwrap();
        assert_eq!(
            (d.decision, d.reason.as_str()),
            (DecisionKind::Dismissed, "误读")
        );
    }
    // Both sides decide the same finding independently: one decision per
    // key, the later one.
    let mut x = ReviewFile::new("r.txt");
    let mut y = ReviewFile::new("r.txt");
    x.apply(
        decide("S03:x", DecisionKind::Confirmed, ""),
        &ctx("wang", 40),
    )
    .unwrap();
    y.apply(
        decide("S03:x", DecisionKind::Dismissed, "无"),
        &ctx("li", 41),
    )
    .unwrap();
    let m = merge(&x, &y);
    assert_eq!(m.decisions.len(), 1);
    assert_eq!(
        m.decision("S03:x").unwrap().decision,
        DecisionKind::Dismissed
    );
    assert_eq!(m.history.len(), 2);
}

#[test]
fn review_merge_keeps_deletions() {
    let mut a = ReviewFile::new("r.txt");
    let id = a.apply(note("doomed"), &ctx("wang", 0)).unwrap().unwrap();
    let old = a.clone();
    a.apply(Op::DeleteNote { id: id.clone() }, &ctx("wang", 9))
        .unwrap();
    let m = merge(&old, &a);
    assert!(m.note(&id).is_none(), "a deleted note must not come back");
    assert_eq!(m.notes.len(), 1, "kept as a tombstone");
    assert!(matches!(
        a.apply(
            Op::EditNote {
                id,
                text: "x".into()
            },
            &ctx("wang", 10)
        ),
        Err(ReviewError::UnknownNote(_))
    ));
}

#[test]
fn review_merge3_uses_the_base_to_see_what_changed() {
    // A verdict and a decision from a while ago, in the common ancestor.
    let mut base = ReviewFile::new("r.txt");
    base.apply(Op::verdict(Verdict::Approved, ""), &ctx("wang", 50))
        .unwrap();
    base.apply(
        decide("A01:t3.a", DecisionKind::Confirmed, ""),
        &ctx("wang", 50),
    )
    .unwrap();
    let kept = base.apply(note("kept"), &ctx("wang", 50)).unwrap().unwrap();
    // Their clock runs late: their changes carry earlier times than the
    // base's. They still changed something the other side left alone.
    let mut theirs = base.clone();
    theirs
        .apply(Op::verdict(Verdict::Rejected, "晚钟"), &ctx("li", 40))
        .unwrap();
    theirs
        .apply(
            decide("A01:t3.a", DecisionKind::Dismissed, "误读"),
            &ctx("li", 40),
        )
        .unwrap();
    theirs
        .apply(Op::DeleteNote { id: kept.clone() }, &ctx("li", 40))
        .unwrap();
    let mut ours = base.clone();
    ours.apply(note("ours"), &ctx("wang", 60)).unwrap();
    for m in [
        merge3(Some(&base), &ours, &theirs),
        merge3(Some(&base), &theirs, &ours),
    ] {
        assert_eq!(m.verdict.status, Verdict::Rejected);
        assert_eq!(
            m.decision("A01:t3.a").unwrap().decision,
            DecisionKind::Dismissed
        );
        assert!(
            m.note(&kept).is_none(),
            "deleted on one side: stays deleted"
        );
        assert_eq!(texts(&m), HashSet::from(["ours".to_string()]));
    }
    // Without the base, time alone decides: the base's verdict looks newer.
    assert_eq!(merge(&ours, &theirs).verdict.status, Verdict::Approved);

    // A tombstone wins over a later edit on the other side.
    let mut edited = base.clone();
    edited
        .apply(
            Op::EditNote {
                id: kept.clone(),
                text: "改".into(),
            },
            &ctx("wang", 99),
        )
        .unwrap();
    for m in [
        merge3(Some(&base), &edited, &theirs),
        merge(&edited, &theirs),
        merge(&theirs, &edited),
    ] {
        assert!(m.note(&kept).is_none());
        assert!(m.notes.iter().any(|n| n.id == kept && n.deleted));
        let actions: Vec<Action> = m.history.iter().map(|h| h.action).collect();
        assert!(actions.contains(&Action::NoteEdit) && actions.contains(&Action::NoteDelete));
    }
}

#[test]
fn review_assignment_is_a_table_merged_like_a_verdict() {
    let base = ReviewFile::new("r.txt");
    let mut a = base.clone();
    a.apply(
        Op::Assign {
            to: "张三".into()
        },
        &ctx("主管", 10),
    )
    .unwrap();
    let text = a.to_toml();
    assert!(
        text.contains("[assignment]\nreviewer = \"张三\"\nby = \"主管\""),
        "{text}"
    );
    assert_eq!(ReviewFile::from_toml(&text).unwrap(), a);
    assert_eq!(a.assignee(), Some("张三"));
    assert!(a.history.is_empty(), "not in the history");
    // A file without the table reads as before (version 1).
    assert_eq!(
        ReviewFile::from_toml(&base.to_toml()).unwrap().assignment,
        None
    );
    let mut b = base.clone();
    b.apply(
        Op::Assign {
            to: "李四".into()
        },
        &ctx("主管", 20),
    )
    .unwrap();
    assert_eq!(merge(&a, &b).assignee(), Some("李四"));
    assert_eq!(merge(&b, &a).assignee(), Some("李四"));
    // Changed on one side only: that side, whatever the times.
    let mut c = a.clone();
    c.apply(Op::Assign { to: String::new() }, &ctx("主管", 5))
        .unwrap();
    assert_eq!(merge3(Some(&a), &a, &c).assignee(), None);
}

mod merge_props {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn time() -> impl Strategy<Value = String> {
        (0u32..4).prop_map(|s| format!("2026-11-22T15:57:0{s}Z"))
    }

    fn who() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["wang".to_string(), "li".to_string()])
    }

    fn verdict() -> impl Strategy<Value = VerdictRecord> {
        (0usize..4, who(), time(), prop::option::of(time()), 0u8..2).prop_map(
            |(s, reviewer, time, updated, n)| VerdictRecord {
                status: Verdict::ALL[s],
                reviewer,
                time,
                updated,
                sha256: "aaaa".into(),
                note: if n == 0 {
                    String::new()
                } else {
                    "意见".into()
                },
            },
        )
    }

    fn decision() -> impl Strategy<Value = Decision> {
        (
            0u8..3,
            0u8..2,
            0u8..3,
            who(),
            time(),
            prop::option::of(time()),
        )
            .prop_map(|(k, n, kind, reviewer, time, updated)| Decision {
                id: format!("d{k}-{n}"),
                key: format!("A0{k}:t3.a"),
                rule: format!("A0{k}"),
                cells: vec![],
                decision: [
                    DecisionKind::Undecided,
                    DecisionKind::Confirmed,
                    DecisionKind::Dismissed,
                ][kind as usize],
                reviewer,
                time,
                updated,
                message: String::new(),
                reason: if kind == 2 {
                    "理由".into()
                } else {
                    String::new()
                },
            })
    }

    fn note_entry() -> impl Strategy<Value = Note> {
        (
            0u8..4,
            who(),
            time(),
            prop::option::of(time()),
            any::<bool>(),
            0u8..2,
        )
            .prop_map(|(i, reviewer, created, updated, deleted, t)| Note {
                id: format!("n{i}"),
                anchor: Anchor::Report,
                orphaned: false,
                reviewer,
                created,
                updated,
                deleted,
                text: format!("批注{t}"),
            })
    }

    fn history() -> impl Strategy<Value = HistoryEntry> {
        (time(), who(), 0u8..3, 0u8..4).prop_map(|(time, reviewer, a, i)| HistoryEntry {
            time,
            reviewer,
            action: [Action::Verdict, Action::Decide, Action::NoteAdd][a as usize],
            id: format!("h{i}"),
            target: String::new(),
            value: String::new(),
            sha256: String::new(),
            undoes: String::new(),
            undecided_errors: vec![],
            confirmed: false,
            text: String::new(),
        })
    }

    /// A valid file: one decision per key, one note per id, one history
    /// entry per union key.
    fn file() -> impl Strategy<Value = ReviewFile> {
        (
            prop::sample::select(vec!["aaaa".to_string(), "bbbb".to_string()]),
            verdict(),
            prop::collection::vec(decision(), 0..4),
            prop::collection::vec(note_entry(), 0..4),
            prop::collection::vec(history(), 0..5),
            prop::option::of((who(), who(), time())),
        )
            .prop_map(|(sha256, verdict, ds, ns, hs, asg)| {
                let ds: BTreeMap<String, Decision> =
                    ds.into_iter().map(|d| (d.key.clone(), d)).collect();
                let ns: BTreeMap<String, Note> =
                    ns.into_iter().map(|n| (n.id.clone(), n)).collect();
                let hs: BTreeMap<String, HistoryEntry> = hs
                    .into_iter()
                    .map(|h| (format!("{:?}", h.union_key()), h))
                    .collect();
                let mut f = ReviewFile::new("r.txt");
                f.sha256 = sha256;
                f.verdict = verdict;
                f.assignment = asg.map(|(reviewer, by, time)| Assignment { reviewer, by, time });
                f.decisions = ds.into_values().collect();
                f.notes = ns.into_values().collect();
                f.history = hs.into_values().collect();
                f.normalize();
                f
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn review_merge_is_commutative_and_idempotent(a in file(), b in file(), base in file()) {
            let m = merge(&a, &b);
            prop_assert_eq!(&merge(&b, &a), &m);
            prop_assert_eq!(&merge(&a, &a), &a);
            prop_assert_eq!(&merge(&m, &m), &m);
            prop_assert_eq!(&merge(&m, &a), &m);
            prop_assert_eq!(&merge(&m, &b), &m);
            let m3 = merge3(Some(&base), &a, &b);
            prop_assert_eq!(&merge3(Some(&base), &b, &a), &m3);
            prop_assert_eq!(&merge3(Some(&a), &a, &a), &a);
            // What the driver writes reads back the same.
            prop_assert_eq!(&ReviewFile::from_toml(&m3.to_toml()).unwrap(), &m3);
        }
    }
}

// ---------------------------------------------------------------- anchors

#[test]
fn review_line_note_reanchors_after_insertions() {
    let lines: Vec<String> = (1..=10)
        .map(|i| format!("第{i}段：本机关依法公开政府信息。"))
        .collect();
    let text = lines.join("\n");
    let mut f = ReviewFile::new("r.txt");
    let id = f
        .apply(
            Op::AddNote {
                anchor: Anchor::line(&text, 5),
                text: "此段需核实".into(),
            },
            &ctx("wang", 0),
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        f.note(&id).unwrap().anchor,
        Anchor::Line {
            line: 5,
            quote: "第5段：本机关依法公开政府信息。".into()
        }
    );
    // Three lines inserted above: the note follows its line.
    let edited = format!("新增一\n新增二\n新增三\n{text}");
    let r = f.reanchor(&edited);
    assert_eq!((r.moved, r.orphaned), (1, 0));
    assert!(matches!(
        f.note(&id).unwrap().anchor,
        Anchor::Line { line: 8, .. }
    ));
    // The line itself edited a little: still found (most similar).
    let edited2 = edited.replace(
        "第5段：本机关依法公开政府信息。",
        "第5段：本机关依法主动公开政府信息。",
    );
    f.reanchor(&edited2);
    let n = f.note(&id).unwrap();
    assert!(matches!(n.anchor, Anchor::Line { line: 8, .. }));
    assert!(!n.orphaned);
    // The line gone: the note keeps its number and is marked orphaned.
    let gone: String = edited2
        .lines()
        .filter(|l| !l.starts_with("第5段"))
        .map(|l| format!("{l}\n"))
        .collect();
    let gone = gone.replace("本机关依法公开政府信息", "无");
    let r = f.reanchor(&gone);
    assert_eq!(r.orphaned, 1);
    let n = f.note(&id).unwrap();
    assert!(n.orphaned);
    assert!(matches!(n.anchor, Anchor::Line { line: 8, .. }));
    // Back again: found and no longer orphaned.
    let r = f.reanchor(&text);
    assert_eq!((r.moved, r.restored), (1, 1));
    assert!(!f.note(&id).unwrap().orphaned);
}

#[test]
fn review_store_reanchor_saves_only_on_change() {
    let b = Batch::new();
    let s = b.store();
    let rel = Path::new("r.txt");
    let text = "甲\n乙行内容比较长\n丙\n";
    s.update(
        rel,
        "s1",
        "wang",
        Op::AddNote {
            anchor: Anchor::line(text, 2),
            text: "n".into(),
        },
    )
    .unwrap();
    let fp = s.fingerprint(rel).unwrap();
    let (_, r) = s.reanchor(rel, "s1", "wang", text).unwrap();
    assert!(!r.changed());
    assert_eq!(
        s.fingerprint(rel),
        Some(fp),
        "nothing moved: nothing written"
    );
    let (f, r) = s
        .reanchor(rel, "s2", "wang", &format!("新\n{text}"))
        .unwrap();
    assert_eq!(r.moved, 1);
    assert!(matches!(
        f.notes().next().unwrap().anchor,
        Anchor::Line { line: 3, .. }
    ));
    assert_eq!(s.load(rel).unwrap(), f);
    assert_eq!(f.history.last().unwrap().action, Action::Reanchor);
}

// ---------------------------------------------------------------- undo, verdicts

#[test]
fn review_undo_reverts_decisions_and_verdicts_in_turn() {
    let mut f = ReviewFile::new("r.txt");
    let k = "A01:t3.a";
    assert!(matches!(
        f.apply(decide(k, DecisionKind::Dismissed, " "), &ctx("wang", 0)),
        Err(ReviewError::Invalid(_))
    ));
    assert!(f.history.is_empty() && f.decisions.is_empty());
    f.apply(decide(k, DecisionKind::Confirmed, ""), &ctx("wang", 0))
        .unwrap();
    f.apply(decide(k, DecisionKind::Dismissed, "误读"), &ctx("wang", 1))
        .unwrap();
    f.apply(Op::verdict(Verdict::Approved, "好"), &ctx("wang", 2))
        .unwrap();
    f.apply(note("not a decision"), &ctx("wang", 3)).unwrap();
    // Undo the verdict first (the latest decision-like action).
    f.apply(Op::Undo, &ctx("wang", 4)).unwrap();
    assert_eq!(f.verdict.status, Verdict::Unreviewed);
    assert_eq!(f.status("aaaa"), Status::Unreviewed);
    f.apply(Op::Undo, &ctx("wang", 5)).unwrap();
    assert_eq!(f.decision(k).unwrap().decision, DecisionKind::Confirmed);
    f.apply(Op::Undo, &ctx("wang", 6)).unwrap();
    assert!(f.decision(k).is_none());
    assert_eq!(
        f.apply(Op::Undo, &ctx("wang", 7)),
        Err(ReviewError::NothingToUndo)
    );
    // History only grew: 4 actions + 3 undos, each naming what it undid.
    assert_eq!(f.history.len(), 7);
    let undos: Vec<&HistoryEntry> = f
        .history
        .iter()
        .filter(|h| h.action == Action::Undo)
        .collect();
    assert_eq!(undos.len(), 3);
    assert!(undos.iter().all(|h| !h.undoes.is_empty()));
    assert_eq!(f.notes().count(), 1, "undo leaves notes alone");

    // An undo restores the earlier verdict with its signer.
    let mut g = ReviewFile::new("r.txt");
    g.apply(Op::verdict(Verdict::Rejected, "差"), &ctx("li", 0))
        .unwrap();
    g.apply(Op::verdict(Verdict::Approved, ""), &ctx("wang", 1))
        .unwrap();
    g.apply(Op::Undo, &ctx("wang", 2)).unwrap();
    assert_eq!(
        (
            g.verdict.status,
            g.verdict.reviewer.as_str(),
            g.verdict.note.as_str()
        ),
        (Verdict::Rejected, "li", "差")
    );
    // li cannot undo their verdict from under nobody — it is theirs and
    // the latest again — but wang's change over li's blocks li's undo.
    let mut h = ReviewFile::new("r.txt");
    h.apply(decide(k, DecisionKind::Confirmed, ""), &ctx("li", 0))
        .unwrap();
    h.apply(decide(k, DecisionKind::Dismissed, "x"), &ctx("wang", 1))
        .unwrap();
    assert!(matches!(
        h.apply(Op::Undo, &ctx("li", 2)),
        Err(ReviewError::UndoConflict { ref reviewer, .. }) if reviewer == "wang"
    ));
    assert_eq!(h.decision(k).unwrap().decision, DecisionKind::Dismissed);
}

#[test]
fn review_approve_with_undecided_errors_needs_confirmation() {
    let mut f = ReviewFile::new("r.txt");
    let keys = vec!["A01:t3.a".to_string(), "N01:t3.b".to_string()];
    let approve = |confirmed| Op::SetVerdict {
        verdict: Verdict::Approved,
        note: String::new(),
        error_keys: keys.clone(),
        confirmed,
    };
    f.apply(
        decide("A01:t3.a", DecisionKind::Dismissed, "误读"),
        &ctx("wang", 0),
    )
    .unwrap();
    match f.apply(approve(false), &ctx("wang", 1)) {
        Err(ReviewError::NeedsConfirmation { undecided }) => assert_eq!(undecided, ["N01:t3.b"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.verdict.status, Verdict::Unreviewed);
    f.apply(approve(true), &ctx("wang", 2)).unwrap();
    assert_eq!(f.verdict.status, Verdict::Approved);
    let h = f.history.last().unwrap();
    assert_eq!(h.action, Action::Verdict);
    assert!(h.confirmed);
    assert_eq!(h.undecided_errors, ["N01:t3.b"]);
    assert!(f.to_toml().contains("confirmed = true"));
    // Once every error is decided, no confirmation is asked or recorded.
    f.apply(
        decide("N01:t3.b", DecisionKind::Confirmed, ""),
        &ctx("wang", 3),
    )
    .unwrap();
    f.apply(approve(false), &ctx("wang", 4)).unwrap();
    let h = f.history.last().unwrap();
    assert!(!h.confirmed && h.undecided_errors.is_empty());
}

#[test]
fn review_verdict_goes_stale_when_report_bytes_change() {
    let b = Batch::new();
    let s = b.store();
    let report = b.root().join("r.txt");
    let sha = crate::batch::sha256_hex(&fs::read(&report).unwrap());
    let rel = s.rel_path(&report).unwrap();
    assert_eq!(rel, Path::new("r.txt"));
    s.update(&rel, &sha, "wang", note("看过")).unwrap();
    s.update(&rel, &sha, "wang", Op::verdict(Verdict::Approved, ""))
        .unwrap();
    let f = s.load(&rel).unwrap();
    assert_eq!(f.status(&sha), Status::Approved);
    assert_eq!(f.verdict.sha256, sha);
    fs::write(&report, "报告正文（修改后）\n").unwrap();
    let sha2 = crate::batch::sha256_hex(&fs::read(&report).unwrap());
    let f = s.load(&rel).unwrap();
    assert_eq!(f.status(&sha2), Status::Stale);
    assert_eq!(f.notes().count(), 1, "notes stay");
    // Re-reviewing clears it.
    let f = s
        .update(&rel, &sha2, "wang", Op::verdict(Verdict::Approved, ""))
        .unwrap()
        .file;
    assert_eq!(f.status(&sha2), Status::Approved);
}

// ---------------------------------------------------------------- store

#[test]
fn review_store_writes_where_documented() {
    let b = Batch::new();
    fs::create_dir(b.root().join("2024")).unwrap();
    let s = b.store();
    assert!(s.fallback().is_none() && s.writable());
    let names = || -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(b.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(), ["2024", "r.txt"], "opening leaves no trace");
    let rel = Path::new("2024/县局.txt");
    let saved = s.update(rel, "abc", "wang", note("第一条")).unwrap();
    let path = b.root().join(".nianbao/review/2024/县局.txt.toml");
    assert_eq!(
        s.state_path(rel).unwrap(),
        s.dir().join("2024/县局.txt.toml")
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("path = \"2024/县局.txt\""), "{text}");
    assert!(text.contains("sha256 = \"abc\""));
    assert!(path.with_file_name("县局.txt.toml.lock").exists());
    assert_eq!(ReviewFile::from_toml(&text).unwrap(), saved.file);
    assert!(s.note_ids_unique(rel));
    // The batch walker never mistakes the state folder for reports.
    let (files, _) = crate::batch::collect(&[b.root().to_path_buf()]);
    assert!(
        files
            .iter()
            .all(|f| !f.to_string_lossy().contains(".nianbao"))
    );
    assert!(matches!(
        s.update(Path::new("../x.txt"), "", "w", note("x")),
        Err(ReviewError::BadPath(_))
    ));
}

impl Store {
    fn note_ids_unique(&self, rel: &Path) -> bool {
        let f = self.load(rel).unwrap();
        let ids: HashSet<&str> = f.notes.iter().map(|n| n.id.as_str()).collect();
        ids.len() == f.notes.len()
    }
}

#[test]
fn review_corrupt_file_is_reported_and_never_overwritten() {
    let b = Batch::new();
    let s = b.store();
    let rel = Path::new("r.txt");
    s.update(rel, "x", "wang", note("ok")).unwrap();
    let path = s.state_path(rel).unwrap();
    let garbage = b"version = 1\npath = \"r.txt\"\n[[note]]\nid = \"unterminated\n\xff".to_vec();
    fs::write(&path, &garbage).unwrap();
    let s2 = b.store();
    let err = s2.load(rel).unwrap_err();
    assert!(err.read_only());
    assert!(matches!(err, ReviewError::Corrupt { .. }));
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    // Saving is refused, by a fresh store and by one that knew the file.
    for store in [&s2, &s] {
        let e = store.update(rel, "x", "wang", note("more")).unwrap_err();
        assert!(e.read_only(), "{e}");
        let e = store.update(rel, "x", "wang", Op::Undo).unwrap_err();
        assert!(e.read_only(), "{e}");
    }
    assert_eq!(fs::read(&path).unwrap(), garbage, "left byte-identical");
    // Valid TOML with a bad field is corrupt too.
    fs::write(
        &path,
        "version = 1\npath = \"r.txt\"\n[verdict]\nstatus = \"maybe\"\n",
    )
    .unwrap();
    let e = s.load(rel).unwrap_err();
    assert!(matches!(e, ReviewError::Corrupt { .. }), "{e}");
}

#[test]
fn review_store_merges_back_what_an_overwrite_lost() {
    let b = Batch::new();
    let s = b.store();
    let rel = Path::new("r.txt");
    s.update(rel, "x", "wang", note("one")).unwrap();
    let path = s.state_path(rel).unwrap();
    let old = fs::read(&path).unwrap();
    s.update(rel, "x", "wang", note("two")).unwrap();
    // Another reviewer saves through their own store meanwhile…
    let other = b.store();
    other.update(rel, "x", "li", note("three")).unwrap();
    // …and then someone restores an old copy (git checkout).
    fs::write(&path, &old).unwrap();
    let f = s.update(rel, "x", "wang", note("four")).unwrap().file;
    let want: HashSet<String> = ["one", "two", "four"].map(String::from).into();
    assert_eq!(texts(&f), want, "what this store saw is merged back");
    let f = other.update(rel, "x", "li", note("five")).unwrap().file;
    assert_eq!(texts(&f).len(), 5);
}

#[test]
fn review_fingerprint_notices_other_writers() {
    let b = Batch::new();
    let (s1, s2) = (b.store(), b.store());
    let rel = Path::new("r.txt");
    assert_eq!(s1.fingerprint(rel), None);
    s1.update(rel, "x", "wang", note("a")).unwrap();
    let fp = s1.fingerprint(rel).unwrap();
    assert_eq!(
        fp.0,
        fs::metadata(s1.state_path(rel).unwrap()).unwrap().len()
    );
    s2.update(rel, "x", "li", note("b")).unwrap();
    assert_ne!(s1.fingerprint(rel), Some(fp));
    assert_eq!(texts(&s1.load(rel).unwrap()).len(), 2);
}

#[test]
fn review_stale_temp_files_are_cleaned() {
    let b = Batch::new();
    let s = b.store();
    let rel = Path::new("r.txt");
    s.update(rel, "x", "wang", note("a")).unwrap();
    let dir = s.dir().to_path_buf();
    let orphan = dir.join(".r.txt.toml.AbC123.tmp");
    fs::write(&orphan, "half a fi").unwrap();
    // A temp file of a save in progress (its lock held) is left alone.
    fs::write(dir.join("busy.txt.toml.lock"), "").unwrap();
    let busy_lock = fs::OpenOptions::new()
        .write(true)
        .open(dir.join("busy.txt.toml.lock"))
        .unwrap();
    busy_lock.lock().unwrap();
    let busy = dir.join(".busy.txt.toml.XyZ789.tmp");
    fs::write(&busy, "writing").unwrap();
    let s2 = b.store();
    assert!(!orphan.exists(), "a dead writer's temp file is removed");
    assert!(busy.exists(), "a live writer's temp file is kept");
    drop(busy_lock);
    // Other tests in this binary fork child writers all the time; a child
    // forked while the lock was held shares it until its exec closes the
    // descriptor. Give that a moment instead of failing at random.
    let mut removed = 0;
    for _ in 0..200 {
        removed += s2.clean_stale_temps();
        if removed > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(removed, 1);
    assert!(!busy.exists());
    assert_eq!(texts(&s2.load(rel).unwrap()).len(), 1);
}

/// Can this process create files in `dir`? (root can, whatever the mode.)
fn can_write(dir: &Path) -> bool {
    let p = dir.join(".write-probe");
    let ok = fs::write(&p, "x").is_ok();
    let _ = fs::remove_file(&p);
    ok
}

#[test]
fn review_read_only_batch_falls_back_to_data_dir() {
    // Variant that works even as root: the state folder cannot be made
    // because `.nianbao` is a file.
    let b = Batch::new();
    fs::write(b.root().join(".nianbao"), "not a folder").unwrap();
    check_fallback(&b);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let b = Batch::new();
        fs::set_permissions(b.root(), fs::Permissions::from_mode(0o555)).unwrap();
        if can_write(b.root()) {
            eprintln!(
                "note: running as root, a read-only folder is writable: permission case skipped"
            );
        } else {
            check_fallback(&b);
        }
        fs::set_permissions(b.root(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn check_fallback(b: &Batch) {
    let s = b.store();
    let fb = s.fallback().expect("fallback in use").to_path_buf();
    assert!(
        fb.starts_with(b.data.path().join("review")),
        "{}",
        fb.display()
    );
    assert!(s.writable());
    let rel = Path::new("r.txt");
    s.update(rel, "x", "wang", note("fallback note")).unwrap();
    assert!(fb.join("r.txt.toml").is_file());
    let canonical = fs::canonicalize(b.root()).unwrap();
    assert_eq!(
        fs::read_to_string(fb.join("batch.txt")).unwrap().trim(),
        canonical.display().to_string()
    );
    // The same batch maps to the same folder next time.
    let again = b.store();
    assert_eq!(again.fallback(), Some(fb.as_path()));
    assert_eq!(texts(&again.load(rel).unwrap()).len(), 1);
    assert!(!b.root().join(".nianbao/review/r.txt.toml").exists());
}

// ---------------------------------------------------------------- processes

const CHILD_ENV: &str = "NIANBAO_REVIEW_CHILD";

/// Start this test binary as a writer: `spec` = "dir|prefix|count" (count 0:
/// until killed).
fn spawn_writer(spec: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "review::tests::review_child_writer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The child's stdout lines, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// The writer run by [`spawn_writer`]: adds notes `<prefix>-<i>` to
/// `r.txt`, printing `SAVED i` after each save returns.
#[test]
#[ignore = "child process of the kill and concurrency tests"]
fn review_child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        eprintln!("{CHILD_ENV} not set: nothing to do");
        return;
    };
    let mut parts = spec.split('|');
    let (dir, prefix, count) = (
        PathBuf::from(parts.next().unwrap()),
        parts.next().unwrap().to_string(),
        parts.next().unwrap().parse::<usize>().unwrap(),
    );
    let s = Store::open_with_data_dir(&dir, None).unwrap();
    let rel = Path::new("r.txt");
    // Until killed: go on numbering after the notes already saved.
    let start = if count == 0 {
        s.load(rel).unwrap().notes.len()
    } else {
        0
    };
    println!("READY");
    let mut i = start;
    while count == 0 || i < count {
        s.update(rel, "sha", &prefix, note(&format!("{prefix}-{i}")))
            .unwrap();
        println!("SAVED {i}");
        i += 1;
    }
}

use crate::testrng::Rng;

#[test]
fn review_sigkill_during_saves_never_tears_the_file() {
    let b = Batch::new();
    let root = b.root().to_string_lossy().into_owned();
    let path = b.root().join(".nianbao/review/r.txt.toml");
    // The seed is printed first, so a failure can be replayed with
    // NIANBAO_TEST_SEED=<seed>.
    let seed = std::env::var("NIANBAO_TEST_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    eprintln!("kill test: seed {seed} (set NIANBAO_TEST_SEED to replay)");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut kills, mut temps_seen, mut saved) = (0, 0, 0usize);
    // A bound on work, not on time (a loaded CI machine is slow, not
    // wrong): each writer is killed 0–30 ms after its first acknowledged
    // save, so every kill adds at least one save.
    const MAX_KILLS: usize = 1000;
    while saved < 1000 {
        assert!(
            kills < MAX_KILLS,
            "{kills} kills and only {saved} saves (seed {seed})"
        );
        let mut child = spawn_writer(&format!("{root}|kill|0"));
        let rx = lines_of(&mut child);
        // libtest's own output comes first (`test … ... READY`).
        loop {
            let l = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("child ready");
            if l.ends_with("READY") {
                break;
            }
        }
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a first save");
        std::thread::sleep(Duration::from_micros(rng.below(30_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        let acked: Vec<usize> = std::iter::once(first)
            .chain(rx.iter())
            .filter_map(|l| l.strip_prefix("SAVED ")?.parse().ok())
            .collect();
        assert!(!acked.is_empty(), "no save acknowledged (seed {seed})");
        temps_seen += fs::read_dir(path.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        if !path.exists() {
            assert!(acked.is_empty(), "a save was acknowledged but no file");
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        assert!(!bytes.is_empty(), "empty state file after kill {kills}");
        let text = String::from_utf8(bytes).expect("torn UTF-8");
        let f = ReviewFile::from_toml(&text)
            .unwrap_or_else(|e| panic!("torn state file after kill {kills}: {e}"));
        let have = texts(&f);
        for i in &acked {
            assert!(
                have.contains(&format!("kill-{i}")),
                "acknowledged save {i} lost"
            );
        }
        assert_eq!(f.notes.len(), have.len(), "note texts unique");
        assert!(f.notes.len() >= saved, "notes went backwards");
        saved = f.notes.len();
    }
    // The next store cleans up the temp files of killed writers.
    let s = Store::open_with_data_dir(b.root(), None).unwrap();
    let left = fs::read_dir(s.dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(left, 0);
    assert!(kills >= 2);
    eprintln!(
        "kill test: {saved} saves, {kills} SIGKILLs, {temps_seen} temp files seen after kills, {:.1} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn review_two_processes_saving_at_once_lose_nothing() {
    let b = Batch::new();
    let root = b.root().to_string_lossy().into_owned();
    let started = Instant::now();
    let mut a = spawn_writer(&format!("{root}|alpha|500"));
    let mut c = spawn_writer(&format!("{root}|beta|500"));
    let (ra, rc) = (lines_of(&mut a), lines_of(&mut c));
    assert!(a.wait().unwrap().success());
    assert!(c.wait().unwrap().success());
    let acks = ra
        .iter()
        .chain(rc.iter())
        .filter(|l| l.starts_with("SAVED"))
        .count();
    assert_eq!(acks, 1000);
    let f = b.store().load(Path::new("r.txt")).unwrap();
    let have = texts(&f);
    if have.len() != 1000 {
        for p in ["alpha", "beta"] {
            for i in 0..500 {
                if !have.contains(&format!("{p}-{i}")) {
                    eprintln!("MISSING {p}-{i}");
                }
            }
        }
        eprintln!("history {} notes {}", f.history.len(), f.notes.len());
        let dir = b.dir.keep();
        eprintln!("kept {}", dir.display());
    }
    assert_eq!(have.len(), 1000);
    assert_eq!(f.notes.len(), 1000);
    for p in ["alpha", "beta"] {
        for i in 0..500 {
            assert!(have.contains(&format!("{p}-{i}")), "{p}-{i} lost");
        }
    }
    assert_eq!(f.history.len(), 1000);
    let reviewers: HashSet<&str> = f.history.iter().map(|h| h.reviewer.as_str()).collect();
    assert_eq!(reviewers, HashSet::from(["alpha", "beta"]));
    // The two writers really overlapped: the history, in the order the saves
    // landed, goes from one writer to the other more than once.
    let switches = f
        .history
        .windows(2)
        .filter(|w| w[0].reviewer != w[1].reviewer)
        .count();
    assert!(
        switches > 1,
        "the writers never overlapped: {switches} switch"
    );
    eprintln!(
        "concurrency test: 2 × 500 saves in {:.1} s, {switches} switches between writers",
        started.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------- summary

#[test]
fn review_summary_counts() {
    let mut f = ReviewFile::new("r.txt");
    let e1 = finding("A01", Severity::Error, &["t3.a"], "x");
    let e2 = finding("A02", Severity::Error, &["t3.b"], "y");
    let w = finding("F01", Severity::Warning, &[], "z");
    let mut i = finding("S08", Severity::Info, &[], "i");
    i.status = RuleStatus::Uncertain;
    f.apply(
        Op::decide(&e1, DecisionKind::Dismissed, "误读"),
        &ctx("wang", 0),
    )
    .unwrap();
    f.apply(Op::decide(&w, DecisionKind::Confirmed, ""), &ctx("wang", 1))
        .unwrap();
    f.apply(note("n"), &ctx("wang", 2)).unwrap();
    f.apply(Op::verdict(Verdict::ChangesRequested, ""), &ctx("wang", 3))
        .unwrap();
    let s = summarize(&f, "aaaa", &[&e1, &e2, &w, &i]);
    assert_eq!(
        (
            s.errors,
            s.warnings,
            s.decided,
            s.undecided,
            s.undecided_errors,
            s.notes
        ),
        (2, 1, 2, 1, 1, 1)
    );
    assert_eq!(s.status, Status::ChangesRequested);
    assert_eq!(
        (s.reviewer.as_str(), s.time.as_str()),
        ("wang", "2026-11-22T14:40:08Z")
    );
    assert_eq!(summarize(&f, "bbbb", &[]).status, Status::Stale);
}
