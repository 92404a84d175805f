//! The quiz engine as a learner meets it: every mode's flow, scoring of every item type,
//! blueprint sampling, the exam clock, readiness, and answers that reach the store.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::HashMap;
use std::path::PathBuf;

use mlops_lab::clock::Timestamp;
use mlops_lab::content::{self, Bank, Choice, ExamTag, Question, QuestionKind, SourceRef, Topic};
use mlops_lab::quiz::answer::{Answer, Response, is_correct};
use mlops_lab::quiz::input::{Command, parse};
use mlops_lab::quiz::plan::{History, QuizRequest, minutes_for, plan};
use mlops_lab::quiz::schedule::Scheduler;
use mlops_lab::quiz::select::{allocate, blueprint_sample, primary_domain};
use mlops_lab::quiz::session::{Outcome, ReviewFilter, Session};
use mlops_lab::quiz::{Live, Mode, QuizError, session_report};
use mlops_lab::store::Store;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const T0: Timestamp = Timestamp(1_790_000_000_000);

fn fixture_bank() -> Bank {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz");
    let files = content::read_path(&dir).unwrap();
    content::validate(&files, &content::Context::default()).0
}

fn request(mode: Mode, exam: Option<&str>) -> QuizRequest {
    QuizRequest {
        mode,
        exam: exam.map(str::to_string),
        domain: None,
        topic: None,
        count: None,
        seed: 7,
    }
}

fn session_for(bank: &Bank, req: &QuizRequest) -> Session {
    let plan = plan(bank, req, &History::default(), T0).unwrap();
    Session::new(&plan.spec, plan.questions, bank.cases()).unwrap()
}

/// The on-screen response that answers the current item right.
fn right_response(session: &Session) -> Response {
    let item = session.current();
    let shown = &item.shown;
    let display = |file: usize| shown.items.iter().position(|&i| i == file).unwrap();
    match &item.question.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            Response::Choices(
                (0..options.len())
                    .filter(|&i| options[i].correct)
                    .map(display)
                    .collect(),
            )
        }
        QuestionKind::Order { steps } => Response::Order((0..steps.len()).map(display).collect()),
        QuestionKind::Match { pairs } => Response::Match(
            (0..pairs.len())
                .map(|i| {
                    (
                        display(i),
                        shown.rights.iter().position(|&r| r == i).unwrap(),
                    )
                })
                .collect(),
        ),
    }
}

/// A response of the right shape that is wrong.
fn wrong_response(session: &Session) -> Response {
    match right_response(session) {
        Response::Choices(mut picks) => {
            let n = session.current().shown.items.len();
            let first_wrong = (0..n).find(|d| !picks.contains(d)).unwrap();
            picks[0] = first_wrong;
            Response::Choices(picks)
        }
        Response::Order(mut seq) => {
            seq.swap(0, 1);
            Response::Order(seq)
        }
        Response::Match(mut pairs) => {
            let r0 = pairs[0].1;
            pairs[0].1 = pairs[1].1;
            pairs[1].1 = r0;
            Response::Match(pairs)
        }
    }
}

#[test]
fn every_item_type_is_scored_against_identity_not_position() {
    let bank = fixture_bank();
    // The same questions under two different shuffles: the right picks differ on screen but
    // score the same, and map to the same stored answer.
    for seed in [1, 2] {
        let mut req = request(Mode::Practice, Some("aws-mla-c01"));
        req.count = Some(16);
        req.seed = seed;
        let mut s = session_for(&bank, &req);
        let mut kinds = HashMap::new();
        loop {
            let kind = s.current().question.kind.item_type();
            let right = right_response(&s);
            let answered = s.answer(T0.plus_secs(60), &right).unwrap();
            assert!(answered.correct, "{}", answered.question_id);
            let q = &s.current().question;
            let truth = match &q.kind {
                QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
                    Answer::Choices((0..options.len()).filter(|&i| options[i].correct).collect())
                }
                QuestionKind::Order { steps } => Answer::Order((0..steps.len()).collect()),
                QuestionKind::Match { pairs } => Answer::Match((0..pairs.len()).collect()),
            };
            assert_eq!(answered.answer, truth);
            *kinds.entry(kind).or_insert(0) += 1;
            if s.next(T0.plus_secs(61)).unwrap() {
                break;
            }
        }
        assert_eq!(
            kinds.len(),
            4,
            "single, multi, order and match were all asked"
        );
    }
}

