//! The terminal workbench: `nianbao [PATH…]`.
//!
//! State lives in [`app::State`] and changes only through
//! [`app::State::apply`]; [`view`] draws it. This module is the thin loop
//! around them: the terminal, background loading, signals.

pub mod action;
pub mod app;
pub mod diffview;
pub mod keymap;
pub mod overview;
pub mod review;
pub mod text;
pub mod theme;
pub mod view;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use rayon::prelude::*;

use crate::batch::{self, Entry};
use crate::config::Config;
use crate::rules::{Finding, Selection};
use app::{Progress, State};
use keymap::Key;
use review::{Io, ItemReview};
use theme::Theme;

/// Messages from the loader thread.
pub enum Msg {
    Total(usize),
    Loaded(Vec<(Arc<Entry>, Option<ItemReview>)>),
    Paired(Vec<crate::compare::Pair>, Vec<(usize, Finding)>),
}

/// Load `files` (each with the index of its review store) in order, in
/// chunks, in parallel; pairs at the end.
pub fn spawn_loader(
    files: Vec<(PathBuf, Option<usize>)>,
    io: Arc<Io>,
    sel: Selection,
) -> mpsc::Receiver<Msg> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(Msg::Total(files.len()));
        let mut all: Vec<Arc<Entry>> = Vec::with_capacity(files.len());
        for chunk in files.chunks(64) {
            let loaded: Vec<(Arc<Entry>, Option<ItemReview>)> = chunk
                .par_iter()
                .map(|(p, store)| {
                    let e = Arc::new(batch::load(p, &sel));
                    let text = e.report.as_ref().ok().map(|r| r.text());
                    let rv = store.and_then(|s| io.load(s, p, text));
                    (e, rv)
                })
                .collect();
            all.extend(loaded.iter().map(|(e, _)| e.clone()));
            if tx.send(Msg::Loaded(loaded)).is_err() {
                return;
            }
        }
        let reports: Vec<Option<&crate::model::Report>> =
            all.iter().map(|e| e.report.as_ref().ok()).collect();
        // One core is left to the keyboard: the cross-report checks run in
        // a pool a thread smaller than the machine (on 2 cores, keys stayed
        // over 10 ms while X07 took both).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (pairs, across) = match rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .build()
        {
            Ok(pool) => pool.install(|| batch::cross_checks(&reports, &sel)),
            Err(_) => batch::cross_checks(&reports, &sel),
        };
        let _ = tx.send(Msg::Paired(pairs, across));
    });
    rx
}

/// Fold loader messages into the state.
/// The workbench's state over one batch folder, loaded without a terminal,
/// with the batch's review store (`nianbao assign`).
pub fn load_headless(root: &Path, sel: Selection) -> Result<(State, Io), String> {
    let store = crate::review::Store::open(root).map_err(|e| e.to_string())?;
    let io_ = Arc::new(Io {
        stores: vec![store],
    });
    let (files, _) = batch::collect(&[root.to_path_buf()]);
    let files = files.into_iter().map(|f| (f, Some(0))).collect();
    let rx = spawn_loader(files, Arc::clone(&io_), sel);
    let mut state = State::new(Vec::new(), false);
    while let Ok(m) = rx.recv() {
        receive(&mut state, m);
    }
    // The loader thread may not have dropped its handle yet: open the store
    // again rather than wait.
    let io_ = match Arc::try_unwrap(io_) {
        Ok(io_) => io_,
        Err(_) => Io {
            stores: vec![crate::review::Store::open(root).map_err(|e| e.to_string())?],
        },
    };
    Ok((state, io_))
}

/// Fold every message waiting on `rx` into the state, the reports of
/// consecutive `Loaded` messages added at once (one queue refresh per frame,
/// not one per chunk). Whether anything arrived.
pub fn receive_pending(state: &mut State, rx: &mpsc::Receiver<Msg>) -> bool {
    let mut any = false;
    let mut loaded = Vec::new();
    while let Ok(m) = rx.try_recv() {
        any = true;
        match m {
            Msg::Loaded(es) => loaded.extend(es),
            other => {
                if !loaded.is_empty() {
                    receive(state, Msg::Loaded(std::mem::take(&mut loaded)));
                }
                receive(state, other);
            }
        }
    }
    if !loaded.is_empty() {
        receive(state, Msg::Loaded(loaded));
    }
    any
}

pub fn receive(state: &mut State, msg: Msg) {
    match msg {
        Msg::Total(n) => state.loading = Some(Progress { done: 0, total: n }),
        Msg::Loaded(es) => {
            let n = es.len();
            state.add_entries(es);
            if let Some(p) = state.loading.as_mut() {
                p.done += n;
            }
        }
        Msg::Paired(p, x) => {
            state.set_pairs(p, x);
            state.loading = None;
        }
    }
}

static SIGNALLED: AtomicBool = AtomicBool::new(false);

