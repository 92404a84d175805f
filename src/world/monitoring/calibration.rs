//! Isotonic calibration of predicted probabilities, as `NannyML` does before CBPE: fit a
//! non-decreasing map from the model's scores to observed outcome rates on labelled reference
//! data (pool-adjacent-violators), then read it with linear interpolation between the fitted
//! points, clipped at both ends (scikit-learn's `IsotonicRegression(out_of_bounds="clip")`).

/// A fitted isotonic map.
#[derive(Debug, Clone, PartialEq)]
pub struct Isotonic {
    /// Scores of the fitted points, increasing.
    x: Vec<f64>,
    /// Calibrated probability at each point, non-decreasing.
    y: Vec<f64>,
}

impl Isotonic {
    /// Fits on scores and 0/1 outcomes (non-finite scores skipped); `None` without two distinct
    /// scores.
    pub fn fit(scores: &[f64], labels: &[u8]) -> Option<Isotonic> {
        let mut pairs: Vec<(f64, f64)> = scores
            .iter()
            .zip(labels)
            .filter(|(s, _)| s.is_finite())
            .map(|(s, l)| (*s, f64::from(*l)))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Equal scores share one point (their mean outcome), weighted by their count.
        let mut points: Vec<(f64, f64, f64)> = Vec::new(); // (x, mean y, weight)
        for (s, l) in pairs {
            match points.last_mut() {
                Some(p) if p.0 == s => {
                    p.1 = (p.1 * p.2 + l) / (p.2 + 1.0);
                    p.2 += 1.0;
                }
                _ => points.push((s, l, 1.0)),
            }
        }
        if points.len() < 2 {
            return None;
        }
        // Pool adjacent violators: blocks of (mean, weight, how many points).
        let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
        for &(_, y, w) in &points {
            blocks.push((y, w, 1));
            while blocks.len() > 1 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
                let (y2, w2, n2) = blocks.pop()?;
                let last = blocks.last_mut()?;
                last.0 = (last.0 * last.1 + y2 * w2) / (last.1 + w2);
                last.1 += w2;
                last.2 += n2;
            }
        }
        let y = blocks
            .iter()
            .flat_map(|&(v, _, n)| std::iter::repeat_n(v, n))
            .collect();
        Some(Isotonic {
            x: points.iter().map(|p| p.0).collect(),
            y,
        })
    }

    /// The calibrated probability of a score.
    pub fn apply(&self, s: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        let last = x.len() - 1;
        if !s.is_finite() {
            return s;
        }
        if s <= x[0] {
            return y[0];
        }
        if s >= x[last] {
            return y[last];
        }
        let i = x.partition_point(|v| *v <= s);
        let (x0, x1, y0, y1) = (x[i - 1], x[i], y[i - 1], y[i]);
        y0 + (y1 - y0) * (s - x0) / (x1 - x0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_violators_and_interpolates_between_points() {
        // Scores 0.1..0.4 with outcomes 0, 1, 0, 1: the middle pair violates and pools to 0.5.
        let iso = Isotonic::fit(&[0.1, 0.2, 0.3, 0.4], &[0, 1, 0, 1]).unwrap();
        assert_eq!(iso.y, vec![0.0, 0.5, 0.5, 1.0]);
        assert_eq!(iso.apply(0.0), 0.0);
        assert_eq!(iso.apply(0.25), 0.5);
        assert!((iso.apply(0.35) - 0.75).abs() < 1e-12);
        assert_eq!(iso.apply(0.9), 1.0);
        assert!(Isotonic::fit(&[0.3, 0.3], &[0, 1]).is_none());
    }

    #[test]
    fn the_map_never_decreases() {
        let s: Vec<f64> = (0..200).map(|i| f64::from(i) / 200.0).collect();
        let y: Vec<u8> = (0..200u32)
            .map(|i| u8::from(i * 7919 % 10 < i / 20))
            .collect();
        let iso = Isotonic::fit(&s, &y).unwrap();
        let out: Vec<f64> = s.iter().map(|&v| iso.apply(v)).collect();
        assert!(out.windows(2).all(|w| w[0] <= w[1]));
        assert!(out.iter().all(|v| (0.0..=1.0).contains(v)));
    }
}
