//! Test support for screens: a context over the shipped content with a fresh store in a
//! temporary folder and a clock that only moves when told, and the screen as plain text.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::app::App;
use super::context::Ctx;
use super::screens::{Target, open};
use super::theme::Theme;
use crate::clock::{ManualClock, Timestamp, UtcOffset};
use crate::store::Store;

/// 2026-11-27 09:00 UTC: a fixed "now" so snapshots never change with the date.
pub const NOW: Timestamp = Timestamp(1_795_770_000_000);

/// A context over the shipped content, a new store and a manual clock at [`NOW`].
pub fn ctx() -> (Ctx, tempfile::TempDir, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let (bank, _) = crate::content::load_shipped(&[]).unwrap();
    let store = Store::open_in(dir.path()).unwrap().store;
    let clock = Arc::new(ManualClock::new(NOW));
    let ctx = Ctx {
        bank,
        store,
        data_dir: dir.path().to_path_buf(),
        clock: clock.clone(),
        theme: Theme::named("dark", false).unwrap(),
        no_color: false,
        body: Rect::default(),
        notice: None,
        seed: 42,
        // Tests see dates in UTC unless they set another zone themselves.
        utc_offset: UtcOffset::UTC,
        present: false,
        theme_before_present: None,
    };
    (ctx, dir, clock)
}

/// An app opened at `target`, sized `width` x `height`.
pub fn app(target: &Target, width: u16, height: u16) -> (App, tempfile::TempDir, Arc<ManualClock>) {
    let (mut ctx, dir, clock) = ctx();
    let first = open(target, &mut ctx).unwrap();
    (
        App::new(first, ctx, Rect::new(0, 0, width, height)),
        dir,
        clock,
    )
}

/// The app's frame as text, one line per row, trailing spaces trimmed.
pub fn screen_text(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Widens the bank, as a `--content` pack would, so that `exam` can reach a readiness estimate:
/// each of its domains gets copies of its own questions (ids `<id>-copy-<n>`) until it has
/// `per_domain`. The shipped bank alone holds fewer questions than readiness asks for.
pub fn pad_bank(ctx: &mut Ctx, exam: &str, per_domain: usize) {
    let bank = &ctx.bank;
    let mut questions = bank.questions().to_vec();
    let Some(e) = bank.exam(exam) else { return };
    let mut copies = 0;
    for d in &e.domains {
        let own: Vec<_> = questions
            .iter()
            .filter(|q| q.is_for_domain(exam, &d.id) && q.case.is_none())
            .cloned()
            .collect();
        for q in own
            .iter()
            .cycle()
            .take(per_domain.saturating_sub(own.len()))
        {
            copies += 1;
            let mut copy = q.clone();
            copy.id = format!("{}-copy-{copies}", q.id);
            copy.lab = None;
            questions.push(copy);
        }
    }
    ctx.bank = crate::content::Bank::new(bank.catalog().clone(), questions, bank.cases().to_vec())
        .with_labs(bank.labs().to_vec());
}

/// Records one practice session in which every question of `ids` was answered, right or wrong.
pub fn answer_all(ctx: &mut Ctx, ids: &[String], correct: bool) {
    use crate::store::{AttemptRecord, SessionRecord};
    let now = ctx.now();
    let session_id = ctx
        .store
        .start_session(&SessionRecord {
            mode: "practice".to_owned(),
            exam: None,
            filter: None,
            seed: 1,
            question_count: u32::try_from(ids.len()).unwrap(),
            started_at: now,
            deadline: None,
            questions: ids.to_vec(),
        })
        .unwrap();
    for id in ids {
        ctx.store
            .record_attempt(&AttemptRecord {
                session_id,
                mode: "practice".to_owned(),
                exam: None,
                question_id: id.clone(),
                answer: "[]".to_owned(),
                correct,
                seconds: 30.0,
                answered_at: now,
            })
            .unwrap();
    }
}
