//! The sandbox's knobs: every setting of the World a learner can turn, grouped by the part of
//! the platform it belongs to, and what applying a group sends. Everything applied is World
//! vocabulary written as a lab file would write it (`{ do = "generate", rows = 5000 }`), parsed
//! by the same deserializer, so the sandbox teaches the words the labs use.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::data::scenario::Scenario;
use crate::data::table::ColumnType;
use crate::world::{Command, World};

/// The parts of the platform, in form order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Scenario and seed: a new World.
    World,
    /// The generated history.
    Data,
    /// Model family and sweep.
    Model,
    /// The CI/CD gate (`MLflow`'s `MetricThreshold`).
    Gate,
    /// Serving: strategy and its parameters.
    Deploy,
    /// Drift and incidents to inject.
    Incident,
    /// Drift monitoring per feature.
    Monitor,
    /// What starts a retraining run.
    Retrain,
    /// The standard sequence from nothing to a served champion.
    Build,
}

impl Group {
    /// The heading in the form.
    pub fn title(self) -> &'static str {
        match self {
            Group::World => "World",
            Group::Data => "Data",
            Group::Model => "Model",
            Group::Gate => "Gate (test_auc)",
            Group::Deploy => "Deployment",
            Group::Incident => "Incident",
            Group::Monitor => "Monitoring",
            Group::Retrain => "Retraining",
            Group::Build => "Build",
        }
    }
}

/// One knob: its group, its label and the values it offers.
#[derive(Debug, Clone, Copy)]
pub struct Knob {
    /// Where it belongs.
    pub group: Group,
    /// Its name.
    pub label: &'static str,
}

const fn k(group: Group, label: &'static str) -> Knob {
    Knob { group, label }
}

/// Every knob, in form order. Indices into this table are the knobs' ids.
pub const KNOBS: [Knob; 24] = [
    k(Group::World, "scenario"),
    k(Group::World, "seed"),
    k(Group::Data, "rows"),
    k(Group::Data, "missing rate"),
    k(Group::Data, "outlier rate"),
    k(Group::Model, "model"),
    k(Group::Model, "sweep values"),
    k(Group::Gate, "threshold"),
    k(Group::Gate, "min absolute change"),
    k(Group::Gate, "min relative change"),
    k(Group::Deploy, "strategy"),
    k(Group::Deploy, "percent / step"),
    k(Group::Deploy, "bake hours"),
    k(Group::Deploy, "replicas"),
    k(Group::Incident, "kind"),
    k(Group::Incident, "feature"),
    k(Group::Incident, "size"),
    k(Group::Incident, "from day"),
    k(Group::Incident, "gradual over days"),
    k(Group::Monitor, "feature"),
    k(Group::Monitor, "method"),
    k(Group::Monitor, "threshold"),
    k(Group::Retrain, "trigger"),
    k(Group::Build, "build the platform"),
];

const ROWS: [&str; 5] = ["1000", "2000", "5000", "10000", "20000"];
const RATES: [&str; 5] = ["0", "0.01", "0.02", "0.05", "0.1"];
const OUTLIERS: [&str; 4] = ["0", "0.005", "0.01", "0.05"];
const MODELS: [&str; 3] = ["logistic", "tree", "naive_bayes"];
const THRESHOLDS: [&str; 5] = ["0.5", "0.6", "0.7", "0.8", "0.9"];
const MIN_ABS: [&str; 4] = ["none", "0.001", "0.01", "0.02"];
const MIN_REL: [&str; 4] = ["none", "0.01", "0.05", "0.1"];
const STRATEGIES: [&str; 6] = [
    "all_at_once",
    "blue_green",
    "canary",
    "linear",
    "rolling",
    "shadow",
];
// 10 first: the default must be valid for every strategy (a linear step is 10 to 50%).
const PERCENTS: [&str; 4] = ["10", "25", "50", "5"];
const BAKES: [&str; 4] = ["1", "6", "24", "48"];
const REPLICAS: [&str; 5] = ["1", "2", "3", "4", "6"];
const INCIDENTS: [&str; 5] = [
    "covariate",
    "concept",
    "prior",
    "missing_surge",
    "unit_change",
];
const DAYS: [&str; 5] = ["0", "1", "3", "7", "14"];
const OVER: [&str; 4] = ["0", "3", "7", "14"];
const METHODS: [&str; 8] = [
    "auto",
    "ks",
    "psi",
    "wasserstein",
    "jensenshannon",
    "chisquare",
    "z",
    "kl_div",
];
const MONITOR_THRESHOLDS: [&str; 6] = ["default", "0.01", "0.05", "0.1", "0.2", "0.25"];
const TRIGGERS: [&str; 4] = ["manual", "every 7 days", "every 30 days", "on drift alert"];

