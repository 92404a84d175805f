//! The lab player's left pane as lines: the step (goal, a decision's options, the hints shown,
//! the checkpoint question, or the summary once the lab is complete) and the transcript of the
//! lines typed with what came back (events, ✓/✗, a caret under a mistake).

use ratatui::text::{Line, Span};

use super::LabPlayer;
use crate::display::escape_lines;
use crate::lab::describe::describe;
use crate::lab::session::{How, Output, marks_text, rewound_text};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;
use crate::world::Event;

/// How a transcript line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A line the learner typed.
    Typed,
    /// The World's answer.
    Event,
    /// A refusal, a mistake, a check not passed.
    Bad,
    /// A step done, a check passed.
    Good,
    /// The caret under a mistake (kept unwrapped).
    Caret,
    /// The player's notes.
    Note,
}

/// One transcript line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    tone: Tone,
    text: String,
}

impl Entry {
    fn new(tone: Tone, text: impl Into<String>) -> Entry {
        Entry {
            tone,
            text: escape_lines(&text.into()).into_owned(),
        }
    }

    /// A note from the player.
    pub fn note(text: String) -> Entry {
        Entry::new(Tone::Note, text)
    }
}

/// The transcript lines for a line typed and its answer.
pub fn entries(line: &str, outputs: &[Output]) -> Vec<Entry> {
    let mut out = vec![Entry::new(Tone::Typed, line)];
    for o in outputs {
        match o {
            Output::Events(events) => out.extend(
                events
                    .iter()
                    .filter(|e| !matches!(e, Event::TrainingProgress { .. }))
                    .map(|e| {
                        let refused = matches!(e, Event::Rejected { .. } | Event::Blocked { .. });
                        Entry::new(if refused { Tone::Bad } else { Tone::Event }, describe(e))
                    }),
            ),
            Output::Problem(p) => {
                let start = line[..p.span.start.min(line.len())].chars().count();
                let width = line
                    .get(p.span.clone())
                    .map_or(1, |s| s.chars().count().max(1));
                out.push(Entry::new(
                    Tone::Caret,
                    format!("{}{}", " ".repeat(start), "^".repeat(width)),
                ));
                out.push(Entry::new(Tone::Bad, format!("error: {}", p.message)));
            }
            Output::Hint { n, of, .. } => {
                out.push(Entry::new(
                    Tone::Note,
                    format!("hint {n} of {of}: see the step"),
                ));
            }
            Output::NoMoreHints => out.push(Entry::new(
                Tone::Note,
                "no more hints: r (or :solution) runs the step's commands",
            )),
            Output::Running(l) => out.push(Entry::new(Tone::Typed, format!("(solution) {l}"))),
            Output::Check(c) if c.passed => {
                out.push(Entry::new(Tone::Good, format!("✓ check: {}", c.detail)));
            }
            Output::Check(c) => out.push(Entry::new(Tone::Bad, format!("✗ check: {}", c.detail))),
            Output::NotYet(c) => out.push(Entry::new(
                Tone::Bad,
                format!("✗ not yet: {} (i for a hint)", c.detail),
            )),
            Output::StepDone { step, how } => out.push(Entry::new(
                Tone::Good,
                format!("✓ step {} done ({})", step + 1, how_words(*how)),
            )),
            Output::Chose { label, outcome, .. } => {
                out.push(Entry::new(Tone::Good, format!("you chose: {label}")));
                out.push(Entry::new(Tone::Event, outcome.trim()));
            }
            Output::Note(text) => out.push(Entry::new(Tone::Note, text.as_str())),
            Output::LabDone => out.push(Entry::new(Tone::Good, "✓ lab complete")),
            Output::Points(marks) => out.push(Entry::new(Tone::Note, marks_text(marks))),
            Output::Rewound(mark) => out.push(Entry::new(Tone::Good, rewound_text(*mark))),
        }
    }
    out
}

/// `unaided`, `with hints`, `with the solution`.
pub fn how_words(how: How) -> &'static str {
    match how {
        How::Unaided => "unaided",
        How::WithHints => "with hints",
        How::WithSolution => "with the solution",
    }
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_owned(), theme.title))
}

