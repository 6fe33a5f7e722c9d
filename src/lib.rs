//! nianbao: read, check, compare and review 政府信息公开工作年度报告.
//!
//! The core library has no terminal in it. Data flows
//! `ingest` (bytes → text) → `parse` (text → [`model::Report`]) → `rules`
//! (report → findings) → `compare` (year pairs) → `review` (TOML state);
//! the `cli` and `tui` front ends sit on top.

pub mod batch;
pub mod cache;
pub mod cli;
pub mod compare;
pub mod config;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod model;
pub mod parse;
pub mod review;
pub mod rules;
pub mod schema;
pub mod synth;
#[cfg(test)]
pub(crate) mod testrng;
pub mod tui;

/// Tune the system allocator for a batch: call once, at start-up, before
/// any thread starts.
///
/// glibc grows each thread's heap a few pages at a time, with an `mprotect`
/// call for each step: 24,000 calls while `check` reads 10,000 reports, 5 %
/// of its time. With a 64 MiB top pad each heap is made writable in one
/// call. It reserves address space only: a page costs memory once written.
/// Elsewhere this does nothing.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` sets one of the allocator's parameters; called
    // before any other thread exists, so no allocation runs beside it.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}
