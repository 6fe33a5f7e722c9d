//! Where review files live, and saving them so that nothing is ever lost.
//!
//! Every save: take an exclusive lock on `<file>.lock`, re-read the file,
//! merge in what this store last saw of it, apply the change, write a temp
//! file in the same folder, fsync it, rename it over the file, fsync the
//! folder, release the lock. Readers never lock: a rename is atomic, so they
//! see the old file or the new one, never a torn one.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::ReviewError;
use super::merge::merge;
use super::model::{Action, Ctx, HistoryEntry, Op, Reanchored, ReviewFile};
use super::time::{new_id, rfc3339};

/// Temp files older than this are removed when a store opens, lock or not.
const STALE_TEMP: Duration = Duration::from_secs(60);

/// The review files of one batch folder.
#[derive(Debug)]
pub struct Store {
    /// The batch folder as given.
    root: PathBuf,
    /// Its canonical form.
    canonical: PathBuf,
    /// `<batch>/.nianbao/review`.
    in_batch: PathBuf,
    /// Where files are read and written: `in_batch`, or the fallback.
    dir: PathBuf,
    fallback: bool,
    writable: bool,
    /// The last version of each file this store read or wrote: merged into
    /// every save, so a file overwritten behind our back loses nothing.
    known: Mutex<HashMap<PathBuf, Known>>,
}

/// A file as this store last read or wrote it.
#[derive(Debug)]
struct Known {
    file: ReviewFile,
    /// The identity of the file on disk it came from, if known.
    stamp: Option<Stamp>,
}

/// What identifies one version of a review file on disk. Saves never
/// change a file in place (they rename a new one over it) and every save
/// appends to the history, so a file with the same inode, length and times
/// as the one we last read or wrote has the same contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: SystemTime,
}

#[cfg(unix)]
fn stamp(m: &fs::Metadata) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    Some(Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime: m.modified().ok()?,
    })
}

#[cfg(not(unix))]
fn stamp(_: &fs::Metadata) -> Option<Stamp> {
    None
}

/// The result of a save.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The file as written.
    pub file: ReviewFile,
    /// The id of the note or decision made or changed (for an undo, the id of
    /// the history entry undone).
    pub id: Option<String>,
}

impl Store {
    /// Open the review store of a batch folder: `<batch>/.nianbao/review`,
    /// or, when that cannot be written, the user data folder
    /// (`…/nianbao/review/<hash of the batch's canonical path>`). Removes
    /// stale temp files left by writers that died.
    pub fn open(batch_root: &Path) -> Result<Store, ReviewError> {
        let data =
            directories::ProjectDirs::from("", "", "nianbao").map(|d| d.data_dir().to_path_buf());
        Store::open_with_data_dir(batch_root, data.as_deref())
    }

    /// [`Store::open`] with the user data folder given (tests, portable
    /// installs). `None`: no fallback.
    pub fn open_with_data_dir(
        batch_root: &Path,
        data_dir: Option<&Path>,
    ) -> Result<Store, ReviewError> {
        let canonical = fs::canonicalize(batch_root).map_err(|e| ReviewError::Io {
            path: batch_root.to_path_buf(),
            message: e.to_string(),
        })?;
        let in_batch = canonical.join(".nianbao").join("review");
        let mut store = Store {
            root: batch_root.to_path_buf(),
            canonical: canonical.clone(),
            in_batch: in_batch.clone(),
            dir: in_batch.clone(),
            fallback: false,
            writable: true,
            known: Mutex::new(HashMap::new()),
        };
        if !probe(&in_batch) {
            let alt = data_dir.map(|d| {
                let hash = crate::batch::sha256_hex(canonical.as_os_str().as_encoded_bytes());
                d.join("review").join(&hash[..16])
            });
            match alt {
                Some(alt) if probe(&alt) => {
                    // Say which batch the hashed folder belongs to.
                    let _ = fs::create_dir_all(&alt);
                    let _ = fs::write(alt.join("batch.txt"), format!("{}\n", canonical.display()));
                    store.dir = alt;
                    store.fallback = true;
                }
                _ => store.writable = false,
            }
        }
        store.clean_stale_temps();
        Ok(store)
    }

