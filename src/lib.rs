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
