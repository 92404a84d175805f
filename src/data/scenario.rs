//! The synthetic scenarios: each names its entity and label, lists typed features with realistic
//! marginals, samples one row, and hides the label function (interactions plus noise) that the
//! learner's models try to recover.

use rand::Rng;
use rand_distr::{Exp1, StandardNormal};
use serde::{Deserialize, Serialize};

use super::table::ColumnType;

/// A business problem the simulated platform works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Loan applications; label `defaulted` (about 1 in 6).
    CreditRisk,
    /// Telecom subscribers; label `churned` (about 1 in 4).
    Churn,
    /// Card transactions; label `is_fraud` (about 1.5 in 100: heavy class imbalance).
    Fraud,
}

/// One feature column of a scenario.
#[derive(Debug, Clone, Copy)]
pub struct FeatureSpec {
    /// Column name.
    pub name: &'static str,
    /// Numeric or categorical.
    pub kind: ColumnType,
    /// Category levels (empty for numeric features).
    pub levels: &'static [&'static str],
}

const fn num(name: &'static str) -> FeatureSpec {
    FeatureSpec {
        name,
        kind: ColumnType::Numeric,
        levels: &[],
    }
}
const fn cat(name: &'static str, levels: &'static [&'static str]) -> FeatureSpec {
    FeatureSpec {
        name,
        kind: ColumnType::Categorical,
        levels,
    }
}

const CREDIT: &[FeatureSpec] = &[
    num("age"),
    num("income"),
    num("loan_amount"),
    num("debt_to_income"),
    num("credit_history_years"),
    num("late_payments"),
    cat(
        "employment",
        &[
            "employed",
            "self_employed",
            "unemployed",
            "student",
            "retired",
        ],
    ),
    cat("home_ownership", &["rent", "mortgage", "own"]),
    cat(
        "purpose",
        &[
            "debt_consolidation",
            "car",
            "home_improvement",
            "education",
            "medical",
        ],
    ),
];
const CHURN: &[FeatureSpec] = &[
    num("tenure_months"),
    num("monthly_charges"),
    num("total_charges"),
    num("support_tickets"),
    num("data_usage_gb"),
    cat("contract", &["month_to_month", "one_year", "two_year"]),
    cat(
        "payment_method",
        &[
            "electronic_check",
            "mailed_check",
            "bank_transfer",
            "credit_card",
        ],
    ),
    cat("internet_service", &["fiber", "dsl", "none"]),
];
const FRAUD: &[FeatureSpec] = &[
    num("amount"),
    num("hour_of_day"),
    num("distance_from_home_km"),
    num("txn_count_24h"),
    num("amount_to_avg_ratio"),
    cat(
        "merchant_category",
        &[
            "grocery",
            "gas",
            "online_retail",
            "travel",
            "electronics",
            "atm",
        ],
    ),
    cat("card_present", &["yes", "no"]),
];

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 3] = [Scenario::CreditRisk, Scenario::Churn, Scenario::Fraud];

    /// The scenario a lab file, timeline or `--scenario` names, or a message listing the known
    /// names.
    pub fn named(name: &str) -> Result<Scenario, String> {
        Scenario::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                format!("unknown scenario `{name}` (known: {})", known.join(", "))
            })
    }

    /// The name used in lab files, e.g. `credit-risk`.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::CreditRisk => "credit-risk",
            Scenario::Churn => "churn",
            Scenario::Fraud => "fraud",
        }
    }

    /// The feature columns, in table order.
    pub fn features(self) -> &'static [FeatureSpec] {
        match self {
            Scenario::CreditRisk => CREDIT,
            Scenario::Churn => CHURN,
            Scenario::Fraud => FRAUD,
        }
    }

    /// The entity join key.
    pub fn entity_key(self) -> &'static str {
        match self {
            Scenario::CreditRisk => "applicant_id",
            Scenario::Churn => "customer_id",
            Scenario::Fraud => "card_id",
        }
    }

    /// The label's name.
    pub fn label_name(self) -> &'static str {
        match self {
            Scenario::CreditRisk => "defaulted",
            Scenario::Churn => "churned",
            Scenario::Fraud => "is_fraud",
        }
    }

    /// How many rows each entity has on average (fraud: many transactions per card).
    pub fn rows_per_entity(self) -> usize {
        match self {
            Scenario::CreditRisk => 2,
            Scenario::Churn => 4,
            Scenario::Fraud => 20,
        }
    }

    /// Fills `row` with one clean observation (categoricals as level codes) and returns the
    /// hidden log-odds of a positive label, before noise.
    pub fn sample(self, rng: &mut impl Rng, row: &mut [f64]) -> f64 {
        match self {
            Scenario::CreditRisk => credit(rng, row),
            Scenario::Churn => churn(rng, row),
            Scenario::Fraud => fraud(rng, row),
        }
        self.log_odds(row)
    }

    /// The hidden log-odds of a positive label for a complete row (categoricals as level
    /// codes), before noise: the label function, so a shifted row keeps `P(y | x)`.
    pub fn log_odds(self, row: &[f64]) -> f64 {
        match self {
            Scenario::CreditRisk => credit_logit(row),
            Scenario::Churn => churn_logit(row),
            Scenario::Fraud => fraud_logit(row),
        }
    }
}

