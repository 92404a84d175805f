//! A CART classification tree (Gini) that grows exactly as scikit-learn's
//! `DecisionTreeClassifier(splitter="best")` does, and the same way in every process.
//!
//! Why not linfa-trees: it sums class counts by iterating a `HashMap` (random order per
//! process, so near-tie splits flip between runs), compares values within 1e-5 as equal,
//! splits with `<=` but predicts with `<`, and prunes leaves that vote alike, which turns a
//! depth-1 tree into a constant (AUC 0.5).
//!
//! scikit-learn's rules, kept here (sklearn/tree/_splitter.pyx, _criterion.pyx, _tree.pyx):
//! - a node is a leaf at `max_depth`, below `min_samples_split` samples, below
//!   `2 * min_samples_leaf`, or when pure (impurity <= machine epsilon);
//! - candidate thresholds lie between consecutive distinct values, at the midpoint
//!   `a / 2 + b / 2` (`a` when that rounds up to `b`). scikit-learn's source names a 1e-7
//!   `FEATURE_THRESHOLD` below which values count as equal, but its compiled trees (1.7.2)
//!   split values 4e-8 apart and treat such a feature as non-constant: the "near-values"
//!   reference fixture pins that behaviour, so here too distinct values are distinct;
//! - the split maximises the Gini proxy `-(n_left * gini_left + n_right * gini_right)`, a
//!   strictly better one replacing the best so far;
//! - prediction goes left when `x <= threshold`; `predict_proba` is the leaf's class fractions.
//!
//! The one deliberate difference: scikit-learn visits features in a random order, so between
//! two equally good splits its `random_state` decides. Here the lower feature index wins (and,
//! within a feature, the lower threshold), so equal data give one tree everywhere.

/// A node: a split with two children, or a leaf (`left == 0`; the root is never a child).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// The feature tested (leaves: 0).
    pub feature: usize,
    /// Rows with `x[feature] <= threshold` go left (leaves: 0).
    pub threshold: f64,
    /// Index of the left child in [`Tree::nodes`], 0 for a leaf.
    pub left: usize,
    /// Index of the right child, 0 for a leaf.
    pub right: usize,
    /// Training rows that reached this node.
    pub samples: usize,
    /// Of those, positives (label 1).
    pub positives: usize,
    /// Depth (root 0).
    pub depth: usize,
}

impl Node {
    /// True for a leaf.
    pub fn is_leaf(&self) -> bool {
        self.left == 0
    }

    /// The positive fraction of the training rows that reached this node.
    pub fn positive_fraction(&self) -> f64 {
        self.positives as f64 / self.samples.max(1) as f64
    }
}

/// Growth limits, checked by the caller (`max_depth >= 1`, `min_samples_split >= 2`,
/// `min_samples_leaf >= 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest level a split may sit above (leaves at most at this depth).
    pub max_depth: usize,
    /// Fewest rows a node needs to be split.
    pub min_samples_split: usize,
    /// Fewest rows each child must keep.
    pub min_samples_leaf: usize,
}

/// A fitted tree; nodes are numbered depth-first, left before right (scikit-learn's order).
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    nodes: Vec<Node>,
}

/// A node waiting to be grown: its rows are `start..end` of every per-feature order.
struct Pending {
    parent: Option<(usize, bool)>,
    start: usize,
    end: usize,
    depth: usize,
}

/// The best split found at a node.
struct Split {
    feature: usize,
    threshold: f64,
    proxy: f64,
}