    /// The batch folder as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where review files are written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The fallback folder, when the batch folder is read-only and review
    /// files go to the user data folder instead (show it to the user).
    pub fn fallback(&self) -> Option<&Path> {
        self.fallback.then_some(self.dir.as_path())
    }

    /// False when neither the batch folder nor a fallback can be written:
    /// every save will fail.
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// A report's path relative to the batch folder (`None` if outside it).
    pub fn rel_path(&self, report: &Path) -> Option<PathBuf> {
        if let Ok(r) = report.strip_prefix(&self.root) {
            return Some(r.to_path_buf());
        }
        let c = fs::canonicalize(report).ok()?;
        c.strip_prefix(&self.canonical).ok().map(Path::to_path_buf)
    }

    /// The review file of a report (`rel`: relative to the batch folder).
    pub fn state_path(&self, rel: &Path) -> Result<PathBuf, ReviewError> {
        state_path(&self.dir, rel)
    }

    /// Read a report's review state; an empty state if it has none yet.
    ///
    /// A file that cannot be read or parsed gives `Corrupt`/`Io` naming it:
    /// show the report read-only ([`ReviewError::read_only`]); the file is
    /// never written over.
    pub fn load(&self, rel: &Path) -> Result<ReviewFile, ReviewError> {
        let (f, stamp) = match self.read_current(rel)? {
            Some((f, stamp)) => (f, stamp),
            None => (ReviewFile::new(&rel_string(rel)), None),
        };
        self.remember(rel, f.clone(), stamp);
        Ok(f)
    }

