//! Parse + check throughput per layout, in bytes per second.
//!
//! `cargo bench --bench parse`. Inputs: the bundled samples (one report per
//! layout), plus — when `../shared/seeds` and `../shared/corpus` are present —
//! the real seed reports and the synthetic corpus's text reports, grouped by
//! the layout the parser detects ("tabs", "spaced", "markdown", …). Each
//! benchmark's throughput is the bytes of its whole group per iteration.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nianbao::rules::Selection;

fn files(dir: &Path) -> Vec<Vec<u8>> {
    if !dir.is_dir() {
        eprintln!("note: {} not found; skipped", dir.display());
        return Vec::new();
    }
    let (files, _) = nianbao::batch::collect(&[dir.to_path_buf()]);
    files
        .into_iter()
        .filter(|f| {
            f.extension()
                .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        })
        .filter_map(|f| std::fs::read(&f).ok())
        .collect()
}

fn parse_check(bytes: &[u8]) -> usize {
    let Ok(doc) = nianbao::ingest::ingest(bytes) else {
        return 0;
    };
    let r = nianbao::parse::parse(doc);
    nianbao::rules::check(&r, &Selection::default()).len()
}

fn layout(bytes: &[u8]) -> Option<String> {
    let doc = nianbao::ingest::ingest(bytes).ok()?;
    let html = doc.format == nianbao::ingest::Format::Html;
    let r = nianbao::parse::parse(doc);
    let l = format!("{:?}", r.layout).to_lowercase();
    Some(if html { format!("html→{l}") } else { l })
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sets = [
        ("samples", files(&root.join("samples"))),
        ("seeds", files(&root.join("../shared/seeds"))),
        ("corpus", files(&root.join("../shared/corpus"))),
    ];
    let mut g = c.benchmark_group("parse+check");
    for (set, docs) in &sets {
        let mut by: BTreeMap<String, Vec<&Vec<u8>>> = BTreeMap::new();
        for d in docs {
            if let Some(l) = layout(d) {
                by.entry(l).or_default().push(d);
            }
        }
        for (l, docs) in by {
            let bytes: usize = docs.iter().map(|d| d.len()).sum();
            g.throughput(Throughput::Bytes(bytes as u64));
            g.bench_function(format!("{set}/{l} ({} files)", docs.len()), |b| {
                b.iter(|| {
                    docs.iter()
                        .map(|d| parse_check(black_box(d)))
                        .sum::<usize>()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
