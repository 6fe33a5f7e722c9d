//! Write N varied reports made from `samples/` into a folder, for load tests
//! and benchmarks: `cargo run --release --example make_batch -- DIR N`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: make_batch DIR N");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let n: usize = args[2].parse().expect("N is a number");
    std::fs::create_dir_all(dir).expect("create DIR");
    let reports = nianbao::synth::reports(n);
    let bytes: usize = reports.iter().map(|r| r.1.len()).sum();
    for (name, b) in &reports {
        std::fs::write(dir.join(name), b).expect("write");
    }
    eprintln!(
        "wrote {} reports ({:.1} MB) to {}",
        reports.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
}
