//! World commands run on a background thread, so a long step (training, a sweep, weeks of
//! traffic) never freezes the screen: the thread owns a clone of the World, reports after each
//! command, and hands the World back at the end. While a command trains, the World's progress
//! events (each learning-curve step, each sweep trial as it finishes) come through too, so the
//! gauge says which run is training. The screen polls it on its ticks and shows the progress as
//! the views' [`Busy`] gauge.
//!
//! The World is `Send` (plain data and a seeded RNG), which a test below pins down.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use crate::clock::Timestamp;
use crate::lab::session::{Output, Session};
use crate::tui::views::Busy;
use crate::world::{Command, Event, World};

/// What the thread says.
enum Message<S, R> {
    /// The item being applied made progress: a line saying what is training.
    Progress(String),
    /// One item was applied; this is its result.
    Applied(R),
    /// Every item was applied: the state as it is now.
    Done(Box<S>),
}

/// Work running in the background: items applied in turn to a state the thread owns (World
/// commands to a World, console lines to a lab session), each giving a result.
pub struct Job<S = World, R = Vec<Event>> {
    rx: Receiver<Message<S, R>>,
    label: String,
    total: usize,
    done: usize,
    detail: Option<String>,
    results: Vec<R>,
}

/// A finished job: the state after every item and each item's result, in order.
pub struct Finished<S = World, R = Vec<Event>> {
    /// The state after every item.
    pub state: S,
    /// The result of each item, in order.
    pub results: Vec<R>,
}

/// A console line answered by a lab session: the line, when it was typed, the answer.
pub type Answer = (String, Timestamp, Vec<Output>);

/// Lines played into a lab session in the background.
pub type LineJob = Job<Session, Answer>;

impl Job {
    /// Starts applying `commands` to `world` on a new thread; `label` says what runs.
    pub fn start(world: World, commands: Vec<Command>, label: impl Into<String>) -> Job {
        Job::spawn(world, commands, label, |w, c, progress| {
            w.apply_with(c, progress)
        })
    }
}

impl LineJob {
    /// Starts answering `lines` (each with the time it was typed) in `session` on a new thread.
    pub fn lines(
        session: Session,
        lines: Vec<(String, Timestamp)>,
        label: impl Into<String>,
    ) -> LineJob {
        Job::spawn(session, lines, label, |s, (line, at), progress| {
            let outputs = s.handle_with(&line, at, progress);
            (line, at, outputs)
        })
    }
}

impl<S: Send + 'static, R: Send + 'static> Job<S, R> {
    fn spawn<I: Send + 'static>(
        mut state: S,
        items: Vec<I>,
        label: impl Into<String>,
        apply: impl Fn(&mut S, I, &mut dyn FnMut(&Event)) -> R + Send + 'static,
    ) -> Job<S, R> {
        let (tx, rx) = mpsc::channel();
        let total = items.len();
        thread::spawn(move || {
            for item in items {
                let mut runs_done = 0;
                let result = apply(&mut state, item, &mut |e| {
                    if let Some(line) = progress_line(e, &mut runs_done) {
                        let _ = tx.send(Message::Progress(line));
                    }
                });
                // The screen may have been closed: then nobody listens and the work stops.
                if tx.send(Message::Applied(result)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Message::Done(Box::new(state)));
        });
        Job {
            rx,
            label: label.into(),
            total,
            done: 0,
            detail: None,
            results: Vec::new(),
        }
    }

    /// The gauge the views show while this runs.
    pub fn busy(&self) -> Busy {
        Busy {
            label: match &self.detail {
                Some(d) => format!("{} · {d}", self.label),
                None => self.label.clone(),
            },
            done: self.done,
            total: self.total,
        }
    }

    /// Takes what the thread reported so far. `Ok(Some(..))` when the work is done,
    /// `Ok(None)` while it runs, `Err` when the thread died (a bug in the World).
    pub fn poll(&mut self) -> Result<Option<Finished<S, R>>, String> {
        loop {
            match self.rx.try_recv() {
                Ok(m) => {
                    if let Some(done) = self.take(m) {
                        return Ok(Some(done));
                    }
                }
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => {
                    return Err(format!("{} stopped unexpectedly", self.label));
                }
            }
        }
    }

    /// Waits for the end of the work (tests, and a screen that must have the state now).
    pub fn wait(mut self) -> Result<Finished<S, R>, String> {
        loop {
            match self.rx.recv() {
                Ok(m) => {
                    if let Some(done) = self.take(m) {
                        return Ok(done);
                    }
                }
                Err(_) => return Err(format!("{} stopped unexpectedly", self.label)),
            }
        }
    }

    /// Takes one message in; the finished work when it was the last.
    fn take(&mut self, message: Message<S, R>) -> Option<Finished<S, R>> {
        match message {
            Message::Progress(line) => self.detail = Some(line),
            Message::Applied(result) => {
                self.done += 1;
                self.detail = None;
                self.results.push(result);
            }
            Message::Done(state) => {
                return Some(Finished {
                    state: *state,
                    results: std::mem::take(&mut self.results),
                });
            }
        }
        None
    }
}

