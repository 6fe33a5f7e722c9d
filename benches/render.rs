//! Keystroke-to-frame latency with 10,000 reports loaded: `cargo bench --bench render`.
//!
//! Builds a batch of 10,000 varied reports in memory (from the samples),
//! then replays a session of keystrokes — moving, sorting, filtering as you
//! type, opening reports, walking findings and cells — and times each
//! `State::key` + full redraw into a `TestBackend`. Prints p50 / p99 / max.

use std::sync::Arc;
use std::time::{Duration, Instant};

use nianbao::batch;
use nianbao::rules::Selection;
use nianbao::tui::app::{Item, State};
use nianbao::tui::keymap::parse_keys;
use nianbao::tui::theme::Theme;
use nianbao::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rayon::prelude::*;

fn build(n: usize) -> State {
    let t = Instant::now();
    let reports = nianbao::synth::reports(n);
    let entries: Vec<_> = reports
        .par_iter()
        .map(|(name, bytes)| {
            Arc::new(batch::load_bytes(
                std::path::Path::new(name),
                bytes,
                &Selection::default(),
            ))
        })
        .collect();
    let mut s = State::new(Vec::new(), false);
    s.items = entries.into_iter().map(Item::new).collect();
    s.refresh_rows();
    eprintln!(
        "built {} reports in {:.1} s",
        s.items.len(),
        t.elapsed().as_secs_f64()
    );
    s
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn session() -> String {
    let mut k = String::new();
    k.push_str(&"j".repeat(200));
    k.push_str(&"k".repeat(50));
    k.push_str("G gg 50j <C-d><C-d><C-u> ");
    k.push_str("ssSsS");
    k.push_str("/青山<Enter>jjj<C-l>");
    k.push_str("f f f ");
    for _ in 0..20 {
        k.push_str("<Enter>]]][<Tab>lljjh<Tab>jj<Tab>3t<Esc>j");
    }
    k.push_str(":sort<Esc>?<Esc>");
    k.replace(' ', "")
}

fn main() {
    let n: usize = std::env::var("NIANBAO_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let theme = Theme::shipped_named("default").unwrap();
    let mut s = build(n);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        s.resize(w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| view::draw(f, &s, &theme)).unwrap();
        let keys = parse_keys(&session()).unwrap();
        let mut times = Vec::with_capacity(keys.len());
        let mut slow: Vec<(Duration, String)> = Vec::new();
        for k in keys {
            let t = Instant::now();
            let _ = s.key(k);
            let tk = t.elapsed();
            term.draw(|f| view::draw(f, &s, &theme)).unwrap();
            let d = t.elapsed();
            times.push(d);
            let screen = match s.screen {
                nianbao::tui::app::Screen::Queue => "queue",
                _ => "report",
            };
            slow.push((
                d,
                format!(
                    "{} ({screen}, key {:.2} ms)",
                    k.display(),
                    tk.as_secs_f64() * 1e3
                ),
            ));
        }
        if std::env::var_os("NIANBAO_BENCH_SLOW").is_some() {
            slow.sort_by_key(|b| std::cmp::Reverse(b.0));
            for (d, k) in slow.iter().take(12) {
                eprintln!("  slow: {k} {:.2} ms", d.as_secs_f64() * 1e3);
            }
        }
        let n = times.len();
        let p50 = pct(&mut times, 0.50);
        let p99 = pct(&mut times, 0.99);
        let max = *times.iter().max().unwrap();
        println!(
            "render {w}x{h}, {} reports, {n} keystrokes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            s.items.len(),
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
        assert!(p99 < Duration::from_millis(16), "p99 {p99:?} over 16 ms");
    }
}
