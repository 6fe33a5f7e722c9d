//! The progress line of `check`, `export` and `status` (issue 14 §4) is for
//! people at a terminal: with stderr piped, a large batch prints nothing
//! about progress (the decision itself is unit-tested in `cli::progress`).

use std::process::Command;

const SAMPLE: &str = include_str!("../samples/青禾县交通运输局-2023.txt");

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let n = nianbao::cli::progress::THRESHOLD + 20;
    for i in 0..n {
        // Each a different report (a different year), so the batch is real.
        let text = SAMPLE.replace("2023", &format!("{}", 1800 + i));
        std::fs::write(dir.path().join(format!("r{i:04}.txt")), text).unwrap();
    }
    for args in [
        &["check"][..],
        &["check", "--format", "jsonl"],
        &["export"],
        &["export", "--format", "xlsx"],
        &["status"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(args)
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!o.stdout.is_empty(), "{args:?} wrote its output");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.is_empty(),
            "{args:?} printed on a piped stderr: {err:?}"
        );
    }
}
