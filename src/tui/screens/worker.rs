//! World commands run on a background thread, so a long step (training, a sweep, weeks of
//! traffic) never freezes the screen: the thread owns a clone of the World, reports after each
//! command, and hands the World back at the end. The screen polls it on its ticks and shows the
//! progress as the views' [`Busy`] gauge.
//!
//! The World is `Send` (plain data and a seeded RNG), which a test below pins down.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use crate::tui::views::Busy;
use crate::world::{Command, Event, World};

/// What the thread says.
enum Message {
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
                let events = world.apply(c);
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
            events: Vec::new(),
        }
    }

    /// The gauge the views show while this runs.
    pub fn busy(&self) -> Busy {
        Busy {
            label: self.label.clone(),
            done: self.done,
            total: self.total,
        }
    }

    /// Takes what the thread reported so far. `Ok(Some(..))` when the work is done,
    /// `Ok(None)` while it runs, `Err` when the thread died (a bug in the World).
    pub fn poll(&mut self) -> Result<Option<Finished>, String> {
        loop {
            match self.rx.try_recv() {
                Ok(Message::Applied(events)) => {
                    self.done += 1;
                    self.events.push(events);
                }
                Ok(Message::Done(world)) => {
                    return Ok(Some(Finished {
                        world: *world,
                        events: std::mem::take(&mut self.events),
                    }));
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
                Ok(Message::Applied(events)) => {
                    self.done += 1;
                    self.events.push(events);
                }
                Ok(Message::Done(world)) => {
                    return Ok(Finished {
                        world: *world,
                        events: self.events,
                    });
                }
                Err(_) => return Err(format!("{} stopped unexpectedly", self.label)),
            }
        }
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
}
