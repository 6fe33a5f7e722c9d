//! Hostile files (issue 15 §2–3): each ends with an entry — an error with a
//! clear sentence, or a report — and a file that overruns the per-file
//! budget becomes a `读取超时` entry while the rest of the batch is read.
//! Times and memory are measured by `cargo bench --bench hostile` (debug
//! builds are too slow to time), so these tests assert outcomes.

mod hostile_gen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use nianbao::batch;
use nianbao::ingest::Deadline;
use nianbao::rules::Selection;

fn outcome(name: &str, bytes: &[u8]) -> Result<String, String> {
    let e = batch::load_bytes(Path::new(name), bytes, &Selection::default());
    e.report.map(|_| String::new())
}

#[test]
fn every_hostile_input_ends_with_an_entry() {
    for (name, bytes) in hostile_gen::all() {
        let t = std::time::Instant::now();
        let r = outcome(name, &bytes);
        eprintln!("{name}: {:?} in {:?}", r, t.elapsed());
        if let Err(m) = &r {
            assert!(!m.trim().is_empty(), "{name}");
            assert!(!m.contains("内部错误"), "{name} panicked: {m}");
            assert!(
                !m.contains("读取超时"),
                "{name} ran into the default budget: {m}"
            );
        }
        let want: Option<&str> = match name {
            "html_deep_100k.html" => Some("nested too deeply"),
            "html_1m_cells.html" => Some("too many elements"),
            "docx_bomb_2g.docx" => Some("larger than 64 MiB"),
            "docx_bomb_lying.docx" => Some("larger than"),
            "text_16mb_line.txt" | "text_1m_rows.txt" => Some("文本过长"),
            _ => None,
        };
        if let Some(w) = want {
            let m = r.as_ref().expect_err(name);
            assert!(m.contains(w), "{name}: {m}");
        }
    }
}

#[test]
fn modest_nesting_and_tables_still_read() {
    // Well inside the limits: read as a report.
    for (name, bytes) in [
        ("deep.html", hostile_gen::html_deep(2000)),
        ("cells.html", hostile_gen::html_cells(200, 200)),
    ] {
        let e = batch::load_bytes(Path::new(name), &bytes, &Selection::default());
        let r = e.report.unwrap_or_else(|m| panic!("{name}: {m}"));
        assert!(r.text().contains("政府信息公开工作年度报告"), "{name}");
    }
}

#[test]
fn a_passed_deadline_stops_every_reader() {
    let sel = Selection::default();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let inputs: Vec<(String, Vec<u8>)> = [
        ("a.html", hostile_gen::html_cells(200, 200)),
        ("a.docx", hostile_gen::docx_deep(2000)),
        ("a.pdf", hostile_gen::pdf_many_ops(10_000)),
        ("a.txt", hostile_gen::text_rows(1000)),
    ]
    .into_iter()
    .map(|(n, b)| (n.to_string(), b))
    .chain(batch::collect(&[samples]).0.into_iter().map(|p| {
        let b = std::fs::read(&p).unwrap();
        (p.display().to_string(), b)
    }))
    .collect();
    for (name, bytes) in inputs {
        let e = batch::load_bytes_until(
            Path::new(&name),
            &bytes,
            &sel,
            Deadline::after(Duration::ZERO),
        );
        let m = e.report.expect_err(&name);
        assert!(m.starts_with("读取超时"), "{name}: {m}");
        assert!(m.contains("read timed out after 0 s"), "{name}: {m}");
        // With time to spare the same bytes read as before.
        let e = batch::load_bytes_until(Path::new(&name), &bytes, &sel, Deadline::NONE);
        assert!(
            !e.report.as_ref().is_err_and(|m| m.contains("读取超时")),
            "{name}"
        );
    }
}

/// `nianbao check --file-timeout`: the slow file is a timeout entry, the
/// others are read normally, and the run ends.
#[test]
fn check_reports_the_slow_file_and_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (files, _) = batch::collect(&[samples]);
    let mut names: Vec<PathBuf> = Vec::new();
    for f in &files {
        let to = dir.path().join(f.file_name().unwrap());
        std::fs::copy(f, &to).unwrap();
        names.push(to);
    }
    // Seconds of work in a release build, far more than the budget.
    let slow = dir.path().join("zz-slow.pdf");
    std::fs::write(&slow, hostile_gen::pdf_many_ops(10_000_000)).unwrap();
    // The slow file's time depends on the build and the machine: the budget
    // shrinks until it is over it (a release build on a quiet machine reads
    // it in well under a second); the other files must read normally at
    // that budget.
    let mut budget_used = None;
    for budget in ["0.5", "0.1", "0.02"] {
        let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["check", "--format", "json", "--file-timeout", budget])
            .arg(dir.path())
            .env("NIANBAO_CONFIG_DIR", dir.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let reports = v["reports"].as_array().unwrap();
        assert_eq!(reports.len(), files.len() + 1);
        let slow_entry = reports
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with("zz-slow.pdf"))
            .expect("the slow file has its entry");
        let e = slow_entry["error"].as_str().expect("an error entry");
        if !e.contains("读取超时") {
            continue;
        }
        assert!(
            e.contains(&format!("read timed out after {budget} s")),
            "{e}"
        );
        for r in reports.iter().filter(|r| !std::ptr::eq(*r, slow_entry)) {
            assert!(r["error"].is_null(), "{}: {}", r["path"], r["error"]);
        }
        budget_used = Some(budget);
        break;
    }
    assert!(budget_used.is_some(), "the slow file never timed out");
    // The config file's key sets the budget when the flag is not given.
    std::fs::write(
        dir.path().join("config.toml"),
        format!("file_timeout = {}\n", budget_used.unwrap()),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .arg(&slow)
        .env("NIANBAO_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = v["reports"][0]["error"].as_str().expect("an error entry");
    assert!(e.contains("读取超时"), "{e}");
}
