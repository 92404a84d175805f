//! The data a drift test runs on: sorted finite numbers, or counts per category.

/// Finite values of one numerical column, sorted ascending once (NaN and ±inf dropped and counted).
///
/// Evidently replaces ±inf with NaN and drops NaN before any test; sorting once lets every
/// method (KS, Wasserstein, histograms, value counts) work by merging two sorted slices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumericSample {
    sorted: Vec<f64>,
    dropped: usize,
}

impl NumericSample {
    /// Drops NaN and ±inf, then sorts the rest ascending.
    pub fn new(mut values: Vec<f64>) -> Self {
        let before = values.len();
        // Usually every value is finite: a read-only look spares rewriting the column.
        if !values.iter().all(|v| v.is_finite()) {
            values.retain(|v| v.is_finite());
        }
        let dropped = before - values.len();
        Self {
            sorted: super::sort::sort_floats(values),
            dropped,
        }
    }

    /// Number of finite values kept.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// True when no finite value is left.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The finite values, ascending.
    pub fn sorted(&self) -> &[f64] {
        &self.sorted
    }

    /// How many NaN or ±inf values were dropped.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// Number of distinct values (`-0.0` and `0.0` count once, as pandas counts them).
    pub fn n_unique(&self) -> usize {
        distinct_up_to(&self.sorted, &[], usize::MAX)
    }

    /// [`Self::n_unique`], counted no further than `cap`: a rule that only asks "more than
    /// 20?" stops walking 200,000 values after the 21st distinct one.
    pub fn n_unique_up_to(&self, cap: usize) -> usize {
        distinct_up_to(&self.sorted, &[], cap)
    }
}

/// Counts per category; index `i` is category code `i`, shared by reference and current.
///
/// Codes should follow the sorted order of the category labels: Evidently's z-test compares
/// "the first sorted category" against the rest. A code may be absent from one side (its count
/// is then 0, or the vector is shorter).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategoryCounts {
    counts: Vec<u64>,
    total: u64,
}

impl CategoryCounts {
    /// Wraps the counts per code.
    pub fn new(counts: Vec<u64>) -> Self {
        let total = counts.iter().sum();
        Self { counts, total }
    }

    /// Number of non-missing values.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Count per category code.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Count of code `i` (0 when the code is beyond this side's vector).
    pub fn count(&self, i: usize) -> u64 {
        self.counts.get(i).copied().unwrap_or(0)
    }
}

/// One column's data, reference or current.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// A numerical column.
    Numerical(NumericSample),
    /// A categorical column.
    Categorical(CategoryCounts),
}

impl Sample {
    /// Number of values the tests see (after dropping missing ones).
    pub fn len(&self) -> usize {
        match self {
            Sample::Numerical(s) => s.len(),
            Sample::Categorical(c) => c.total() as usize,
        }
    }

    /// True when there is no value to test.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct non-missing values in this sample alone.
    pub fn n_unique(&self) -> usize {
        match self {
            Sample::Numerical(s) => s.n_unique(),
            Sample::Categorical(c) => c.counts().iter().filter(|&&n| n > 0).count(),
        }
    }
}

/// Distinct non-missing values over both samples together, as
/// `pd.concat([reference, current]).nunique()` counts them.
///
/// A numerical sample against a categorical one cannot share values, so each side's distinct
/// values are added.
pub fn n_unique(reference: &Sample, current: &Sample) -> usize {
    n_unique_up_to(reference, current, usize::MAX)
}

/// [`n_unique`] counted no further than `cap` (`min(n_unique, cap)` for numerical samples):
/// Evidently's automatic choice only asks whether there are more than 5 (or 2).
pub fn n_unique_up_to(reference: &Sample, current: &Sample, cap: usize) -> usize {
    match (reference, current) {
        (Sample::Numerical(r), Sample::Numerical(c)) => distinct_up_to(r.sorted(), c.sorted(), cap),
        (Sample::Categorical(r), Sample::Categorical(c)) => {
            let len = r.counts().len().max(c.counts().len());
            (0..len).filter(|&i| r.count(i) + c.count(i) > 0).count()
        }
        _ => reference.n_unique() + current.n_unique(),
    }
}

