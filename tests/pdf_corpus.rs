//! Development check on PDFs made from the shared corpus by
//! `scripts/make-test-pdfs.sh` (not committed): every table-2 row, table-3 row
//! and the table-4 row must come out with its numbers in the right cells.
//! Skips when `target/test-pdfs` or `../shared` is absent (CI, where
//! `tests/sample_pdfs.rs` checks the committed PDFs of our own samples).

use std::collections::HashMap;
use std::path::Path;

mod common;
use common::table_keys;

fn t2_keys(label: &str, template: &str) -> Option<Vec<&'static str>> {
    let v = match (label, template) {
        ("规章", "2021") => vec![
            "regulations.issued",
            "regulations.repealed",
            "regulations.in_force",
        ],
        ("行政规范性文件", "2021") => vec![
            "normative_docs.issued",
            "normative_docs.repealed",
            "normative_docs.in_force",
        ],
        ("行政许可", "2021") => vec!["licensing.decisions"],
        ("行政处罚", "2021") => vec!["penalty.decisions"],
        ("行政强制", "2021") => vec!["coercion.decisions"],
        ("行政事业性收费", "2021") => vec!["admin_fees.amount"],
        ("规章", _) => vec![
            "regulations.new_made",
            "regulations.new_published",
            "regulations.total_published",
        ],
        ("规范性文件", _) => vec![
            "normative_docs.new_made",
            "normative_docs.new_published",
            "normative_docs.total_published",
        ],
        ("行政许可", _) => vec![
            "licensing.prev_items",
            "licensing.delta",
            "licensing.decisions",
        ],
        ("其他对外管理服务事项", _) => vec![
            "other_services.prev_items",
            "other_services.delta",
            "other_services.decisions",
        ],
        ("行政处罚", _) => vec!["penalty.prev_items", "penalty.delta", "penalty.decisions"],
        ("行政强制", _) => vec![
            "coercion.prev_items",
            "coercion.delta",
            "coercion.decisions",
        ],
        ("行政事业性收费", _) => vec!["admin_fees.prev_items", "admin_fees.delta"],
        ("政府集中采购", _) => vec!["procurement.projects", "procurement.amount"],
        _ => return None,
    };
    Some(v)
}

fn is_num(s: &str) -> bool {
    let s = s.trim().trim_start_matches(['+', '-']);
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn check(pdf: &Path, expected: &toml::Table) -> Vec<String> {
    let mut problems = Vec::new();
    let template = expected["template"].as_str().unwrap_or("2021").to_string();
    let cells = expected
        .get("cells")
        .and_then(|c| c.as_table())
        .cloned()
        .unwrap_or_default();
    let want = |key: &str| -> f64 {
        match cells.get(key) {
            Some(toml::Value::Integer(i)) => *i as f64,
            Some(toml::Value::Float(f)) => *f,
            _ => 0.0,
        }
    };
    let blank: Vec<String> = expected
        .get("blank")
        .and_then(|b| b.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let out = match nianbao::ingest::pdf::extract(&std::fs::read(pdf).unwrap()) {
        Ok(o) => o,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let rows: Vec<Vec<&str>> = out
        .text
        .lines()
        .filter(|l| l.contains('\t'))
        .map(|l| l.split('\t').collect())
        .collect();
    // Every row of one table has the same number of cells.
    let mut got: HashMap<String, String> = HashMap::new();
    // Table 3: rows ending in 7 numbers (table 4's row has 15).
    let t3_rows: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r.len() >= 8 && r[r.len() - 7..].iter().all(|c| is_num(c) || c.is_empty()))
        .filter(|r| r.iter().filter(|c| is_num(c)).count() < 15)
        .filter(|r| r[r.len() - 7..].iter().any(|c| is_num(c)))
        .collect();
    let keys = table_keys(&template, "t3.");
    if t3_rows.len() * 7 != keys.len() {
        problems.push(format!(
            "table 3: {} numeric rows, want {}",
            t3_rows.len(),
            keys.len() / 7
        ));
    }
    for (row, keys) in t3_rows.iter().zip(keys.chunks(7)) {
        for (c, k) in keys.iter().enumerate() {
            got.insert(k.clone(), row[row.len() - 7 + c].to_string());
        }
    }
    match rows
        .iter()
        .find(|r| r.len() == 15 && r.iter().all(|c| is_num(c) || c.is_empty()))
    {
        Some(r) => {
            for (c, key) in table_keys(&template, "t4.").into_iter().enumerate() {
                got.insert(key, r[c].to_string());
            }
        }
        None => problems.push("table 4: no row of 15 cells".into()),
    }
    for r in &rows {
        let label = r[0].trim();
        if let Some(keys) = t2_keys(label, &template) {
            let nums: Vec<&str> = r[1..].iter().copied().filter(|c| !c.is_empty()).collect();
            for (i, key) in keys.iter().enumerate() {
                got.insert(format!("t2.{key}"), nums.get(i).unwrap_or(&"").to_string());
            }
        }
    }
    for (key, text) in &got {
        if blank.contains(key) {
            if !matches!(text.as_str(), "/" | "-" | "—" | "") {
                problems.push(format!("{key}: got {text:?}, want blank"));
            }
            continue;
        }
        let value: Option<f64> = text.trim().trim_start_matches('+').parse().ok();
        if value != Some(want(key)) {
            problems.push(format!("{key}: got {text:?}, want {}", want(key)));
        }
    }
    for key in cells.keys() {
        if (key.starts_with("t3.") || key.starts_with("t4.") || key.starts_with("t2."))
            && !got.contains_key(key)
        {
            problems.push(format!("{key}: not found"));
        }
    }
    problems
}

#[test]
fn corpus_pdfs_have_their_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/test-pdfs");
    let expected_dir = root.join("../shared/corpus/expected");
    if !dir.is_dir() || !expected_dir.is_dir() {
        eprintln!(
            "skipped: run scripts/make-test-pdfs.sh (needs ../shared) to make target/test-pdfs"
        );
        return;
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for pdf in entries {
        let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let stem = name.trim_end_matches("-chromium");
        let toml_path = expected_dir.join(format!("{stem}.toml"));
        if pdf.extension().is_none_or(|e| e != "pdf") || !toml_path.exists() {
            continue;
        }
        let expected: toml::Table = std::fs::read_to_string(&toml_path)
            .unwrap()
            .parse()
            .unwrap();
        let problems = check(&pdf, &expected);
        checked += 1;
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    eprintln!("checked {checked} corpus PDFs");
    // A folder with no PDF that has an expected reading checks nothing: that
    // is a failure, not a pass (tests/sample_pdfs.rs is the check CI runs).
    assert!(
        checked > 0,
        "no corpus PDF in {} was checked",
        dir.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
