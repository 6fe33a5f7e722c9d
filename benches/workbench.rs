//! The workbench on a large batch, loaded as `nianbao DIR` loads it:
//! `NIANBAO_WORKBENCH_BATCH=/tmp/bench20k/scale-20k cargo bench --bench workbench`.
//!
//! The batch's files are collected and its review store opened, the loader
//! thread started, and the first frame drawn into an 80×24 `TestBackend`
//! (time to the first frame, from the start). Then, as the event loop does,
//! each turn takes the loader's messages, a keystroke (`j`, `k`, a sort, the
//! overview and back) and redraws; the time of each turn is a keystroke's
//! latency. Reported: when every report is in the queue, when the pairs and
//! X07 arrive, and p50 / p99 / max latency while loading, while the
//! cross-report checks run, and after. Without the variable, a synthetic
//! batch of `NIANBAO_BENCH_REPORTS` (default 2,000) reports is written to a
//! temporary folder first.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nianbao::batch;
use nianbao::rules::Selection;
use nianbao::tui::app::State;
use nianbao::tui::keymap::parse_keys;
use nianbao::tui::review::Io;
use nianbao::tui::theme::Theme;
use nianbao::tui::{receive_pending, spawn_loader, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn synthetic_batch() -> PathBuf {
    let n: usize = std::env::var("NIANBAO_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let dir = std::env::temp_dir().join(format!("nianbao-workbench-bench-{n}"));
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in nianbao::synth::reports(n) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    dir
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The keys a reviewer presses while waiting: moving, sorting, the overview.
fn keys() -> Vec<nianbao::tui::keymap::Key> {
    let mut k = String::new();
    for _ in 0..4 {
        k.push_str(&"j".repeat(20));
        k.push('s');
        k.push_str(&"k".repeat(10));
        k.push_str("o<Tab>j<Esc>G");
    }
    parse_keys(&k).unwrap()
}

struct Phases {
    loading: Vec<Duration>,
    cross: Vec<Duration>,
    after: Vec<Duration>,
}

fn report(name: &str, v: &mut [Duration]) {
    let n = v.len();
    let (p50, p99) = (pct(v, 0.50), pct(v, 0.99));
    let max = v.iter().max().copied().unwrap_or_default();
    println!(
        "  keystroke → frame {name}: {n} keys, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(p50),
        ms(p99),
        ms(max)
    );
}

fn open(dir: &Path) -> (Vec<(PathBuf, Option<usize>)>, Io) {
    let store = nianbao::review::Store::open(dir).expect("the batch's review store opens");
    let (files, _) = batch::collect(&[dir.to_path_buf()]);
    let files = files.into_iter().map(|f| (f, Some(0))).collect();
    (
        files,
        Io {
            stores: vec![store],
        },
    )
}

fn main() {
    // As the binary does at start-up.
    nianbao::tune_allocator();
    let dir = std::env::var_os("NIANBAO_WORKBENCH_BATCH")
        .map(PathBuf::from)
        .unwrap_or_else(synthetic_batch);
    let theme = Theme::shipped_named("default").unwrap();
    let t0 = Instant::now();
    let (files, io_) = open(&dir);
    let total = files.len();
    let rx = spawn_loader(files, Arc::new(io_), Selection::default());
    let mut s = State::new(Vec::new(), false);
    s.resize(80, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, &s, &theme)).unwrap();
    let first_frame = t0.elapsed();

    let keys = keys();
    let mut ph = Phases {
        loading: Vec::new(),
        cross: Vec::new(),
        after: Vec::new(),
    };
    let (mut queued, mut paired) = (None, None);
    let mut after_keys = 0;
    let mut slow: Vec<(Duration, String)> = Vec::new();
    for turn in 0.. {
        std::thread::sleep(Duration::from_millis(2));
        let t = Instant::now();
        receive_pending(&mut s, &rx);
        let took_msgs = t.elapsed();
        let key = keys[turn % keys.len()];
        let _ = s.key(key);
        let took_key = t.elapsed();
        term.draw(|f| view::draw(f, &s, &theme)).unwrap();
        let d = t.elapsed();
        slow.push((
            d,
            format!(
                "{} (messages {:.2} ms, key {:.2} ms, draw {:.2} ms)",
                key.display(),
                ms(took_msgs),
                ms(took_key - took_msgs),
                ms(d - took_key)
            ),
        ));
        let was_paired = paired.is_some();
        if queued.is_none() && s.items.len() == total {
            queued = Some(t0.elapsed());
        }
        if paired.is_none() && queued.is_some() && s.loading.is_none() {
            paired = Some(t0.elapsed());
        }
        match (queued.is_some(), was_paired) {
            (false, _) => ph.loading.push(d),
            (true, false) => ph.cross.push(d),
            (true, true) => {
                ph.after.push(d);
                after_keys += 1;
            }
        }
        if after_keys >= 200 {
            break;
        }
    }
    println!(
        "workbench on {} ({total} files), 80×24: first frame {:.1} ms; all reports in the queue {:.2} s; pairs and X07 shown {:.2} s",
        dir.display(),
        ms(first_frame),
        queued.unwrap_or_default().as_secs_f64(),
        paired.unwrap_or_default().as_secs_f64()
    );
    report("while loading", &mut ph.loading);
    report("while the cross-report checks run", &mut ph.cross);
    report("after", &mut ph.after);
    if std::env::var_os("NIANBAO_BENCH_SLOW").is_some() {
        slow.sort_by_key(|b| std::cmp::Reverse(b.0));
        for (d, k) in slow.iter().take(15) {
            eprintln!("  slow: {k} {:.2} ms", ms(*d));
        }
    }
}
