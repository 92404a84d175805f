//! What the reports show beside each verdict: count, missing values, mean, standard deviation
//! and quantiles of a numerical column (from the sample already sorted for the tests), or its
//! top categories with their shares, and a binned chart of reference against current.

use serde::Serialize;

use crate::stats::{CategoryCounts, NumericSample, pairwise_sum, pairwise_sum_by};

/// Bins in a numerical column's histogram: enough to show a shape, few enough that a report
/// stays small whatever the number of rows.
pub const HISTOGRAM_BINS: usize = 20;
/// Categories named in a column's statistics.
pub const TOP_CATEGORIES: usize = 5;
/// Bars in a categorical column's chart; the rest are summed into one "other" bar.
pub const CHART_CATEGORIES: usize = 10;

/// One side's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SideStats {
    /// A numerical column.
    Numbers(NumberStats),
    /// A categorical column.
    Categories(CategoryStats),
}

/// Statistics of a numerical sample (NaN and infinities left out, as the tests leave them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberStats {
    /// Values tested.
    pub count: usize,
    /// Missing or non-finite values.
    pub missing: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1, as pandas' `std`); 0 for a single value.
    pub std: f64,
    /// Smallest value.
    pub min: f64,
    /// 25th percentile (linear interpolation, as pandas' `quantile`).
    pub q25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile.
    pub q75: f64,
    /// Largest value.
    pub max: f64,
}

/// A category and its share of the non-missing values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryShare {
    /// The label as written in the file.
    pub label: String,
    /// How many values have it.
    pub count: u64,
    /// `count` over the non-missing values.
    pub share: f64,
}

/// Statistics of a categorical sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryStats {
    /// Values tested.
    pub count: usize,
    /// Missing values.
    pub missing: usize,
    /// Distinct categories present.
    pub unique: usize,
    /// The most frequent categories (at most [`TOP_CATEGORIES`]), ties in label order.
    pub top: Vec<CategoryShare>,
}

/// One bar pair of a chart: the share of each side that falls in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// A category, "other", or a range "low to high".
    pub label: String,
    /// Share of the reference's values.
    pub reference: f64,
    /// Share of the current values.
    pub current: f64,
}

/// Both sides' statistics and the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The reference side.
    pub reference: SideStats,
    /// The current side.
    pub current: SideStats,
    /// Histogram (numerical, equal-width bins over both sides' range) or bars (categorical).
    pub chart: Vec<Bin>,
}

impl SideStats {
    /// The mean of a numerical side, or the top category and its share of a categorical one.
    pub fn headline(&self) -> String {
        match self {
            SideStats::Numbers(n) => format!("mean {}", number(n.mean)),
            SideStats::Categories(c) => c.top.first().map_or_else(
                || "no values".to_string(),
                |t| format!("{} ({})", t.label, percent(t.share)),
            ),
        }
    }
}

/// A number in a report: up to 4 decimals, or scientific notation when very large or small.
pub fn number(x: f64) -> String {
    let a = x.abs();
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else if a != 0.0 && !(1e-4..1e9).contains(&a) {
        format!("{x:.3e}")
    } else {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.to_string() }
    }
}

/// A share as a percentage with one decimal.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// Statistics and histogram of a numerical column.
pub fn numerical(reference: &NumericSample, current: &NumericSample) -> Summary {
    Summary {
        reference: SideStats::Numbers(number_stats(reference)),
        current: SideStats::Numbers(number_stats(current)),
        chart: histogram(reference.sorted(), current.sorted()),
    }
}

