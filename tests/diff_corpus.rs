//! The diff over every consecutive-year pair of the shared corpus: the table
//! delta lists exactly the cells whose readings differ, and the X01/X02
//! failures land on the cells they are about.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use nianbao::compare::diff::{DiffOptions, diff_reports, same_value};
use nianbao::model::{CellState, Report, Value};
use nianbao::rules::{Selection, Status};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("pairs.toml").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} not found; corpus diff test skipped",
            dir.display()
        );
        None
    }
}

#[derive(serde::Deserialize)]
struct Pairs {
    pair: Vec<PairSpec>,
}

#[derive(serde::Deserialize)]
struct PairSpec {
    earlier: String,
    later: String,
    #[serde(default)]
    fail: Vec<String>,
    #[serde(default)]
    pass: Vec<String>,
}

fn load(dir: &Path, name: &str) -> Option<Report> {
    match nianbao::batch::load(&dir.join(name), &Selection::default()).report {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("note: {name} unreadable ({e}); pair skipped");
            None
        }
    }
}

/// A reading of a cell, straight from the report: its state and number.
/// Sums of several cells: a number when all are, else the first non-number
/// state by doubt (unparsed, ambiguous, blank).
fn reading(r: &Report, keys: &[String]) -> (CellState, Option<Value>) {
    let cells: Vec<_> = keys.iter().map(|k| r.cell(k).expect(k)).collect();
    for st in [CellState::Unparsed, CellState::Ambiguous, CellState::Blank] {
        if cells.iter().any(|c| c.state == st) {
            return (st, None);
        }
    }
    if keys.len() == 1 {
        return (CellState::Number, cells[0].number());
    }
    let sum: i64 = cells.iter().map(|c| c.int().unwrap()).sum();
    (CellState::Number, Some(Value::Int(sum)))
}

/// The cells whose readings differ, computed from the cells alone: every key
/// both schemas have (but not the 2021-only 其他处理 rows, nor the 2019 one),
/// and the 2019 其他处理 against the sum of the three 2021 rows.
fn expected_changes(a: &Report, b: &Report) -> BTreeSet<String> {
    let (sa, sb) = (a.schema(), b.schema());
    let mut out = BTreeSet::new();
    let differs = |x: (CellState, Option<Value>), y: (CellState, Option<Value>)| {
        x.0 != y.0
            || match (x.1, y.1) {
                (Some(p), Some(q)) => !same_value(p, q),
                _ => false,
            }
    };
    for k in &sb.keys {
        if k.starts_with("t3.other.") || sa.index(k).is_none() {
            continue;
        }
        let (ca, cb) = (a.cell(k).unwrap(), b.cell(k).unwrap());
        // Amounts with their unit in the cell are compared in one unit by the
        // diff; the corpus writes no such pair with different units.
        assert!(
            ca.unit.get().is_none() || cb.unit.get().is_none() || ca.unit == cb.unit,
            "{k}: units differ"
        );
        let one = std::slice::from_ref(k);
        if differs(reading(a, one), reading(b, one)) {
            out.insert(k.clone());
        }
    }
    let split = |s: &nianbao::schema::Schema| s.index("t3.other.no_correction.total").is_some();
    for c in nianbao::schema::T3_COLS {
        let single = vec![format!("t3.other.total.{}", c.key)];
        let parts: Vec<String> = ["no_correction", "unpaid_fee", "other"]
            .iter()
            .map(|r| format!("t3.other.{r}.{}", c.key))
            .collect();
        let (ka, kb) = match (split(sa), split(sb)) {
            (true, true) => {
                // Same template: the rows compare one by one.
                for p in &parts {
                    let one = std::slice::from_ref(p);
                    if differs(reading(a, one), reading(b, one)) {
                        out.insert(p.clone());
                    }
                }
                continue;
            }
            (false, false) => (single.clone(), single.clone()),
            (false, true) => (single.clone(), parts),
            (true, false) => (parts, single.clone()),
        };
        if sa.is_empty() || sb.is_empty() {
            continue;
        }
        if differs(reading(a, &ka), reading(b, &kb)) {
            out.insert(single[0].clone());
        }
    }
    out
}

