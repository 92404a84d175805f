//! Every colour the interface uses, from one theme file in `assets/themes/` (embedded at build
//! time). A theme sets its own background as well as its text colours, so it reads the same on a
//! dark or a light terminal. `NO_COLOR` or `--no-color` gives the monochrome theme: the
//! terminal's own colours, with bold and reversed video for emphasis and selection.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The shipped themes, in the order `T` cycles through them.
pub const THEMES: [(&str, &str); 3] = [
    ("dark", include_str!("../../assets/themes/dark.toml")),
    ("light", include_str!("../../assets/themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../assets/themes/high-contrast.toml"),
    ),
];

/// The styles screens draw with.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (`dark`, `light`, `high-contrast`, `mono`).
    pub name: String,
    /// The whole frame: the theme's background, with body text on it. Drawn first, under every
    /// screen, so no cell is left with the terminal's own background.
    pub base: Style,
    /// Body text.
    pub text: Style,
    /// Secondary text: hints, captions, disabled items.
    pub muted: Style,
    /// Keys, links, the active tab.
    pub accent: Style,
    /// Titles and headings.
    pub title: Style,
    /// Borders of blocks.
    pub border: Style,
    /// The selected row or option.
    pub selected: Style,
    /// Passed, correct, healthy.
    pub good: Style,
    /// Failed, wrong, firing.
    pub bad: Style,
    /// Warnings, flagged, pending.
    pub warn: Style,
    /// Neutral highlights (charts, tags).
    pub info: Style,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    background: String,
    text: String,
    muted: String,
    accent: String,
    title: String,
    border: String,
    selected_fg: String,
    selected_bg: String,
    good: String,
    bad: String,
    warn: String,
    info: String,
}

/// A theme file that does not parse; shipped themes are tested, so this names the file.
#[derive(Debug, thiserror::Error)]
#[error("theme {name}: {message}")]
pub struct ThemeError {
    name: String,
    message: String,
}

impl Theme {
    /// The shipped theme called `name`, or the monochrome one when `no_color` is set.
    pub fn named(name: &str, no_color: bool) -> Result<Theme, ThemeError> {
        if no_color {
            return Ok(Theme::mono());
        }
        let (_, text) = THEMES
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ThemeError {
                name: name.to_owned(),
                message: format!(
                    "no such theme (known: {})",
                    THEMES.map(|(n, _)| n).join(", ")
                ),
            })?;
        Theme::parse(name, text)
    }

    /// The name of the theme after `name` in [`THEMES`], wrapping around.
    pub fn next_name(name: &str) -> &'static str {
        let i = THEMES.iter().position(|(n, _)| *n == name).unwrap_or(0);
        THEMES[(i + 1) % THEMES.len()].0
    }

    fn parse(name: &str, text: &str) -> Result<Theme, ThemeError> {
        let err = |message: String| ThemeError {
            name: name.to_owned(),
            message,
        };
        let file: ThemeFile = toml::from_str(text).map_err(|e| err(e.message().to_owned()))?;
        let c = |field: &str, value: &str| {
            parse_color(value).ok_or_else(|| {
                err(format!(
                    "{field}: {value:?} is not a colour; write it as \"#rrggbb\""
                ))
            })
        };
        let fg = |field: &str, value: &str| c(field, value).map(|col| Style::new().fg(col));
        Ok(Theme {
            name: file.name,
            base: Style::new()
                .bg(c("background", &file.background)?)
                .fg(c("text", &file.text)?),
            text: fg("text", &file.text)?,
            muted: fg("muted", &file.muted)?,
            accent: fg("accent", &file.accent)?,
            title: fg("title", &file.title)?.add_modifier(Modifier::BOLD),
            border: fg("border", &file.border)?,
            selected: Style::new()
                .fg(c("selected_fg", &file.selected_fg)?)
                .bg(c("selected_bg", &file.selected_bg)?)
                .add_modifier(Modifier::BOLD),
            good: fg("good", &file.good)?,
            bad: fg("bad", &file.bad)?,
            warn: fg("warn", &file.warn)?,
            info: fg("info", &file.info)?,
        })
    }

    /// No colour at all: emphasis by bold, selection by reversed video.
    pub fn mono() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            name: "mono".to_owned(),
            base: plain,
            text: plain,
            muted: Style::new().add_modifier(Modifier::DIM),
            accent: bold,
            title: bold,
            border: plain,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            good: bold,
            bad: bold,
            warn: bold,
            info: plain,
        }
    }
}

/// `#rrggbb`. Named ANSI colours are not accepted: each terminal paints them its own way, so
/// their contrast against the background cannot be known.
fn parse_color(value: &str) -> Option<Color> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests;
