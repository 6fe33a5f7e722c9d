//! The command line: `nianbao [PATH…]` opens the workbench; `check`, `diff`,
//! `export` and `status` are for pipelines; `git-setup` and `merge-driver`
//! connect a batch's review state to git.

mod diff;
mod docx;
pub mod export;
pub mod json;
mod office;
pub mod progress;
pub mod team;
mod text;
mod xlsx;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::batch;
use crate::rules::{self, Selection};

#[derive(Debug, Parser)]
#[command(
    name = "nianbao",
    version,
    about = "审阅政府信息公开工作年度报告 — review government information-disclosure annual reports"
)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
    /// Reports or folders to open in the workbench (default: the bundled samples/)
    pub paths: Vec<PathBuf>,
    /// Interface language
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,
    /// How PDFs are read: the built-in reader, or poppler's `pdftotext -layout` when installed
    #[arg(long, value_enum, global = true, default_value_t = PdfEngine::Builtin)]
    pub pdf_engine: PdfEngine,
    /// Give up a file that takes longer than SECS to read (`读取超时`) and go on
    /// with the others; 0 for no limit [default: 10, or `file_timeout` in config.toml]
    #[arg(long, value_name = "SECS", global = true)]
    pub file_timeout: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PdfEngine {
    #[default]
    Builtin,
    Pdftotext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Read reports and check them against the rules
    Check(CheckArgs),
    /// Show what changed from one year's report to the next
    Diff(diff::DiffArgs),
    /// Export the review state of a batch, one row per report (csv, md, json), or as a workbook (xlsx) or a 通报 draft (docx)
    Export(export::ExportArgs),
    /// Summarise a batch's review progress on one screen
    Status(export::StatusArgs),
    /// git's merge driver for review state files: `nianbao merge-driver %O %A %B %P`
    MergeDriver(team::MergeDriverArgs),
    /// Assign the reports of a batch (those a queue filter shows) to a reviewer
    Assign(team::AssignArgs),
    /// Set up a batch's git repository for team review (merge driver, .gitattributes, .gitignore)
    GitSetup(team::GitSetupArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    #[default]
    Text,
    /// One JSON document (OUTPUT.md): compact, pretty on a terminal or with --pretty
    Json,
    /// One JSON object per line, streamed as reports are checked (see README)
    Jsonl,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Indent `--format json` (the default when standard output is a terminal)
    #[arg(long)]
    pub pretty: bool,
    /// List every rule with its ID, severity and description, then exit
    #[arg(long)]
    pub rules: bool,
    /// Run only these rules (IDs or prefixes, comma-separated: A01,N)
    #[arg(long, value_name = "IDS")]
    pub select: Option<String>,
    /// Skip these rules (IDs or prefixes, comma-separated)
    #[arg(long, value_name = "IDS")]
    pub ignore: Option<String>,
    /// Files or folders (searched recursively)
    pub paths: Vec<PathBuf>,
}

/// The folder opened when no path is given.
pub fn samples_dir() -> PathBuf {
    let local = PathBuf::from("samples");
    if local.is_dir() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// ANSI styling of command output (off when piped or under NO_COLOR) and
/// the output language.
pub(crate) struct Paint {
    pub on: bool,
    pub en: bool,
}

impl Paint {
    pub(crate) fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub(crate) fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.en { en } else { zh }
    }
}

/// Is colour wanted on stdout?
pub fn colour_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// `nianbao.toml` in a batch folder: `select = [..]`, `ignore = [..]`.
#[derive(Debug, Default, serde::Deserialize)]
struct BatchConfig {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
}

fn batch_config(paths: &[PathBuf]) -> Result<BatchConfig, String> {
    let mut cfg = BatchConfig::default();
    for p in paths.iter().filter(|p| p.is_dir()) {
        let f = p.join("nianbao.toml");
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let c: BatchConfig = toml::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        if c.select.is_some() {
            cfg.select = c.select;
        }
        if c.ignore.is_some() {
            cfg.ignore = c.ignore;
        }
    }
    Ok(cfg)
}

pub(crate) fn selection(args: &CheckArgs) -> Result<Selection, String> {
    let mut sel = Selection::default();
    let cfg = batch_config(&args.paths)?;
    if let Some(s) = cfg.select {
        sel.select = Some(Selection::parse_list(&s.join(","))?);
    }
    if let Some(s) = cfg.ignore {
        sel.ignore = Selection::parse_list(&s.join(","))?;
    }
    if let Some(s) = &args.select {
        sel.select = Some(Selection::parse_list(s)?);
    }
    if let Some(s) = &args.ignore {
        sel.ignore = Selection::parse_list(s)?;
    }
    Ok(sel)
}

pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.unwrap_or_default();
    crate::ingest::pdf::set_engine(match cli.pdf_engine {
        PdfEngine::Builtin => crate::ingest::pdf::Engine::Builtin,
        PdfEngine::Pdftotext => crate::ingest::pdf::Engine::Pdftotext,
    });
    let timeout = cli.file_timeout.or_else(|| {
        crate::config::Config::load()
            .ok()
            .and_then(|c| c.file_timeout)
    });
    match timeout {
        Some(s) if !s.is_finite() || s < 0.0 => {
            eprintln!("nianbao: --file-timeout must be a number of seconds (0 for no limit)");
            return ExitCode::from(2);
        }
        Some(0.0) => batch::set_file_timeout(None),
        Some(s) => batch::set_file_timeout(Some(std::time::Duration::from_secs_f64(s))),
        None => batch::set_file_timeout(Some(batch::DEFAULT_FILE_TIMEOUT)),
    }
    match cli.cmd {
        Some(Cmd::Check(args)) => check(args, lang),
        Some(Cmd::Diff(args)) => diff::run(args, lang),
        Some(Cmd::Export(args)) => export::export(args, lang),
        Some(Cmd::Status(args)) => export::status(args, lang),
        Some(Cmd::MergeDriver(args)) => team::merge_driver(args),
        Some(Cmd::GitSetup(args)) => team::git_setup(args, lang),
        Some(Cmd::Assign(args)) => team::assign(args, lang),
        None => {
            let paths = if cli.paths.is_empty() {
                vec![samples_dir()]
            } else {
                cli.paths
            };
            // The batch folders' nianbao.toml chooses the rules, as for check.
            let sel = match selection(&CheckArgs {
                format: CheckFormat::Text,
                pretty: false,
                rules: false,
                select: None,
                ignore: None,
                paths: paths.clone(),
            }) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("nianbao: {e}");
                    return ExitCode::from(2);
                }
            };
            crate::tui::run(paths, cli.lang.map(|l| l == Lang::En), sel)
        }
    }
}

