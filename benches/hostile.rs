//! Hostile inputs (issue 15 §2), each read by the release binary in its own
//! process: wall time, peak resident memory (and the extra over a small
//! report), and the outcome.
//!
//! `cargo bench --bench hostile` (add `-- --keep DIR` to keep the files).
//! Limits stated in the README: 2 s and 256 MB of extra memory per file.

#[path = "../tests/hostile_gen/mod.rs"]
mod hostile_gen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Run `nianbao check --format json FILE` under `/usr/bin/time`: (seconds,
/// peak RSS in KiB, outcome).
fn measure(bin: &str, file: &Path) -> (f64, u64, String) {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "MAXRSS %M"])
        .arg(bin)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("run /usr/bin/time");
    let secs = t.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .filter_map(|l| l.strip_prefix("MAXRSS "))
        .filter_map(|v| v.trim().parse().ok())
        .next_back()
        .unwrap_or(0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let r = &v["reports"][0];
    let outcome = match r["error"].as_str() {
        Some(e) => format!("error: {e}"),
        None if r.is_object() => format!(
            "report ({} findings)",
            r["findings"].as_array().map_or(0, |f| f.len())
        ),
        None => format!("no entry (exit {:?})", out.status.code()),
    };
    (secs, rss, outcome)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/云溪街道办事处-2021.txt");
    let (_, base_rss, _) = measure(bin, &base);
    println!(
        "baseline (small report): peak RSS {:.1} MB",
        base_rss as f64 / 1024.0
    );
    println!(
        "{:<26} {:>10} {:>8} {:>9} {:>9}  outcome",
        "input", "size", "time s", "peak MB", "extra MB"
    );
    for (name, bytes) in hostile_gen::all() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let size = bytes.len();
        drop(bytes);
        let (secs, rss, outcome) = measure(bin, &path);
        let extra = rss.saturating_sub(base_rss) as f64 / 1024.0;
        let flag = if secs > 2.0 || extra > 256.0 {
            "  OVER LIMIT"
        } else {
            ""
        };
        let outcome: String = outcome.chars().take(90).collect();
        println!(
            "{name:<26} {size:>10} {secs:>8.2} {:>9.1} {extra:>9.1}  {outcome}{flag}",
            rss as f64 / 1024.0
        );
    }
}