    fn remember(&self, rel: &Path, file: ReviewFile, stamp: Option<Stamp>) {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf(), Known { file, stamp });
    }

    /// Apply `op` as `reviewer` on the report whose current bytes hash to
    /// `sha256`, and save.
    pub fn update(
        &self,
        rel: &Path,
        sha256: &str,
        reviewer: &str,
        op: Op,
    ) -> Result<Saved, ReviewError> {
        self.update_with(rel, sha256, |f| {
            f.apply(
                op,
                &Ctx {
                    reviewer,
                    sha256,
                    now: SystemTime::now(),
                },
            )
        })
    }

    /// Lock, re-read, merge, apply `change`, write. If `change` fails,
    /// nothing is written.
    pub fn update_with<F>(&self, rel: &Path, sha256: &str, change: F) -> Result<Saved, ReviewError>
    where
        F: FnOnce(&mut ReviewFile) -> Result<Option<String>, ReviewError>,
    {
        let target = self.state_path(rel)?;
        let parent = target.parent().expect("a state path has a folder");
        fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
        let _lock = lock(&target)?;
        let known = self
            .known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(rel);
        // Unchanged since we last read or wrote it: no need to parse it again.
        let current = fs::metadata(&target).ok().as_ref().and_then(stamp);
        let mut file = match known {
            Some(k) if current.is_some() && k.stamp == current => k.file,
            known => {
                let disk = match self.read_current(rel) {
                    Ok(d) => d.map(|(f, _)| f),
                    Err(e) => {
                        if let Some(k) = known {
                            self.remember(rel, k.file, k.stamp);
                        }
                        return Err(e);
                    }
                };
                match (disk, known) {
                    (Some(d), Some(k)) if d == k.file => d,
                    (Some(d), Some(k)) => merge(&d, &k.file),
                    (Some(d), None) => d,
                    (None, Some(k)) => k.file,
                    (None, None) => ReviewFile::new(&rel_string(rel)),
                }
            }
        };
        // On failure the cache entry stays out: `file` may hold the change
        // that was not saved, and the disk has all that was.
        let id = change(&mut file)?;
        file.path = rel_string(rel);
        file.sha256 = sha256.to_string();
        file.normalize();
        write_atomic(&target, file.to_toml().as_bytes()).map_err(|e| io_err(&target, e))?;
        let written = fs::metadata(&target).ok().as_ref().and_then(stamp);
        self.remember(rel, file.clone(), written);
        Ok(Saved { file, id })
    }

    /// Find line notes again in the report's current `text` (see
    /// [`ReviewFile::reanchor`]); saves, with a `reanchor` history entry,
    /// only when a note moved.
    pub fn reanchor(
        &self,
        rel: &Path,
        sha256: &str,
        reviewer: &str,
        text: &str,
    ) -> Result<(ReviewFile, Reanchored), ReviewError> {
        let mut f = self.load(rel)?;
        if !f.reanchor(text).changed() {
            return Ok((f, Reanchored::default()));
        }
        let mut result = Reanchored::default();
        let saved = self.update_with(rel, sha256, |f| {
            result = f.reanchor(text);
            if result.changed() {
                let now = SystemTime::now();
                f.history.push(HistoryEntry {
                    time: rfc3339(now),
                    reviewer: reviewer.to_string(),
                    action: Action::Reanchor,
                    id: new_id(now),
                    target: String::new(),
                    value: String::new(),
                    sha256: sha256.to_string(),
                    undoes: String::new(),
                    undecided_errors: Vec::new(),
                    confirmed: false,
                    text: format!(
                        "moved {}, orphaned {}, found again {}",
                        result.moved, result.orphaned, result.restored
                    ),
                });
            }
            Ok(None)
        })?;
        Ok((saved.file, result))
    }

    /// The folder of snapshots: `.nianbao/snapshots` beside the review
    /// folder in use.
    pub fn snapshot_dir(&self) -> PathBuf {
        self.dir
            .parent()
            .map(|p| p.join("snapshots"))
            .unwrap_or_else(|| self.dir.join("snapshots"))
    }

    /// Keep the decoded `text` of the report whose bytes hash to `sha256`
    /// (what a verdict judged): `.nianbao/snapshots/<sha256>.txt`, written
    /// once (atomically) and shared by every verdict on the same bytes.
    pub fn save_snapshot(&self, sha256: &str, text: &str) -> Result<PathBuf, ReviewError> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReviewError::Invalid(format!("not a SHA-256: {sha256:?}")));
        }
        let dir = self.snapshot_dir();
        let p = dir.join(format!("{sha256}.txt"));
        if p.is_file() {
            return Ok(p);
        }
        fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
        write_atomic(&p, text.as_bytes()).map_err(|e| io_err(&p, e))?;
        Ok(p)
    }

    /// The snapshot of the report bytes hashing to `sha256`, if kept.
    pub fn snapshot(&self, sha256: &str) -> Option<String> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let name = format!("{sha256}.txt");
        let mut dirs = vec![self.snapshot_dir()];
        if let Some(p) = self.in_batch.parent() {
            dirs.push(p.join("snapshots"));
        }
        dirs.iter()
            .find_map(|d| fs::read_to_string(d.join(&name)).ok())
    }

    /// Length and modification time of a report's review file, `None` if it
    /// has none: poll this and reload when it changes (another process
    /// saved).
    pub fn fingerprint(&self, rel: &Path) -> Option<(u64, SystemTime)> {
        let mut paths = vec![self.state_path(rel).ok()?];
        if self.fallback {
            paths.push(state_path(&self.in_batch, rel).ok()?);
        }
        paths.iter().find_map(|p| {
            let m = fs::metadata(p).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
    }

    /// Remove temp files of writers that died: those whose file's lock is
    /// free, and any older than a minute. Returns how many were removed.
    pub fn clean_stale_temps(&self) -> usize {
        let mut n = 0;
        let mut stack = vec![self.dir.clone()];
        while let Some(d) = stack.pop() {
            let Ok(rd) = fs::read_dir(&d) else { continue };
            for e in rd.filter_map(Result::ok) {
                let path = e.path();
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(target) = temp_target(&name) else {
                    continue;
                };
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > STALE_TEMP);
                if (old || lock_is_free(&d.join(format!("{target}.lock"))))
                    && fs::remove_file(&path).is_ok()
                {
                    n += 1;
                }
            }
        }
        n
    }

    /// The current file on disk: ours, or when falling back and we have
    /// none yet, the one in the (read-only) batch folder.
    fn read_current(&self, rel: &Path) -> Result<Option<(ReviewFile, Option<Stamp>)>, ReviewError> {
        let p = self.state_path(rel)?;
        match read_file(&p)? {
            Some(f) => Ok(Some(f)),
            // Not our file: no stamp, so ours is always read.
            None if self.fallback => {
                Ok(read_file(&state_path(&self.in_batch, rel)?)?.map(|(f, _)| (f, None)))
            }
            None => Ok(None),
        }
    }
}

