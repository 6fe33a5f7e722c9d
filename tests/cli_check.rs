//! `nianbao check` end to end: JSON contract, exit codes, adversarial folders.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Reports to mix in: the seeds when present, else our samples.
fn good_reports() -> Vec<std::path::PathBuf> {
    let seeds = root().join("../shared/seeds");
    let dir = if seeds.is_dir() {
        seeds
    } else {
        eprintln!("note: ../shared/seeds not found; using samples/");
        root().join("samples")
    };
    let (files, _) = nianbao::batch::collect(&[dir]);
    files
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn adversarial_folder_never_panics_and_reports_each_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_reports();
    for f in &good {
        std::fs::copy(f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    let sample = std::fs::read(&good[0]).unwrap();
    let mut rng = Rng(0x00c0_ffee_1234_5678);
    let mut unreadable = Vec::new();
    let mut n = 0;
    let put = |name: String, bytes: Vec<u8>, must_fail: bool, unreadable: &mut Vec<String>| {
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        if must_fail {
            unreadable.push(name);
        }
    };
    for i in 0..15 {
        let mut b = rng.bytes(200 + i * 97);
        b[3] = 0;
        b[50..70].fill(0);
        put(format!("bin{i}.dat"), b, true, &mut unreadable);
        n += 1;
    }
    for i in 0..10 {
        put(
            format!("empty{i}.txt"),
            " \n".repeat(i).into_bytes(),
            true,
            &mut unreadable,
        );
        n += 1;
    }
    for i in 0..10 {
        let mut b = b"%PDF-1.7\n".to_vec();
        b.extend(rng.bytes(300 + i * 10));
        put(format!("fake{i}.pdf"), b, true, &mut unreadable);
        n += 1;
    }
    for i in 0..5 {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(rng.bytes(500));
        put(format!("broken{i}.docx"), b, true, &mut unreadable);
        n += 1;
    }
    for i in 0..20 {
        let cut = (sample.len() * (i + 1) / 21).min(sample.len());
        put(
            format!("truncated{i}.txt"),
            sample[..cut].to_vec(),
            false,
            &mut unreadable,
        );
        n += 1;
    }
    for i in 0..20 {
        let mut b = sample.clone();
        for _ in 0..10 {
            let at = (rng.next() as usize) % b.len();
            b[at] = rng.next() as u8;
        }
        let at = (rng.next() as usize) % b.len();
        b.splice(
            at..at,
            b"\x1b]0;pwned\x07\x1b[2J\x07\x08\x7f".iter().copied(),
        );
        put(format!("mutated{i}.txt"), b, false, &mut unreadable);
        n += 1;
    }
    for i in 0..10 {
        let s: String = (0..400)
            .map(|_| char::from_u32(0x4e00 + (rng.next() % 0x5000) as u32).unwrap())
            .collect();
        let (gb, _, _) = encoding_rs::GB18030.encode(&s);
        put(
            format!("gb{i}.txt"),
            gb.into_owned(),
            false,
            &mut unreadable,
        );
        n += 1;
    }
    for i in 0..9 {
        let mut b = vec![0xFF, 0xFE];
        for u in "年度报告\u{1b}[31m ".repeat(i + 1).encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        put(format!("utf16_{i}.txt"), b, false, &mut unreadable);
        n += 1;
    }
    // 50 MB.
    let huge = sample.repeat((50 << 20) / sample.len() + 1);
    put("huge.txt".into(), huge, true, &mut unreadable);
    n += 1;
    assert_eq!(n, 100);

    let out = bin()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = doc["reports"].as_array().unwrap();
    assert_eq!(reports.len(), n + good.len());
    for name in &unreadable {
        let r = reports
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name.as_str()))
            .unwrap_or_else(|| panic!("{name} missing from output"));
        assert!(
            r["error"].is_string(),
            "{name} should have an error entry: {r}"
        );
    }
    // Every report from the good folder still reads.
    for f in &good {
        let name = f.file_name().unwrap().to_string_lossy();
        let r = reports
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name.as_ref()))
            .unwrap();
        assert!(r["error"].is_null(), "{name}: {}", r["error"]);
    }
    // No panic message leaked, and the text output carries no escape sequence.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let text = bin()
        .arg("check")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !text.stdout.contains(&0x1b),
        "escape byte reached the terminal output"
    );
    assert!(!text.stdout.contains(&0x07));
}