#[test]
fn corpus_pairs_delta_exactly_the_differing_cells() {
    let Some(dir) = corpus() else { return };
    let text = std::fs::read_to_string(dir.join("pairs.toml")).unwrap();
    let pairs: Pairs = toml::from_str(&text).unwrap();
    assert!(!pairs.pair.is_empty());
    let mut checked = 0;
    let (mut x01_seen, mut x02_seen) = (0, 0);
    for p in &pairs.pair {
        let (Some(a), Some(b)) = (load(&dir, &p.earlier), load(&dir, &p.later)) else {
            continue;
        };
        let name = format!("{} → {}", p.earlier, p.later);
        let d = diff_reports(&a, &b, &DiffOptions::default());
        let got: BTreeSet<String> = d.tables.changed().map(|c| c.key.clone()).collect();
        let want = expected_changes(&a, &b);
        assert_eq!(got, want, "{name}");
        // Every delta is consistent with its sides.
        for c in &d.tables.cells {
            assert_eq!(c.change.is_some(), c.comparable(), "{name} {}", c.key);
            if let (Some(ch), Some(o)) = (c.change, c.old.value) {
                if o.is_zero() {
                    assert!(c.percent.is_none(), "{name} {}", c.key);
                } else {
                    let pct = ch.as_f64() * 100.0 / o.as_f64().abs();
                    assert!((c.percent.unwrap() - pct).abs() < 1e-6, "{name} {}", c.key);
                }
            }
        }
        // X01 and X02 failures land on their cells; nothing else carries them.
        for rule in ["X01", "X02"] {
            let fails: Vec<_> = d
                .findings
                .iter()
                .filter(|f| f.rule == rule && f.status == Status::Fail)
                .collect();
            let mut keys = BTreeSet::new();
            for f in &fails {
                for k in &f.cells {
                    let cell = d
                        .tables
                        .get(k)
                        .unwrap_or_else(|| panic!("{name}: {rule} cell {k} not in the delta"));
                    assert!(cell.rules.contains(&rule), "{name}: {k} lacks {rule}");
                    keys.insert(k.clone());
                }
            }
            for c in &d.tables.cells {
                if c.rules.contains(&rule) {
                    assert!(keys.contains(&c.key), "{name}: {} carries {rule}", c.key);
                }
            }
            let on_right_keys = keys.iter().all(|k| match rule {
                "X01" => k.starts_with("t3.carried_over."),
                _ => k.starts_with("t2.regulations.") || k.starts_with("t2.normative_docs."),
            });
            assert!(on_right_keys, "{name}: {rule} on {keys:?}");
            if rule == "X02" && !fails.is_empty() {
                assert!(keys.iter().any(|k| k.ends_with(".in_force")), "{name}");
            }
            let expect_fail = p.fail.iter().any(|r| r == rule);
            let expect_pass = p.pass.iter().any(|r| r == rule);
            if expect_fail {
                assert!(!keys.is_empty(), "{name}: {rule} should fail on a cell");
                if rule == "X01" {
                    x01_seen += 1;
                } else {
                    x02_seen += 1;
                }
            }
            if expect_pass {
                assert!(keys.is_empty(), "{name}: {rule} should pass, on {keys:?}");
            }
        }
        // The text side: every part is aligned, in order.
        assert_eq!(d.sections.len(), 7, "{name}");
        checked += 1;
    }
    eprintln!("checked {checked} pairs; X01 failures {x01_seen}, X02 failures {x02_seen}");
    assert!(checked >= 20, "only {checked} pairs were readable");
    let expected_x01 = pairs
        .pair
        .iter()
        .filter(|p| p.fail.iter().any(|r| r == "X01"))
        .count();
    assert!(expected_x01 == 0 || x01_seen > 0);
}
