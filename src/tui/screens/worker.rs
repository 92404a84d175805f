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

use crate::tui::views::Busy;
use crate::world::{Command, Event, World};

/// What the thread says.
enum Message {
    /// The command being applied made progress: a line saying what is training.
    Progress(String),
    /// One command was applied; these are its events.
    Applied(Vec<Event>),
    /// Every command was applied: the World as it is now.
    Done(Box<World>),
}

/// Work running in the background.
pub struct Job {
    rx: Receiver<Message>,
    label: String,
    total: usize,
    done: usize,
    detail: Option<String>,
    events: Vec<Vec<Event>>,
}

/// A finished job: the World after the commands and the events each one produced.
pub struct Finished {
    /// The World after every command.
    pub world: World,
    /// The events of each command, in order.
    pub events: Vec<Vec<Event>>,
}

impl Job {
    /// Starts applying `commands` to `world` on a new thread; `label` says what runs.
    pub fn start(mut world: World, commands: Vec<Command>, label: impl Into<String>) -> Job {
        let (tx, rx) = mpsc::channel();
        let total = commands.len();
        thread::spawn(move || {
            for c in commands {
                let mut runs_done = 0;
                let events = world.apply_with(c, &mut |e| {
                    if let Some(line) = progress_line(e, &mut runs_done) {
                        let _ = tx.send(Message::Progress(line));
                    }
                });
                // The screen may have been closed: then nobody listens and the work stops.
                if tx.send(Message::Applied(events)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Message::Done(Box::new(world)));
        });
        Job {
            rx,
            label: label.into(),
            total,
            done: 0,
            detail: None,
            events: Vec::new(),
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
    pub fn poll(&mut self) -> Result<Option<Finished>, String> {
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

    /// Waits for the end of the work (tests, and a screen that must have the World now).
    pub fn wait(mut self) -> Result<Finished, String> {
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
    fn take(&mut self, message: Message) -> Option<Finished> {
        match message {
            Message::Progress(line) => self.detail = Some(line),
            Message::Applied(events) => {
                self.done += 1;
                self.detail = None;
                self.events.push(events);
            }
            Message::Done(world) => {
                return Some(Finished {
                    world: *world,
                    events: std::mem::take(&mut self.events),
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
        assert_eq!(done.events.concat(), expected);
        assert_eq!(
            done.world.data().map(crate::data::table::Table::digest),
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
        assert_eq!(finished.events, vec![expected]);
        assert_eq!(
            job.busy().label,
            "sweep",
            "the detail goes when the command ends"
        );
    }
}
