//! End-to-end tests that drive the workbench in a real terminal through
//! tmux (`tests/e2e/*.sh`). Skipped when tmux is not installed.

use std::path::Path;
use std::process::Command;

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_script(name: &str) {
    if !have_tmux() {
        eprintln!("skipped {name}: tmux is not installed");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e")
        .join(name);
    let out = Command::new("bash")
        .arg(&script)
        .env("NIANBAO_BIN", env!("CARGO_BIN_EXE_nianbao"))
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{name} failed ({})\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_view_in_tmux() {
    run_script("diff.sh");
}
