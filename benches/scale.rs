//! Scale: X07 alone at 2k / 10k / 20k sections (linear growth), its recall
//! against the brute-force reference, and `check` throughput on a batch.
//!
//! `cargo bench --bench scale`. A plain timing binary (best of three runs
//! each), not criterion: one run of the 10k batch takes seconds. Inputs:
//!
//! - `NIANBAO_SCALE_10K` and `NIANBAO_SCALE_20K`: the unpacked benchmark
//!   batches (`../shared/bench/scale-*.tar.xz`, e.g.
//!   `/tmp/bench10k/scale-10k`); each part is skipped with a note when its
//!   variable is unset;
//! - always: synthetic sections with planted near copies
//!   ([`nianbao::compare::reuse::synthetic`]).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nianbao::batch::{self, Entry};
use nianbao::compare::{self, reuse};
use nianbao::model::Report;
use nianbao::rules::Selection;
use nianbao::schema::SectionId;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.unwrap())
}

fn dir(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(d) if PathBuf::from(&d).is_dir() => Some(PathBuf::from(d)),
        _ => {
            println!("note: {var} unset or not a folder; skipped");
            None
        }
    }
}

fn load(dir: &PathBuf) -> Vec<Entry> {
    let (files, _) = batch::collect(std::slice::from_ref(dir));
    batch::load_all(&files, &Selection::default())
}

fn sections(reports: &[Option<&Report>]) -> usize {
    reports
        .iter()
        .flatten()
        .map(|r| {
            [SectionId::S1, SectionId::S5]
                .iter()
                .filter(|&&s| r.section_text(s).is_some())
                .count()
        })
        .sum()
}

/// Recall of the fast search against the brute force, over some texts.
/// Returns (texts, pairs ≥ 90 % the brute force finds, of those found,
/// found with a different source).
fn recall(items: &[(usize, u64, &str)]) -> (usize, usize, usize, usize) {
    let idx = reuse::Index::build(items.iter().copied());
    let fast = idx.near_duplicates(0.9);
    let brute = idx.brute_force(0.9);
    let mut found = 0;
    let mut other = 0;
    for b in &brute {
        if let Some(f) = fast.iter().find(|f| f.0 == b.0) {
            found += 1;
            if f.2 != b.2 {
                other += 1;
            }
        }
    }
    // Everything the fast search reports is exact and also found by the
    // brute force.
    assert!(fast.iter().all(|f| brute.iter().any(|b| b.0 == f.0)));
    (idx.len(), brute.len(), found, other)
}

fn print_recall(what: &str, r: (usize, usize, usize, usize)) {
    let (n, pos, found, other) = r;
    println!(
        "X07 recall {what}: {n} texts, {pos} with a source ≥ 90 % (brute force), {found} found = {:.2} % ({other} name another equally valid source)",
        if pos == 0 {
            100.0
        } else {
            found as f64 * 100.0 / pos as f64
        }
    );
}

fn main() {
    // As the binary does at start-up.
    nianbao::tune_allocator();
    // Synthetic: X07 alone, and recall.
    for n in [2_000, 10_000, 20_000] {
        let items = reuse::synthetic(n, 7);
        let (t, d) = best_of(3, || {
            let idx = reuse::Index::build(items.iter().map(|(o, g, t)| (*o, *g, t.as_str())));
            idx.near_duplicates(0.9).len()
        });
        println!(
            "X07 synthetic {n:>6} sections: {:>8.1} ms ({d} found, {:.2} µs/section)",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / n as f64
        );
    }
    let items = reuse::synthetic(3_000, 11);
    let refs: Vec<(usize, u64, &str)> =
        items.iter().map(|(o, g, t)| (*o, *g, t.as_str())).collect();
    print_recall("synthetic", recall(&refs));

    // The benchmark batches.
    let b10 = dir("NIANBAO_SCALE_10K");
    let b20 = dir("NIANBAO_SCALE_20K");
    if let Some(d) = &b10 {
        let bytes: u64 = batch::collect(std::slice::from_ref(d))
            .0
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let (t, n) = best_of(3, || {
            let sel = Selection::default();
            let mut entries = load(d);
            let pairs = batch::pair_up(&mut entries, &sel);
            let mut sink = std::io::sink();
            nianbao::cli::json::write_document(&mut sink, &entries, &pairs, false).unwrap();
            entries.len()
        });
        println!(
            "check 10k (load + pairs + X07 + compact JSON to a sink): {n} files, {:.2} s, {:.1} MB/s",
            t.as_secs_f64(),
            bytes as f64 / 1e6 / t.as_secs_f64()
        );
    }
    // X07 alone on real sections: the first 1k / 5k / 10k reports (2k / 10k
    // / 20k sections) of the largest batch given.
    if let Some(d) = b20.as_ref().or(b10.as_ref()) {
        let entries = load(d);
        let reports: Vec<Option<&Report>> =
            entries.iter().map(|e| e.report.as_ref().ok()).collect();
        for n in [1_000, 5_000, 10_000, 20_000] {
            if n > reports.len() {
                continue;
            }
            let part = &reports[..n];
            let (t, f) = best_of(3, || black_box(compare::reuse_across(part)).len());
            let s = sections(part);
            println!(
                "X07 {} {n:>6} reports, {s:>6} sections: {:>8.1} ms ({f} findings, {:.2} µs/section)",
                d.display(),
                t.as_secs_f64() * 1e3,
                t.as_secs_f64() * 1e6 / s as f64
            );
        }
        // Recall on the first 3,000 reports, each kind of section alone.
        let part = &reports[..reports.len().min(3_000)];
        let keys = compare::agency_keys(part);
        let mut groups = std::collections::HashMap::new();
        let group: Vec<u64> = keys
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                let n = groups.len() as u64;
                *groups
                    .entry(k.unwrap_or_else(|| format!("#{i}")))
                    .or_insert(n)
            })
            .collect();
        for id in [SectionId::S1, SectionId::S5] {
            let items: Vec<(usize, u64, &str)> = part
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.and_then(|r| r.section_text(id)).map(|t| (i, group[i], t)))
                .collect();
            print_recall(&format!("{} {:?}", d.display(), id), recall(&items));
        }
    }
}
