//! `nianbao diff` end to end on the bundled samples: plain markers when not a
//! terminal, the JSON structure, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn diff(args: &[&str], old: &str, new: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("diff")
        .args(args)
        .arg(sample(old))
        .arg(sample(new))
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

const QH_OLD: &str = "青禾县交通运输局-2023.txt";
const QH_NEW: &str = "青禾县交通运输局-2024.md";

#[test]
fn text_output_uses_plain_markers_and_fails_on_an_x01_error() {
    let out = diff(&[], QH_OLD, QH_NEW);
    assert_eq!(out.status.code(), Some(1), "X01 on the total is an error");
    let s = String::from_utf8(out.stdout).unwrap();
    // Not a terminal: no escape codes, plain markers.
    assert!(!s.contains('\x1b'));
    assert!(s.contains("[-2023-]{+2024+}"), "{s}");
    assert!(s.lines().any(|l| l.starts_with('~')));
    // The changed carried-over total, with its rule.
    let line = s
        .lines()
        .find(|l| l.trim_start().starts_with("t3.carried_over.total "))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.contains("0 → 2") && line.contains("[X01]"), "{line}");
    assert!(s.contains("X01") && s.contains("总计列"));
}

#[test]
fn json_output_has_sections_deltas_and_findings() {
    let out = diff(&["--format", "json"], QH_OLD, QH_NEW);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["error"], true);
    let sections = v["sections"].as_array().unwrap();
    let ids: Vec<&str> = sections.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["preamble", "s1", "s2", "s3", "s4", "s5", "s6"]);
    // A replaced row carries inline segments on both sides and its ranges.
    let row = sections
        .iter()
        .flat_map(|s| s["rows"].as_array().unwrap())
        .find(|r| r["op"] == "replace")
        .expect("a replace row");
    for side in ["old", "new"] {
        let segs = row[side]["segments"].as_array().unwrap();
        assert!(segs.iter().any(|g| g["changed"] == true));
        assert!(segs.iter().any(|g| g["changed"] == false));
        let r = row[side]["range"].as_array().unwrap();
        assert!(r[0].as_u64().unwrap() < r[1].as_u64().unwrap());
    }
    let cells = v["tables"]["cells"].as_array().unwrap();
    let c = cells
        .iter()
        .find(|c| c["key"] == "t3.carried_over.total")
        .unwrap();
    assert_eq!(c["old"]["value"], 0);
    assert_eq!(c["new"]["value"], 2);
    assert_eq!(c["change"], 2);
    assert!(c["percent"].is_null());
    assert_eq!(c["rules"], serde_json::json!(["X01"]));
    let f = v["findings"].as_array().unwrap();
    assert!(
        f.iter()
            .any(|f| f["rule"] == "X01" && f["severity"] == "error")
    );
}

#[test]
fn across_the_format_change_exits_zero_and_lists_unmapped_rows() {
    let out = diff(&[], "云溪街道办事处-2020.txt", "云溪街道办事处-2021.txt");
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("X05"));
    assert!(s.contains("t2.procurement"), "{s}");
    assert!(s.contains("模板 2019 → 2021"));
}

#[test]
fn bad_usage_and_unreadable_input_exit_two() {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["diff", "only-one-file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 0, 1, 2, 3]).unwrap();
    for bad in [&missing, &garbage] {
        let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("diff")
            .arg(sample(QH_OLD))
            .arg(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", bad.display());
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}
