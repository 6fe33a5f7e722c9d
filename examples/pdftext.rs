//! Print the text nianbao reads from PDF files, with page markers.
//!
//! `cargo run --release --example pdftext -- [--pdftotext] FILE...`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut use_pdftotext = false;
    let mut status = ExitCode::SUCCESS;
    for arg in std::env::args().skip(1) {
        if arg == "--pdftotext" {
            use_pdftotext = true;
            continue;
        }
        let path = std::path::Path::new(&arg);
        let result = if use_pdftotext {
            nianbao::ingest::pdf::extract_with_pdftotext(path)
        } else {
            match std::fs::read(path) {
                Ok(bytes) => nianbao::ingest::pdf::extract(&bytes),
                Err(e) => Err(nianbao::ingest::IngestError::Io(e.to_string())),
            }
        };
        println!("===== {arg}");
        match result {
            Ok(out) => {
                for (i, &start) in out.pages.iter().enumerate() {
                    let end = out.pages.get(i + 1).copied().unwrap_or(out.text.len());
                    println!("----- page {}", i + 1);
                    print!("{}", &out.text[start..end]);
                }
            }
            Err(e) => {
                eprintln!("{arg}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
