//! PDFs of our own samples (made by `scripts/make-sample-pdfs.sh` with
//! LibreOffice and committed under `tests/fixtures/pdf/samples/`): each must
//! read every table cell exactly as its source sample does, same state and
//! same value. A web page with rowspans, a ruled table, plain text with
//! tab-separated rows, and one cell per line across page breaks.

use std::path::{Path, PathBuf};

use nianbao::model::Report;

/// The PDFs, and how many there must be: a missing file fails the test, not
/// skips it.
const EXPECTED: usize = 4;

fn report(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap();
    let doc =
        nianbao::ingest::ingest(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    nianbao::parse::parse(doc)
}

/// `samples/<stem>.*` for `<stem>.pdf` or `<stem>-table.pdf`.
fn source_of(pdf: &Path, root: &Path) -> PathBuf {
    let name = pdf.file_stem().unwrap().to_string_lossy().into_owned();
    let stem = name.trim_end_matches("-table");
    std::fs::read_dir(root.join("samples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == stem))
        .unwrap_or_else(|| panic!("no sample for {name}"))
}

#[test]
fn sample_pdfs_read_as_their_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/pdf/samples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    let mut failures = Vec::new();
    let mut cells = 0;
    for pdf in &pdfs {
        let src = report(&source_of(pdf, root));
        let got = report(pdf);
        let name = pdf.file_name().unwrap().to_string_lossy();
        assert_eq!(got.template, src.template, "{name}: template");
        assert_eq!(got.year, src.year, "{name}: year");
        let keys = &src.schema().keys;
        assert_eq!(got.cells.len(), keys.len(), "{name}");
        for ((k, a), b) in keys.iter().zip(&src.cells).zip(&got.cells) {
            if (a.state, a.value) != (b.state, b.value) {
                failures.push(format!(
                    "{name} {k}: source {:?} {:?}, PDF {:?} {:?}",
                    a.state, a.value, b.state, b.value
                ));
            }
        }
        cells += keys.len();
    }
    eprintln!(
        "checked {} sample PDFs, {cells} cells against their sources",
        pdfs.len()
    );
    assert_eq!(pdfs.len(), EXPECTED, "sample PDFs checked: {pdfs:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