fn z(rng: &mut impl Rng) -> f64 {
    rng.sample(StandardNormal)
}

fn lognormal(rng: &mut impl Rng, mu: f64, sigma: f64) -> f64 {
    (mu + sigma * z(rng)).exp()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Knuth's method: fine for the small rates used here.
fn poisson(rng: &mut impl Rng, lambda: f64) -> f64 {
    let limit = (-lambda).exp();
    let mut k = 0.0;
    let mut p: f64 = rng.r#gen();
    while p > limit {
        k += 1.0;
        p *= rng.r#gen::<f64>();
    }
    k
}

fn pick(rng: &mut impl Rng, weights: &[f64]) -> f64 {
    let u: f64 = rng.r#gen();
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if u < acc {
            return i as f64;
        }
    }
    (weights.len() - 1) as f64
}

// Categorical codes are small integers held in f64, so exact comparison is intended.
#[allow(clippy::float_cmp)]
fn credit(rng: &mut impl Rng, r: &mut [f64]) {
    let age = (42.0 + 12.0 * z(rng)).clamp(18.0, 90.0).round();
    let employment = pick(rng, &[0.62, 0.15, 0.08, 0.07, 0.08]);
    let income_mu = [10.9, 11.0, 9.9, 9.6, 10.4][employment as usize];
    let income = (lognormal(rng, income_mu, 0.45) / 100.0).round() * 100.0;
    let loan = (lognormal(rng, 9.5, 0.7) / 50.0).round() * 50.0;
    let dti = sigmoid(-1.0 + 0.6 * z(rng));
    let history = ((age - 18.0) * rng.gen_range(0.2..0.95)).round();
    let late = poisson(rng, 0.6);
    let home = pick(rng, &[0.42, 0.40, 0.18]);
    let purpose = pick(rng, &[0.38, 0.2, 0.17, 0.12, 0.13]);
    r.copy_from_slice(&[
        age, income, loan, dti, history, late, employment, home, purpose,
    ]);
}

#[allow(clippy::float_cmp)]
fn credit_logit(r: &[f64]) -> f64 {
    let [
        _,
        income,
        loan,
        dti,
        history,
        late,
        employment,
        home,
        purpose,
    ] = r[..]
    else {
        return f64::NAN;
    };
    // Hidden truth: affordability (loan vs income) interacts with debt load; late payments hurt
    // more for the unemployed; long histories and owning a home protect.
    let afford = (loan / income).ln();
    -1.0 + 1.1 * afford
        + 3.2 * (dti - 0.28)
        + 1.5 * afford.max(0.0) * dti
        + 0.55 * late * if employment == 2.0 { 1.8 } else { 1.0 }
        - 0.03 * history
        - if home == 2.0 { 0.5 } else { 0.0 }
        + if purpose == 4.0 { 0.4 } else { 0.0 }
}