#[test]
fn multi_is_all_or_nothing_order_is_exact_and_match_needs_every_pair() {
    let bank = fixture_bank();
    let q = |id: &str| bank.question(id).unwrap().clone();
    let multi = q("data-validation-902");
    assert!(is_correct(&multi, &Answer::Choices(vec![0, 1])));
    assert!(
        !is_correct(&multi, &Answer::Choices(vec![0, 2])),
        "one of two right is wrong"
    );
    assert!(!is_correct(&multi, &Answer::Choices(vec![0])));
    assert!(!is_correct(&multi, &Answer::Choices(vec![0, 1, 2])));
    let single = q("data-engineering-901");
    assert!(is_correct(&single, &Answer::Choices(vec![0])));
    assert!(!is_correct(&single, &Answer::Choices(vec![1])));
    let order = q("model-registry-908");
    assert!(is_correct(&order, &Answer::Order(vec![0, 1, 2, 3])));
    assert!(!is_correct(&order, &Answer::Order(vec![0, 1, 3, 2])));
    assert!(!is_correct(&order, &Answer::Order(vec![0, 1, 2])));
    let matching = q("serving-911");
    assert!(is_correct(&matching, &Answer::Match(vec![0, 1, 2])));
    assert!(
        !is_correct(&matching, &Answer::Match(vec![0, 2, 1])),
        "two pairs swapped"
    );
    // A kind mismatch is never right.
    assert!(!is_correct(&matching, &Answer::Choices(vec![0])));
}

#[test]
fn malformed_responses_say_the_expected_format() {
    let bank = fixture_bank();
    let multi = bank.question("data-validation-902").unwrap();
    let err = parse("banana", multi, 4).unwrap_err();
    assert!(err.contains("1,3"), "{err}");
    let mut req = request(Mode::Drill, Some("aws-mla-c01"));
    req.topic = Some("data-validation".into());
    let mut s = session_for(&bank, &req);
    let err = s.answer(T0, &Response::Choices(vec![0])).unwrap_err();
    assert!(err.to_string().contains("exactly 2"), "{err}");
    assert!(
        s.current().answer.is_none(),
        "a malformed answer is not taken"
    );
    let order = bank.question("model-registry-908").unwrap();
    assert_eq!(
        parse("3 1 2 4", order, 4).unwrap(),
        Command::Respond(Response::Order(vec![2, 0, 1, 3]))
    );
    let matching = bank.question("serving-911").unwrap();
    assert_eq!(
        parse("1b 2a 3c", matching, 3).unwrap(),
        Command::Respond(Response::Match(vec![(0, 1), (1, 0), (2, 2)]))
    );
    assert!(parse("1b 2", matching, 3).is_err());
    assert_eq!(parse(" F ", matching, 3).unwrap(), Command::Flag);
    assert_eq!(
        parse("r u", matching, 3).unwrap(),
        Command::Review(ReviewFilter::Unanswered)
    );
    assert_eq!(parse("g 4", matching, 3).unwrap(), Command::Goto(3));
}

#[test]
fn practice_gives_feedback_with_every_why_and_takes_one_answer() {
    let bank = fixture_bank();
    let mut req = request(Mode::Practice, None);
    req.count = Some(3);
    let mut s = session_for(&bank, &req);
    assert_eq!(s.items().len(), 3);
    let wrong = wrong_response(&s);
    let a = s.answer(T0.plus_secs(10), &wrong).unwrap();
    assert!(!a.correct);
    let fb = a.feedback.expect("practice shows feedback at once");
    assert!(!fb.correct && fb.answered);
    assert!(!fb.explanation.is_empty());
    let whys = match &fb.detail {
        mlops_lab::quiz::feedback::Detail::Choices(c) => c.iter().all(|c| !c.why.is_empty()),
        mlops_lab::quiz::feedback::Detail::Order(st) => st.iter().all(|s| !s.why.is_empty()),
        mlops_lab::quiz::feedback::Detail::Match(p) => p.iter().all(|p| p.given.is_some()),
    };
    assert!(whys);
    assert!(matches!(
        s.answer(T0.plus_secs(11), &wrong),
        Err(QuizError::AlreadyAnswered)
    ));
    assert!(
        matches!(s.prev(T0), Err(QuizError::NotInThisMode(_))),
        "no going back in practice"
    );
    assert!(matches!(
        s.toggle_flag(T0),
        Err(QuizError::NotInThisMode(_))
    ));
    assert!(!s.next(T0.plus_secs(12)).unwrap());
    assert!(
        !s.next(T0.plus_secs(13)).unwrap(),
        "an unanswered question can be skipped"
    );
    assert!(
        s.next(T0.plus_secs(14)).unwrap(),
        "moving on from the last question ends it"
    );
    assert_eq!(s.outcome(), Some(Outcome::Submitted));
    let report = session_report(&s, &bank);
    assert_eq!(
        (report.questions, report.answered, report.correct),
        (3, 1, 0)
    );
    assert_eq!(report.grouping, "topic");
}

