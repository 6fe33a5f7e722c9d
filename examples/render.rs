//! Print what `nianbao::ingest::ingest` makes of each file.
//!
//! `cargo run --example render -- FILE...`

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: render FILE...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for (i, path) in files.iter().enumerate() {
        if files.len() > 1 {
            if i > 0 {
                println!();
            }
            println!("===== {path}");
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        match nianbao::ingest::ingest(&bytes) {
            Ok(doc) => {
                if files.len() > 1 {
                    println!(
                        "----- format {}, encoding {}",
                        doc.format.as_str(),
                        doc.encoding
                    );
                }
                print!("{}", doc.text);
                if !doc.text.ends_with('\n') {
                    println!();
                }
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
