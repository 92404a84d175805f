//! Category counts of both files over one shared code space, in sorted label order, and the
//! categories only the current data has.

use std::collections::HashMap;

use crate::data::csv_table::MISSING_CODE;
use crate::stats::CategoryCounts;

/// Category counts for both files over one shared code space.
pub(super) struct MergedCategories {
    pub(super) labels: Vec<String>,
    pub(super) reference: CategoryCounts,
    pub(super) current: CategoryCounts,
    pub(super) new_categories: Vec<String>,
    pub(super) missing_reference: usize,
    pub(super) missing_current: usize,
}

pub(super) fn merge_categories(
    ref_codes: &[u32],
    ref_labels: &[String],
    cur_codes: &[u32],
    cur_labels: &[String],
) -> MergedCategories {
    // Shared codes follow the sorted order of the labels (numerically when every label is a
    // number, as pandas would hold them): Evidently's z-test compares the share of the first
    // sorted key, so code 0 must be that key.
    let mut union: Vec<&str> = ref_labels
        .iter()
        .chain(cur_labels)
        .map(String::as_str)
        .collect();
    let numeric: Option<Vec<f64>> = union.iter().map(|l| l.trim().parse::<f64>().ok()).collect();
    match numeric {
        Some(_) => union.sort_by(|a, b| {
            let (x, y) = (a.trim().parse::<f64>(), b.trim().parse::<f64>());
            match (x, y) {
                (Ok(x), Ok(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
                _ => a.cmp(b),
            }
        }),
        None => union.sort_unstable(),
    }
    union.dedup();
    let index: HashMap<&str, u32> = union
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i as u32))
        .collect();
    let ref_map: Vec<usize> = ref_labels
        .iter()
        .map(|l| index[l.as_str()] as usize)
        .collect();
    let cur_map: Vec<usize> = cur_labels
        .iter()
        .map(|l| index[l.as_str()] as usize)
        .collect();
    let (ref_counts, missing_reference) = count(ref_codes, &ref_map, union.len());
    let (cur_counts, missing_current) = count(cur_codes, &cur_map, union.len());
    let new_categories = union
        .iter()
        .enumerate()
        .filter(|&(i, _)| ref_counts[i] == 0 && cur_counts[i] > 0)
        .map(|(_, l)| (*l).to_string())
        .collect();
    MergedCategories {
        labels: union.iter().map(|l| (*l).to_string()).collect(),
        reference: CategoryCounts::new(ref_counts),
        current: CategoryCounts::new(cur_counts),
        new_categories,
        missing_reference,
        missing_current,
    }
}

/// Counts per shared code, and the number of missing values.
fn count(codes: &[u32], to_shared: &[usize], categories: usize) -> (Vec<u64>, usize) {
    let mut counts = vec![0u64; categories];
    let mut missing = 0;
    for &c in codes {
        if c == MISSING_CODE {
            missing += 1;
        } else {
            counts[to_shared[c as usize]] += 1;
        }
    }
    (counts, missing)
}