impl LabPlayer {
    /// The step part of the left pane at `width` columns.
    pub(super) fn step_lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let Some(step) = self.session.current() else {
            out.extend(super::complete::lines(
                &self.session,
                &self.domains,
                width,
                theme,
            ));
            self.question_lines(width, theme, &mut out);
            return out;
        };
        out.extend(wrap(
            &escape_lines(&step.title),
            width,
            "",
            theme.title,
            theme.title,
        ));
        out.extend(wrap(
            &escape_lines(step.text.trim()),
            width,
            "",
            theme.text,
            theme.text,
        ));
        if step.is_decision() {
            out.push(Line::raw(""));
            for (i, o) in step.options.iter().enumerate() {
                out.extend(wrap(
                    &escape_lines(&o.label),
                    width,
                    &format!("{}) ", i + 1),
                    theme.accent,
                    theme.text,
                ));
            }
            out.push(Line::from(Span::styled(
                format!(
                    "Choose with 1-{} (or type the number in the console).",
                    step.options.len()
                ),
                theme.muted,
            )));
        }
        if let Some(tools) = &step.real_tools {
            out.push(Line::raw(""));
            out.push(heading("On the real platforms", theme));
            for (platform, what) in tools.entries() {
                out.extend(wrap(
                    &escape_lines(what),
                    width,
                    &format!("{platform}: "),
                    theme.accent,
                    theme.muted,
                ));
            }
        }
        let hints = self.session.hints();
        let shown = self.session.records()[self.session.step()]
            .hints
            .min(hints.len());
        if shown > 0 {
            out.push(Line::raw(""));
            out.push(heading(
                &format!("Hints ({shown} of {})", hints.len()),
                theme,
            ));
            for (k, h) in hints.iter().take(shown).enumerate() {
                out.extend(wrap(
                    &escape_lines(h),
                    width,
                    &format!("{}. ", k + 1),
                    theme.accent,
                    theme.text,
                ));
            }
        }
        self.question_lines(width, theme, &mut out);
        out
    }

    fn question_lines(&self, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
        let Some((step, k, q)) = &self.question else {
            return;
        };
        let count = super::actions::question_count(&self.session.lab().steps[*step]);
        out.push(Line::raw(""));
        out.push(heading(
            &format!(
                "Checkpoint question {} of {count} (step {})",
                k + 1,
                step + 1
            ),
            theme,
        ));
        out.extend(q.lines(width, theme).0);
        let next = if q.result.is_some() {
            "Enter: next"
        } else {
            "1-9 pick, Enter answers (Esc first if the console has the focus)"
        };
        out.push(Line::from(Span::styled(next, theme.muted)));
    }

    /// The transcript's lines that fit `height` rows of `width` columns, `back` rows before
    /// its end (0: the latest), from entry `from` on and without the entries `hidden` (held
    /// back by presenter mode's pacer). Scrolled back, the first row says how much is below.
    pub(super) fn log_lines(
        &self,
        (from, hidden): (usize, std::ops::Range<usize>),
        (width, height): (usize, usize),
        back: usize,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        if self.log.is_empty() {
            return wrap(
                "What you type and what the World answers appear here.",
                width,
                "",
                theme.muted,
                theme.muted,
            );
        }
        let mut lines: Vec<Line<'static>> = Vec::new();
        let shown = self
            .log
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(i, _)| !hidden.contains(i))
            .map(|(_, e)| e);
        for e in shown.rev() {
            if lines.len() >= height + back {
                break;
            }
            lines.extend(entry_lines(e, width, theme).into_iter().rev());
        }
        let back = back.min(lines.len().saturating_sub(height));
        let mut out: Vec<Line<'static>> = lines.into_iter().skip(back).take(height).collect();
        out.reverse();
        if back > 0
            && let Some(first) = out.first_mut()
        {
            *first = Line::from(Span::styled(
                format!("↓ {back} newer line(s) below: PgDn (PgUp: further back)"),
                theme.info,
            ));
        }
        out
    }

    /// How many rows the whole transcript takes at `width` columns.
    pub(super) fn log_rows(&self, width: usize, theme: &Theme) -> usize {
        self.log
            .iter()
            .map(|e| entry_lines(e, width, theme).len())
            .sum()
    }
}

/// One transcript entry wrapped to `width` columns, styled by its tone.
fn entry_lines(e: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match e.tone {
        Tone::Typed => wrap(&e.text, width, "› ", theme.accent, theme.text),
        Tone::Event => wrap(&e.text, width, "  ", theme.muted, theme.muted),
        Tone::Bad => wrap(&e.text, width, "  ", theme.bad, theme.bad),
        Tone::Good => wrap(&e.text, width, "  ", theme.good, theme.good),
        Tone::Note => wrap(&e.text, width, "  ", theme.info, theme.info),
        Tone::Caret => vec![Line::from(Span::styled(
            format!("  {}", e.text)
                .chars()
                .take(width)
                .collect::<String>(),
            theme.bad,
        ))],
    }
}
