//! Benchmarks of `mlops-lab run` without the printing: every shipped lab played headless on a
//! fresh World under its own seed (target: each under 1 s in a release build).
//!
//! Run one with e.g. `cargo bench --bench labs -- drift-detection`.

// criterion_group! generates undocumented items; a shipped lab that fails to load should abort.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn bench_labs(c: &mut Criterion) {
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    let (bank, _) = mlops_lab::content::load_shipped(&[]).unwrap();
    for lab in bank.labs() {
        g.bench_function(lab.id.as_str(), |b| {
            b.iter(|| {
                let reports = mlops_lab::lab::run(black_box(lab), lab.seed);
                assert!(reports.iter().all(|r| r.check.passed));
                reports
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench_labs);
criterion_main!(benches);
