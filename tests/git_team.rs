//! Team review through real git: two clones of one batch, two reviewers,
//! `git pull` merges their review state with `nianbao merge-driver` (set up
//! by `nianbao git-setup`). Skipped, with a note, when git is missing.
//!
//! Git runs with its own empty HOME and no system config, so that the
//! host's settings (hooks, aliases, merge tools, signing) do not interfere.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nianbao::batch::{self, Entry};
use nianbao::review::{self, Action, Anchor, Ctx, DecisionKind, Op, ReviewFile, Store, Verdict};
use nianbao::rules::{Finding, Selection};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const REPORT: &str = "青禾县交通运输局-2024.md";

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: git not found; skipping the team-review git tests");
    }
    ok
}

/// A scratch world: a bare "origin", a seed clone, and an isolated HOME.
struct World {
    tmp: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let w = World {
            tmp: tempfile::tempdir().unwrap(),
        };
        fs::create_dir_all(w.home()).unwrap();
        w
    }

    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// A command with git's environment isolated from the host.
    fn cmd(&self, prog: &str) -> Command {
        let mut c = Command::new(prog);
        c.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home().join("gitconfig"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("NIANBAO_CONFIG_DIR", self.home().join("nianbao"));
        for v in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "NO_COLOR",
        ] {
            c.env_remove(v);
        }
        c
    }

    fn run(&self, prog: &str, dir: &Path, args: &[&str]) -> Output {
        self.cmd(prog)
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{prog} {args:?}: {e}"))
    }

    /// Run git; panic with its output if it fails.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let o = self.run("git", dir, args);
        assert!(
            o.status.success(),
            "git {args:?} failed in {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn nianbao(&self, dir: &Path, args: &[&str]) -> Output {
        self.run(BIN, dir, args)
    }

    fn identity(&self, dir: &Path, name: &str) {
        self.git(dir, &["config", "user.name", name]);
        self.git(dir, &["config", "user.email", "reviewer@example.org"]);
        self.git(dir, &["config", "pull.rebase", "false"]);
        self.git(dir, &["config", "commit.gpgsign", "false"]);
    }

    /// origin.git with one commit: the report, git-setup's files, and a
    /// note by 张三 (`note0`). Returns the note's id.
    fn seed(&self) -> String {
        let origin = self.path("origin.git");
        fs::create_dir_all(&origin).unwrap();
        self.git(&origin, &["init", "--bare", "-q", "-b", "main"]);
        let seed = self.path("seed");
        fs::create_dir_all(&seed).unwrap();
        self.git(&seed, &["init", "-q", "-b", "main"]);
        self.identity(&seed, "张三");
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(REPORT);
        fs::copy(src, seed.join(REPORT)).unwrap();
        let o = self.nianbao(&seed, &["git-setup"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let id = act(
            &seed,
            "张三",
            10,
            Op::AddNote {
                anchor: Anchor::Report,
                text: "张三的第一条批注".into(),
            },
        )
        .unwrap();
        // The supervisor assigns the report to 李四.
        let o = self.nianbao(&seed, &["assign", "--to", "李四", "--filter", "青禾", "."]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("已将 1 份报告分配给 李四"),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        self.git(&seed, &["add", "-A"]);
        self.git(&seed, &["commit", "-q", "-m", "batch"]);
        self.git(
            &seed,
            &["remote", "add", "origin", origin.to_str().unwrap()],
        );
        self.git(&seed, &["push", "-q", "origin", "main"]);
        id
    }

    /// A reviewer's clone, set up.
    fn clone_as(&self, name: &str, who: &str) -> PathBuf {
        let dir = self.path(name);
        self.git(
            self.tmp.path(),
            &[
                "clone",
                "-q",
                self.path("origin.git").to_str().unwrap(),
                name,
            ],
        );
        self.identity(&dir, who);
        let o = self.nianbao(&dir, &["git-setup", "."]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    }

    fn commit(&self, dir: &Path, msg: &str) {
        self.git(dir, &["add", "-A"]);
        self.git(dir, &["commit", "-q", "-m", msg]);
        let files = self.git(dir, &["ls-files"]);
        assert!(!files.contains(".lock"), "lock files are ignored:\n{files}");
        assert!(!files.contains(".tmp"), "temp files are ignored:\n{files}");
    }
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_358_405 + secs)
}

fn sha(batch: &Path) -> String {
    batch::sha256_hex(&fs::read(batch.join(REPORT)).unwrap())
}

/// Apply `op` as `who` at time `secs` through the store, as the workbench
/// does (lock, merge, atomic write).
fn act(batch: &Path, who: &str, secs: u64, op: Op) -> Option<String> {
    let store = Store::open_with_data_dir(batch, None).unwrap();
    let sha = sha(batch);
    store
        .update_with(Path::new(REPORT), &sha, |f| {
            f.apply(
                op,
                &Ctx {
                    reviewer: who,
                    sha256: &sha,
                    now: at(secs),
                },
            )
        })
        .unwrap()
        .id
}

fn state_file(batch: &Path) -> PathBuf {
    batch.join(".nianbao/review").join(format!("{REPORT}.toml"))
}

fn load(batch: &Path) -> ReviewFile {
    let text = fs::read_to_string(state_file(batch)).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "conflict markers:\n{text}"
    );
    ReviewFile::from_toml(&text).unwrap()
}

/// Two error or warning findings of the report.
fn two_findings() -> (Finding, Finding) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(REPORT);
    let entries: Vec<Entry> = batch::load_all(&[path], &Selection::default());
    let fs: Vec<Finding> = entries[0]
        .findings
        .iter()
        .filter(|f| review::is_actionable(f))
        .cloned()
        .collect();
    assert!(fs.len() >= 2, "{REPORT} should have two findings");
    (fs[0].clone(), fs[1].clone())
}