#[test]
fn exam_mode_navigates_flags_reviews_and_gives_no_feedback_until_the_end() {
    let bank = fixture_bank();
    let mut req = request(Mode::Exam, Some("aws-mla-c01"));
    req.count = Some(10);
    let mut s = session_for(&bank, &req);
    assert_eq!(s.items().len(), 10);
    assert_eq!(
        s.deadline(),
        Some(T0.plus_secs(20 * 60)),
        "10 of 65 questions get 20 of 130 minutes"
    );
    let a = s.answer(T0.plus_secs(30), &wrong_response(&s)).unwrap();
    assert!(a.feedback.is_none(), "no feedback during an exam");
    // The answer can be changed and the time spent adds up.
    let a = s.answer(T0.plus_secs(50), &right_response(&s)).unwrap();
    assert!(a.correct);
    assert!((a.seconds - 50.0).abs() < 1e-9);
    assert!(s.toggle_flag(T0.plus_secs(51)).unwrap());
    s.next(T0.plus_secs(52)).unwrap();
    s.next(T0.plus_secs(53)).unwrap();
    assert!(s.toggle_flag(T0.plus_secs(54)).unwrap());
    s.prev(T0.plus_secs(55)).unwrap();
    assert_eq!(s.position(), 1);
    s.goto(T0.plus_secs(56), 9).unwrap();
    assert!(
        matches!(s.next(T0.plus_secs(57)), Err(QuizError::NotInThisMode(_))),
        "submit ends an exam"
    );
    assert!(s.goto(T0, 10).is_err());
    assert_eq!(s.review_list(ReviewFilter::All).len(), 10);
    assert_eq!(s.review_list(ReviewFilter::Flagged), vec![0, 2]);
    assert_eq!(
        s.review_list(ReviewFilter::Unanswered),
        (1..10).collect::<Vec<_>>()
    );
    assert_eq!(
        s.finish(T0.plus_secs(60), Outcome::Submitted),
        Outcome::Submitted
    );
    let report = session_report(&s, &bank);
    assert_eq!(
        (report.questions, report.answered, report.correct),
        (10, 1, 1)
    );
    assert_eq!(report.grouping, "domain");
    assert_eq!(
        report
            .rows
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["1", "2", "3", "4"]
    );
    assert_eq!(report.rows.iter().map(|r| r.questions).sum::<u32>(), 10);
    assert_eq!(report.pass_percent, Some(72));
    let all = s.all_feedback();
    assert_eq!(all.len(), 10);
    assert!(all[0].correct && !all[1].answered);
}

#[test]
fn the_exam_submits_itself_when_time_runs_out() {
    let bank = fixture_bank();
    let mut req = request(Mode::Exam, Some("aws-mla-c01"));
    req.count = Some(4);
    let mut s = session_for(&bank, &req);
    let deadline = s.deadline().unwrap();
    assert_eq!(deadline, T0.plus_secs(8 * 60));
    s.answer(T0.plus_secs(100), &right_response(&s)).unwrap();
    assert!(!s.tick(deadline.plus_ms(-1)));
    s.next(deadline.plus_ms(-1)).unwrap();
    let late = right_response(&s);
    assert!(matches!(s.answer(deadline, &late), Err(QuizError::TimeUp)));
    assert_eq!(s.outcome(), Some(Outcome::TimedOut));
    assert!(
        s.current().answer.is_none(),
        "an answer after the deadline is not taken"
    );
    assert_eq!(s.answered_count(), 1);
    // Asking to submit afterwards still reports the time-out.
    assert_eq!(
        s.finish(deadline.plus_secs(5), Outcome::Submitted),
        Outcome::TimedOut
    );
    assert!(matches!(
        s.next(deadline.plus_secs(6)),
        Err(QuizError::TimeUp)
    ));
}

