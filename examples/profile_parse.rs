//! Loop parse+check over files, for profilers: `cargo run --release --example profile_parse -- FILE N`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let t = std::time::Instant::now();
    let mut k = 0;
    for _ in 0..n {
        let doc = nianbao::ingest::ingest(&bytes).unwrap();
        let r = nianbao::parse::parse(doc);
        k += nianbao::rules::check(&r, &Default::default()).len();
    }
    let dt = t.elapsed();
    eprintln!(
        "{k} findings; {:.1} µs/report; {:.1} MB/s",
        dt.as_secs_f64() * 1e6 / n as f64,
        (bytes.len() * n) as f64 / dt.as_secs_f64() / 1e6
    );
}
