//! The user's configuration: `config.toml` in the config dir the
//! `directories` crate names (`~/.config/nianbao/` on Linux).
//!
//! ```toml
//! lang = "zh"            # or "en"
//! theme = "default"      # default | light | mono | a file in themes/
//! reviewer = "张三"
//! mouse = false
//! ambiguous_wide = false # “ ” — … as two columns
//! file_timeout = 10      # seconds one file may take to read (0: no limit)
//! [keys.queue]
//! "x" = "quit"
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    pub theme: Option<String>,
    pub reviewer: Option<String>,
    pub mouse: bool,
    pub ambiguous_wide: bool,
    /// Seconds one file may take to read before it is given up (`读取超时`);
    /// `--file-timeout` overrides it, 0 is no limit.
    pub file_timeout: Option<f64>,
    /// Key overrides per mode: mode → key → action name.
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
}

/// The config directory (`~/.config/nianbao`), if the platform has one.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NIANBAO_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "nianbao").map(|d| d.config_dir().to_path_buf())
}

impl Config {
    /// Load `config.toml`; a missing file is the default config, a broken
    /// one is an error naming the file.
    pub fn load() -> Result<Config, String> {
        let Some(dir) = config_dir() else {
            return Ok(Config::default());
        };
        let path = dir.join("config.toml");
        match std::fs::read_to_string(&path) {
            Ok(s) => toml::from_str(&s).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_rejects_typos() {
        let c: Config =
            toml::from_str("lang = \"en\"\nmouse = true\n[keys.queue]\n\"x\" = \"quit\"\n")
                .unwrap();
        assert_eq!(c.lang.as_deref(), Some("en"));
        assert!(c.mouse);
        assert_eq!(c.keys["queue"]["x"], "quit");
        assert!(toml::from_str::<Config>("mose = true").is_err());
    }
}
