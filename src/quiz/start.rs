//! Starting a session, once for every face: line mode (`quiz --plain`) and the full-screen quiz
//! both read the learner's history from the store, plan the questions, build the scheduler and
//! start (or take up) a [`Live`] session here, so the two cannot drift apart.

use std::borrow::BorrowMut;

use super::live::scheduler_for;
use super::{History, Live, Mode, QuizError, QuizRequest, Session, plan};
use crate::clock::Timestamp;
use crate::content::Bank;
use crate::store::{SessionRow, Store};

/// How a request for a new session turned out.
#[derive(Debug)]
pub enum Begun<S: BorrowMut<Store>> {
    /// The session is recorded and running.
    Started(Live<S>),
    /// Nothing to ask (no missed question, no card due): good news for the learner, not an
    /// error. The sentence says which.
    Nothing(String),
}

/// What the store knows that choosing questions needs: the missed questions and the cards due
/// at `now`.
pub fn history(store: &Store, now: Timestamp) -> Result<History, QuizError> {
    Ok(History {
        missed: store.missed_questions()?,
        due: store
            .due_cards(now)?
            .into_iter()
            .map(|c| c.question_id)
            .collect(),
    })
}

/// Plans `request` against the learner's history in `store` and starts the session on that
/// store. Errors are the request's (unknown exam, count 0...) or the store's.
pub fn start<S: BorrowMut<Store>>(
    mut store: S,
    bank: &Bank,
    request: &QuizRequest,
    now: Timestamp,
) -> Result<Begun<S>, QuizError> {
    let history = history(store.borrow_mut(), now)?;
    let plan = match plan(bank, request, &history, now) {
        Ok(p) => p,
        Err(QuizError::NoQuestions(msg)) if matches!(request.mode, Mode::Missed | Mode::Review) => {
            return Ok(Begun::Nothing(format!("{msg}.")));
        }
        Err(e) => return Err(e),
    };
    let scheduler = scheduler_for(store.borrow_mut(), now)?;
    Live::start(store, plan, bank.cases(), scheduler).map(Begun::Started)
}

/// Takes up the latest session that never ended, with its stored row (mode, start date) for
/// the learner's message; `None` when there is none.
pub fn resume_latest<S: BorrowMut<Store>>(
    mut store: S,
    bank: &Bank,
    now: Timestamp,
) -> Result<Option<(Live<S>, SessionRow)>, QuizError> {
    let Some(row) = store.borrow_mut().unfinished_sessions()?.into_iter().next() else {
        return Ok(None);
    };
    let scheduler = scheduler_for(store.borrow_mut(), now)?;
    let live = Live::resume(store, &row, bank, scheduler, now)?;
    Ok(Some((live, row)))
}

/// An exam session's time limit in whole minutes (its deadline is set in minutes from the
/// start), `None` outside exam mode.
pub fn time_limit_minutes(session: &Session) -> Option<u32> {
    session
        .deadline()
        .map(|d| ((d.0 - session.started_at().0) / 60_000) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_shipped;

    fn request(mode: Mode, count: usize) -> QuizRequest {
        QuizRequest {
            mode,
            exam: Some("gcp-pmle".into()),
            domain: None,
            topic: None,
            count: Some(count),
            seed: 5,
        }
    }

    #[test]
    fn a_started_session_is_recorded_and_resumes_with_its_answers() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap().store;
        let now = Timestamp(1_800_000_000_000);
        let Begun::Started(mut live) =
            start(&mut store, &bank, &request(Mode::Exam, 4), now).unwrap()
        else {
            panic!("an exam with questions starts");
        };
        assert_eq!(time_limit_minutes(live.session()), Some(8));
        let first = live.session().current().question.id.clone();
        assert!(live.toggle_flag(now).unwrap());
        drop(live);
        let (resumed, row) = resume_latest(&mut store, &bank, now.plus_secs(60))
            .unwrap()
            .unwrap();
        assert_eq!(row.record.mode, "exam");
        assert_eq!(row.flagged, vec![first.clone()]);
        assert_eq!(resumed.session().items()[0].question.id, first);
        assert!(resumed.session().items()[0].flagged);
        assert_eq!(time_limit_minutes(resumed.session()), Some(8));
    }

    #[test]
    fn nothing_missed_is_said_rather_than_failed() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap().store;
        let now = Timestamp(1_800_000_000_000);
        match start(store, &bank, &request(Mode::Missed, 4), now).unwrap() {
            Begun::Nothing(msg) => assert!(msg.contains("missed"), "{msg}"),
            Begun::Started(_) => panic!("no history, nothing missed"),
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap().store;
        assert!(resume_latest(store, &bank, now).unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap().store;
        let bad = QuizRequest {
            exam: Some("no-such-exam".into()),
            ..request(Mode::Practice, 4)
        };
        assert!(matches!(
            start(store, &bank, &bad, now),
            Err(QuizError::BadOption(_))
        ));
    }
}
