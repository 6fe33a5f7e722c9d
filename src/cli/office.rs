//! `nianbao export -o FILE` and the binary formats (`xlsx`, `docx`): the
//! output is built in memory and written to FILE atomically, or to a
//! redirected stdout; binary output is never written to a terminal.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::export::{self, ExportArgs, ExportFormat};
use super::{CheckArgs, CheckFormat, Lang};

/// Handle `export` when it writes a binary format or to `-o FILE`;
/// `None` leaves it to the text exporter on stdout.
pub fn export(args: &ExportArgs, lang: Lang) -> Option<ExitCode> {
    let binary = matches!(args.format, ExportFormat::Xlsx | ExportFormat::Docx);
    if !binary && args.output.is_none() {
        return None;
    }
    let fail = |e: String| {
        eprintln!("nianbao export: {e}");
        Some(ExitCode::from(2))
    };
    let out = args.output.as_deref();
    if binary && out.is_none() && io::stdout().is_terminal() {
        let what = if args.format == ExportFormat::Xlsx {
            "xlsx"
        } else {
            "docx"
        };
        return fail(format!(
            "{what} 是二进制文件，不能输出到终端：请用 -o FILE 指定文件 ({what} is binary: give -o FILE or redirect stdout)"
        ));
    }
    let sel = match super::selection(&CheckArgs {
        format: CheckFormat::Text,
        pretty: false,
        rules: false,
        select: None,
        ignore: None,
        paths: vec![args.path.clone()],
    }) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let loaded = match export::load_in(&args.path, &sel, lang == Lang::En) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let mut bytes = Vec::new();
    let built = match args.format {
        ExportFormat::Csv => export::write_csv(&mut bytes, &loaded),
        ExportFormat::Md => export::write_md(&mut bytes, &loaded),
        ExportFormat::Json => export::write_json(&mut bytes, &loaded),
        ExportFormat::Xlsx => super::xlsx::build(&loaded).map(|b| bytes = b),
        ExportFormat::Docx => super::docx::build(&loaded).map(|b| bytes = b),
    };
    let res = built.and_then(|_| write_out(out, &bytes));
    match res {
        Ok(()) => Some(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && out.is_none() => Some(ExitCode::SUCCESS),
        Err(e) => match out {
            Some(p) => fail(format!("{}: {e}", p.display())),
            None => fail(e.to_string()),
        },
    }
}

/// Write `bytes` to `out` (a temporary file beside it renamed over it, so a
/// reader never sees half a file), or to stdout.
pub fn write_out(out: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    let Some(p) = out else {
        let mut so = io::stdout().lock();
        so.write_all(bytes)?;
        return so.flush();
    };
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".nianbao-export")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(p).map_err(|e| e.error)?;
    Ok(())
}