/// Put the terminal back: raw mode off, main screen, cursor shown.
fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Run the workbench. Returns the exit code.
pub fn run(paths: Vec<PathBuf>, lang_en: Option<bool>, sel: Selection) -> ExitCode {
    let (config, config_err) = match Config::load() {
        Ok(c) => (c, None),
        Err(e) => (Config::default(), Some(e)),
    };
    let en = lang_en.unwrap_or(config.lang.as_deref() == Some("en"));
    // NO_COLOR: the mono theme carries state by modifiers; colour output is
    // forced on so crossterm does not strip bold and reverse with it.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = if no_color {
        "mono".to_string()
    } else {
        config.theme.clone().unwrap_or_else(|| "default".into())
    };
    let (theme, theme_err) = match Theme::load(&theme_name) {
        Ok(t) => (t, None),
        Err(e) => (
            Theme::load("default").expect("the shipped default theme loads"),
            Some(e),
        ),
    };
    crossterm::style::force_color_output(true);

    // One review store per path given: a folder is its own batch; a file's
    // batch is the folder it sits in.
    let mut io_ = Io::default();
    let mut files: Vec<(PathBuf, Option<usize>)> = Vec::new();
    let mut walk_errors = Vec::new();
    let mut store_notes = Vec::new();
    let mut first_root: Option<PathBuf> = None;
    for p in &paths {
        let root = if p.is_dir() {
            p.clone()
        } else {
            p.parent()
                .map(|x| x.to_path_buf())
                .unwrap_or_else(|| PathBuf::from("."))
        };
        let root = if root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root
        };
        first_root.get_or_insert_with(|| root.clone());
        let store = match crate::review::Store::open(&root) {
            Ok(s) => {
                if let Some(fb) = s.fallback() {
                    store_notes.push(format!(
                        "{} 只读，审阅记录保存在 {}",
                        root.display(),
                        fb.display()
                    ));
                }
                s.clean_stale_temps();
                io_.stores.push(s);
                Some(io_.stores.len() - 1)
            }
            Err(e) => {
                store_notes.push(e.to_string());
                None
            }
        };
        let (fs, errs) = batch::collect(std::slice::from_ref(p));
        files.extend(fs.into_iter().map(|f| (f, store)));
        walk_errors.extend(errs);
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!("nianbao: not a terminal; use `nianbao check` in pipelines");
        return ExitCode::from(2);
    }
    let mut state = State::new(Vec::new(), en);
    state.ambiguous_wide = config.ambiguous_wide;
    // Config, then the batch repository's git user.name, then the environment,
    // then the OS account.
    state.reviewer = crate::review::reviewer_for(config.reviewer.as_deref(), first_root.as_deref());
    state.batch_name = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let mut problems = state.keymap.apply_overrides(&config.keys);
    problems.extend(config_err);
    problems.extend(theme_err);
    problems.extend(
        walk_errors
            .iter()
            .map(|(p, e)| format!("{}: {e}", p.display())),
    );
    if !problems.is_empty() {
        state.status = Some(problems.join("; "));
    }
    let io_ = Arc::new(io_);
    let rx = spawn_loader(files, Arc::clone(&io_), sel);

    // Terminal, with restore on panic and on signals.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        let flag = Arc::new(AtomicBool::new(false));
        let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            SIGNALLED.store(true, Ordering::Relaxed);
            // The loop notices within 50 ms. When it cannot — a hung-up
            // terminal can keep crossterm's poll spinning — exit from here:
            // every decision is already saved (atomically), so nothing is
            // lost that a kill -9 would not lose.
            std::thread::sleep(Duration::from_millis(500));
            restore();
            std::process::exit(128 + sig);
        });
    }
    if terminal::enable_raw_mode().is_err() {
        eprintln!("nianbao: cannot switch the terminal to raw mode");
        return ExitCode::from(2);
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    );
    if config.mouse {
        let _ = execute!(out, EnableMouseCapture);
    }
    let mut term = match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(t) => t,
        Err(e) => {
            restore();
            eprintln!("nianbao: {e}");
            return ExitCode::from(2);
        }
    };
    let code = event_loop(&mut term, &mut state, &theme, &rx, &io_);
    restore();
    code
}

fn event_loop(
    term: &mut Terminal<CrosstermBackend<io::Stdout>>,
    state: &mut State,
    theme: &Theme,
    rx: &mpsc::Receiver<Msg>,
    io_: &Io,
) -> ExitCode {
    let mut last_poll = std::time::Instant::now();
    if let Ok(sz) = term.size() {
        state.resize(sz.width, sz.height);
    }
    let mut dirty = true;
    loop {
        if SIGNALLED.load(Ordering::Relaxed) {
            return ExitCode::from(130);
        }
        dirty |= receive_pending(state, rx);
        if dirty {
            if term.draw(|f| view::draw(f, state, theme)).is_err() {
                return ExitCode::from(2);
            }
            dirty = false;
        }
        // Another reviewer's save shows up within a second.
        if last_poll.elapsed() >= Duration::from_secs(1) {
            let before = state.status.clone();
            io_.poll(state);
            state.refresh_overview(true);
            dirty |= state.status != before;
            last_poll = std::time::Instant::now();
        }
        match event::poll(Duration::from_millis(50)) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(_) => return ExitCode::from(2),
        }
        let ev = match event::read() {
            Ok(e) => e,
            Err(_) => return ExitCode::from(2),
        };
        let effects = match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => state.key(Key::from_event(&k)),
            Event::Paste(p) => {
                state.paste(&p);
                Vec::new()
            }
            Event::Resize(w, h) => {
                state.resize(w, h);
                Vec::new()
            }
            // With `mouse = true`: the wheel scrolls like j / k.
            Event::Mouse(m) => match m.kind {
                event::MouseEventKind::ScrollDown => state.apply(action::Action::Down, Some(3)),
                event::MouseEventKind::ScrollUp => state.apply(action::Action::Up, Some(3)),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        dirty = true;
        let saved = !effects.is_empty();
        for e in effects {
            if io_.run(state, e) {
                return ExitCode::SUCCESS;
            }
        }
        if saved {
            state.refresh_overview(false);
        }
    }
}

#[cfg(test)]
mod diff_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod snapshot_tests;