/// Sweep grids per model family.
fn sweeps(model: &str) -> &'static [&'static str] {
    match model {
        "tree" => &[
            "max_depth = [3, 5, 7]",
            "max_depth = [2, 4, 6, 8]",
            "max_depth = [5]",
        ],
        "naive_bayes" => &["var_smoothing = [1e-9, 1e-6]", "var_smoothing = [1e-9]"],
        _ => &[
            "alpha = [0.01, 0.1, 1.0]",
            "alpha = [0.1]",
            "alpha = [0.001, 0.01]",
        ],
    }
}

/// Sizes per incident kind, with what the number means.
fn sizes(kind: &str) -> (&'static str, &'static [&'static str]) {
    match kind {
        "concept" => ("effect (log-odds)", &["0.5", "1", "2", "3"]),
        "prior" => ("positive_rate", &["0.05", "0.1", "0.2", "0.3"]),
        "missing_surge" => ("fraction", &["0.1", "0.2", "0.4", "0.6"]),
        "unit_change" => ("factor", &["10", "100", "1000", "0.01"]),
        _ => ("shift (SDs)", &["0.5", "1", "1.5", "2", "3"]),
    }
}

/// The knobs' positions, the scenario and seed, and the per-feature monitor overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Position in each knob's values.
    pub at: [usize; KNOBS.len()],
    /// The World's seed.
    pub seed: u64,
    /// Monitor overrides applied so far: feature -> (method, threshold).
    pub monitor: BTreeMap<String, (Option<String>, Option<f64>)>,
}

impl Settings {
    /// Defaults that build a working platform: 5,000 rows, logistic, a 0.6 gate.
    pub fn new(scenario: Scenario, seed: u64) -> Settings {
        let mut at = [0; KNOBS.len()];
        at[0] = Scenario::ALL
            .iter()
            .position(|s| *s == scenario)
            .unwrap_or(0);
        at[2] = 2;
        at[3] = 1;
        at[7] = 1;
        at[13] = 1;
        Settings {
            at,
            seed,
            monitor: BTreeMap::new(),
        }
    }

    /// The scenario chosen.
    pub fn scenario(&self) -> Scenario {
        Scenario::ALL[self.at[0] % Scenario::ALL.len()]
    }

