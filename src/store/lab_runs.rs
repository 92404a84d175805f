//! Labs played as tasks: a run per play-through, the lines typed in it (in order, so replaying
//! them rebuilds the World and the lab resumes where it was left), and each step's result.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// An instructor's timeline as a run keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunTimeline {
    /// The file it was read from, as given.
    pub file: String,
    /// The file's text when the run started.
    pub text: String,
    /// The student whose variant is played.
    pub student: Option<String>,
}

/// An unfinished run to resume: its id, seed and the lines typed so far with their times.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenLabRun {
    /// The run's id.
    pub id: i64,
    /// The World seed it plays.
    pub seed: u64,
    /// The instructor's timeline it plays, if any.
    pub timeline: Option<RunTimeline>,
    /// Every line typed, oldest first.
    pub inputs: Vec<(String, Timestamp)>,
}

/// One completed step of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct LabStepResult {
    /// Step, from 0.
    pub step: u32,
    /// `unaided`, `with_hints` or `with_solution`.
    pub how: String,
    /// Hints shown.
    pub hints: u32,
    /// The option chosen, for a decision.
    pub choice: Option<String>,
    /// Commands refused or mistyped.
    pub mistakes: u32,
    /// Time on the step.
    pub seconds: u64,
}

/// What a new run records of its lab.
#[derive(Debug, Clone, Copy)]
pub struct LabRunStart<'a> {
    /// The lab's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// How many steps it has.
    pub steps: u32,
    /// The World seed.
    pub seed: u64,
    /// The instructor's timeline, if any.
    pub timeline: Option<&'a RunTimeline>,
}

/// A lab's latest run, for the progress report.
#[derive(Debug, Clone, PartialEq)]
pub struct LabRunSummary {
    /// The lab.
    pub lab_id: String,
    /// Its title when last played.
    pub title: String,
    /// Its step count when last played.
    pub steps_total: u32,
    /// Whether any run of the lab was completed.
    pub ever_completed: bool,
    /// The latest run's completed steps.
    pub steps: Vec<LabStepResult>,
    /// Whether the latest run is complete.
    pub latest_complete: bool,
    /// When the latest run was last touched (started, or a line typed).
    pub last_at: Timestamp,
}

/// A lab's latest run as the summary query reads it: lab, completed runs, run id, title, steps,
/// whether it is complete, when it was last touched.
type Latest = (String, i64, i64, String, u32, bool, i64);

impl Store {
    /// Starts a run of a lab (its title and step count kept for the report); its id.
    pub fn start_lab_run(
        &mut self,
        lab: &LabRunStart<'_>,
        at: Timestamp,
    ) -> Result<i64, StoreError> {
        let t = lab.timeline;
        self.conn.execute(
            "INSERT INTO lab_runs (lab_id, title, steps, seed, started_at, \
             timeline_file, timeline_text, timeline_student) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            // The seed is stored bit for bit: SQLite integers are signed.
            params![
                lab.id,
                lab.title,
                lab.steps,
                i64::from_ne_bytes(lab.seed.to_ne_bytes()),
                at.0,
                t.map(|t| &t.file),
                t.map(|t| &t.text),
                t.and_then(|t| t.student.as_ref()),
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Appends a typed line to a run (its own transaction: a killed player loses nothing).
    pub fn add_lab_input(&mut self, run: i64, line: &str, at: Timestamp) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO lab_inputs (run_id, seq, line, at) \
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM lab_inputs WHERE run_id = ?1), ?2, ?3)",
            params![run, line, at.0],
        )?;
        Ok(())
    }

    /// Records a completed step of a run.
    pub fn add_lab_step_result(
        &mut self,
        run: i64,
        r: &LabStepResult,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO lab_step_results \
             (run_id, step, how, hints, choice, mistakes, seconds, done_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                run,
                r.step,
                r.how,
                r.hints,
                r.choice,
                r.mistakes,
                i64::try_from(r.seconds).unwrap_or(i64::MAX),
                at.0
            ],
        )?;
        Ok(())
    }

    /// Marks a run complete.
    pub fn complete_lab_run(&mut self, run: i64, at: Timestamp) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE lab_runs SET completed_at = ?2 WHERE id = ?1",
            params![run, at.0],
        )?;
        Ok(())
    }

    /// The latest run of a lab if it is unfinished, with its lines.
    pub fn open_lab_run(&self, lab_id: &str) -> Result<Option<OpenLabRun>, StoreError> {
        type Row = (i64, i64, Option<i64>, Option<RunTimeline>);
        let latest: Option<Row> = self
            .conn
            .query_row(
                "SELECT id, seed, completed_at, timeline_file, timeline_text, timeline_student \
                 FROM lab_runs WHERE lab_id = ?1 ORDER BY started_at DESC, id DESC LIMIT 1",
                [lab_id],
                |r| {
                    let file: Option<String> = r.get(3)?;
                    let text: Option<String> = r.get(4)?;
                    let student: Option<String> = r.get(5)?;
                    let timeline = file.zip(text).map(|(file, text)| RunTimeline {
                        file,
                        text,
                        student,
                    });
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, timeline))
                },
            )
            .optional()?;
        let Some((id, seed, None, timeline)) = latest else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare("SELECT line, at FROM lab_inputs WHERE run_id = ?1 ORDER BY seq")?;
        let inputs = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, Timestamp(r.get(1)?))))?
            .collect::<Result<_, _>>()?;
        Ok(Some(OpenLabRun {
            id,
            seed: u64::from_ne_bytes(seed.to_ne_bytes()),
            timeline,
            inputs,
        }))
    }

    /// Every lab played, by id: whether it was ever completed and its latest run's steps.
    pub fn lab_run_summaries(&self) -> Result<Vec<LabRunSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.lab_id, \
                    (SELECT COUNT(*) FROM lab_runs c WHERE c.lab_id = r.lab_id AND c.completed_at IS NOT NULL), \
                    r.id, r.title, r.steps, r.completed_at IS NOT NULL, \
                    MAX(r.started_at, COALESCE((SELECT MAX(i.at) FROM lab_inputs i WHERE i.run_id = r.id), 0)) \
             FROM lab_runs r \
             WHERE r.id = (SELECT l.id FROM lab_runs l WHERE l.lab_id = r.lab_id \
                           ORDER BY l.started_at DESC, l.id DESC LIMIT 1) \
             ORDER BY r.lab_id",
        )?;
        let latest: Vec<Latest> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut steps = self.conn.prepare(
            "SELECT step, how, hints, choice, mistakes, seconds FROM lab_step_results \
             WHERE run_id = ?1 ORDER BY step",
        )?;
        let mut out = Vec::new();
        for (lab_id, completed, run, title, steps_total, latest_complete, last_at) in latest {
            let rows = steps
                .query_map([run], |r| {
                    Ok(LabStepResult {
                        step: r.get(0)?,
                        how: r.get(1)?,
                        hints: r.get(2)?,
                        choice: r.get(3)?,
                        mistakes: r.get(4)?,
                        seconds: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                    })
                })?
                .collect::<Result<_, _>>()?;
            out.push(LabRunSummary {
                lab_id,
                title,
                steps_total,
                ever_completed: completed > 0,
                steps: rows,
                latest_complete,
                last_at: Timestamp(last_at),
            });
        }
        Ok(out)
    }
}
