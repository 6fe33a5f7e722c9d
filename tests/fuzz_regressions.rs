//! Replays the fuzz targets' regression inputs (`tests/fixtures/fuzz/<target>/`)
//! through the same harnesses the fuzzers run (`nianbao::fuzzing`), on the
//! stable toolchain: each must end without a panic, and a review state must
//! survive save → load. Files named `seed-*` are valid inputs and must also
//! be read as what they are; other files are crashes the fuzzers found
//! (see `fuzz/README.md`).

use std::fs;
use std::path::{Path, PathBuf};

use nianbao::fuzzing;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect()
}

fn is_seed(name: &str) -> bool {
    name.starts_with("seed-")
}

#[test]
fn ingest_parse_check() {
    for (name, bytes) in inputs("ingest_parse_check") {
        let r = fuzzing::ingest_parse_check(&bytes);
        if is_seed(&name) {
            let r = r.unwrap_or_else(|| panic!("{name}: not read"));
            assert!(!r.sections.is_empty(), "{name}: no section found");
        }
    }
}

#[test]
fn html() {
    for (name, bytes) in inputs("html") {
        let r = fuzzing::html_table(&bytes);
        if is_seed(&name) {
            let r = r.unwrap_or_else(|| panic!("{name}: not read"));
            assert!(r.text().contains("申请人情况"), "{name}: table text lost");
            assert!(!r.doc.grid.is_empty(), "{name}: no table rows");
        }
    }
}

#[test]
fn docx() {
    for (name, bytes) in inputs("docx") {
        let r = fuzzing::docx_document(&bytes);
        if is_seed(&name) {
            let r = r.unwrap_or_else(|| panic!("{name}: not read"));
            assert!(!r.doc.grid.is_empty(), "{name}: no table rows");
        }
    }
}

#[test]
fn pdf() {
    for (name, bytes) in inputs("pdf") {
        let r = fuzzing::pdf(&bytes);
        if is_seed(&name) {
            let r = r.unwrap_or_else(|| panic!("{name}: not read"));
            assert!(r.text().contains("Total"), "{name}: {:?}", r.text());
            assert_eq!(r.doc.pages.len(), 1, "{name}: pages");
        }
    }
}

#[test]
fn review_state() {
    for (name, bytes) in inputs("review_state") {
        let loaded = fuzzing::review_state(&bytes);
        if is_seed(&name) {
            assert!(loaded, "{name}: not a state file");
        }
    }
    assert!(fuzzing::review_state(fuzzing::VALID_STATE.as_bytes()));
}

#[test]
fn diff() {
    for (name, bytes) in inputs("diff") {
        fuzzing::diff(&bytes);
        if is_seed(&name) {
            let (a, b) = fuzzing::split_pair(&bytes);
            assert!(!a.is_empty() && !b.is_empty(), "{name}: one side empty");
        }
    }
}