    fn numeric_features(&self) -> Vec<&'static str> {
        self.scenario()
            .features()
            .iter()
            .filter(|f| f.kind == ColumnType::Numeric)
            .map(|f| f.name)
            .collect()
    }

    /// The values knob `i` offers (owned: some depend on other knobs).
    pub fn values(&self, i: usize) -> Vec<String> {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        match i {
            0 => Scenario::ALL.iter().map(|s| s.name().to_owned()).collect(),
            1 => vec![self.seed.to_string()],
            2 => own(&ROWS),
            3 => own(&RATES),
            4 => own(&OUTLIERS),
            5 => own(&MODELS),
            6 => own(sweeps(self.value(5).as_str())),
            7 => own(&THRESHOLDS),
            8 => own(&MIN_ABS),
            9 => own(&MIN_REL),
            10 => own(&STRATEGIES),
            11 => own(&PERCENTS),
            12 => own(&BAKES),
            13 => own(&REPLICAS),
            14 => own(&INCIDENTS),
            15 | 19 => own(&self.numeric_features()),
            16 => own(sizes(self.value(14).as_str()).1),
            17 => own(&DAYS),
            18 => own(&OVER),
            20 => own(&METHODS),
            21 => own(&MONITOR_THRESHOLDS),
            22 => own(&TRIGGERS),
            _ => vec!["Enter".to_owned()],
        }
    }

    /// The value knob `i` is at.
    pub fn value(&self, i: usize) -> String {
        let values = self.values(i);
        values[self.at[i] % values.len().max(1)].clone()
    }

    /// The knob's label, which for the incident size says what the number is.
    pub fn label(&self, i: usize) -> String {
        if i == 16 {
            return sizes(self.value(14).as_str()).0.to_owned();
        }
        KNOBS[i].label.to_owned()
    }

    /// Turns knob `i` one value left (-1) or right (+1); the seed counts instead.
    pub fn turn(&mut self, i: usize, by: i64) {
        if i == 1 {
            self.seed = self.seed.saturating_add_signed(by);
            return;
        }
        let n = self.values(i).len().max(1) as i64;
        let at = (self.at[i] as i64 + by).rem_euclid(n);
        self.at[i] = usize::try_from(at).unwrap_or(0);
        // Values that depend on this knob start over from their first choice.
        match i {
            0 => {
                self.at[15] = 0;
                self.at[19] = 0;
                self.monitor.clear();
            }
            5 => self.at[6] = 0,
            14 => self.at[16] = 0,
            _ => {}
        }
    }

    fn threshold_spec(&self) -> String {
        let mut parts = vec![format!("threshold = {}", self.value(7))];
        if self.value(8) != "none" {
            parts.push(format!("min_absolute_change = {}", self.value(8)));
        }
        if self.value(9) != "none" {
            parts.push(format!("min_relative_change = {}", self.value(9)));
        }
        parts.push("greater_is_better = true".to_owned());
        format!("{{ test_auc = {{ {} }} }}", parts.join(", "))
    }

    fn first_params(&self) -> String {
        // "alpha = [0.01, 0.1]" -> "alpha = 0.01": the build trains the first value.
        let grid = self.value(6);
        let (name, list) = grid.split_once(" = ").unwrap_or(("alpha", "[0.1]"));
        let first = list
            .trim_matches(['[', ']'])
            .split(',')
            .next()
            .unwrap_or("0.1");
        format!("{{ {name} = {} }}", first.trim())
    }

    fn feature_view(&self) -> String {
        let features: Vec<String> = self
            .scenario()
            .features()
            .iter()
            .map(|f| match f.kind {
                ColumnType::Numeric => format!("{{ column = \"{}\" }}", f.name),
                ColumnType::Categorical => {
                    format!("{{ column = \"{}\", transform = \"one_hot\" }}", f.name)
                }
            })
            .collect();
        format!(
            "{{ do = \"define_feature_view\", name = \"features\", entity = \"entity\", ttl_hours = 720, features = [{}] }}",
            features.join(", ")
        )
    }

    fn generate(&self) -> String {
        format!(
            "{{ do = \"generate\", rows = {}, missing_rate = {}, outlier_rate = {} }}",
            self.value(2),
            self.value(3),
            self.value(4)
        )
    }

    fn strategy(&self) -> String {
        let (p, bake) = (self.value(11), self.value(12));
        match self.value(10).as_str() {
            "blue_green" => format!("{{ kind = \"blue_green\", bake_hours = {bake} }}"),
            "canary" => format!("{{ kind = \"canary\", percent = {p}, bake_hours = {bake} }}"),
            "linear" => format!("{{ kind = \"linear\", step_percent = {p}, bake_hours = {bake} }}"),
            "shadow" => format!("{{ kind = \"shadow\", percent = {p} }}"),
            other => format!("{{ kind = \"{other}\" }}"),
        }
    }

    fn monitor_config(&self) -> String {
        let features: Vec<String> = self
            .monitor
            .iter()
            .map(|(f, (m, t))| {
                let mut parts = Vec::new();
                if let Some(m) = m {
                    parts.push(format!("method = \"{m}\""));
                }
                if let Some(t) = t {
                    parts.push(format!("threshold = {t}"));
                }
                format!("{f} = {{ {} }}", parts.join(", "))
            })
            .collect();
        format!(
            "{{ do = \"configure_monitor\", endpoint = \"scoring\", window_days = 1, features = {{ {} }} }}",
            features.join(", ")
        )
    }

    fn trigger(&self) -> String {
        match self.value(22).as_str() {
            "every 7 days" => {
                r#"{ do = "set_trigger", trigger = "schedule", every_days = 7 }"#.into()
            }
            "every 30 days" => {
                r#"{ do = "set_trigger", trigger = "schedule", every_days = 30 }"#.into()
            }
            "on drift alert" => r#"{ do = "set_trigger", trigger = "drift_alert" }"#.into(),
            _ => r#"{ do = "set_trigger", trigger = "manual" }"#.into(),
        }
    }

    fn incident(&self) -> String {
        let (kind, feature, size) = (self.value(14), self.value(15), self.value(16));
        let (from, over) = (self.value(17), self.value(18));
        match kind.as_str() {
            "covariate" => format!(
                "{{ do = \"inject_drift\", kind = \"covariate\", feature = \"{feature}\", shift = {size}, from_day = {from}, over_days = {over} }}"
            ),
            "concept" => format!(
                "{{ do = \"inject_drift\", kind = \"concept\", feature = \"{feature}\", effect = {size}, from_day = {from}, over_days = {over} }}"
            ),
            "prior" => format!(
                "{{ do = \"inject_drift\", kind = \"prior\", positive_rate = {size}, from_day = {from}, over_days = {over} }}"
            ),
            "missing_surge" => format!(
                "{{ do = \"inject_incident\", kind = \"missing_surge\", feature = \"{feature}\", fraction = {size}, from_day = {from} }}"
            ),
            _ => format!(
                "{{ do = \"inject_incident\", kind = \"unit_change\", feature = \"{feature}\", factor = {size}, from_day = {from} }}"
            ),
        }
    }

    /// The standard sequence from an empty World to a served, monitored champion.
    pub fn build(&self) -> Vec<String> {
        let key = self.scenario().entity_key();
        let model = self.value(5);
        let thresholds = self.threshold_spec();
        vec![
            self.generate(),
            r#"{ do = "infer_schema" }"#.into(),
            r#"{ do = "validate" }"#.into(),
            format!("{{ do = \"define_entity\", name = \"entity\", join_key = \"{key}\" }}"),
            self.feature_view(),
            r#"{ do = "build_training_set", views = ["features"], label_delay_hours = 24 }"#.into(),
            r#"{ do = "split", train = 0.7, validation = 0.15, test = 0.15 }"#.into(),
            format!(
                "{{ do = \"train\", model = \"{model}\", params = {}, run_name = \"baseline\" }}",
                self.first_params()
            ),
            format!(
                "{{ do = \"evaluate_gate\", model = \"scorer\", run_id = \"run-001\", thresholds = {thresholds} }}"
            ),
            r#"{ do = "register_model", name = "scorer", run_id = "run-001" }"#.into(),
            r#"{ do = "set_alias", name = "scorer", alias = "champion", version = 1, reason = "sandbox build" }"#.into(),
            r#"{ do = "create_endpoint", name = "scoring", model = "scorer" }"#.into(),
            format!(
                "{{ do = \"deploy\", endpoint = \"scoring\", version = 1, replicas = {} }}",
                self.value(13)
            ),
            self.monitor_config(),
            format!(
                "{{ do = \"set_pipeline\", name = \"scorer\", rows = {}, missing_rate = {}, views = [\"features\"], label_delay_hours = 24, model = \"{model}\", params = {}, thresholds = {thresholds} }}",
                self.value(2),
                self.value(3),
                self.first_params()
            ),
            self.trigger(),
        ]
    }

    /// What applying `group` sends to `world`, as vocabulary text.
    pub fn apply(&mut self, group: Group, world: &World) -> Vec<String> {
        match group {
            Group::World | Group::Build => Vec::new(),
            Group::Data => vec![
                self.generate(),
                r#"{ do = "infer_schema" }"#.into(),
                r#"{ do = "validate" }"#.into(),
            ],
            Group::Model => vec![format!(
                "{{ do = \"sweep\", model = \"{}\", strategy = \"grid\", grid = {{ {} }} }}",
                self.value(5),
                self.value(6)
            )],
            Group::Gate => {
                let run = world
                    .tracking()
                    .runs
                    .last()
                    .map_or_else(|| "run-001".to_owned(), |r| r.run_id.clone());
                vec![
                    format!(
                        "{{ do = \"evaluate_gate\", model = \"scorer\", run_id = \"{run}\", thresholds = {} }}",
                        self.threshold_spec()
                    ),
                    format!("{{ do = \"register_model\", name = \"scorer\", run_id = \"{run}\" }}"),
                ]
            }
            Group::Deploy => {
                let version = world
                    .registry()
                    .models
                    .get("scorer")
                    .map_or(1, |m| m.versions.len().max(1));
                let mut out = Vec::new();
                if world.serving().endpoints.is_empty() {
                    out.push(
                        r#"{ do = "create_endpoint", name = "scoring", model = "scorer" }"#.into(),
                    );
                }
                out.push(format!(
                    "{{ do = \"deploy\", endpoint = \"scoring\", version = {version}, deployment = \"v{version}\", strategy = {}, replicas = {} }}",
                    self.strategy(),
                    self.value(13)
                ));
                out
            }
            Group::Incident => vec![self.incident()],
            Group::Monitor => {
                let method = self.value(20);
                let threshold = self.value(21).parse::<f64>().ok();
                let method = (method != "auto").then_some(method);
                self.monitor.insert(self.value(19), (method, threshold));
                vec![
                    self.monitor_config(),
                    r#"{ do = "run_monitor", endpoint = "scoring" }"#.into(),
                ]
            }
            Group::Retrain => vec![self.trigger()],
        }
    }
}

