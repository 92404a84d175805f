//! The "About" panel of a set-up screen: what the chosen exam is (and why a retired one is
//! marked), what the mode does, how the exam simulation is built, and the review queue.

use ratatui::text::{Line, Span};

use super::{Cards, PracticeMode, Row, Setup, SetupKind};
use crate::clock::{Timestamp, UtcOffset};
use crate::content::{Exam, ExamStatus, Topic};
use crate::quiz::Mode;
use crate::quiz::plan::in_pool;
use crate::tui::context::Ctx;

/// Why there is nothing to review, and when there will be; days are the learner's calendar
/// days at `offset`, so "tomorrow" is after the learner's midnight, not UTC's.
pub fn nothing_due(cards: &Cards, now: Timestamp, offset: UtcOffset) -> String {
    match cards.next_due {
        _ if cards.total == 0 => {
            "No review cards yet: every question you answer, in any mode, becomes one.".to_owned()
        }
        Some(next) => {
            let days = next.day(offset) - now.day(offset);
            let when = match days {
                0 => "later today".to_owned(),
                1 => "tomorrow".to_owned(),
                d => format!("in {d} days"),
            };
            format!(
                "Nothing is due now. The next of your {} cards is due on {} ({when}).",
                cards.total,
                next.date_string(offset)
            )
        }
        None => format!("Nothing is due now ({} cards).", cards.total),
    }
}

fn exam_lines(e: &Exam, lines: &mut Vec<Line<'static>>, ctx: &Ctx) {
    let theme = &ctx.theme;
    lines.push(Line::from(Span::styled(
        format!("{} {} ({})", e.vendor, e.title, e.id),
        theme.title,
    )));
    if let ExamStatus::Retired { on } = &e.status {
        let successor = e
            .successor
            .as_deref()
            .map(|s| format!(" Its successor is {s}."))
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!(
                "Retired on {on}: it can no longer be booked.{successor} Its questions still make \
                 good practice for the topics it shares."
            ),
            theme.warn,
        )));
    }
}

fn matching(setup: &Setup, ctx: &Ctx) -> usize {
    let exam = setup.exam_id();
    let domain = (setup.practice_mode() == PracticeMode::DrillDomain)
        .then(|| setup.drill_domain(ctx).map(|d| d.id.clone()))
        .flatten();
    let topic =
        (setup.practice_mode() == PracticeMode::DrillTopic).then(|| Topic::ALL[setup.topic]);
    let mode = match setup.practice_mode() {
        PracticeMode::Practice => Mode::Practice,
        PracticeMode::DrillDomain | PracticeMode::DrillTopic => Mode::Drill,
        PracticeMode::Missed => Mode::Missed,
    };
    ctx.bank
        .questions()
        .iter()
        .filter(|q| in_pool(q, mode, exam, domain.as_deref(), topic))
        .count()
}

/// The exam simulation: the catalog's figures, how questions are sampled, the blueprint.
fn exam_simulation(e: &Exam, lines: &mut Vec<Line<'static>>, ctx: &Ctx) {
    let theme = &ctx.theme;
    let say = |lines: &mut Vec<Line<'static>>, text: String| {
        lines.push(Line::from(Span::styled(text, theme.text)));
    };
    exam_lines(e, lines, ctx);
    say(
        lines,
        format!(
            "The catalog's exam: {} questions in {} minutes, pass mark {}%.",
            e.questions, e.minutes, e.pass_percent
        ),
    );
    let pool = ctx.bank.questions_for_exam(&e.id).count();
    say(
        lines,
        format!(
            "Questions are sampled by the blueprint's domain weights from the {pool} in the bank; a shorter exam scales the minutes to its length."
        ),
    );
    if pool < e.questions as usize {
        let minutes = crate::quiz::plan::minutes_for(e, pool);
        say(
            lines,
            format!(
                "The bank has {pool} of the {} questions, so a full-length simulation asks all {pool} in {minutes} minutes.",
                e.questions
            ),
        );
    }
    for d in &e.domains {
        // Out-of-scope domains keep their blueprint line, so the weights still add up.
        let scope = if d.in_scope {
            ""
        } else {
            " (not in this product)"
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {:>3}% ", d.weight), theme.info),
            Span::styled(format!("{} {}{scope}", d.id, d.title), theme.muted),
        ]));
    }
    say(
            lines,
            "No feedback until the end: f flags a question, r lists them, F submits; at the deadline it submits itself."
                .into(),
        );
}