#[test]
fn drill_keeps_to_one_domain_or_topic() {
    let bank = fixture_bank();
    let mut req = request(Mode::Drill, Some("aws-mla-c01"));
    req.domain = Some("3".into());
    let s = session_for(&bank, &req);
    assert_eq!(s.items().len(), 4);
    assert!(
        s.items()
            .iter()
            .all(|i| i.question.is_for_domain("aws-mla-c01", "3"))
    );
    let mut req = request(Mode::Drill, None);
    req.topic = Some("drift".into());
    let s = session_for(&bank, &req);
    assert_eq!(s.items().len(), 2);
    assert!(
        s.items()
            .iter()
            .all(|i| i.question.topics.contains(&Topic::Drift))
    );
}

#[test]
fn case_study_questions_stay_together_and_carry_the_scenario() {
    let bank = fixture_bank();
    let mut req = request(Mode::Drill, Some("aws-mla-c01"));
    req.domain = Some("3".into());
    for seed in 0..20 {
        req.seed = seed;
        let s = session_for(&bank, &req);
        let positions: Vec<usize> = s
            .items()
            .iter()
            .enumerate()
            .filter(|(_, i)| i.question.case.is_some())
            .map(|(p, _)| p)
            .collect();
        assert_eq!(positions.len(), 2);
        assert_eq!(
            positions[1],
            positions[0] + 1,
            "seed {seed}: case questions in a row"
        );
        let (title, scenario) = s.items()[positions[0]].case_scenario.clone().unwrap();
        assert!(title.contains("lender") && scenario.contains("regional lender"));
    }
}

#[test]
fn bad_requests_are_one_clear_line() {
    let bank = fixture_bank();
    let check = |req: QuizRequest, needle: &str| {
        let err = plan(&bank, &req, &History::default(), T0).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(needle), "{msg}");
        assert!(!msg.contains('\n'));
    };
    check(
        request(Mode::Practice, Some("nope")),
        "unknown exam 'nope'; exams: aws-mla-c01",
    );
    let mut r = request(Mode::Drill, Some("aws-mla-c01"));
    r.domain = Some("9".into());
    check(r, "has no domain '9'; its domains: 1, 2, 3, 4");
    let mut r = request(Mode::Practice, None);
    r.domain = Some("1".into());
    check(r, "needs --exam");
    let mut r = request(Mode::Practice, None);
    r.count = Some(0);
    check(r, "--count must be at least 1");
    check(request(Mode::Exam, None), "exam mode needs --exam");
    check(request(Mode::Drill, None), "drill mode needs --domain");
    let mut r = request(Mode::Drill, None);
    r.topic = Some("cooking".into());
    check(r, "unknown topic 'cooking'");
    check(request(Mode::Missed, None), "no missed questions");
    check(request(Mode::Review, None), "no review cards are due");
}

#[test]
fn the_same_seed_gives_the_same_session() {
    let bank = fixture_bank();
    let req = request(Mode::Exam, Some("aws-mla-c01"));
    assert_eq!(session_for(&bank, &req), session_for(&bank, &req));
    let mut other = req.clone();
    other.seed = 8;
    assert_ne!(session_for(&bank, &req), session_for(&bank, &other));
}

/// A bank of `per_domain` single-answer questions in each domain of the fixture's exam.
fn synthetic_bank(per_domain: usize) -> Bank {
    let base = fixture_bank();
    let exam = base.exam("aws-mla-c01").unwrap().clone();
    let mut questions = Vec::new();
    for d in &exam.domains {
        for k in 0..per_domain {
            questions.push(Question {
                id: format!("drift-{}{k:02}", d.id),
                guide: None,
                kind: QuestionKind::Single {
                    options: (0..4)
                        .map(|i| Choice {
                            text: format!("o{i}"),
                            correct: i == 0,
                            why: "w".into(),
                        })
                        .collect(),
                },
                difficulty: 1,
                topics: vec![Topic::Drift],
                exams: vec![ExamTag {
                    exam: exam.id.clone(),
                    domain: d.id.clone(),
                    task: None,
                }],
                lab: None,
                case: None,
                drill_only: false,
                scenario: "s".into(),
                prompt: "Which is BEST?".into(),
                explanation: "e".into(),
                references: vec!["https://example.com".into()],
                source: SourceRef {
                    path: "x.toml".into(),
                    line: 1,
                },
            });
        }
    }
    Bank::new(base.catalog().clone(), questions, Vec::new())
}