fn io_err(path: &Path, e: io::Error) -> ReviewError {
    ReviewError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn state_path(dir: &Path, rel: &Path) -> Result<PathBuf, ReviewError> {
    let ok =
        rel.components().count() > 0 && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(ReviewError::BadPath(rel.to_path_buf()));
    }
    let mut p = dir.join(rel);
    let mut name = p
        .file_name()
        .expect("a normal last component")
        .to_os_string();
    name.push(".toml");
    p.set_file_name(name);
    Ok(p)
}

/// Could `dir` be made (if missing) and files created in it? Creates
/// nothing that stays: a probe file in the nearest existing ancestor.
fn probe(dir: &Path) -> bool {
    let mut d = dir;
    loop {
        match fs::metadata(d) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => return false,
            Err(_) => match d.parent() {
                Some(p) => d = p,
                None => return false,
            },
        }
    }
    tempfile::Builder::new()
        .prefix(".probe.")
        .suffix(".tmp")
        .tempfile_in(d)
        .is_ok()
}

/// Read and parse one review file, with the stamp of the version read;
/// `None` if there is none.
fn read_file(path: &Path) -> Result<Option<(ReviewFile, Option<Stamp>)>, ReviewError> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(io_err(path, e)),
    };
    // The stamp of the very file read (a save may rename another over the
    // path meanwhile; this one never changes).
    let st = f.metadata().ok().as_ref().and_then(stamp);
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| io_err(path, e))?;
    let corrupt = |reason: String| ReviewError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let text = String::from_utf8(bytes).map_err(|_| corrupt("not UTF-8 text".into()))?;
    ReviewFile::from_toml(&text)
        .map(|file| Some((file, st)))
        .map_err(corrupt)
}

/// The lock file of a review file.
fn lock_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    target.with_file_name(name)
}

/// Take the exclusive lock of a review file (released when dropped). The
/// lock is on a separate file: a lock on the review file itself would be
/// lost when a save renames a new file over it.
fn lock(target: &Path) -> Result<File, ReviewError> {
    let lp = lock_path(target);
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lp)
        .map_err(|e| io_err(&lp, e))?;
    f.lock().map_err(|e| io_err(&lp, e))?;
    Ok(f)
}

fn lock_is_free(lock: &Path) -> bool {
    match OpenOptions::new().read(true).write(true).open(lock) {
        Ok(f) => f.try_lock().is_ok(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    }
}

/// Temp files are `.<name>.<random>.tmp`; the name of the file they were for.
fn temp_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, _random) = inner.rsplit_once('.')?;
    Some(target).filter(|t| !t.is_empty())
}

/// Write `bytes` to `target` so that a crash at any point leaves either the
/// old file or the new one: temp file in the same folder, fsync, rename,
/// fsync the folder.
pub(crate) fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    // A bare file name ("ours.toml", as git passes %A) has the parent "".
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Readable like any file the user makes (the umask applies).
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = b.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    // Make the rename itself durable (folders cannot be opened this way on
    // Windows, where the rename is flushed with the file system's journal).
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_temp_names() {
        assert_eq!(temp_target(".a.txt.toml.Xy12ab.tmp"), Some("a.txt.toml"));
        assert_eq!(temp_target("a.txt.toml"), None);
        assert_eq!(temp_target(".probe.tmp"), None);
        let p = state_path(Path::new("/b/.nianbao/review"), Path::new("2024/x.txt")).unwrap();
        assert_eq!(p, Path::new("/b/.nianbao/review/2024/x.txt.toml"));
        assert_eq!(
            lock_path(&p),
            Path::new("/b/.nianbao/review/2024/x.txt.toml.lock")
        );
        assert!(state_path(Path::new("/b"), Path::new("../x.txt")).is_err());
        assert!(state_path(Path::new("/b"), Path::new("/etc/x")).is_err());
    }
}
