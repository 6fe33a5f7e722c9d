//! PDF reading speed on the committed fixtures, in pages per second.
//!
//! `cargo bench --bench pdf`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_pdf(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
    let mut group = c.benchmark_group("pdf");
    for name in ["lo-docx.pdf", "chromium-cid.pdf"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let pages = nianbao::ingest::pdf::extract(&bytes).unwrap().pages.len() as u64;
        group.throughput(Throughput::Elements(pages));
        group.bench_function(name, |b| {
            b.iter(|| nianbao::ingest::pdf::extract(std::hint::black_box(&bytes)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_pdf);
criterion_main!(benches);
