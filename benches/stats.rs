//! Drift-method timings at 10,000 and 200,000 values per side: building the sorted samples,
//! then each method on already-built samples.

// criterion_group! generates an undocumented public function; a bench may panic on bad input.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mlops_lab::stats::{CategoryCounts, Method, NumericSample, Sample, test_column};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

fn normal_values(seed: u64, n: usize, mean: f64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dist = Normal::new(mean, 1.0).unwrap();
    (0..n).map(|_| dist.sample(&mut rng)).collect()
}

fn category_counts(seed: u64, n: usize, categories: usize) -> Sample {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts = vec![0u64; categories];
    for _ in 0..n {
        counts[rng.gen_range(0..categories)] += 1;
    }
    Sample::Categorical(CategoryCounts::new(counts))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("stats");
    group.sample_size(20);
    for n in [10_000usize, 200_000] {
        let ref_values = normal_values(1, n, 0.0);
        let cur_values = normal_values(2, n, 0.05);
        group.bench_with_input(BenchmarkId::new("sort_sample", n), &n, |b, _| {
            b.iter(|| NumericSample::new(black_box(ref_values.clone())));
        });
        let r = Sample::Numerical(NumericSample::new(ref_values.clone()));
        let cu = Sample::Numerical(NumericSample::new(cur_values.clone()));
        for method in Method::ALL {
            group.bench_with_input(BenchmarkId::new(method.name(), n), &n, |b, _| {
                b.iter(|| test_column(method, black_box(&r), black_box(&cu), 0.05).unwrap());
            });
        }
        let rc = category_counts(3, n, 12);
        let cc = category_counts(4, n, 12);
        group.bench_with_input(
            BenchmarkId::new("jensenshannon_categorical", n),
            &n,
            |b, _| {
                b.iter(|| test_column(Method::JensenShannon, &rc, &cc, 0.1).unwrap());
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