/// The panel's lines for the current choices; `selected` is the line under the cursor.
pub fn lines(setup: &Setup, selected: Option<Row>, ctx: &Ctx) -> Vec<Line<'static>> {
    let theme = &ctx.theme;
    let mut lines = Vec::new();
    let exam = setup.exam_id().and_then(|id| ctx.bank.exam(id));
    let say = |lines: &mut Vec<Line<'static>>, text: String| {
        lines.push(Line::from(Span::styled(text, theme.text)));
    };
    match setup.kind {
        SetupKind::Quiz => {
            match exam {
                Some(e) => exam_lines(e, &mut lines, ctx),
                None => say(&mut lines, "Questions from every exam in the bank.".into()),
            }
            let mode = match setup.practice_mode() {
                PracticeMode::Practice => {
                    "Practice: after each answer you see whether it was right, the right answer, and why every option is right or wrong."
                }
                PracticeMode::DrillDomain => {
                    "Drill: only one domain of the exam's blueprint, with feedback after each answer."
                }
                PracticeMode::DrillTopic => {
                    "Drill: only one topic (drift, serving, feature stores...), with feedback after each answer."
                }
                PracticeMode::Missed => {
                    "Missed: the questions whose latest answer was wrong, to retake them."
                }
            };
            say(&mut lines, mode.into());
            if setup.practice_mode() == PracticeMode::Missed {
                say(&mut lines, format!("{} questions to retake.", setup.missed));
            } else {
                say(
                    &mut lines,
                    format!("{} questions match these choices.", matching(setup, ctx)),
                );
            }
        }
        SetupKind::Exam => {
            if let Some(e) = exam {
                exam_simulation(e, &mut lines, ctx);
            }
        }
        SetupKind::Review => {
            let c = &setup.cards;
            if c.due > 0 {
                say(
                    &mut lines,
                    format!("{} of your {} cards are due now.", c.due, c.total),
                );
            } else {
                say(&mut lines, nothing_due(c, ctx.now(), ctx.utc_offset));
            }
            say(
                &mut lines,
                "Each question you answer becomes a card; FSRS schedules it again for when you are about to forget it, sooner after a wrong answer."
                    .into(),
            );
        }
    }
    lines.push(Line::raw(""));
    if selected == Some(Row::Retention) {
        say(
            &mut lines,
            "Desired retention: the chance of remembering a card when it comes due. Higher means more, shorter-spaced reviews (0.70 to 0.99)."
                .into(),
        );
    }
    if let Some(u) = setup
        .unfinished
        .as_ref()
        .filter(|_| selected == Some(Row::Resume))
    {
        say(
            &mut lines,
            format!(
                "Resume takes up session {} where it stopped: same questions, answers and flags{}.",
                u.row.id,
                if u.row.record.deadline.is_some() {
                    ", and the exam keeps its deadline"
                } else {
                    ""
                }
            ),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_card_is_dated_in_the_learners_zone() {
        // Now: 2026-12-03 20:00 UTC. The card: 2026-12-04 02:00 UTC.
        let now = Timestamp(1_796_328_000_000);
        let cards = Cards {
            total: 3,
            due: 0,
            next_due: Some(now.plus_secs(6 * 3600)),
        };
        // In UTC the card falls on the next calendar day, though it is only 6 hours away.
        let utc = nothing_due(&cards, now, UtcOffset::UTC);
        assert!(utc.contains("due on 2026-12-04 (tomorrow)"), "{utc}");
        // In New York (UTC-5) both are on the 3rd: later today, dated the 3rd.
        let ny = nothing_due(&cards, now, UtcOffset(-5 * 60));
        assert!(ny.contains("due on 2026-12-03 (later today)"), "{ny}");
        // In Tokyo (UTC+9) now is already the 4th, 05:00; the card is at 11:00 the same day.
        let tokyo = nothing_due(&cards, now, UtcOffset(9 * 60));
        assert!(tokyo.contains("due on 2026-12-04 (later today)"), "{tokyo}");
    }
}
