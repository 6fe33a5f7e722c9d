//! Runs `tests/e2e/workbench.sh` against the binary `cargo test` built
//! (the script skips with a note when tmux is missing).

#[test]
fn workbench_end_to_end_in_tmux() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/workbench.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .env("NIANBAO_BIN", env!("CARGO_BIN_EXE_nianbao"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "workbench e2e failed:\n{stdout}\n{stderr}"
    );
}
