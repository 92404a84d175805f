//! An instructor's incident timeline file: incidents scheduled by simulated day for a whole
//! room. Parsed and validated here with every problem at its place (each incident is tried on
//! a fresh World of the file's scenario, at its own numbers and at both ends of each `vary`
//! range); resolved into the World's [`Scheduled`] list for a student, whose id draws the
//! varied numbers from a seeded generator so every student gets the same variant in every
//! process.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use toml::Spanned;

use super::parse::{Problem, plain};
use super::steps::word;
use crate::content::text::Lines;
use crate::data::scenario::Scenario;
use crate::world::timeline::Scheduled;
use crate::world::traffic::MAX_DAYS;
use crate::world::vocabulary::registry::registry;
use crate::world::{Command, Event, World};

type Text = Spanned<String>;

/// The most incidents one timeline may schedule.
pub const MAX_INCIDENTS: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeline {
    format_version: Spanned<toml::Value>,
    title: Text,
    scenario: Text,
    incident: Vec<Spanned<RawIncident>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncident {
    day: Spanned<i64>,
    command: Spanned<toml::Value>,
    #[serde(default)]
    vary: Option<Spanned<BTreeMap<String, Spanned<f64>>>>,
}

/// One incident of a timeline file.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineIncident {
    /// Days after the World's start (0: the first day served).
    pub day: i64,
    /// `inject_drift` or `inject_incident`.
    pub command: Command,
    /// Per-student variation: each named number is drawn within plus or minus this much.
    pub vary: BTreeMap<String, f64>,
    /// Its line in the file, for refusals.
    pub line: usize,
}

/// A valid timeline file.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// What the room will see, in a line.
    pub title: String,
    /// The scenario whose features it names.
    pub scenario: Scenario,
    /// Its incidents, in file order.
    pub incidents: Vec<TimelineIncident>,
}

/// The numbers a `vary` table may name, as each command's arguments spell them.
const VARIABLE: [&str; 8] = [
    "shift",
    "scale",
    "fraction",
    "effect",
    "positive_rate",
    "factor",
    "error_rate",
    "latency_ms",
];

fn number<'a>(c: &'a mut Command, key: &str) -> Option<&'a mut Option<f64>> {
    match c {
        Command::InjectDrift(a) => match key {
            "shift" => Some(&mut a.shift),
            "scale" => Some(&mut a.scale),
            "fraction" => Some(&mut a.fraction),
            "effect" => Some(&mut a.effect),
            "positive_rate" => Some(&mut a.positive_rate),
            _ => None,
        },
        Command::InjectIncident(a) => match key {
            "fraction" => Some(&mut a.fraction),
            "factor" => Some(&mut a.factor),
            "error_rate" => Some(&mut a.error_rate),
            "latency_ms" => Some(&mut a.latency_ms),
            _ => None,
        },
        _ => None,
    }
}

/// Whether trying the command on a fresh World says anything: kinds that name an endpoint or
/// a feature view depend on what the learner has built, so they are checked when they fire.
fn dry_runs(c: &Command) -> bool {
    match c {
        Command::InjectDrift(_) => true,
        Command::InjectIncident(a) => {
            matches!(
                a.kind.as_str(),
                "schema_change" | "missing_surge" | "unit_change"
            ) || (a.kind == "traffic_spike" && a.endpoint.is_none())
        }
        _ => false,
    }
}

/// The refusal a fresh World of `scenario` gives the command, if any.
fn refusal(scenario: Scenario, c: &Command) -> Option<String> {
    World::new(scenario, 0)
        .apply(c.clone())
        .into_iter()
        .find_map(|e| match e {
            Event::Rejected { reason, .. } => Some(reason),
            _ => None,
        })
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Parses and validates a timeline file; the timeline comes back only when there is no problem.
pub fn parse_timeline(text: &str) -> (Option<Timeline>, Vec<Problem>) {
    let raw: RawTimeline = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            return (None, vec![(at, message)]);
        }
    };
    let mut p: Vec<Problem> = Vec::new();
    let version = &raw.format_version;
    if version.get_ref().as_integer() != Some(crate::content::FORMAT_VERSION) {
        p.push((
            version.span().start,
            format!(
                "unsupported format_version: this version of mlops-lab reads format_version = {}",
                crate::content::FORMAT_VERSION
            ),
        ));
    }
    plain(&raw.title, "title", Lines::One, &mut p);
    let scenario = Scenario::named(raw.scenario.get_ref())
        .map_err(|m| p.push((raw.scenario.span().start, m)))
        .ok();
    if raw.incident.is_empty() || raw.incident.len() > MAX_INCIDENTS {
        p.push((
            0,
            format!(
                "a timeline schedules 1 to {MAX_INCIDENTS} incidents ([[incident]] tables), found {}",
                raw.incident.len()
            ),
        ));
    }
    let mut incidents = Vec::new();
    for (n, inc) in raw.incident.iter().enumerate() {
        let n = n + 1;
        let r = inc.get_ref();
        if let Some(i) = incident(text, n, r, scenario, &mut p) {
            incidents.push(TimelineIncident {
                line: line_of(text, inc.span().start),
                ..i
            });
        }
    }
    match scenario {
        Some(scenario) if p.is_empty() => (
            Some(Timeline {
                title: raw.title.get_ref().clone(),
                scenario,
                incidents,
            }),
            p,
        ),
        _ => (None, p),
    }
}

