use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    nianbao::tune_allocator();
    nianbao::cli::run(nianbao::cli::Cli::parse())
}