/// Standard output, block-buffered: stdout is line-buffered, and a pretty
/// JSON document of a large batch is millions of lines (a write call each
/// made `check --format json` of 10,000 reports take 13 s instead of 1.5 s).
///
/// On Unix the writes go to a duplicate of the stdout descriptor, past the
/// standard library's line buffer: that buffer searches every block written
/// for its last newline (1 % of `check --format json`). The standard
/// output's lock is held all the same, so nothing else can interleave.
pub fn buffered_stdout() -> std::io::BufWriter<Stdout> {
    std::io::BufWriter::with_capacity(64 * 1024, Stdout::new())
}

/// Standard output for [`buffered_stdout`].
pub struct Stdout {
    lock: std::io::StdoutLock<'static>,
    #[cfg(unix)]
    fd: Option<std::fs::File>,
}

impl Stdout {
    fn new() -> Stdout {
        let mut lock = std::io::stdout().lock();
        // Anything buffered already goes first.
        let _ = lock.flush();
        #[cfg(unix)]
        let fd = {
            use std::os::fd::AsFd;
            lock.as_fd()
                .try_clone_to_owned()
                .ok()
                .map(std::fs::File::from)
        };
        Stdout {
            lock,
            #[cfg(unix)]
            fd,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        if let Some(f) = &mut self.fd {
            return f.write(buf);
        }
        self.lock.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        #[cfg(unix)]
        if let Some(f) = &mut self.fd {
            return f.flush();
        }
        self.lock.flush()
    }
}

/// With `NIANBAO_TIMES` set, print the time since the last stage to stderr
/// (to see where a batch's time goes).
fn stage(what: &str) {
    use std::sync::Mutex;
    use std::time::Instant;
    static LAST: Mutex<Option<Instant>> = Mutex::new(None);
    if std::env::var_os("NIANBAO_TIMES").is_none() {
        return;
    }
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = *last {
        // The peak resident memory so far, where the system tells it.
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
                Some(format!(
                    ", peak {} MB",
                    l[6..].trim().trim_end_matches(" kB").parse::<u64>().ok()? / 1024
                ))
            })
            .unwrap_or_default();
        // The processor time of the stage, where the system tells it: how
        // well the stage used the cores.
        let cpu = cpu_seconds()
            .map(|c| {
                let prev = f64::from_bits(LAST_CPU.swap(c.to_bits(), Ordering::Relaxed));
                format!(", cpu {:.2} s", c - prev)
            })
            .unwrap_or_default();
        eprintln!("{:>8.3} s  {what}{peak}{cpu}", (now - t).as_secs_f64());
    } else if let Some(c) = cpu_seconds() {
        LAST_CPU.store(c.to_bits(), Ordering::Relaxed);
    }
    *last = Some(now);
}

