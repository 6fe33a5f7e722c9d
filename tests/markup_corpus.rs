//! Renders the HTML and DOCX reports of the shared development corpus and
//! checks the tab-separated table lines against the expected readings.
//! Skips (with a note) when `../shared/corpus` is not there.

use std::path::{Path, PathBuf};

mod common;
use common::table_keys;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = corpus();
    let dir = dir.as_path();
    if !dir.is_dir() {
        eprintln!("note: ../shared/corpus is missing; skipping the corpus rendering test");
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("html" | "docx")
            )
        })
        .collect();
    files.sort();
    Some(files)
}

/// Blocks of consecutive lines holding tabs (one block per table).
fn tables(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.contains('\t') {
            cur.push(line);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn trailing_ints(line: &str, n: usize) -> Option<Vec<i64>> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() < n {
        return None;
    }
    fields[fields.len() - n..]
        .iter()
        .map(|f| f.trim().parse::<i64>().ok())
        .collect()
}

fn expected_int(cells: &toml::Table, key: &str) -> i64 {
    cells.get(key).and_then(|v| v.as_integer()).unwrap_or(0)
}

#[test]
fn corpus_markup_reports_render_their_tables() {
    let Some(files) = corpus_files() else { return };
    assert!(
        !files.is_empty(),
        "no .html/.docx files in ../shared/corpus"
    );
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let doc = nianbao::ingest::ingest(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let exp_path = corpus().join("expected").join(format!("{stem}.toml"));
        let exp: toml::Table = std::fs::read_to_string(&exp_path)
            .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()))
            .parse()
            .unwrap();
        let agency = exp["agency"].as_str().unwrap();
        let template = exp["template"].as_str().unwrap();
        let empty = toml::Table::new();
        let cells = exp
            .get("cells")
            .and_then(|c| c.as_table())
            .unwrap_or(&empty);

        // The title comes first.
        let first = doc.text.lines().next().unwrap_or("");
        assert!(
            first.contains(agency) && first.contains("报告"),
            "{name}: first line {first:?}"
        );
        for chrome in ["当前位置", "主办单位", "打印本页", "无障碍浏览"] {
            assert!(!doc.text.contains(chrome), "{name}: {chrome} leaked");
        }

        let tables = tables(&doc.text);
        assert_eq!(tables.len(), 3, "{name}: expected tables 2, 3 and 4");
        for t in &tables {
            let tabs = t[0].matches('\t').count();
            assert!(
                t.iter().all(|l| l.matches('\t').count() == tabs),
                "{name}: ragged table {t:#?}"
            );
        }

        // Table 3: data rows in order, 7 numbers each.
        let t3 = tables
            .iter()
            .find(|t| t.iter().any(|l| l.contains("自然人")))
            .unwrap_or_else(|| panic!("{name}: no table 3"));
        let rows: Vec<Vec<i64>> = t3.iter().filter_map(|l| trailing_ints(l, 7)).collect();
        let keys = table_keys(template, "t3.");
        assert_eq!(rows.len() * 7, keys.len(), "{name}: table 3 rows");
        for (row, keys) in rows.iter().zip(keys.chunks(7)) {
            for (v, k) in row.iter().zip(keys) {
                assert_eq!(*v, expected_int(cells, k), "{name}: {k}");
            }
        }

        // Table 4: one line of 15 numbers.
        let t4 = tables
            .iter()
            .find(|t| t.iter().any(|l| l.contains("行政复议")))
            .unwrap_or_else(|| panic!("{name}: no table 4"));
        let nums: Vec<Vec<i64>> = t4.iter().filter_map(|l| trailing_ints(l, 15)).collect();
        assert_eq!(nums.len(), 1, "{name}: table 4 number rows");
        let mut k = 0;
        for block in ["review", "suit_direct", "suit_after_review"] {
            for col in ["upheld", "corrected", "other", "pending", "total"] {
                let key = format!("t4.{block}.{col}");
                assert_eq!(nums[0][k], expected_int(cells, &key), "{name}: {key}");
                k += 1;
            }
        }

        // Table 2 (2021 layout): the value sits right after the label.
        if template == "2021" {
            let t2 = &tables[0];
            let value = |label: &str, n: usize| -> String {
                let line = t2
                    .iter()
                    .find(|l| l.split('\t').next() == Some(label))
                    .unwrap_or_else(|| panic!("{name}: no row {label}"));
                line.split('\t').nth(n).unwrap().to_string()
            };
            for (label, key, n) in [
                ("规章", "t2.regulations.issued", 1),
                ("规章", "t2.regulations.in_force", 3),
                ("行政规范性文件", "t2.normative_docs.issued", 1),
                ("行政规范性文件", "t2.normative_docs.in_force", 3),
                ("行政许可", "t2.licensing.decisions", 1),
                ("行政处罚", "t2.penalty.decisions", 1),
                ("行政强制", "t2.coercion.decisions", 1),
            ] {
                assert_eq!(
                    value(label, n),
                    expected_int(cells, key).to_string(),
                    "{name}: {key}"
                );
            }
            let fee = value("行政事业性收费", 1);
            let want = cells
                .get("t2.admin_fees.amount")
                .and_then(|v| v.as_float())
                .unwrap_or(0.0);
            assert!(
                (fee.parse::<f64>().unwrap() - want).abs() < 1e-9,
                "{name}: admin fees {fee} vs {want}"
            );
        }
    }
}
