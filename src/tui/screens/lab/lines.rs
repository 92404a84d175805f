//! The step pane as wrapped lines, with the line where each section starts, so a key that
//! reveals something (a hint, a check, a run) can scroll to it with the lines that are drawn.

use ratatui::text::{Line, Span};

use super::LabPlayer;
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// Where the sections start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anchors {
    /// The hints.
    pub hints: usize,
    /// The check.
    pub check: usize,
    /// The last run.
    pub run: usize,
    /// The checkpoint question.
    pub question: usize,
    /// Its options, or the feedback once answered.
    pub answer: usize,
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_owned(), theme.title))
}

impl LabPlayer {
    /// The anchors for the step pane as it is laid out on the learner's screen.
    pub(super) fn left_lines_for(&self, ctx: &Ctx) -> Anchors {
        let (width, _) = Self::left_width(ctx);
        self.left_lines(width, &ctx.theme).1
    }

    /// Every line of the step pane at `width` columns.
    pub(super) fn left_lines(&self, width: usize, theme: &Theme) -> (Vec<Line<'static>>, Anchors) {
        let mut out = Vec::new();
        let mut at = Anchors::default();
        if let Some(c) = &self.completion {
            out.extend(c.lines(&self.lab, width, theme));
            out.push(Line::raw(""));
        }
        let step = &self.lab.steps[self.step];
        let i = self.step;
        let state = if self.progress.passed[i] {
            ("✓ passed", theme.good)
        } else if i < self.progress.ran {
            ("● ran, not checked yet", theme.warn)
        } else {
            ("○ not run yet", theme.muted)
        };
        out.extend(wrap(&step.title, width, "", theme.title, theme.title));
        out.push(Line::from(Span::styled(state.0, state.1)));
        out.push(Line::raw(""));
        out.extend(wrap(&step.text, width, "", theme.text, theme.text));
        out.push(Line::raw(""));

        at.hints = out.len();
        let hints = crate::lab::step_hints(step, super::answer_hint);
        let shown = self.progress.hints[i].min(hints.len());
        out.push(heading(
            &format!("Hints ({shown} of {} shown)", hints.len()),
            theme,
        ));
        for (k, h) in hints.iter().take(shown).enumerate() {
            out.extend(wrap(
                h,
                width,
                &format!("{}. ", k + 1),
                theme.accent,
                theme.text,
            ));
        }
        if shown < hints.len() {
            out.push(Line::from(Span::styled(
                "i shows the next hint",
                theme.muted,
            )));
        }
        out.push(Line::raw(""));

        at.run = out.len();
        self.run_lines(width, theme, &mut out);
        out.push(Line::raw(""));

        at.check = out.len();
        self.check_lines(width, theme, &mut out);

        at.question = out.len();
        if let Some((k, q)) = &self.question {
            out.push(Line::raw(""));
            out.push(heading(
                &format!("Checkpoint question {} of {}", k + 1, step.questions.len()),
                theme,
            ));
            let (lines, answer) = q.lines(width, theme);
            // Back a few lines so the end of the prompt stays in sight.
            at.answer = (out.len() + answer).saturating_sub(2);
            out.extend(lines);
            if q.result.is_some() {
                let next = if k + 1 < step.questions.len() {
                    "Enter shows the next question."
                } else {
                    "n goes to the next step."
                };
                out.push(Line::from(Span::styled(next, theme.muted)));
            }
        }
        (out, at)
    }

    fn run_lines(&self, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
        let step = &self.lab.steps[self.step];
        if let Some(lines) = &self.runs[self.step] {
            out.push(heading(
                &format!("Last run ({})", plural(lines.len(), "event")),
                theme,
            ));
            if lines.is_empty() {
                out.push(Line::from(Span::styled(
                    "nothing to run in this step: look at the World views",
                    theme.muted,
                )));
            }
            for l in lines {
                let (lead, style) = if super::actions::is_problem(l) {
                    ("✗ ", theme.bad)
                } else {
                    ("· ", theme.muted)
                };
                out.extend(wrap(l, width, lead, style, theme.text));
            }
        } else {
            out.push(heading("Run", theme));
            let what = if step.commands.is_empty() {
                "this step has no commands: r marks it done, then look at the views".to_owned()
            } else {
                format!(
                    "r runs the step's {}",
                    plural(step.commands.len(), "command")
                )
            };
            out.push(Line::from(Span::styled(what, theme.muted)));
        }
    }

    fn check_lines(&self, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
        out.push(heading("Check", theme));
        match &self.checks[self.step] {
            Some(c) if c.passed => out.extend(wrap(&c.detail, width, "✓ ", theme.good, theme.text)),
            Some(c) => out.extend(wrap(
                &format!("missing: {}", c.detail),
                width,
                "✗ ",
                theme.bad,
                theme.text,
            )),
            None => out.push(Line::from(Span::styled(
                "c checks whether the World is where this step wants it",
                theme.muted,
            ))),
        }
    }
}

/// `1 event`, `3 events`.
pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
