//! The labs panel of the progress screen: each lab with how its latest play-through went
//! (steps done unaided, with hints, with the solution, minutes on task), from the same figures
//! as `mlops-lab progress`.

use ratatui::text::{Line, Span};

use crate::display::escape_lines;
use crate::lab::progress::LabProgress;
use crate::tui::theme::Theme;

/// One line per lab: `✓ first-pipeline 8/8 · 5 unaided · 2 hints · 1 solution · 23 min`.
pub fn lines(labs: &[LabProgress], theme: &Theme) -> Vec<Line<'static>> {
    if labs.is_empty() {
        return vec![Line::from(Span::styled(
            "No labs in the content.",
            theme.muted,
        ))];
    }
    labs.iter()
        .map(|l| {
            let (mark, style) = if l.completed {
                ("✓ ", theme.good)
            } else if l.steps_done > 0 {
                ("● ", theme.warn)
            } else {
                ("○ ", theme.muted)
            };
            let detail = if l.steps_done == 0 && !l.completed {
                "not started".to_owned()
            } else {
                let mut parts = vec![format!("{}/{}", l.steps_done, l.steps_total)];
                for (n, what) in [
                    (l.unaided, "unaided"),
                    (l.with_hints, "with hints"),
                    (l.with_solution, "solution"),
                ] {
                    if n > 0 {
                        parts.push(format!("{n} {what}"));
                    }
                }
                parts.push(format!("{} min", l.minutes));
                parts.join(" · ")
            };
            Line::from(vec![
                Span::styled(mark, style),
                Span::styled(format!("{} ", escape_lines(&l.id)), theme.text),
                Span::styled(detail, theme.muted),
            ])
        })
        .collect()
}