fn incident(
    text: &str,
    n: usize,
    r: &RawIncident,
    scenario: Option<Scenario>,
    p: &mut Vec<Problem>,
) -> Option<TimelineIncident> {
    let day = *r.day.get_ref();
    if !(0..MAX_DAYS).contains(&day) {
        p.push((
            r.day.span().start,
            format!(
                "incident {n}: day must be 0 (the first day served) to {}, got {day}",
                MAX_DAYS - 1
            ),
        ));
    }
    let span = r.command.span();
    let command = match word::<Command>(text, span.start, span.end, &registry().commands, "command")
    {
        Ok((c, _)) => c,
        Err(e) => {
            p.push(e);
            return None;
        }
    };
    let from_day = match &command {
        Command::InjectDrift(a) => a.from_day,
        Command::InjectIncident(a) => a.from_day,
        _ => {
            p.push((
                span.start,
                format!("incident {n}: a timeline schedules only inject_drift and inject_incident commands"),
            ));
            return None;
        }
    };
    if from_day != 0 {
        p.push((
            span.start,
            format!("incident {n}: leave from_day out: the incident's `day` says when it starts"),
        ));
    }
    let mut vary = BTreeMap::new();
    let mut low = command.clone();
    let mut high = command.clone();
    for (key, width) in r
        .vary
        .as_ref()
        .map(|v| v.get_ref().iter())
        .into_iter()
        .flatten()
    {
        let at = width.span().start;
        let w = *width.get_ref();
        let mut probe = command.clone();
        let Some(Some(base)) = number(&mut probe, key).map(|v| *v) else {
            p.push((
                at,
                format!(
                    "incident {n}: vary.{key} names no number this command sets (it may vary {})",
                    VARIABLE.join(", ")
                ),
            ));
            continue;
        };
        if !(w.is_finite() && w >= 0.0) {
            p.push((
                at,
                format!("incident {n}: vary.{key} must be a number of at least 0, got {w}"),
            ));
            continue;
        }
        if let Some(v) = number(&mut low, key) {
            *v = Some(base - w);
        }
        if let Some(v) = number(&mut high, key) {
            *v = Some(base + w);
        }
        vary.insert(key.clone(), w);
    }
    if let Some(scenario) = scenario
        && dry_runs(&command)
    {
        for (c, which) in [
            (&command, ""),
            (&low, " at the low end of vary"),
            (&high, " at the high end of vary"),
        ] {
            if (which.is_empty() || !vary.is_empty())
                && let Some(reason) = refusal(scenario, c)
            {
                p.push((span.start, format!("incident {n}{which}: {reason}")));
                break;
            }
        }
    }
    Some(TimelineIncident {
        day,
        command,
        vary,
        line: 0,
    })
}

/// A student id's stable seed (FNV-1a over its bytes: the same in every process and build).
fn student_seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Timeline {
    /// The World's schedule for `student` (the file's own numbers without one): each varied
    /// number drawn uniformly within its range, rounded to three decimals, from a generator
    /// seeded by the student id alone.
    pub fn resolve(&self, file: &str, student: Option<&str>) -> Vec<Scheduled> {
        let mut rng = student.map(|s| ChaCha8Rng::seed_from_u64(student_seed(s)));
        self.incidents
            .iter()
            .map(|i| {
                let mut command = i.command.clone();
                if let Some(rng) = rng.as_mut() {
                    for (key, w) in &i.vary {
                        let draw: f64 = rng.gen_range(-1.0..=1.0);
                        if let Some(Some(v)) = number(&mut command, key) {
                            *v = ((*v + draw * w) * 1000.0).round() / 1000.0;
                        }
                    }
                }
                Scheduled {
                    day: i.day,
                    command,
                    place: format!("{file}:{}", i.line),
                }
            })
            .collect()
    }
}