#[test]
fn json_follows_the_output_contract() {
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(root().join("samples"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "samples carry deliberate errors"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let reports = doc["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 6);
    for r in reports {
        for key in [
            "path", "sha256", "format", "encoding", "agency", "year", "template", "period",
            "cells", "findings", "error",
        ] {
            assert!(r.get(key).is_some(), "missing {key}");
        }
        if r["error"].is_null() {
            let cells = r["cells"].as_object().unwrap();
            let want = if r["template"] == "2019" { 198 } else { 200 };
            assert_eq!(cells.len(), want);
            for c in cells.values() {
                assert!(
                    ["number", "blank", "unparsed", "ambiguous"]
                        .contains(&c["state"].as_str().unwrap())
                );
                assert_eq!(c["value"].is_null(), c["state"] != "number");
            }
            assert_eq!(r["sha256"].as_str().unwrap().len(), 64);
        }
    }
    let flat = reports
        .iter()
        .find(|r| r["path"].as_str().unwrap().contains("云溪街道办事处-2021"))
        .unwrap();
    let n01 = flat["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "N01")
        .expect("N01");
    assert_eq!(n01["severity"], "error");
    assert_eq!(n01["status"], "fail");
    assert!(
        n01["cells"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "t3.new_received.total")
    );
    let pairs = doc["pairs"].as_array().unwrap();
    assert!(pairs.iter().any(|p| {
        p["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "X01")
    }));
}

/// `sample` with its title line replaced by `title` and its years moved.
fn retitled(sample: &str, title: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join("samples").join(sample)).unwrap();
    let body = text.split_once('\n').unwrap().1.replace(from, to);
    format!("{title}\n{body}")
}

#[test]
fn json_pairs_one_agency_under_two_spellings() {
    // "洪泽区人民政府" one year, "淮安市洪泽区人民政府" the next: one pair,
    // X09 names the change; the city's own 商务局 stays apart.
    let dir = tempfile::tempdir().unwrap();
    let sample = "青禾县交通运输局-2023.txt";
    for (file, title, year) in [
        (
            "a.txt",
            "洪泽区人民政府2023年政府信息公开工作年度报告",
            "2023年",
        ),
        (
            "b.txt",
            "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
            "2024年",
        ),
        (
            "c.txt",
            "淮安市商务局2024年政府信息公开工作年度报告",
            "2024年",
        ),
    ] {
        let text = retitled(sample, title, "2023年", year);
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    let p = &pairs[0];
    assert_eq!(p["agency"], "淮安市洪泽区人民政府");
    assert!(p["earlier"].as_str().unwrap().ends_with("a.txt"));
    assert!(p["later"].as_str().unwrap().ends_with("b.txt"));
    let x09 = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "X09")
        .expect("X09");
    assert_eq!(x09["severity"], "warning");
    assert_eq!(x09["status"], "fail");
    assert_eq!(x09["lines"], serde_json::json!([1]));
    assert!(
        x09["message"]
            .as_str()
            .unwrap()
            .contains("「洪泽区人民政府」")
    );
}

#[test]
fn usage_errors_exit_2_and_rules_are_listed() {
    assert_eq!(
        bin()
            .args(["check", "--bogus"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        bin()
            .args(["check", "--select", "Z99", "samples"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let out = bin().args(["check", "--rules"]).output().unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    for id in [
        "S01", "S13", "A01", "A06", "L03", "T05", "X01", "X07", "X09", "N01", "N09", "F03", "Q02",
        "Q04",
    ] {
        assert!(
            listing.lines().any(|l| l.starts_with(id)),
            "--rules lacks {id}"
        );
    }
    // --select narrows the findings.
    let out = bin()
        .args(["check", "--format", "json", "--select", "T03"])
        .arg(root().join("samples"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap())
        })
        .collect();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| *r == "T03"),
        "{rules:?}"
    );
}
