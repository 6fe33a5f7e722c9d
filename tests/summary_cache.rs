//! `status` and `export --format csv|json` keep a batch's results in a cache
//! (`NIANBAO_CACHE_DIR`) and use it only while every file of the batch has
//! the bytes it had when they were computed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn nianbao(cache: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_CACHE_DIR", cache)
        .env("NIANBAO_CONFIG_DIR", cache.join("config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of the bundled samples.
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for e in fs::read_dir(samples).unwrap() {
        let p = e.unwrap().path();
        if !p.ends_with("README.md") {
            fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn cache_file(cache: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(cache.join("batches"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one cache file per batch: {files:?}");
    files[0].clone()
}

/// Add a made-up error finding to the first report in the cache file.
fn poison(cache: &Path) {
    let path = cache_file(cache);
    let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    doc["reports"][0]["findings"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "rule": "A01", "severity": "error", "status": "fail",
            "message": "缓存里的问题", "cells": ["t1.poisoned"], "lines": [1], "spans": []
        }));
    fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
}

fn first_errors(csv: &str) -> String {
    let row = csv.lines().nth(1).unwrap();
    row.split(',').nth(8).unwrap().to_string()
}

#[test]
fn a_second_run_reads_the_cache_and_says_the_same() {
    let (dir, cache) = (batch(), tempfile::tempdir().unwrap());
    let d = dir.path().to_str().unwrap();
    let cold = nianbao(cache.path(), &["status", d]);
    let cold_csv = nianbao(cache.path(), &["export", d]);
    assert!(cache_file(cache.path()).exists());
    assert_eq!(nianbao(cache.path(), &["status", d]), cold);
    assert_eq!(nianbao(cache.path(), &["export", d]), cold_csv);
    let json = nianbao(cache.path(), &["export", "--format", "json", d]);
    assert!(json.contains("\"errors\""), "{json}");

    // The cache is what the warm run read: a finding planted in it shows.
    let before = first_errors(&cold_csv);
    poison(cache.path());
    let planted = first_errors(&nianbao(cache.path(), &["export", d]));
    assert_eq!(
        planted.parse::<u32>().unwrap(),
        before.parse::<u32>().unwrap() + 1
    );
}

#[test]
fn a_changed_file_of_the_same_size_means_a_new_check() {
    let (dir, cache) = (batch(), tempfile::tempdir().unwrap());
    let d = dir.path().to_str().unwrap();
    let cold_csv = nianbao(cache.path(), &["export", d]);
    poison(cache.path());
    // Change one byte of the first report (same length, same time stamp
    // granularity): its hash differs, so the planted finding goes.
    let first = cold_csv.lines().nth(1).unwrap().split(',').next().unwrap();
    let path = dir.path().join(first);
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.iter().rposition(|b| b.is_ascii_digit()).unwrap();
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    fs::write(&path, &bytes).unwrap();
    nianbao(cache.path(), &["export", d]);
    assert!(
        !fs::read_to_string(cache_file(cache.path()))
            .unwrap()
            .contains("缓存里的问题"),
        "the cache was written again from a full check"
    );
}

#[test]
fn a_damaged_cache_or_another_rule_selection_is_not_used() {
    let (dir, cache) = (batch(), tempfile::tempdir().unwrap());
    let d = dir.path().to_str().unwrap();
    let cold = nianbao(cache.path(), &["export", d]);
    fs::write(cache_file(cache.path()), b"{\"version\": 1, \"tool\": ").unwrap();
    assert_eq!(nianbao(cache.path(), &["export", d]), cold);
    // A new file in the batch: not the cached list of files.
    poison(cache.path());
    fs::copy(
        dir.path().join("云溪街道办事处-2020.txt"),
        dir.path().join("云溪街道办事处-2020-副本.txt"),
    )
    .unwrap();
    let more = nianbao(cache.path(), &["export", d]);
    assert_eq!(more.lines().count(), cold.lines().count() + 1);
    assert!(
        !fs::read_to_string(cache_file(cache.path()))
            .unwrap()
            .contains("缓存里的问题"),
        "the cache was written again from a full check"
    );
}