/// Distinct values of the union of two ascending slices, counted up to `cap`. Equality is
/// `==`, so `-0.0` and `0.0` are one value, as in [`merge_steps`].
#[allow(
    clippy::float_cmp,
    reason = "distinct values are exact inequality, as pandas counts them"
)]
fn distinct_up_to(a: &[f64], b: &[f64], cap: usize) -> usize {
    let (mut i, mut j, mut count) = (0usize, 0usize, 0usize);
    let mut last = f64::NAN;
    while count < cap && (i < a.len() || j < b.len()) {
        let take_a = j >= b.len() || (i < a.len() && a[i] <= b[j]);
        let v = if take_a { a[i] } else { b[j] };
        // NaN never occurs in a sample, so the first value always differs from `last`.
        if v != last {
            count += 1;
            last = v;
        }
        i += usize::from(take_a);
        j += usize::from(!take_a);
    }
    count
}

/// Category codes with a count in `current` but none in `reference`: the categories a report
/// should name as new (chi-square gives them an infinite statistic and a p-value of 0).
pub fn categories_only_in_current(
    reference: &CategoryCounts,
    current: &CategoryCounts,
) -> Vec<usize> {
    (0..current.counts().len())
        .filter(|&i| current.count(i) > 0 && reference.count(i) == 0)
        .collect()
}

/// Walks two sorted slices together: for each distinct value `v` of their union, ascending,
/// calls `step(v, i, j)` with `i` = how many values of `a` are `<= v` and `j` = how many of
/// `b` are. One tight pass; every merge-based method (KS, Wasserstein, value counts, unique
/// counts) is built on it.
///
/// One element is taken per iteration; a value is reported once the last copy of it (on
/// either side) has been taken, so tied values are counted together as scipy's
/// `searchsorted(..., side="right")` counts them.
#[allow(
    clippy::many_single_char_names,
    reason = "names follow the scipy source"
)]
#[allow(
    clippy::float_cmp,
    reason = "ties are exact equality, as pandas and scipy see them"
)]
pub(crate) fn merge_steps(a: &[f64], b: &[f64], mut step: impl FnMut(f64, usize, usize)) {
    let (n1, n2) = (a.len(), b.len());
    let at = |s: &[f64], k: usize| s.get(k).copied().unwrap_or(f64::INFINITY);
    let (mut i, mut j) = (0usize, 0usize);
    let Some(mut current) = a
        .first()
        .into_iter()
        .chain(b.first())
        .copied()
        .reduce(f64::min)
    else {
        return;
    };
    for _ in 0..n1 + n2 {
        let (x, y) = (at(a, i), at(b, j));
        let take_a = i < n1 && (j >= n2 || x <= y);
        let v = if take_a { x } else { y };
        if v != current {
            // Every value <= `current` has been consumed on both sides.
            step(current, i, j);
            current = v;
        }
        i += usize::from(take_a);
        j += usize::from(!take_a);
    }
    step(current, i, j);
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn drops_non_finite_and_sorts() {
        let s = NumericSample::new(vec![
            3.0,
            f64::NAN,
            -1.0,
            f64::INFINITY,
            2.0,
            f64::NEG_INFINITY,
        ]);
        assert_eq!(s.sorted(), &[-1.0, 2.0, 3.0]);
        assert_eq!(s.dropped(), 3);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn n_unique_up_to_stops_at_its_cap_and_agrees_below_it() {
        let r = Sample::Numerical(NumericSample::new(vec![3.0, 1.0, 2.0, 2.0, -0.0]));
        let c = Sample::Numerical(NumericSample::new(vec![0.0, 4.0, 5.0, 5.0, 6.0]));
        assert_eq!(n_unique(&r, &c), 7, "-0.0 and 0.0 are one value");
        for cap in 0..10 {
            assert_eq!(n_unique_up_to(&r, &c, cap), cap.min(7), "cap {cap}");
        }
        let Sample::Numerical(one) = &r else {
            unreachable!()
        };
        assert_eq!(one.n_unique(), 4);
        assert_eq!(one.n_unique_up_to(2), 2);
    }

    #[test]
    fn n_unique_counts_the_union() {
        let a = Sample::Numerical(NumericSample::new(vec![1.0, 1.0, 2.0, -0.0]));
        let b = Sample::Numerical(NumericSample::new(vec![2.0, 3.0, 0.0, f64::NAN]));
        assert_eq!(n_unique(&a, &b), 4);
        let c = Sample::Categorical(CategoryCounts::new(vec![3, 0, 1]));
        let d = Sample::Categorical(CategoryCounts::new(vec![0, 0, 2, 5]));
        assert_eq!(n_unique(&c, &d), 3);
        let (Sample::Categorical(c), Sample::Categorical(d)) = (c, d) else {
            unreachable!()
        };
        assert_eq!(categories_only_in_current(&c, &d), vec![3]);
        assert!(categories_only_in_current(&d, &c).contains(&0));
    }
}