#[test]
fn blueprint_sampling_follows_the_weights_and_is_uniform_within_a_domain() {
    let bank = synthetic_bank(30);
    let exam = bank.exam("aws-mla-c01").unwrap();
    let pool: Vec<&Question> = bank.questions().iter().collect();
    let expected = allocate(&[28, 26, 22, 24], 65);
    let draws = 2_000;
    let mut picked: HashMap<&str, u32> = HashMap::new();
    for seed in 0..draws {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let chosen = blueprint_sample(exam, &pool, 65, &mut rng);
        assert_eq!(chosen.len(), 65);
        for (d, want) in exam.domains.iter().zip(&expected) {
            let got = chosen
                .iter()
                .filter(|q| primary_domain(q, &exam.id) == Some(&d.id))
                .count();
            assert_eq!(
                got, *want,
                "domain {} gets its largest-remainder share",
                d.id
            );
        }
        for q in chosen {
            *picked.entry(q.id.as_str()).or_default() += 1;
        }
    }
    // Within each domain every question has the same chance k/30; a chi-square goodness-of-fit
    // over the 30 questions (29 degrees of freedom) stays below the 0.999 quantile, 58.3.
    for (d, k) in exam.domains.iter().zip(&expected) {
        let expect = f64::from(draws as u32) * *k as f64 / 30.0;
        let chi2: f64 = (0..30)
            .map(|i| {
                let o = f64::from(
                    *picked
                        .get(format!("drift-{}{i:02}", d.id).as_str())
                        .unwrap_or(&0),
                );
                (o - expect).powi(2) / expect
            })
            .sum();
        assert!(chi2 < 58.3, "domain {}: chi-square {chi2:.1}", d.id);
    }
    // And the order of questions in a session is shuffled: the first question's domain varies.
    let firsts: std::collections::HashSet<&str> = (0..50)
        .map(|seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let chosen = blueprint_sample(exam, &pool, 65, &mut rng);
            primary_domain(chosen[0], &exam.id).unwrap()
        })
        .collect();
    assert_eq!(firsts.len(), 4);
}

#[test]
fn exam_time_scales_with_the_question_count() {
    let bank = fixture_bank();
    let exam = bank.exam("aws-mla-c01").unwrap();
    assert_eq!(minutes_for(exam, 65), 130);
    assert_eq!(minutes_for(exam, 100), 130);
    assert_eq!(minutes_for(exam, 10), 20);
    assert_eq!(minutes_for(exam, 1), 2);
}

#[test]
fn a_live_session_records_every_answer_as_it_is_given() {
    let bank = fixture_bank();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap().store;
    let mut req = request(Mode::Practice, Some("aws-mla-c01"));
    req.count = Some(4);
    let plan1 = plan(&bank, &req, &History::default(), T0).unwrap();
    let ids: Vec<String> = plan1.questions.iter().map(|q| q.id.clone()).collect();
    let scheduler = Scheduler::new(None, 0.9).unwrap();
    let session_id;
    {
        let mut live = Live::start(&mut store, plan1, bank.cases(), scheduler).unwrap();
        session_id = live.id();
        let wrong = wrong_response(live.session());
        live.answer(T0.plus_secs(20), &wrong).unwrap();
        live.next(T0.plus_secs(21)).unwrap();
        let right = right_response(live.session());
        live.answer(T0.plus_secs(40), &right).unwrap();
        // Dropped here without finishing, as a killed process would leave it.
    }
    let attempts = store.session_attempts(session_id).unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].question_id, ids[0]);
    assert!(!attempts[0].correct && attempts[1].correct);
    assert_eq!(
        store.card(&ids[0]).unwrap().unwrap().reps,
        1,
        "practice answers are reviews"
    );
    assert_eq!(store.missed_questions().unwrap(), vec![ids[0].clone()]);
    let row = store.session(session_id).unwrap().unwrap();
    assert_eq!(row.outcome, None);

    // Missed mode asks exactly the question answered wrong.
    let history = History {
        missed: store.missed_questions().unwrap(),
        due: Vec::new(),
    };
    let missed = plan(&bank, &request(Mode::Missed, None), &history, T0).unwrap();
    assert_eq!(
        missed
            .questions
            .iter()
            .map(|q| q.id.clone())
            .collect::<Vec<_>>(),
        vec![ids[0].clone()]
    );

    // Review mode asks the cards that are due, the one answered wrong first.
    let later = T0.plus_secs(86_400 * 30);
    let due: Vec<String> = store
        .due_cards(later)
        .unwrap()
        .into_iter()
        .map(|c| c.question_id)
        .collect();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0], ids[0], "the wrong answer is due sooner");
    let review = plan(
        &bank,
        &request(Mode::Review, None),
        &History {
            missed: Vec::new(),
            due,
        },
        later,
    )
    .unwrap();
    assert_eq!(review.questions.len(), 2);
}

