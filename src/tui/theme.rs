//! Themes: semantic roles (error, selection, diff-added…) over a palette.
//!
//! The shipped themes (`themes/*.toml`) are compiled in; a theme may
//! `inherits = "other"`; a user theme of the same name in the config dir's
//! `themes/` folder overrides the shipped one.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

#[derive(Debug, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ThemeFile {
    inherits: Option<String>,
    palette: HashMap<String, String>,
    roles: HashMap<String, RoleSpec>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default, deny_unknown_fields)]
struct RoleSpec {
    fg: Option<String>,
    bg: Option<String>,
    modifiers: Vec<String>,
}

/// A resolved theme.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    roles: HashMap<String, Style>,
}

fn parse_color(s: &str, palette: &HashMap<String, String>) -> Result<Color, String> {
    let s = palette.get(s).map(String::as_str).unwrap_or(s);
    let c = match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        other => {
            if let Some(hex) = other.strip_prefix('#').filter(|h| h.len() == 6) {
                let v = u32::from_str_radix(hex, 16).map_err(|_| format!("bad colour {s}"))?;
                Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
            } else if let Ok(i) = other.parse::<u8>() {
                Color::Indexed(i)
            } else {
                return Err(format!("unknown colour \"{s}\""));
            }
        }
    };
    Ok(c)
}

fn parse_modifier(s: &str) -> Result<Modifier, String> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "crossedout" | "strikethrough" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        other => return Err(format!("unknown modifier \"{other}\"")),
    })
}

/// The text of a theme by name: the user's `themes/<name>.toml` first.
fn source(name: &str) -> Option<String> {
    if let Some(dir) = crate::config::config_dir() {
        let p = dir.join("themes").join(format!("{name}.toml"));
        if let Ok(s) = std::fs::read_to_string(p) {
            return Some(s);
        }
    }
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.to_string())
}

impl Theme {
    /// Load a theme by name, following `inherits`.
    pub fn load(name: &str) -> Result<Theme, String> {
        Self::load_with(name, &source)
    }

    /// A shipped theme only, ignoring the user's config dir (tests, benches).
    pub fn shipped_named(name: &str) -> Result<Theme, String> {
        Self::load_with(name, &|n| {
            SHIPPED
                .iter()
                .find(|(x, _)| *x == n)
                .map(|(_, s)| s.to_string())
        })
    }

    /// Load with a custom source of theme texts (tests).
    pub fn load_with(name: &str, src: &dyn Fn(&str) -> Option<String>) -> Result<Theme, String> {
        // Collect the chain child → … → root.
        let mut chain: Vec<ThemeFile> = Vec::new();
        let mut cur = Some(name.to_string());
        while let Some(n) = cur {
            if chain.len() > 8 {
                return Err(format!("theme \"{name}\": inherits loop"));
            }
            let text = src(&n).ok_or_else(|| format!("no theme named \"{n}\""))?;
            let f: ThemeFile = toml::from_str(&text).map_err(|e| format!("theme \"{n}\": {e}"))?;
            cur = f.inherits.clone();
            chain.push(f);
        }
        // Resolve root → child: palettes merge; a child's role replaces the parent's.
        let mut palette: HashMap<String, String> = HashMap::new();
        let mut specs: HashMap<String, RoleSpec> = HashMap::new();
        for f in chain.iter().rev() {
            palette.extend(f.palette.clone());
            specs.extend(f.roles.clone());
        }
        let mut roles = HashMap::new();
        for (role, spec) in specs {
            let mut st = Style::default();
            if let Some(fg) = &spec.fg {
                st = st.fg(parse_color(fg, &palette)?);
            }
            if let Some(bg) = &spec.bg {
                st = st.bg(parse_color(bg, &palette)?);
            }
            for m in &spec.modifiers {
                st = st.add_modifier(parse_modifier(m)?);
            }
            roles.insert(role, st);
        }
        Ok(Theme {
            name: name.to_string(),
            roles,
        })
    }

    /// The style of a role (the empty style for unknown roles).
    pub fn get(&self, role: &str) -> Style {
        self.roles.get(role).copied().unwrap_or_default()
    }

    /// Does any role use a colour?
    pub fn has_colour(&self) -> bool {
        self.roles
            .values()
            .any(|s| s.fg.is_some() || s.bg.is_some())
    }

    pub fn shipped() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_themes_load_and_mono_has_no_colour() {
        for name in Theme::shipped() {
            let t = Theme::load_with(name, &|n| {
                SHIPPED
                    .iter()
                    .find(|(x, _)| *x == n)
                    .map(|(_, s)| s.to_string())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                t.get("selection").add_modifier.contains(Modifier::REVERSED),
                "{name}"
            );
            assert!(
                t.get("error") != Style::default(),
                "{name}: error must be visible"
            );
        }
        let mono = Theme::load_with("mono", &|n| {
            SHIPPED
                .iter()
                .find(|(x, _)| *x == n)
                .map(|(_, s)| s.to_string())
        })
        .unwrap();
        assert!(
            !mono.has_colour(),
            "mono must carry everything by modifiers"
        );
        let light = Theme::load_with("light", &|n| {
            SHIPPED
                .iter()
                .find(|(x, _)| *x == n)
                .map(|(_, s)| s.to_string())
        })
        .unwrap();
        assert_eq!(
            light.get("title").fg,
            Some(Color::Blue),
            "light overrides the palette"
        );
        assert_eq!(
            light.get("error").fg,
            Some(Color::Red),
            "and inherits the rest"
        );
    }

    #[test]
    fn user_theme_errors_are_clear() {
        let src = |n: &str| match n {
            "a" => Some("inherits = \"b\"\n[roles]\nerror = { fg = \"chartreuse\" }".to_string()),
            "b" => Some("[roles]\n".to_string()),
            "loop" => Some("inherits = \"loop\"".to_string()),
            _ => None,
        };
        assert!(
            Theme::load_with("a", &src)
                .unwrap_err()
                .contains("chartreuse")
        );
        assert!(Theme::load_with("loop", &src).unwrap_err().contains("loop"));
        assert!(Theme::load_with("nope", &src).unwrap_err().contains("nope"));
    }
}
