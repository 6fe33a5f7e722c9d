use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    nianbao::cli::run(nianbao::cli::Cli::parse())
}