#[test]
fn exam_answers_become_reviews_only_when_the_exam_ends() {
    let bank = fixture_bank();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap().store;
    let mut req = request(Mode::Exam, Some("aws-mla-c01"));
    req.count = Some(4);
    let p = plan(&bank, &req, &History::default(), T0).unwrap();
    let deadline = p.spec.deadline.unwrap();
    let mut live = Live::start(
        &mut store,
        p,
        bank.cases(),
        Scheduler::new(None, 0.9).unwrap(),
    )
    .unwrap();
    let id = live.id();
    let right = right_response(live.session());
    live.answer(T0.plus_secs(30), &right).unwrap();
    assert!(!live.tick(deadline.plus_ms(-1)).unwrap());
    assert!(live.tick(deadline.plus_secs(1)).unwrap());
    drop(live);
    let row = store.session(id).unwrap().unwrap();
    assert_eq!(row.outcome.as_deref(), Some("timed_out"));
    assert_eq!(row.finished_at, Some(deadline));
    assert_eq!(
        store.review_count().unwrap(),
        1,
        "one answered question, one review"
    );
}

#[test]
fn a_live_session_can_own_its_store() {
    let bank = fixture_bank();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap().store;
    let mut req = request(Mode::Drill, None);
    req.topic = Some("security".into());
    let p = plan(&bank, &req, &History::default(), T0).unwrap();
    let mut live = Live::start(store, p, bank.cases(), Scheduler::new(None, 0.9).unwrap()).unwrap();
    let right = right_response(live.session());
    assert!(live.answer(T0.plus_secs(5), &right).unwrap().correct);
    assert!(
        live.next(T0.plus_secs(6)).unwrap(),
        "one question: the drill is over"
    );
    assert_eq!(live.store().attempts().unwrap().len(), 1);
    let store = live.into_store();
    assert_eq!(
        store.sessions().unwrap()[0].outcome.as_deref(),
        Some("submitted")
    );
}

#[test]
fn parameters_are_fitted_from_the_learners_own_log_once_it_is_long_enough() {
    use mlops_lab::quiz::live::scheduler_for;
    use mlops_lab::quiz::schedule::{Rating, Scheduler};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap().store;
    let s = Scheduler::new(None, 0.9).unwrap();
    let add = |store: &mut Store, cards: std::ops::Range<usize>| {
        for c in cards {
            let id = format!("drift-{c:03}");
            let mut at = T0;
            for (k, rating) in [Rating::Good, Rating::Again, Rating::Good, Rating::Easy]
                .into_iter()
                .enumerate()
            {
                at = at.plus_secs(86_400 * (1 + 2 * k as i64));
                let previous = store.card(&id).unwrap();
                let review = s.review(&id, previous.as_ref(), rating, at, None).unwrap();
                store.record_review(&review).unwrap();
            }
        }
    };
    add(&mut store, 0..3);
    scheduler_for(&mut store, T0).unwrap();
    assert_eq!(
        store.fsrs_parameters().unwrap(),
        None,
        "12 reviews: defaults, no fit yet"
    );
    add(&mut store, 3..13);
    scheduler_for(&mut store, T0).unwrap();
    let (weights, on) = store.fsrs_parameters().unwrap().unwrap();
    assert_eq!((weights.len(), on), (21, 52));
    // Same-day repeats (no day between reviews) are in every real log; fitting copes with them.
    let id = "drift-000";
    for _ in 0..20 {
        let previous = store.card(id).unwrap();
        let review = s
            .review(
                id,
                previous.as_ref(),
                Rating::Good,
                T0.plus_secs(86_400 * 40),
                None,
            )
            .unwrap();
        store.record_review(&review).unwrap();
    }
    scheduler_for(&mut store, T0).unwrap();
    assert_eq!(store.fsrs_parameters().unwrap().unwrap().1, 72);
}