#[allow(clippy::float_cmp)]
fn churn(rng: &mut impl Rng, r: &mut [f64]) {
    let contract = pick(rng, &[0.55, 0.24, 0.21]);
    let tenure_scale = [14.0, 30.0, 45.0][contract as usize];
    let tenure = (tenure_scale * rng.sample::<f64, _>(Exp1))
        .clamp(0.0, 72.0)
        .round();
    let internet = pick(rng, &[0.44, 0.34, 0.22]);
    let base = [85.0, 60.0, 25.0][internet as usize];
    let monthly = ((base + 12.0 * z(rng)).clamp(18.0, 120.0) * 100.0).round() / 100.0;
    let total = (monthly * tenure * rng.gen_range(0.92..1.05) * 100.0).round() / 100.0;
    let tickets = poisson(rng, 1.2);
    let usage = lognormal(rng, 3.0, 0.8);
    let payment = pick(rng, &[0.34, 0.23, 0.22, 0.21]);
    r.copy_from_slice(&[
        tenure, monthly, total, tickets, usage, contract, payment, internet,
    ]);
}

#[allow(clippy::float_cmp)]
fn churn_logit(r: &[f64]) -> f64 {
    let [tenure, monthly, _, tickets, _, contract, payment, internet] = r[..] else {
        return f64::NAN;
    };
    // Hidden truth: month-to-month customers early in tenure churn; support tickets hurt much more
    // on fibre; electronic cheque payers leave more often.
    let m2m = if contract == 0.0 { 1.0 } else { 0.0 };
    -1.6 + 1.3 * m2m - 0.035 * tenure * (1.0 - 0.5 * m2m)
        + 0.018 * (monthly - 65.0)
        + 0.3 * tickets * if internet == 0.0 { 1.7 } else { 0.6 }
        + if payment == 0.0 { 0.5 } else { 0.0 }
        - 0.9 * f64::from(u8::from(contract == 2.0))
}

#[allow(clippy::float_cmp)]
fn fraud(rng: &mut impl Rng, r: &mut [f64]) {
    let merchant = pick(rng, &[0.3, 0.15, 0.22, 0.06, 0.09, 0.18]);
    let amount = (lognormal(rng, 3.4 + if merchant == 3.0 { 1.8 } else { 0.0 }, 1.0) * 100.0)
        .round()
        / 100.0;
    // Daytime peak with a thin night tail.
    let hour = if rng.gen_bool(0.85) {
        (14.0 + 4.0 * z(rng)).round().rem_euclid(24.0)
    } else {
        f64::from(rng.gen_range(0..24_i32))
    };
    let distance = (lognormal(rng, 1.8, 1.2) * 10.0).round() / 10.0;
    let count = poisson(rng, 2.5);
    let ratio = lognormal(rng, 0.0, 0.5);
    let present = if merchant == 2.0 {
        1.0
    } else {
        pick(rng, &[0.8, 0.2])
    };
    r.copy_from_slice(&[amount, hour, distance, count, ratio, merchant, present]);
}

#[allow(clippy::float_cmp)]
fn fraud_logit(r: &[f64]) -> f64 {
    let [amount, hour, distance, count, ratio, merchant, present] = r[..] else {
        return f64::NAN;
    };
    // Hidden truth: fraud is rare, concentrated in card-not-present high-value electronics and
    // online purchases at night, far from home, in bursts.
    let night = if (6.0..23.0).contains(&hour) {
        0.0
    } else {
        1.0
    };
    let cnp = present;
    -7.4 + 1.2 * ratio.ln().max(0.0) * (1.0 + cnp)
        + 1.1 * cnp
        + 1.4 * night * (0.5 + cnp)
        + 0.45 * distance.ln().max(0.0)
        + 0.25 * count
        + if merchant == 4.0 || merchant == 2.0 {
            0.9
        } else {
            0.0
        }
        + 0.0006 * amount.min(2000.0) * cnp
}