/// Parses one command written as a lab file writes it.
pub fn command(text: &str) -> Result<Command, String> {
    #[derive(Deserialize)]
    struct One {
        c: Command,
    }
    toml::from_str::<One>(&format!("c = {text}"))
        .map(|o| o.c)
        .map_err(|e| e.message().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_of_every_knob_makes_commands_that_parse() {
        let world = World::new(Scenario::Churn, 1);
        for (i, knob) in KNOBS.iter().enumerate() {
            let mut s = Settings::new(Scenario::Churn, 1);
            for _ in 0..s.values(i).len() {
                s.turn(i, 1);
                let mut texts = s.build();
                for g in [
                    Group::Data,
                    Group::Model,
                    Group::Gate,
                    Group::Deploy,
                    Group::Incident,
                    Group::Monitor,
                    Group::Retrain,
                ] {
                    texts.extend(s.apply(g, &world));
                }
                for t in texts {
                    assert!(
                        command(&t).is_ok(),
                        "{}: {t}: {:?}",
                        knob.label,
                        command(&t)
                    );
                }
            }
        }
    }

    #[test]
    fn knobs_wrap_around_and_dependent_values_start_over() {
        let mut s = Settings::new(Scenario::CreditRisk, 42);
        s.turn(5, 1);
        assert_eq!(s.value(5), "tree");
        assert!(s.value(6).starts_with("max_depth"));
        s.turn(5, -2);
        assert_eq!(s.value(5), "naive_bayes");
        s.turn(1, -1);
        assert_eq!(s.seed, 41);
        s.turn(14, 2);
        assert_eq!(s.label(16), "positive_rate");
    }
}