fn number_stats(s: &NumericSample) -> NumberStats {
    let v = s.sorted();
    let n = v.len();
    // pandas' mean and std (`nanops`): numpy's pairwise sums, then one division. Values near
    // the largest double overflow that sum: they are scaled first instead.
    let sum = pairwise_sum(v);
    let mean = if sum.is_finite() {
        sum / n as f64
    } else {
        pairwise_sum_by(v, |x| x / n as f64)
    };
    let std = if n > 1 {
        (pairwise_sum_by(v, |x| (mean - x) * (mean - x)) / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    NumberStats {
        count: n,
        missing: s.dropped(),
        mean,
        std,
        min: quantile(v, 0.0),
        q25: quantile(v, 0.25),
        median: quantile(v, 0.5),
        q75: quantile(v, 0.75),
        max: quantile(v, 1.0),
    }
}

/// pandas' default quantile (linear interpolation) of sorted values; NaN when empty.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let pos = q * last as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(last);
    let frac = pos - lo as f64;
    if frac == 0.0 {
        sorted[lo]
    } else {
        sorted[lo] + (sorted[hi] - sorted[lo]) * frac
    }
}

/// Equal-width bins over the range of both sides, as shares of each side.
fn histogram(reference: &[f64], current: &[f64]) -> Vec<Bin> {
    let (Some(lo), Some(hi)) = (
        min_of(reference.first(), current.first()),
        max_of(reference.last(), current.last()),
    ) else {
        return Vec::new();
    };
    let bins = if lo == hi { 1 } else { HISTOGRAM_BINS };
    // Steps taken from halves so that a range near the limits of a double cannot overflow.
    let step = (hi / 2.0 - lo / 2.0) * 2.0 / bins as f64;
    let edge = |k: usize| {
        if k == bins { hi } else { lo + step * k as f64 }
    };
    let share = |sorted: &[f64], a: f64, b: f64, last: bool| {
        let start = sorted.partition_point(|&x| x < a);
        let end = if last {
            sorted.len()
        } else {
            sorted.partition_point(|&x| x < b)
        };
        (end - start) as f64 / sorted.len().max(1) as f64
    };
    (0..bins)
        .map(|k| {
            let (a, b) = (edge(k), edge(k + 1));
            let last = k + 1 == bins;
            Bin {
                label: format!("{} to {}", number(a), number(b)),
                reference: share(reference, a, b, last),
                current: share(current, a, b, last),
            }
        })
        .collect()
}

fn min_of(a: Option<&f64>, b: Option<&f64>) -> Option<f64> {
    a.into_iter().chain(b).copied().reduce(f64::min)
}

fn max_of(a: Option<&f64>, b: Option<&f64>) -> Option<f64> {
    a.into_iter().chain(b).copied().reduce(f64::max)
}

/// Statistics and bars of a categorical column; `labels[i]` names code `i` on both sides.
pub fn categorical(
    labels: &[String],
    reference: &CategoryCounts,
    current: &CategoryCounts,
    missing: (usize, usize),
) -> Summary {
    let shares = |c: &CategoryCounts, i: usize| c.count(i) as f64 / c.total().max(1) as f64;
    // Chart: the categories with the largest combined share, then everything else together.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| {
        let sa = shares(reference, a) + shares(current, a);
        let sb = shares(reference, b) + shares(current, b);
        sb.total_cmp(&sa).then_with(|| labels[a].cmp(&labels[b]))
    });
    let mut chart: Vec<Bin> = order
        .iter()
        .take(CHART_CATEGORIES)
        .map(|&i| Bin {
            label: labels[i].clone(),
            reference: shares(reference, i),
            current: shares(current, i),
        })
        .collect();
    if order.len() > CHART_CATEGORIES {
        let rest = &order[CHART_CATEGORIES..];
        chart.push(Bin {
            label: format!("other ({} categories)", rest.len()),
            reference: rest.iter().map(|&i| shares(reference, i)).sum(),
            current: rest.iter().map(|&i| shares(current, i)).sum(),
        });
    }
    Summary {
        reference: SideStats::Categories(category_stats(labels, reference, missing.0)),
        current: SideStats::Categories(category_stats(labels, current, missing.1)),
        chart,
    }
}

