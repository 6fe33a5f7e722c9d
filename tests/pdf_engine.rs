//! `--pdf-engine`: the built-in reader by default, poppler's `pdftotext`
//! when asked (skipped with a note when it is not installed).

use std::path::Path;
use std::process::Command;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/lo-html.pdf")
}

fn check_json(extra: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("check")
        .args(extra)
        .args(["--format", "json"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn year(doc: &serde_json::Value) -> Option<i64> {
    doc["reports"][0]["year"].as_i64()
}

#[test]
fn builtin_is_the_default() {
    let a = check_json(&[]);
    let b = check_json(&["--pdf-engine", "builtin"]);
    assert_eq!(year(&a), Some(2024));
    // Only the built-in reader rebuilds the ruled table as tab-separated
    // rows (pdftotext gives space-aligned text, layout "spaced").
    assert_eq!(a["reports"][0]["layout"].as_str(), Some("tabs"), "{a}");
    assert_eq!(b["reports"][0]["layout"].as_str(), Some("tabs"), "{b}");
    assert_eq!(a["reports"][0]["cells"], b["reports"][0]["cells"]);
    // The flag is honoured: the other engine gives something else, its own
    // layout or, without poppler, an error entry that names it.
    let c = check_json(&["--pdf-engine", "pdftotext"]);
    let r = &c["reports"][0];
    match r.get("error").and_then(|e| e.as_str()) {
        Some(e) => assert!(e.contains("pdftotext"), "{e}"),
        None => assert_eq!(r["layout"].as_str(), Some("spaced"), "{r}"),
    }
}

#[test]
fn pdftotext_when_installed() {
    let have = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !have {
        eprintln!("note: pdftotext is not installed; skipping the --pdf-engine pdftotext test");
        return;
    }
    let doc = check_json(&["--pdf-engine", "pdftotext"]);
    let r = &doc["reports"][0];
    assert!(r.get("error").is_none_or(|e| e.is_null()), "{r}");
    assert_eq!(year(&doc), Some(2024));
    // This fixture's table 3 has only three columns (12, 3, 15): read from
    // pdftotext's space-aligned layout it is not forced into seven columns —
    // never a wrong number, and the raw text is pdftotext's own.
    let cells = r["cells"].as_object().expect("cells");
    let total = &cells["t3.new_received.total"];
    match total["state"].as_str() {
        Some("number") => assert_eq!(total["value"].as_f64(), Some(15.0), "{total}"),
        Some("ambiguous" | "unparsed") => {}
        other => panic!("unexpected state {other:?}: {total}"),
    }
    // The engines rebuild different text: pdftotext's space-aligned
    // layout, ours tab-separated rows.
    assert_eq!(r["layout"].as_str(), Some("spaced"), "{r}");
    let builtin = check_json(&[]);
    assert_eq!(builtin["reports"][0]["layout"].as_str(), Some("tabs"));
    assert_ne!(
        builtin["reports"][0]["cells"]["t3.new_received.total"]["line"], total["line"],
        "the engines differ"
    );
    eprintln!("checked the pdftotext engine: layout spaced, t3 total {total}");
}
