//! Sorting a numerical sample once, for every method: an LSD radix sort on order-preserving
//! keys, which gives exactly `f64::total_cmp` order.

/// Digits of the radix sort: six passes of 11 bits cover a 64-bit key, and six counters
/// tables of 2,048 stay in the first-level cache.
const RADIX_BITS: usize = 11;
const RADIX_PASSES: usize = 64_usize.div_ceil(RADIX_BITS);
const RADIX_BUCKETS: usize = 1 << RADIX_BITS;

/// Sorts finite floats ascending (in `f64::total_cmp` order, so `-0.0` before `0.0`).
///
/// An LSD radix sort on order-preserving keys for large samples: about twice as fast as a
/// comparison sort at 200,000 values, and the same result, since equal keys are equal floats.
/// The keys take the values' place (the same allocation) and move between it and a scratch
/// buffer kept per thread. Keys are counted from the smallest, so a sample in a narrow range
/// has top digits that are zero in every key, and those passes are skipped.
pub(super) fn sort_floats(values: Vec<f64>) -> Vec<f64> {
    let n = values.len();
    if n < 1 << 12 || u32::try_from(n).is_err() {
        let mut values = values;
        values.sort_unstable_by(f64::total_cmp);
        return values;
    }
    let base = values.iter().map(|&v| order_key(v)).min().unwrap_or(0);
    // Keys and their digit counts in one pass, collected in place: a `Vec<f64>` mapped to a
    // `Vec<u64>` keeps its allocation.
    let mut counts = vec![0u32; RADIX_BUCKETS * RADIX_PASSES];
    let mut keys: Vec<u64> = values
        .into_iter()
        .map(|v| {
            let key = order_key(v) - base;
            for (pass, table) in counts.chunks_exact_mut(RADIX_BUCKETS).enumerate() {
                table[((key >> (pass * RADIX_BITS)) as usize) & (RADIX_BUCKETS - 1)] += 1;
            }
            key
        })
        .collect();
    SCRATCH.with_borrow_mut(|scratch| {
        // Every slot is written by a pass before it is read: only growth needs filling.
        if scratch.len() < n {
            scratch.resize(n, 0);
        }
        let (mut from, mut to) = (&mut keys[..], &mut scratch[..n]);
        let mut in_scratch = false;
        let mut next = vec![0u32; RADIX_BUCKETS];
        for (pass, table) in counts.chunks_exact(RADIX_BUCKETS).enumerate() {
            if table.iter().any(|&c| c as usize == n) {
                continue;
            }
            let mut sum = 0;
            for (slot, &c) in next.iter_mut().zip(table) {
                *slot = sum;
                sum += c;
            }
            let shift = pass * RADIX_BITS;
            for &key in from.iter() {
                let d = ((key >> shift) as usize) & (RADIX_BUCKETS - 1);
                to[next[d] as usize] = key;
                next[d] += 1;
            }
            std::mem::swap(&mut from, &mut to);
            in_scratch = !in_scratch;
        }
        if in_scratch {
            keys.copy_from_slice(&scratch[..n]);
        }
    });
    keys.into_iter().map(|k| from_order_key(k + base)).collect()
}

thread_local! {
    /// The radix sort's second buffer, kept per thread from sort to sort: a fresh one per
    /// column costs a page fault per 4 KiB.
    static SCRATCH: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Maps a float to a `u64` whose unsigned order is `f64::total_cmp` order.
#[inline]
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The float of an [`order_key`].
#[inline]
fn from_order_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_orders_as_a_comparison_sort() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for (n, spread) in [(5_000usize, 1e-3), (20_000, 1e6), (9_000, 0.0)] {
            let values: Vec<f64> = (0..n)
                .map(|i| match i % 97 {
                    0 => -0.0,
                    1 => 0.0,
                    2 => f64::MIN_POSITIVE,
                    _ => rng.gen_range(-1.0..1.0) * spread + 50.0,
                })
                .collect();
            let mut expected = values.clone();
            expected.sort_unstable_by(f64::total_cmp);
            let values = sort_floats(values);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&values), bits(&expected));
        }
    }

    #[test]
    fn key_sort_matches_comparison_sort() {
        let mut x: u64 = 12345;
        let values: Vec<f64> = (0..10_000)
            .map(|i| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let u = (x >> 11) as f64 / (1u64 << 53) as f64;
                if i % 7 == 0 { -u * 1e6 } else { u - 0.5 }
            })
            .chain([0.0, -0.0, 1e-310, -1e-310])
            .collect();
        let mut expected = values.clone();
        expected.sort_unstable_by(f64::total_cmp);
        let sorted = sort_floats(values);
        assert_eq!(sorted.len(), expected.len());
        assert!(
            sorted
                .iter()
                .zip(&expected)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
    }
}
