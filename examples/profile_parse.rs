//! Loop parse+check over files, for profilers:
//! `cargo run --release --example profile_parse -- N FILE...` (files in turn).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let docs: Vec<Vec<u8>> = args[2..]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let t = std::time::Instant::now();
    let mut k = 0;
    let mut bytes = 0;
    for _ in 0..n {
        for d in &docs {
            let doc = nianbao::ingest::ingest(d).unwrap();
            let r = nianbao::parse::parse(doc);
            k += nianbao::rules::check(&r, &Default::default()).len();
            bytes += d.len();
        }
    }
    let dt = t.elapsed();
    eprintln!(
        "{k} findings; {:.1} µs/report; {:.1} MB/s",
        dt.as_secs_f64() * 1e6 / (n * docs.len()) as f64,
        bytes as f64 / dt.as_secs_f64() / 1e6
    );
}