#[test]
fn every_mode_but_exam_gives_feedback_at_once_and_runs_forward_only() {
    use mlops_lab::quiz::session::SessionSpec;
    let bank = fixture_bank();
    let questions: Vec<Question> = bank.questions()[..3].to_vec();
    for mode in [
        Mode::Practice,
        Mode::Drill,
        Mode::Missed,
        Mode::Review,
        Mode::Exam,
    ] {
        let spec = SessionSpec {
            mode,
            exam: Some("aws-mla-c01".into()),
            seed: 1,
            started_at: T0,
            deadline: Some(T0.plus_secs(600)),
        };
        let mut s = Session::new(&spec, questions.clone(), bank.cases()).unwrap();
        let exam = mode == Mode::Exam;
        assert_eq!(s.deadline().is_some(), exam, "{mode}: only exams are timed");
        let a = s.answer(T0.plus_secs(1), &right_response(&s)).unwrap();
        assert_eq!(a.feedback.is_some(), !exam, "{mode}");
        assert_eq!(s.toggle_flag(T0).is_ok(), exam, "{mode}");
        s.next(T0.plus_secs(2)).unwrap();
        assert_eq!(s.prev(T0.plus_secs(3)).is_ok(), exam, "{mode}");
        // Wherever we are now, answer it, then try to answer it again.
        s.answer(T0.plus_secs(4), &right_response(&s)).unwrap();
        let again = s.answer(T0.plus_secs(5), &wrong_response(&s));
        assert_eq!(again.is_ok(), exam, "{mode}: changing an answer");
    }
}

#[test]
fn an_interrupted_session_resumes_with_its_answers_flags_and_shuffles() {
    let bank = fixture_bank();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap().store;
    let mut req = request(Mode::Exam, Some("aws-mla-c01"));
    req.count = Some(6);
    let p = plan(&bank, &req, &History::default(), T0).unwrap();
    let before;
    {
        let mut live = Live::start(
            &mut store,
            p,
            bank.cases(),
            Scheduler::new(None, 0.9).unwrap(),
        )
        .unwrap();
        let right = right_response(live.session());
        live.answer(T0.plus_secs(40), &right).unwrap();
        live.next(T0.plus_secs(41)).unwrap();
        live.toggle_flag(T0.plus_secs(42)).unwrap();
        live.next(T0.plus_secs(43)).unwrap();
        let wrong = wrong_response(live.session());
        live.answer(T0.plus_secs(60), &wrong).unwrap();
        before = live.session().clone();
        // Dropped without an end: the process was killed.
    }
    let rows = store.unfinished_sessions().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.record.questions.len(), 6);
    let later = T0.plus_secs(300);
    let live = Live::resume(
        &mut store,
        row,
        &bank,
        Scheduler::new(None, 0.9).unwrap(),
        later,
    )
    .unwrap();
    let s = live.session();
    assert_eq!(s.answered_count(), 2);
    assert_eq!(s.position(), 1, "the first unanswered question");
    assert_eq!(s.review_list(ReviewFilter::Flagged), vec![1]);
    assert_eq!(
        s.deadline(),
        before.deadline(),
        "the exam clock kept running"
    );
    for (a, b) in s.items().iter().zip(before.items()) {
        assert_eq!(a.question.id, b.question.id);
        assert_eq!(a.shown, b.shown, "same seed, same shuffles");
        assert_eq!(a.answer, b.answer);
    }
    assert_eq!(s.items()[0].correct(), Some(true));
    assert_eq!(s.items()[2].correct(), Some(false));
    drop(live);

    // Resumed after the deadline, the exam ends at once as timed out.
    let deadline = before.deadline().unwrap();
    let mut live = Live::resume(
        &mut store,
        row,
        &bank,
        Scheduler::new(None, 0.9).unwrap(),
        deadline.plus_secs(5),
    )
    .unwrap();
    assert!(live.tick(deadline.plus_secs(5)).unwrap());
    drop(live);
    assert!(store.unfinished_sessions().unwrap().is_empty());
    assert_eq!(
        store.session(row.id).unwrap().unwrap().outcome.as_deref(),
        Some("timed_out")
    );
}
