//! The sandbox's knobs: every setting of the World a learner can turn, grouped by the part of
//! the platform it belongs to, and the values each offers. What applying a group sends is built
//! in [`commands`] as World `Command` values, the same ones the console and the labs send.

use std::collections::BTreeMap;

use crate::data::scenario::Scenario;
use crate::data::table::ColumnType;
use crate::world::vocabulary::{ModelKind, ParamValue};

mod commands;

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
const MODELS: [ModelKind; 3] = [ModelKind::Logistic, ModelKind::Tree, ModelKind::NaiveBayes];
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

/// One sweep grid: a hyperparameter and its candidate values.
#[derive(Debug, Clone, Copy)]
enum Grid {
    /// Whole-number candidates.
    Ints(&'static str, &'static [i64]),
    /// Real candidates.
    Reals(&'static str, &'static [f64]),
}

impl Grid {
    /// The grid as the form shows it, `max_depth = [3, 5, 7]` (reals as Rust's `Debug` writes
    /// them: `1.0`, `1e-9`).
    fn label(self) -> String {
        let (name, values): (_, Vec<String>) = match self {
            Grid::Ints(name, v) => (name, v.iter().map(i64::to_string).collect()),
            Grid::Reals(name, v) => (name, v.iter().map(|x| format!("{x:?}")).collect()),
        };
        format!("{name} = [{}]", values.join(", "))
    }

    fn name(self) -> &'static str {
        match self {
            Grid::Ints(name, _) | Grid::Reals(name, _) => name,
        }
    }

    /// The candidates as hyperparameter values.
    fn values(self) -> Vec<ParamValue> {
        match self {
            Grid::Ints(_, v) => v.iter().copied().map(ParamValue::Int).collect(),
            Grid::Reals(_, v) => v.iter().copied().map(ParamValue::Float).collect(),
        }
    }
}

/// Sweep grids per model family.
fn sweeps(model: ModelKind) -> &'static [Grid] {
    match model {
        ModelKind::Tree => &[
            Grid::Ints("max_depth", &[3, 5, 7]),
            Grid::Ints("max_depth", &[2, 4, 6, 8]),
            Grid::Ints("max_depth", &[5]),
        ],
        ModelKind::NaiveBayes => &[
            Grid::Reals("var_smoothing", &[1e-9, 1e-6]),
            Grid::Reals("var_smoothing", &[1e-9]),
        ],
        ModelKind::Logistic => &[
            Grid::Reals("alpha", &[0.01, 0.1, 1.0]),
            Grid::Reals("alpha", &[0.1]),
            Grid::Reals("alpha", &[0.001, 0.01]),
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
            5 => MODELS.iter().map(|m| m.name().to_owned()).collect(),
            6 => sweeps(self.model()).iter().map(|g| g.label()).collect(),
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

    /// The model family chosen.
    fn model(&self) -> ModelKind {
        MODELS[self.at[5] % MODELS.len()]
    }

    /// The sweep grid chosen (for the model family chosen).
    fn grid(&self) -> Grid {
        let grids = sweeps(self.model());
        grids[self.at[6] % grids.len()]
    }

    /// Knob `i`'s value as a number; `None` for a word such as "none" or "default".
    fn number(&self, i: usize) -> Option<f64> {
        self.value(i).parse().ok()
    }

    /// Knob `i`'s value as a real (every value of the knobs asked this way is a number).
    fn real(&self, i: usize) -> f64 {
        self.number(i).unwrap_or_default()
    }

    /// Knob `i`'s value as a whole number (every value of the knobs asked this way is one).
    fn int(&self, i: usize) -> i64 {
        self.value(i).parse().unwrap_or_default()
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
}

#[cfg(test)]
mod tests;
