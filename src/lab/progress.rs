//! Lab progress as the learner sees it in `progress` and the progress screen: per lab, whether
//! it was ever completed and how the latest play-through went (steps done unaided, with hints,
//! with the solution; decisions taken; minutes on task).

use serde::Serialize;

use crate::content::Lab;
use crate::store::LabRunSummary;

/// One lab's progress. Field names are stable (`progress --format json`, key `labs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabProgress {
    /// The lab's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether a play-through was ever completed.
    pub completed: bool,
    /// Steps in the lab.
    pub steps_total: u32,
    /// Steps done in the latest play-through.
    pub steps_done: u32,
    /// Of those, done without a hint.
    pub unaided: u32,
    /// Done after a hint.
    pub with_hints: u32,
    /// Done by running the reference commands.
    pub with_solution: u32,
    /// Minutes on task in the latest play-through.
    pub minutes: u64,
    /// Decisions taken: the step (from 1) and the option's id.
    pub decisions: Vec<Decision>,
}

/// A decision taken in a lab.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The step, from 1.
    pub step: u32,
    /// The option chosen.
    pub choice: String,
}

/// Every lab on offer (in their order) and any other lab played (by id), with its progress.
pub fn lab_progress(labs: &[Lab], played: &[LabRunSummary]) -> Vec<LabProgress> {
    let mut out: Vec<LabProgress> = labs
        .iter()
        .map(|lab| {
            let summary = played.iter().find(|p| p.lab_id == lab.id);
            let total = u32::try_from(lab.steps.len()).unwrap_or(u32::MAX);
            progress(&lab.id, &lab.title, total, summary)
        })
        .collect();
    for p in played {
        if !labs.iter().any(|l| l.id == p.lab_id) {
            out.push(progress(&p.lab_id, &p.title, p.steps_total, Some(p)));
        }
    }
    out
}

fn progress(id: &str, title: &str, total: u32, summary: Option<&LabRunSummary>) -> LabProgress {
    let steps = summary.map_or(&[][..], |s| s.steps.as_slice());
    let count =
        |how: &str| u32::try_from(steps.iter().filter(|s| s.how == how).count()).unwrap_or(0);
    let seconds: u64 = steps.iter().map(|s| s.seconds).sum();
    LabProgress {
        id: id.to_owned(),
        title: title.to_owned(),
        completed: summary.is_some_and(|s| s.ever_completed),
        steps_total: total,
        steps_done: u32::try_from(steps.len()).unwrap_or(0),
        unaided: count("unaided"),
        with_hints: count("with_hints"),
        with_solution: count("with_solution"),
        minutes: (seconds + 30) / 60,
        decisions: steps
            .iter()
            .filter_map(|s| {
                s.choice.as_ref().map(|c| Decision {
                    step: s.step + 1,
                    choice: c.clone(),
                })
            })
            .collect(),
    }
}
