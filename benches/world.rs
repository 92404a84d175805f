//! Benchmarks of the simulated world's heavy steps at 10k, 100k and 1M rows: data generation,
//! validation (schema inference, anomaly detection, an expectation) and training (one fit of
//! each model family on a point-in-time-joined training set).
//!
//! Run a subset with e.g. `cargo bench --bench world -- --quick generate`.

// criterion_group! generates undocumented items.
// Setup failures should abort the benchmark loudly; short names are the usual ones in benches.
#![allow(missing_docs, clippy::unwrap_used, clippy::many_single_char_names)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mlops_lab::data::generate::{GenerateParams, generate};
use mlops_lab::data::scenario::Scenario;
use mlops_lab::data::table::Table;
use mlops_lab::world::expectations;
use mlops_lab::world::features::{Entity, FeatureStore};
use mlops_lab::world::training::{column_means, design, models};
use mlops_lab::world::validation::{detect_anomalies, infer_schema};
use mlops_lab::world::vocabulary::{ExpectationSpec, FeatureSpecParams};

const SIZES: [i64; 3] = [10_000, 100_000, 1_000_000];

fn table(rows: i64) -> Table {
    let cfg = GenerateParams {
        rows,
        missing_rate: 0.01,
        outlier_rate: 0.005,
    }
    .check()
    .unwrap();
    generate(Scenario::CreditRisk, &cfg, 42)
}

fn bench_generate(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate");
    g.sample_size(10);
    for rows in SIZES {
        let cfg = GenerateParams {
            rows,
            missing_rate: 0.01,
            outlier_rate: 0.005,
        }
        .check()
        .unwrap();
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::from_parameter(rows), &cfg, |b, cfg| {
            b.iter(|| generate(Scenario::CreditRisk, black_box(cfg), 42));
        });
    }
    g.finish();
}

fn bench_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.sample_size(10);
    let expectation = ExpectationSpec::ExpectColumnValuesToBeBetween {
        column: "age".into(),
        min_value: Some(18.0),
        max_value: Some(90.0),
        mostly: Some(0.99),
    };
    for rows in SIZES {
        let t = table(rows);
        let schema = infer_schema(&t);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::from_parameter(rows), &t, |b, t| {
            b.iter(|| {
                let s = infer_schema(t);
                let a = detect_anomalies(&schema, t);
                let e = expectations::evaluate(&expectation, t);
                black_box((s, a, e))
            });
        });
    }
    g.finish();
}

fn bench_train(c: &mut Criterion) {
    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    for rows in SIZES {
        let t = table(rows);
        let mut store = FeatureStore::default();
        store.entities.push(Entity {
            name: "applicant".into(),
            join_key: "applicant_id".into(),
        });
        let spec = |column: &str, transform: &str| FeatureSpecParams {
            column: column.into(),
            transform: transform.into(),
            boundaries: vec![],
            denominator: None,
        };
        let specs = [
            spec("income", "log"),
            spec("loan_amount", "log"),
            spec("debt_to_income", "standardise"),
            spec("late_payments", "identity"),
            spec("credit_history_years", "identity"),
            spec("employment", "one_hot"),
            spec("home_ownership", "one_hot"),
        ];
        let view = store.check_view(&t, "v", "applicant", 0, &specs).unwrap();
        let (set, _) = store.build_training_set(&t, &[&view], 0, i64::MAX);
        let rows_idx: Vec<usize> = (0..set.labels.len()).collect();
        let fill = column_means(&set, &rows_idx);
        let x = design(&set, &rows_idx, &fill);
        let y = set.labels.clone();
        g.throughput(Throughput::Elements(rows as u64));
        for (name, cfg) in [
            (
                "logistic",
                models::ModelConfig::Logistic {
                    alpha: 1.0,
                    max_iterations: 100,
                },
            ),
            (
                "tree",
                models::ModelConfig::Tree {
                    max_depth: 6,
                    min_samples_split: 2,
                },
            ),
            (
                "naive_bayes",
                models::ModelConfig::NaiveBayes {
                    var_smoothing: 1e-9,
                },
            ),
        ] {
            g.bench_with_input(BenchmarkId::new(name, rows), &cfg, |b, cfg| {
                b.iter(|| models::fit(black_box(cfg), &x, &y).unwrap());
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_generate, bench_validate, bench_train);
criterion_main!(benches);