fn category_stats(labels: &[String], counts: &CategoryCounts, missing: usize) -> CategoryStats {
    let mut present: Vec<usize> = (0..labels.len()).filter(|&i| counts.count(i) > 0).collect();
    present.sort_by(|&a, &b| {
        counts
            .count(b)
            .cmp(&counts.count(a))
            .then_with(|| labels[a].cmp(&labels[b]))
    });
    CategoryStats {
        count: counts.total() as usize,
        missing,
        unique: present.len(),
        top: present
            .iter()
            .take(TOP_CATEGORIES)
            .map(|&i| CategoryShare {
                label: labels[i].clone(),
                count: counts.count(i),
                share: counts.count(i) as f64 / counts.total().max(1) as f64,
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_pandas_describe() {
        // pandas: Series([1, 2, 3, 4, 10]).describe() -> mean 4, std 3.5355339059327378,
        // 25% 2, 50% 3, 75% 4; quantile(0.1) of [1, 2] is 1.1.
        let s = NumericSample::new(vec![4.0, 1.0, f64::NAN, 10.0, 3.0, 2.0]);
        let n = number_stats(&s);
        assert_eq!((n.count, n.missing), (5, 1));
        assert_eq!(n.mean, 4.0);
        assert!((n.std - 3.535_533_905_932_737_8).abs() < 1e-12);
        assert_eq!(
            (n.min, n.q25, n.median, n.q75, n.max),
            (1.0, 2.0, 3.0, 4.0, 10.0)
        );
        assert!((quantile(&[1.0, 2.0], 0.1) - 1.1).abs() < 1e-12);
    }

    #[test]
    fn histogram_shares_sum_to_one_and_cover_both_ranges() {
        let r = NumericSample::new((0..100).map(f64::from).collect());
        let c = NumericSample::new((50..250).map(f64::from).collect());
        let s = numerical(&r, &c);
        assert_eq!(s.chart.len(), HISTOGRAM_BINS);
        let (sr, sc): (f64, f64) = s.chart.iter().fold((0.0, 0.0), |(a, b), bin| {
            (a + bin.reference, b + bin.current)
        });
        assert!((sr - 1.0).abs() < 1e-12 && (sc - 1.0).abs() < 1e-12);
        assert_eq!(s.chart[0].label, "0 to 12.45");
        assert_eq!(s.chart[HISTOGRAM_BINS - 1].current, 13.0 / 200.0);
        // A constant column has one bin; extreme values do not overflow the edges.
        let k = NumericSample::new(vec![3.0; 4]);
        assert_eq!(numerical(&k, &k).chart.len(), 1);
        let big = NumericSample::new(vec![-1.7e308, 1.7e308]);
        assert!(
            numerical(&big, &big)
                .chart
                .iter()
                .all(|b| b.reference.is_finite())
        );
    }

    #[test]
    fn categories_are_ranked_with_the_rest_as_other() {
        let labels: Vec<String> = (0..12).map(|i| format!("c{i:02}")).collect();
        let r = CategoryCounts::new((1..=12).collect());
        let c = CategoryCounts::new(vec![1; 12]);
        let s = categorical(&labels, &r, &c, (2, 0));
        assert_eq!(s.chart.len(), CHART_CATEGORIES + 1);
        assert_eq!(s.chart[0].label, "c11");
        assert_eq!(s.chart[CHART_CATEGORIES].label, "other (2 categories)");
        let SideStats::Categories(stats) = &s.reference else {
            panic!("categorical")
        };
        assert_eq!((stats.count, stats.missing, stats.unique), (78, 2, 12));
        assert_eq!(stats.top.len(), TOP_CATEGORIES);
        assert_eq!(stats.top[0].label, "c11");
        assert_eq!(s.reference.headline(), "c11 (15.4%)");
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1e12), "1.000e12");
        assert_eq!(number(3.0e-7), "3.000e-7");
        assert_eq!(percent(0.1234), "12.3%");
    }
}
