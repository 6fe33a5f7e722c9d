//! Reviewing as a team through git: `nianbao merge-driver` (git's custom
//! merge driver for review state files) and `nianbao git-setup` (installs
//! it in a batch's repository).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;

use super::Lang;
use crate::review::{self, ReviewFile};

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O; empty when there is none)
    pub base: PathBuf,
    /// Our version (%A): the merged result is written here
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
    /// The file's path in the repository (%P), for messages
    pub path: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The reviewer to assign the reports to ("" withdraws the assignment)
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// Only the reports this queue filter shows (as `/` in the workbench:
    /// `agency:某局 year:2024 rule:N01 sev:error assignee:none` …)
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// The batch folder
    pub batch: PathBuf,
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// The batch folder, inside a git work tree (default: the current folder)
    pub batch: Option<PathBuf>,
}

/// Read one side of a merge. `Ok(None)`: an empty file (git gives an empty
/// base when the two sides have no common ancestor).
fn read_side(p: &Path, may_be_empty: bool) -> Result<Option<ReviewFile>, String> {
    let bytes = fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", p.display()))?;
    if text.trim().is_empty() {
        return if may_be_empty {
            Ok(None)
        } else {
            Err(format!("{}: empty file", p.display()))
        };
    }
    ReviewFile::from_toml(&text)
        .map(Some)
        .map_err(|e| format!("{}: {e}", p.display()))
}

/// The three-way merge of review state files `base`, `ours`, `theirs`,
/// as the text to write to `ours`.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<String, String> {
    let b = read_side(base, true)?;
    let o = read_side(ours, false)?.expect("not empty");
    let t = read_side(theirs, false)?.expect("not empty");
    Ok(review::merge3(b.as_ref(), &o, &t).to_toml())
}

/// `nianbao merge-driver %O %A %B %P`: exit 0 with the merge in %A, or
/// exit 1 with %A untouched (git then reports a conflict as usual).
pub fn merge_driver(args: MergeDriverArgs) -> ExitCode {
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let res = merge_files(&args.base, &args.ours, &args.theirs).and_then(|text| {
        review::write_atomic(&args.ours, text.as_bytes())
            .map_err(|e| format!("{}: {e}", args.ours.display()))
    });
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "nianbao merge-driver: 无法自动合并审阅记录 {name}（cannot merge this review state file）：{e}"
            );
            ExitCode::from(1)
        }
    }
}

/// The lines `git-setup` makes sure of in `.gitattributes`.
pub const ATTRIBUTES: &[&str] = &[".nianbao/review/** merge=nianbao"];
/// …and in `.gitignore`: lock files and the temp files of saves.
pub const IGNORES: &[&str] = &["*.lock", ".*.tmp"];

/// Add the lines of `want` missing from the file at `path` (created if
/// missing). Returns whether the file changed.
pub fn ensure_lines(path: &Path, want: &[&str]) -> std::io::Result<bool> {
    let old = match fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = want.iter().copied().filter(|w| !have.contains(w)).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if text.is_empty() {
        text.push_str("# nianbao: review state is merged by `nianbao merge-driver`\n");
    }
    for m in missing {
        text.push_str(m);
        text.push('\n');
    }
    review::write_atomic(path, text.as_bytes())?;
    Ok(true)
}

/// Quote a word for the shell git runs the driver with.
fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `merge.nianbao.driver` command: this executable's absolute path (so
/// that it works without nianbao on `PATH`, and merges with the version that
/// wrote the files); `nianbao` if it cannot be found.
pub fn driver_command() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| fs::canonicalize(p).ok())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "nianbao".into());
    format!("{} merge-driver %O %A %B %P", sh_quote(&exe))
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))
}