/// What the gauge says about a training in progress: the run and its learning-curve step, and
/// how many runs of this command (a sweep's trials) have finished.
fn progress_line(event: &Event, runs_done: &mut usize) -> Option<String> {
    let done = |n: usize| match n {
        0 => String::new(),
        1 => " · 1 run done".to_string(),
        n => format!(" · {n} runs done"),
    };
    match event {
        Event::TrainingProgress {
            run_id,
            step,
            total,
            val_log_loss,
        } => Some(format!(
            "{run_id} step {step}/{total}, val log loss {val_log_loss:.3}{}",
            done(*runs_done)
        )),
        Event::RunFinished { run, .. } => {
            *runs_done += 1;
            Some(format!("{} finished{}", run.run_id, done(*runs_done)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::scenario::Scenario;

    fn assert_send<T: Send>() {}

    #[test]
    fn the_world_can_move_to_a_thread_and_comes_back_as_a_direct_run_leaves_it() {
        assert_send::<World>();
        let commands = vec![
            Command::Generate {
                rows: 500,
                missing_rate: 0.0,
                outlier_rate: 0.0,
            },
            Command::InferSchema,
        ];
        let mut direct = World::new(Scenario::CreditRisk, 7);
        let expected: Vec<Event> = commands
            .iter()
            .flat_map(|c| direct.apply(c.clone()))
            .collect();
        let job = Job::start(World::new(Scenario::CreditRisk, 7), commands, "two");
        assert_eq!(job.busy().total, 2);
        let done = job.wait().unwrap();
        assert_eq!(done.results.concat(), expected);
        assert_eq!(
            done.state.data().map(crate::data::table::Table::digest),
            direct.data().map(crate::data::table::Table::digest)
        );
    }

    #[test]
    fn a_sweep_reports_each_run_while_it_trains_and_its_events_are_unchanged() {
        let sweep = crate::world::test_kit::cmd(
            r#"{ do = "sweep", model = "tree", strategy = "grid", grid = { max_depth = [3, 5] } }"#,
        );
        let world = crate::world::test_kit::training_world(4);
        let expected = world.clone().apply(sweep.clone());
        let mut job = Job::start(world, vec![sweep], "sweep");
        let (mut order, mut labels) = (Vec::new(), Vec::new());
        let finished = loop {
            let m = job.rx.recv().unwrap();
            order.push(match &m {
                Message::Progress(_) => 'p',
                Message::Applied(_) => 'a',
                Message::Done(_) => 'd',
            });
            if let Some(f) = job.take(m) {
                break f;
            }
            labels.push(job.busy().label);
        };
        // Two runs of four curve steps, each finishing: ten progress lines, then the command.
        assert_eq!(order.iter().collect::<String>(), "ppppppppppad");
        assert!(labels[0].starts_with("sweep · run-001 step 1/4, val log loss "));
        assert_eq!(labels[4], "sweep · run-001 finished · 1 run done");
        assert!(labels[5].starts_with("sweep · run-002 step 1/4"));
        assert!(labels[5].ends_with(" · 1 run done"));
        assert_eq!(labels[9], "sweep · run-002 finished · 2 runs done");
        assert_eq!(finished.results, vec![expected]);
        assert_eq!(
            job.busy().label,
            "sweep",
            "the detail goes when the command ends"
        );
    }
}
