//! A progress line on standard error while `check`, `export` and `status`
//! read a large batch: only when stderr is a terminal and the batch has more
//! than [`THRESHOLD`] files; nothing at all otherwise (pipes, logs, CI).

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::batch::{self, Entry};
use crate::rules::Selection;

/// Batches of up to this many files are read without a progress line.
pub const THRESHOLD: usize = 200;

/// Is a progress line shown for `files` files, stderr being a terminal or not?
pub fn wanted(stderr_terminal: bool, files: usize) -> bool {
    stderr_terminal && files > THRESHOLD
}

/// A progress bar over `files` files on stderr, or a hidden one.
pub fn bar(files: usize, en: bool) -> ProgressBar {
    if !wanted(std::io::stderr().is_terminal(), files) {
        return ProgressBar::hidden();
    }
    let msg = if en {
        "reading reports"
    } else {
        "读取报告"
    };
    let style = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let pb = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr())
        .with_style(style)
        .with_message(msg);
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// [`batch::load_all`] with a progress line (same order, same entries).
pub fn load_all(files: &[PathBuf], sel: &Selection, en: bool) -> Vec<Entry> {
    let pb = bar(files.len(), en);
    if pb.is_hidden() {
        return batch::load_all(files, sel);
    }
    let out = files
        .par_iter()
        .map(|p| {
            let e = batch::load(p, sel);
            pb.inc(1);
            e
        })
        .collect();
    pb.finish_and_clear();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_on_a_terminal_for_a_large_batch() {
        assert!(wanted(true, THRESHOLD + 1));
        assert!(wanted(true, 10_000));
        assert!(!wanted(true, THRESHOLD));
        assert!(!wanted(true, 3));
        assert!(!wanted(false, THRESHOLD + 1));
        assert!(!wanted(false, 10_000));
    }
}