/// The repository's config value of `key`, if set.
fn git_config_get(dir: &Path, key: &str) -> Option<String> {
    let out = git(dir, &["config", "--local", "--get", key]).ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// `nianbao git-setup [BATCH]`.
pub fn git_setup(args: GitSetupArgs, lang: Lang) -> ExitCode {
    let en = lang == Lang::En;
    let batch = args.batch.unwrap_or_else(|| PathBuf::from("."));
    if !batch.is_dir() {
        eprintln!(
            "nianbao git-setup: {}: 不是文件夹 (not a folder)",
            batch.display()
        );
        return ExitCode::from(2);
    }
    let inside = git(&batch, &["rev-parse", "--is-inside-work-tree"]);
    let in_tree = matches!(&inside, Ok(o) if o.status.success()
        && String::from_utf8_lossy(&o.stdout).trim() == "true");
    if !in_tree {
        let why = match inside {
            Err(e) => format!("{e}\n"),
            Ok(_) => String::new(),
        };
        let b = batch.display();
        if en {
            eprintln!(
                "nianbao git-setup: {b} is not inside a git work tree.\n{why}\
                 Make one first, then run git-setup again:\n  \
                 git -C {b} init                  # a new batch repository\n  \
                 git clone URL FOLDER && cd FOLDER  # or a copy of the team's batch"
            );
        } else {
            eprintln!(
                "nianbao git-setup：{b} 不在 git 工作树中。\n{why}\
                 请先建立仓库，再运行 git-setup：\n  \
                 git -C {b} init                  # 新建批次仓库\n  \
                 git clone 地址 文件夹 && cd 文件夹  # 或取得团队的批次仓库副本"
            );
        }
        return ExitCode::from(1);
    }
    let mut out = std::io::stdout().lock();
    let mut changed = Vec::new();
    for (file, lines) in [(".gitattributes", ATTRIBUTES), (".gitignore", IGNORES)] {
        let p = batch.join(file);
        match ensure_lines(&p, lines) {
            Ok(true) => changed.push(p.display().to_string()),
            Ok(false) => {}
            Err(e) => {
                eprintln!("nianbao git-setup: {}: {e}", p.display());
                return ExitCode::from(1);
            }
        }
    }
    let driver = driver_command();
    for (key, value) in [
        ("merge.nianbao.name", "nianbao review state"),
        ("merge.nianbao.driver", driver.as_str()),
    ] {
        if git_config_get(&batch, key).as_deref() == Some(value) {
            continue;
        }
        match git(&batch, &["config", "--local", key, value]) {
            Ok(o) if o.status.success() => changed.push(format!("git config {key}")),
            Ok(o) => {
                eprintln!(
                    "nianbao git-setup: git config {key}: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("nianbao git-setup: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let _ = if changed.is_empty() {
        writeln!(
            out,
            "{}",
            if en {
                "Already set up: nothing changed."
            } else {
                "已设置，无需改动。"
            }
        )
    } else {
        writeln!(
            out,
            "{}{}\n{}",
            if en { "Set up: " } else { "已设置：" },
            changed.join(", "),
            if en {
                "Commit .gitattributes and .gitignore; every reviewer runs `nianbao git-setup` once in their clone."
            } else {
                "请提交 .gitattributes 与 .gitignore；每位审阅人在自己的仓库副本中运行一次 `nianbao git-setup`。"
            }
        )
    };
    ExitCode::SUCCESS
}

/// `nianbao assign --to NAME [--filter EXPR] BATCH`: what `:assign NAME`
/// does in the workbench, for the reports the filter shows.
pub fn assign(args: AssignArgs, lang: Lang) -> ExitCode {
    use crate::tui::app::{Effect, Filter};
    let en = lang == Lang::En;
    if !args.batch.is_dir() {
        eprintln!(
            "nianbao assign: {}: 不是文件夹 (not a folder)",
            args.batch.display()
        );
        return ExitCode::from(2);
    }
    let sel = match super::selection(&super::CheckArgs {
        format: super::CheckFormat::Text,
        pretty: false,
        rules: false,
        select: None,
        ignore: None,
        paths: vec![args.batch.clone()],
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("nianbao assign: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut state, io) = match crate::tui::load_headless(&args.batch, sel) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("nianbao assign: {e}");
            return ExitCode::from(2);
        }
    };
    state.en = en;
    let configured = crate::config::Config::load().ok().and_then(|c| c.reviewer);
    state.reviewer = review::reviewer_for(configured.as_deref(), Some(&args.batch));
    let expr = args.filter.unwrap_or_default();
    state.queue.filter_text = expr.trim().to_string();
    state.queue.filter = Filter::parse(&expr);
    state.refresh_rows();
    let items: Vec<usize> = state
        .queue
        .rows
        .iter()
        .copied()
        .filter(|&i| state.items[i].review.is_some())
        .collect();
    let n = items.len();
    io.run(
        &mut state,
        Effect::Assign {
            items,
            to: args.to.trim().to_string(),
        },
    );
    let msg = state.status.clone().unwrap_or_default();
    println!("{msg}");
    let failed = msg.contains("失败");
    if n == 0 {
        eprintln!(
            "{}",
            if en {
                "nianbao assign: no report matches the filter"
            } else {
                "nianbao assign：没有符合筛选条件的报告"
            }
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