impl Tree {
    /// Grows a tree on `columns` (one slice per feature, each with one value per row) and
    /// labels `y` (0 or 1). Every column must have `y.len()` values.
    pub fn fit(columns: &[Vec<f64>], y: &[u8], limits: Limits) -> Tree {
        let n = y.len();
        // Per feature, the rows sorted by value (ties by row), so each node's search is a scan
        // and a split is a stable partition: O(rows x features) per level, no re-sorting.
        let mut orders: Vec<Vec<usize>> = columns
            .iter()
            .map(|col| {
                let mut idx: Vec<usize> = (0..n).collect();
                idx.sort_by(|&a, &b| col[a].total_cmp(&col[b]).then(a.cmp(&b)));
                idx
            })
            .collect();
        let mut nodes = Vec::new();
        let mut goes_left = vec![false; n];
        let mut scratch = Vec::with_capacity(n);
        let mut stack = vec![Pending {
            parent: None,
            start: 0,
            end: n,
            depth: 0,
        }];
        while let Some(p) = stack.pop() {
            let rows = orders
                .first()
                .map_or(&[][..], |o| &o[p.start..p.end])
                .to_vec();
            let samples = rows.len();
            let positives = rows.iter().filter(|&&r| y[r] == 1).count();
            let id = nodes.len();
            nodes.push(Node {
                feature: 0,
                threshold: 0.0,
                left: 0,
                right: 0,
                samples,
                positives,
                depth: p.depth,
            });
            if let Some((parent, is_left)) = p.parent {
                if is_left {
                    nodes[parent].left = id;
                } else {
                    nodes[parent].right = id;
                }
            }
            let impurity = gini(positives as f64, samples as f64);
            if p.depth >= limits.max_depth
                || samples < limits.min_samples_split
                || samples < 2 * limits.min_samples_leaf
                || impurity <= f64::EPSILON
            {
                continue;
            }
            let Some(split) = best_split(columns, y, &orders, &p, positives, limits) else {
                continue;
            };
            let col = &columns[split.feature];
            for &r in &rows {
                goes_left[r] = col[r] <= split.threshold;
            }
            let n_left = rows.iter().filter(|&&r| goes_left[r]).count();
            for order in &mut orders {
                partition(&mut order[p.start..p.end], &goes_left, &mut scratch);
            }
            nodes[id].feature = split.feature;
            nodes[id].threshold = split.threshold;
            let mid = p.start + n_left;
            // Right pushed first so the left subtree is grown (and numbered) first.
            stack.push(Pending {
                parent: Some((id, false)),
                start: mid,
                end: p.end,
                depth: p.depth + 1,
            });
            stack.push(Pending {
                parent: Some((id, true)),
                start: p.start,
                end: mid,
                depth: p.depth + 1,
            });
        }
        Tree { nodes }
    }

    /// Every node, the root first.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The positive-class probability for one row: the fraction of positives among the
    /// training rows of the node it reaches, going no deeper than `max_depth` (the greedy tree
    /// grows the same top levels whatever its limit, so this is the shallower tree's answer).
    pub fn predict_proba_at_depth(&self, row: impl Fn(usize) -> f64, max_depth: usize) -> f64 {
        let mut node = &self.nodes[0];
        while !node.is_leaf() && node.depth < max_depth {
            let next = if row(node.feature) <= node.threshold {
                node.left
            } else {
                node.right
            };
            node = &self.nodes[next];
        }
        node.positive_fraction()
    }
}

/// Gini impurity of a two-class node with `pos` positives out of `n`, as scikit-learn computes
/// it: `1 - (pos^2 + neg^2) / n^2`.
fn gini(pos: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let neg = n - pos;
    1.0 - (pos * pos + neg * neg) / (n * n)
}

/// The best split of the node's rows, scanning every feature in index order.
fn best_split(
    columns: &[Vec<f64>],
    y: &[u8],
    orders: &[Vec<usize>],
    p: &Pending,
    positives: usize,
    limits: Limits,
) -> Option<Split> {
    let total_pos = positives as f64;
    let mut best: Option<Split> = None;
    for (feature, (col, order)) in columns.iter().zip(orders).enumerate() {
        let rows = &order[p.start..p.end];
        let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
            continue;
        };
        // A constant feature at this node offers no split.
        if col[last] <= col[first] {
            continue;
        }
        let mut left_pos = 0.0;
        for i in 1..rows.len() {
            left_pos += f64::from(y[rows[i - 1]]);
            let (prev, next) = (col[rows[i - 1]], col[rows[i]]);
            if next <= prev {
                continue;
            }
            let n_left = i;
            let n_right = rows.len() - i;
            if n_left < limits.min_samples_leaf || n_right < limits.min_samples_leaf {
                continue;
            }
            let (nl, nr) = (n_left as f64, n_right as f64);
            let proxy = -(nr * gini(total_pos - left_pos, nr)) - nl * gini(left_pos, nl);
            if best.as_ref().is_none_or(|b| proxy > b.proxy) {
                let mut threshold = prev / 2.0 + next / 2.0;
                if threshold == next || !threshold.is_finite() {
                    threshold = prev;
                }
                best = Some(Split {
                    feature,
                    threshold,
                    proxy,
                });
            }
        }
    }
    best
}