fn pull(w: &World, dir: &Path) {
    let o = w.run("git", dir, &["pull", "--no-rebase", "-q", "origin", "main"]);
    assert!(
        o.status.success(),
        "git pull failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(w.git(dir, &["ls-files", "-u"]), "", "no unmerged files");
}

#[test]
fn git_two_reviewers_pull_without_conflict() {
    if !have_git() {
        return;
    }
    let w = World::new();
    let note0 = w.seed();
    let a = w.clone_as("a", "张三");
    let b = w.clone_as("b", "李四");
    let (f1, f2) = two_findings();

    // 张三 confirms a finding, adds a note and asks for changes.
    act(
        &a,
        "张三",
        100,
        Op::decide(&f1, DecisionKind::Confirmed, ""),
    )
    .unwrap();
    let note_a = act(
        &a,
        "张三",
        101,
        Op::AddNote {
            anchor: Anchor::Section("s3".into()),
            text: "表三需复核".into(),
        },
    )
    .unwrap();
    act(
        &a,
        "张三",
        102,
        Op::verdict(Verdict::ChangesRequested, "见批注"),
    );
    w.commit(&a, "张三 reviewed");
    w.git(&a, &["push", "-q", "origin", "main"]);

    // 李四 dismisses another, approves later, and deletes 张三's old note.
    act(
        &b,
        "李四",
        200,
        Op::decide(&f2, DecisionKind::Dismissed, "口径不同"),
    )
    .unwrap();
    act(&b, "李四", 201, Op::DeleteNote { id: note0.clone() }).unwrap();
    act(&b, "李四", 202, Op::verdict(Verdict::Approved, ""));
    w.commit(&b, "李四 reviewed");
    pull(&w, &b);

    let m = load(&b);
    let k1 = review::finding_key(&f1);
    let k2 = review::finding_key(&f2);
    assert_eq!(m.decision(&k1).unwrap().decision, DecisionKind::Confirmed);
    assert_eq!(m.decision(&k1).unwrap().reviewer, "张三");
    assert_eq!(m.decision(&k2).unwrap().decision, DecisionKind::Dismissed);
    assert_eq!(m.decision(&k2).unwrap().reviewer, "李四");
    assert!(m.note(&note_a).is_some(), "张三's new note is there");
    assert!(m.note(&note0).is_none(), "the deleted note stays deleted");
    assert!(
        m.notes.iter().any(|n| n.id == note0 && n.deleted),
        "kept as a tombstone"
    );
    assert_eq!(m.verdict.status, Verdict::Approved, "the later verdict");
    assert_eq!(m.verdict.reviewer, "李四");
    let verdicts: Vec<(&str, &str)> = m
        .history
        .iter()
        .filter(|h| h.action == Action::Verdict)
        .map(|h| (h.reviewer.as_str(), h.value.as_str()))
        .collect();
    assert_eq!(
        verdicts,
        [("张三", "changes_requested"), ("李四", "approved")]
    );
    // The history is the union: the seed's note, 张三's three, 李四's three.
    assert_eq!(m.history.len(), 7, "{:#?}", m.history);

    // The merge is committed, and `status` shows both reviewers.
    assert_eq!(w.git(&b, &["status", "--porcelain"]), "");
    let o = w.nianbao(&b, &["status", "."]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("张三") && out.contains("李四"), "{out}");
    assert!(out.contains("李四：签核 1 份，处理问题 1 个"), "{out}");
    assert!(
        out.contains("张三：签核 0 份，处理问题 1 个，批注 1 条"),
        "{out}"
    );

    // B pushes; A pulls: a fast-forward to the same state.
    w.git(&b, &["push", "-q", "origin", "main"]);
    pull(&w, &a);
    assert_eq!(load(&a), m);
}

#[test]
fn git_both_reviewers_decide_the_same_finding() {
    if !have_git() {
        return;
    }
    // Once with the puller's decision later, once with the pushed one later.
    for (a_time, b_time) in [(100, 200), (300, 200)] {
        let w = World::new();
        w.seed();
        let a = w.clone_as("a", "张三");
        let b = w.clone_as("b", "李四");
        let (f1, _) = two_findings();
        act(
            &a,
            "张三",
            a_time,
            Op::decide(&f1, DecisionKind::Confirmed, ""),
        )
        .unwrap();
        w.commit(&a, "张三 confirmed");
        w.git(&a, &["push", "-q", "origin", "main"]);
        act(
            &b,
            "李四",
            b_time,
            Op::decide(&f1, DecisionKind::Dismissed, "误报"),
        )
        .unwrap();
        w.commit(&b, "李四 dismissed");
        pull(&w, &b);
        let m = load(&b);
        let key = review::finding_key(&f1);
        let d = m.decision(&key).unwrap();
        let want = if a_time > b_time {
            (DecisionKind::Confirmed, "张三")
        } else {
            (DecisionKind::Dismissed, "李四")
        };
        assert_eq!((d.decision, d.reviewer.as_str()), want);
        assert_eq!(
            m.decisions.iter().filter(|d| d.key == key).count(),
            1,
            "one decision per finding"
        );
        let decides: Vec<&str> = m
            .history
            .iter()
            .filter(|h| h.action == Action::Decide && h.target == key)
            .map(|h| h.reviewer.as_str())
            .collect();
        assert_eq!(decides.len(), 2, "both decisions are in the history");
        assert!(decides.contains(&"张三") && decides.contains(&"李四"));
    }
}

#[test]
fn git_broken_state_file_is_a_real_conflict() {
    if !have_git() {
        return;
    }
    let w = World::new();
    w.seed();
    let a = w.clone_as("a", "张三");
    let b = w.clone_as("b", "李四");
    fs::write(state_file(&a), "这不是 TOML\n").unwrap();
    w.commit(&a, "broken by hand");
    w.git(&a, &["push", "-q", "origin", "main"]);
    act(&b, "李四", 200, Op::verdict(Verdict::Rejected, ""));
    w.commit(&b, "李四 rejected");
    let mine = fs::read(state_file(&b)).unwrap();
    let o = w.run("git", &b, &["pull", "--no-rebase", "origin", "main"]);
    assert!(!o.status.success(), "git reports the conflict");
    let err = String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    assert!(err.contains("nianbao merge-driver"), "{err}");
    assert!(err.contains("CONFLICT"), "{err}");
    assert!(!w.git(&b, &["ls-files", "-u"]).is_empty());
    assert_eq!(
        fs::read(state_file(&b)).unwrap(),
        mine,
        "ours left as it was"
    );
}

#[test]
fn merge_driver_refuses_invalid_input_and_leaves_ours() {
    let w = World::new();
    let dir = w.tmp.path();
    let mut f = ReviewFile::new(REPORT);
    f.apply(
        Op::AddNote {
            anchor: Anchor::Report,
            text: "ours".into(),
        },
        &Ctx {
            reviewer: "张三",
            sha256: "aaaa",
            now: at(1),
        },
    )
    .unwrap();
    let ours = dir.join("ours.toml");
    let base = dir.join("base.toml");
    let theirs = dir.join("theirs.toml");
    fs::write(&base, "").unwrap();
    for bad in ["not = [toml", "version = 9\npath = \"x\"\n", ""] {
        fs::write(&ours, f.to_toml()).unwrap();
        fs::write(&theirs, bad).unwrap();
        let o = w.nianbao(
            dir,
            &[
                "merge-driver",
                "base.toml",
                "ours.toml",
                "theirs.toml",
                "x.toml",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{bad:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("x.toml") && err.contains("theirs.toml"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&ours).unwrap(), f.to_toml());
    }
    // An empty base (no common ancestor) is fine.
    let mut t = ReviewFile::new(REPORT);
    t.apply(
        Op::verdict(Verdict::Approved, ""),
        &Ctx {
            reviewer: "李四",
            sha256: "aaaa",
            now: at(2),
        },
    )
    .unwrap();
    fs::write(&theirs, t.to_toml()).unwrap();
    let o = w.nianbao(
        dir,
        &["merge-driver", "base.toml", "ours.toml", "theirs.toml"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = ReviewFile::from_toml(&fs::read_to_string(&ours).unwrap()).unwrap();
    assert_eq!(m, review::merge(&f, &t));
}

#[test]
fn git_setup_is_idempotent_and_explains_outside_a_work_tree() {
    if !have_git() {
        return;
    }
    let w = World::new();
    let outside = w.path("plain");
    fs::create_dir_all(&outside).unwrap();
    let o = w.nianbao(&outside, &["git-setup"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("git") && err.contains("init") && err.contains("clone"),
        "{err}"
    );
    assert!(!outside.join(".gitattributes").exists());

    // A repository whose batch is a subfolder, with files of its own.
    let repo = w.path("repo");
    fs::create_dir_all(repo.join("batch")).unwrap();
    w.git(&repo, &["init", "-q", "-b", "main"]);
    fs::write(repo.join("batch/.gitignore"), "*.bak").unwrap();
    let o = w.nianbao(&repo, &["git-setup", "batch"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let snapshot = |p: &Path| {
        (
            fs::read_to_string(p.join("batch/.gitattributes")).unwrap(),
            fs::read_to_string(p.join("batch/.gitignore")).unwrap(),
            fs::read_to_string(p.join(".git/config")).unwrap(),
        )
    };
    let first = snapshot(&repo);
    assert!(
        first
            .0
            .lines()
            .any(|l| l == ".nianbao/review/** merge=nianbao")
    );
    assert!(first.1.starts_with("*.bak\n*.lock\n"), "{}", first.1);
    assert!(first.2.contains("merge-driver %O %A %B %P"), "{}", first.2);
    let driver = w.git(&repo, &["config", "merge.nianbao.driver"]);
    assert!(
        driver.starts_with('/') || driver.starts_with('\''),
        "absolute: {driver}"
    );
    let o = w.nianbao(&repo, &["git-setup", "batch"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("无需改动"));
    assert_eq!(snapshot(&repo), first, "running it twice changes nothing");
    // git sees the attribute on state files.
    let attr = w.git(
        &repo,
        &[
            "check-attr",
            "merge",
            "batch/.nianbao/review/2024/x.txt.toml",
        ],
    );
    assert!(attr.trim_end().ends_with("merge: nianbao"), "{attr}");
}
