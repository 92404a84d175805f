//! The spaced-review forecast for one exam: how many of its cards fall due today, within 7 and
//! within 30 days, with the desired retention and whether FSRS was fitted to this learner.

use ratatui::text::{Line, Span};

use crate::clock::{DAY_MS, Timestamp, UtcOffset};
use crate::quiz::live::RETENTION_SETTING;
use crate::quiz::schedule::DEFAULT_RETENTION;
use crate::store::CardRow;
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;

/// Card counts for one exam.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forecast {
    /// Cards of this exam's questions.
    pub cards: usize,
    /// Cards of every question.
    pub all_cards: usize,
    /// Due by the end of the learner's today, overdue ones included.
    pub today: usize,
    /// Due within 7 days from now.
    pub week: usize,
    /// Due within 30 days from now.
    pub month: usize,
    /// The desired retention.
    pub retention: f32,
    /// How many reviews FSRS was fitted on; `None` means its default parameters.
    pub fitted_on: Option<u32>,
    /// A store problem, if the figures could not be read.
    pub problem: Option<String>,
}

/// Counts `cards` due by the end of the learner's day (at `offset`), within 7 and within 30
/// days.
pub fn count_due(cards: &[&CardRow], now: Timestamp, offset: UtcOffset) -> (usize, usize, usize) {
    let end_of_day = Timestamp::start_of_day(now.day(offset) + 1, offset);
    let within = |days: i64| {
        let until = now.plus_ms(days * DAY_MS);
        cards.iter().filter(|c| c.due <= until).count()
    };
    let today = cards.iter().filter(|c| c.due < end_of_day).count();
    (today, within(7), within(30))
}

impl Forecast {
    /// Reads the forecast for `exam` from the store.
    pub fn read(ctx: &Ctx, exam: &str) -> Forecast {
        let now = ctx.now();
        let store = &ctx.store;
        let read = || -> Result<Forecast, crate::store::StoreError> {
            let all = store.cards()?;
            let mine: Vec<&CardRow> = all
                .iter()
                .filter(|c| {
                    ctx.bank
                        .question(&c.question_id)
                        .is_some_and(|q| q.is_for_exam(exam))
                })
                .collect();
            let (today, week, month) = count_due(&mine, now, ctx.utc_offset);
            Ok(Forecast {
                cards: mine.len(),
                all_cards: all.len(),
                today,
                week,
                month,
                retention: store
                    .setting(RETENTION_SETTING)?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(DEFAULT_RETENTION),
                fitted_on: store.fsrs_parameters()?.map(|(_, n)| n),
                problem: None,
            })
        };
        read().unwrap_or_else(|e| Forecast {
            problem: Some(format!("could not read the review cards: {e}")),
            ..Forecast::default()
        })
    }

    /// The panel's lines.
    pub fn lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        if let Some(p) = &self.problem {
            return vec![Line::from(Span::styled(p.clone(), theme.bad))];
        }
        let fit = self.fitted_on.map_or_else(
            || "FSRS default parameters".to_owned(),
            |n| format!("FSRS fitted on your {n} reviews"),
        );
        vec![
            Line::from(vec![
                Span::styled(format!("Due today {}", self.today), theme.warn),
                Span::styled(
                    format!(
                        " · within 7 days {} · within 30 days {}",
                        self.week, self.month
                    ),
                    theme.text,
                ),
            ]),
            Line::from(Span::styled(
                format!(
                    "{} cards for this exam ({} in all) · desired retention {:.2} · {fit}",
                    self.cards, self.all_cards, self.retention
                ),
                theme.muted,
            )),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(due: i64) -> CardRow {
        CardRow {
            question_id: "q".into(),
            stability: 1.0,
            difficulty: 5.0,
            last_review: Timestamp(0),
            due: Timestamp(due),
            reps: 1,
            lapses: 0,
        }
    }

    #[test]
    fn cards_fall_into_today_week_and_month() {
        let now = Timestamp(10 * DAY_MS + 1000);
        let cards = [
            card(now.0 - 5),           // overdue
            card(11 * DAY_MS - 1),     // later today
            card(now.0 + 3 * DAY_MS),  // this week
            card(now.0 + 20 * DAY_MS), // this month
            card(now.0 + 40 * DAY_MS), // later
        ];
        let refs: Vec<&CardRow> = cards.iter().collect();
        assert_eq!(count_due(&refs, now, UtcOffset::UTC), (2, 3, 4));
        // At noon UTC, two hours west of UTC, a card due at 01:00 UTC tomorrow is due at 23:00
        // the learner's today.
        let noon = Timestamp(10 * DAY_MS + 12 * 3_600_000);
        let west = UtcOffset(-120);
        let tonight = [card(11 * DAY_MS + 3_600_000)];
        let refs: Vec<&CardRow> = tonight.iter().collect();
        assert_eq!(
            count_due(&refs, noon, west).0,
            1,
            "due before the learner's midnight"
        );
        assert_eq!(
            count_due(&refs, noon, UtcOffset::UTC).0,
            0,
            "after UTC's midnight"
        );
    }
}