/// Reorders `rows` so the rows going left come first, each side keeping its order.
fn partition(rows: &mut [usize], goes_left: &[bool], scratch: &mut Vec<usize>) {
    scratch.clear();
    let mut w = 0;
    for i in 0..rows.len() {
        let r = rows[i];
        if goes_left[r] {
            rows[w] = r;
            w += 1;
        } else {
            scratch.push(r);
        }
    }
    rows[w..].copy_from_slice(scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOSE: Limits = Limits {
        max_depth: 10,
        min_samples_split: 2,
        min_samples_leaf: 1,
    };

    #[test]
    fn a_stump_scores_with_leaf_fractions_not_votes() {
        // Both halves are mostly negative: a voting stump would predict 0 everywhere (AUC 0.5);
        // the fractions still rank the right half higher.
        let x = vec![(0..10).map(f64::from).collect::<Vec<_>>()];
        let y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        let stump = Tree::fit(
            &x,
            &y,
            Limits {
                max_depth: 1,
                ..LOOSE
            },
        );
        assert_eq!(stump.nodes().len(), 3);
        assert_eq!(stump.nodes()[0].threshold, 7.5);
        assert_eq!(stump.predict_proba_at_depth(|_| 9.0, 1), 1.0);
        assert_eq!(stump.predict_proba_at_depth(|_| 1.0, 1), 0.0);
        assert_eq!(stump.predict_proba_at_depth(|_| 1.0, 0), 0.2);
    }

    #[test]
    fn equal_splits_go_to_the_lower_feature_index_and_threshold() {
        // Features 0 and 1 separate the classes identically; the first must win, every time.
        let x = vec![vec![1.0, 2.0, 3.0, 4.0], vec![10.0, 20.0, 30.0, 40.0]];
        let y = [0, 0, 1, 1];
        let t = Tree::fit(&x, &y, LOOSE);
        assert_eq!((t.nodes()[0].feature, t.nodes()[0].threshold), (0, 2.5));
    }

    #[test]
    fn limits_stop_growth_as_scikit_learn_does() {
        let x = vec![(0..8).map(f64::from).collect::<Vec<_>>()];
        let y = [0, 1, 0, 1, 0, 1, 0, 1];
        let split_limited = Tree::fit(
            &x,
            &y,
            Limits {
                min_samples_split: 9,
                ..LOOSE
            },
        );
        assert_eq!(split_limited.nodes().len(), 1);
        let leafy = Tree::fit(
            &x,
            &y,
            Limits {
                min_samples_leaf: 3,
                ..LOOSE
            },
        );
        assert!(leafy.nodes().iter().all(|n| n.samples >= 3), "{leafy:?}");
        // A pure node is never split; a constant feature offers nothing.
        let pure = Tree::fit(&x, &[1; 8], LOOSE);
        assert_eq!(pure.nodes().len(), 1);
        let constant = Tree::fit(&[vec![5.0; 8]], &y, LOOSE);
        assert_eq!(constant.nodes().len(), 1);
    }

    #[test]
    fn values_a_hair_apart_still_split_as_scikit_learn_does() {
        let x = vec![vec![0.0, 0.0, 4e-8, 4e-8, 8e-8, 8e-8]];
        let t = Tree::fit(&x, &[0, 0, 0, 0, 1, 1], LOOSE);
        assert_eq!(t.nodes()[0].threshold, 4e-8 / 2.0 + 8e-8 / 2.0);
    }
}
