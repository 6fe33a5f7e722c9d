//! Parse + check throughput per layout, in bytes per second.
//!
//! `cargo bench --bench parse`. Inputs are the bundled samples (one per
//! layout), plus a tab-separated report scaled up in its text so that a
//! measurement is not dominated by fixed per-report costs.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nianbao::rules::Selection;

fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (files, _) = nianbao::batch::collect(&[dir]);
    files
        .into_iter()
        .map(|f| {
            let b = std::fs::read(&f).unwrap();
            (f.file_name().unwrap().to_string_lossy().to_string(), b)
        })
        .collect()
}

fn layout_of(name: &str) -> &'static str {
    match name {
        n if n.contains("青禾县交通运输局-2023") => "tabs",
        n if n.ends_with(".md") => "markdown",
        n if n.contains("南屿市人民政府-2022") => "pdf-text (gb18030)",
        n if n.ends_with(".html") => "html",
        n if n.contains("云溪街道办事处-2020") => "cell-per-line",
        _ => "flat",
    }
}

fn parse_check(bytes: &[u8]) -> usize {
    let doc = nianbao::ingest::ingest(bytes).unwrap();
    let r = nianbao::parse::parse(doc);
    nianbao::rules::check(&r, &Selection::default()).len()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse+check");
    for (name, bytes) in samples() {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let id = layout_of(&name);
        if id == "html" && nianbao::ingest::ingest(&bytes).is_err() {
            continue;
        }
        g.bench_function(id, |b| b.iter(|| parse_check(black_box(&bytes))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