/// Processor time used by the stages so far (as `f64` bits).
static LAST_CPU: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// User and system time of this process, from `/proc/self/stat` (Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), from field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // Clock ticks are 1/100 s on Linux.
    Some(ticks / 100.0)
}

fn check(args: CheckArgs, lang: Lang) -> ExitCode {
    stage("");
    let mut out = buffered_stdout();
    if args.rules {
        for r in rules::catalogue() {
            let desc = if lang == Lang::En { r.en } else { r.zh };
            let _ = writeln!(out, "{}\t{}\t{}", r.id, r.severity, desc);
        }
        return ExitCode::SUCCESS;
    }
    let sel = match selection(&args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return ExitCode::from(2);
        }
    };
    if args.paths.is_empty() {
        eprintln!("nianbao check: give at least one file or folder");
        return ExitCode::from(2);
    }
    let (files, walk_errors) = batch::collect(&args.paths);
    let unreadable = |(p, e): (PathBuf, String)| batch::Entry {
        path: p,
        sha256: String::new(),
        report: Err(format!("无法读取：{e}")),
        findings: Vec::new(),
    };
    // jsonl: each report's line is written as soon as it is checked.
    let mut streamed: std::io::Result<()> = Ok(());
    let mut entries = if args.format == CheckFormat::Jsonl {
        streamed = json::write_line(
            &mut out,
            "begin",
            &serde_json::json!({"version": json::VERSION}),
        );
        let pb = progress::bar(files.len(), lang == Lang::En);
        let mut entries = batch::load_each(&files, &sel, |e| {
            pb.inc(1);
            if streamed.is_ok() {
                streamed = json::write_line(&mut out, "report", &json::ReportJ(e));
            }
        });
        pb.finish_and_clear();
        for w in walk_errors {
            let e = unreadable(w);
            if streamed.is_ok() {
                streamed = json::write_line(&mut out, "report", &json::ReportJ(&e));
            }
            entries.push(e);
        }
        entries
    } else {
        let mut entries = progress::load_all(&files, &sel, lang == Lang::En);
        entries.extend(walk_errors.into_iter().map(unreadable));
        entries
    };
    let before: Vec<usize> = entries.iter().map(|e| e.findings.len()).collect();
    stage("read, parse and check each file");
    let pairs = batch::pair_up(&mut entries, &sel);
    stage("pairs and X07");
    let failed = entries.iter().any(batch::Entry::has_error)
        || pairs
            .iter()
            .any(|p| p.findings.iter().any(|f| f.is_error()));
    let res = match args.format {
        CheckFormat::Json => {
            let pretty = args.pretty || std::io::stdout().is_terminal();
            json::write_document(&mut out, &entries, &pairs, pretty)
        }
        CheckFormat::Jsonl => streamed.and_then(|_| {
            let mut n = 0;
            for (e, &k) in entries.iter().zip(&before) {
                let path = e.path.to_string_lossy();
                for f in &e.findings[k..] {
                    let data = json::PathFinding {
                        path: &path,
                        finding: json::FindingJ(f),
                    };
                    json::write_line(&mut out, "finding", &data)?;
                    n += 1;
                }
            }
            for p in &pairs {
                json::write_line(&mut out, "pair", &json::PairJ(&entries, p))?;
            }
            let end = json::End {
                reports: entries.len(),
                findings: n,
                pairs: pairs.len(),
            };
            json::write_line(&mut out, "end", &end)
        }),
        CheckFormat::Text => text::write(&mut out, &entries, &pairs, lang, colour_stdout()),
    };
    let res = res.and_then(|_| out.flush());
    stage("output");
    // The process ends now: handing millions of small allocations back one
    // by one would cost a tenth of a second on a big batch, for nothing.
    std::mem::forget((entries, pairs));
    if let Err(e) = res
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("nianbao: {e}");
        return ExitCode::from(2);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
