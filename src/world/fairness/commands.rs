//! The fairness commands: `explain`, `bias_report`, `model_card` and
//! `check_attribution_drift`. Every shuffle draws from the World's seeded RNG.

use ndarray::Array2;

use super::metrics::{Score, group_gap, ndcg, permutation_importance, ranking};
use super::{AttributionDrift, BiasReport, FOUR_FIFTHS, Importance, ModelCard, NDCG_ALERT};
use crate::data::table::{ColumnData, MISSING_CODE, Table};
use crate::world::event::Event;
use crate::world::{TrainedModel, World, rejected};

/// Shuffles per input: scikit-learn's `permutation_importance` default `n_repeats`.
const REPEATS: usize = 5;

/// A model's inputs for `rows` on the offline path (NaN imputed with its training means), and
/// per source column the input columns it produces, so a one-hot column is shuffled as one.
fn inputs(
    model: &TrainedModel,
    table: &Table,
    rows: &[usize],
) -> (Array2<f64>, Vec<(String, Vec<usize>)>) {
    let x = crate::world::traffic::scoring::offline_inputs(model, table, rows);
    let mut groups = Vec::new();
    let mut at = 0;
    for f in model.views.iter().flat_map(|v| &v.features) {
        let width = f.transform.outputs(&f.column).len();
        groups.push((f.column.clone(), (at..at + width).collect()));
        at += width;
    }
    (x, groups)
}

fn ranked(names: &[(String, Vec<usize>)], values: &[f64]) -> Vec<(String, f64)> {
    ranking(values)
        .into_iter()
        .map(|i| (names[i].0.clone(), values[i]))
        .collect()
}

fn listing(r: &[(String, f64)], digits: usize) -> String {
    r.iter()
        .map(|(f, v)| format!("{f} {v:.digits$}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl World {
    fn finished_model(&self, run_id: &str) -> Result<&TrainedModel, String> {
        self.tracking
            .finished(run_id)
            .map(|(_, m)| m)
            .ok_or_else(|| format!("no finished run {run_id:?}"))
    }

    pub(crate) fn explain(&mut self, run_id: &str) -> Vec<Event> {
        let m = match self.finished_model(run_id) {
            Ok(m) => m.clone(),
            Err(e) => return rejected("explain", e),
        };
        let rows = &m.split.test;
        let (x, groups) = inputs(&m, &m.source, rows);
        let y: Vec<u8> = rows.iter().map(|&i| m.source.labels[i]).collect();
        let cols: Vec<Vec<usize>> = groups.iter().map(|(_, c)| c.clone()).collect();
        let fitted = m.outcome.model.clone();
        let predict = |x: &Array2<f64>| fitted.predict_proba(x);
        let base_auc = crate::world::training::metrics::roc_auc(&y, &predict(&x)).unwrap_or(0.5);
        let drops = permutation_importance(
            &predict,
            &x,
            &y,
            &cols,
            REPEATS,
            Score::AucDrop,
            &mut self.rng,
        );
        let ranked = ranked(&groups, &drops);
        let text = format!(
            "{run_id}: permutation importance on {} test rows ({REPEATS} shuffles per input, test AUC {base_auc:.3}), drop in AUC: {}",
            rows.len(),
            listing(&ranked, 3)
        );
        self.fairness.importance.insert(
            run_id.to_string(),
            Importance {
                run_id: run_id.to_string(),
                base_auc,
                ranked,
            },
        );
        vec![Event::Note { text }]
    }

    pub(crate) fn bias_report(
        &mut self,
        run_id: &str,
        facet: &str,
        group: Option<&str>,
        below: Option<f64>,
        threshold: f64,
    ) -> Vec<Event> {
        match self.try_bias(run_id, facet, group, below, threshold) {
            Ok(report) => {
                let (g, di) = (report.gap, report.gap.disparate_impact());
                let text = format!(
                    "{run_id}: on {} test rows, approved (predicted default probability below {threshold}): {} {:.1}% of {} rows, everyone else {:.1}% of {} rows; DPPL {:+.3}, disparate impact {di:.2}{}",
                    g.n_a + g.n_d,
                    report.group,
                    g.rate_d * 100.0,
                    g.n_d,
                    g.rate_a * 100.0,
                    g.n_a,
                    g.dppl(),
                    if di < FOUR_FIFTHS {
                        format!(", below the four-fifths rule's {FOUR_FIFTHS}")
                    } else {
                        String::new()
                    }
                );
                self.fairness.bias.push(report);
                vec![Event::Note { text }]
            }
            Err(e) => rejected("bias_report", e),
        }
    }

    fn try_bias(
        &self,
        run_id: &str,
        facet: &str,
        group: Option<&str>,
        below: Option<f64>,
        threshold: f64,
    ) -> Result<BiasReport, String> {
        if !(threshold > 0.0 && threshold < 1.0) {
            return Err(format!(
                "threshold is a probability between 0 and 1, got {threshold}"
            ));
        }
        let m = self.finished_model(run_id)?;
        let col = m
            .source
            .column(facet)
            .ok_or_else(|| format!("the data has no column {facet:?}"))?;
        let rows = &m.split.test;
        let (in_d, label): (Vec<bool>, String) = match (&col.data, group, below) {
            (ColumnData::Numeric(v), None, Some(t)) => (
                rows.iter().map(|&i| v[i] < t).collect(),
                format!("{facet} < {t}"),
            ),
            (ColumnData::Categorical { codes, levels }, Some(g), None) => {
                let code = levels.iter().position(|l| l == g).ok_or_else(|| {
                    format!("{facet} has no level {g:?} (levels: {})", levels.join(", "))
                })?;
                (
                    rows.iter()
                        .map(|&i| codes[i] != MISSING_CODE && codes[i] as usize == code)
                        .collect(),
                    format!("{facet} = {g}"),
                )
            }
            (ColumnData::Numeric(_), ..) => {
                return Err(format!(
                    "{facet} is numeric: name the group with below=<value> (and no group)"
                ));
            }
            (ColumnData::Categorical { .. }, ..) => {
                return Err(format!(
                    "{facet} is categorical: name the group with group=<level> (and no below)"
                ));
            }
        };
        let (x, _) = inputs(m, &m.source, rows);
        let favourable: Vec<bool> = m
            .outcome
            .model
            .predict_proba(&x)
            .iter()
            .map(|p| *p < threshold)
            .collect();
        let gap = group_gap(&favourable, &in_d);
        if gap.n_d == 0 || gap.n_a == 0 {
            return Err(format!("{label} leaves one group empty on the test split"));
        }
        Ok(BiasReport {
            run_id: run_id.to_string(),
            facet: facet.to_string(),
            group: label,
            threshold,
            gap,
        })
    }

    pub(crate) fn model_card(
        &mut self,
        name: &str,
        version: Option<i64>,
        intended_use: &str,
        caveats: &str,
    ) -> Vec<Event> {
        let reg = self.registry.registry();
        let found = match version {
            Some(v) => reg.version(name, v).cloned(),
            None => reg
                .alias(name, "champion")
                .or_else(|| reg.models.get(name).and_then(|m| m.versions.last()))
                .cloned()
                .ok_or_else(|| format!("no registered model named {name:?}")),
        };
        let mv = match found {
            Ok(mv) => mv,
            Err(e) => return rejected("model_card", e),
        };
        let run_id = mv.lineage.run_id.clone();
        let test_auc = self
            .tracking
            .model(&run_id)
            .and_then(|m| m.outcome.test.auc)
            .unwrap_or(0.5);
        let card = ModelCard {
            model: name.to_string(),
            version: mv.version,
            run_id: run_id.clone(),
            intended_use: intended_use.to_string(),
            caveats: caveats.to_string(),
            test_auc,
            top_features: self
                .fairness
                .importance
                .get(&run_id)
                .map(|i| i.ranked.iter().take(3).map(|(f, _)| f.clone()).collect())
                .unwrap_or_default(),
            bias: self
                .fairness
                .bias
                .iter()
                .rev()
                .find(|b| b.run_id == run_id)
                .cloned(),
        };
        let missing = card.missing();
        let text = format!(
            "model card on {name} version {} ({run_id}): test AUC {test_auc:.3}; top inputs {}; bias {}; {}",
            mv.version,
            if card.top_features.is_empty() {
                "not explained".into()
            } else {
                card.top_features.join(", ")
            },
            card.bias
                .as_ref()
                .map_or("not reported".into(), |b| format!(
                    "{}: disparate impact {:.2}, DPPL {:+.3}",
                    b.group,
                    b.gap.disparate_impact(),
                    b.gap.dppl()
                )),
            if missing.is_empty() {
                "complete".into()
            } else {
                format!("incomplete: lacks {}", missing.join(", "))
            }
        );
        self.fairness
            .cards
            .insert((name.to_string(), mv.version), card);
        vec![Event::Note { text }]
    }

    pub(crate) fn check_attribution_drift(&mut self, endpoint: &str, days: i64) -> Vec<Event> {
        match self.try_attribution(endpoint, days) {
            Ok(d) => {
                let text = format!(
                    "{endpoint}: version {} on {} requests of the last {days} day(s); mean change in the score when an input is shuffled: {}; at training: {}; NDCG {:.3}{}",
                    d.version,
                    d.rows,
                    listing(&d.live, 4),
                    listing(&d.baseline, 4),
                    d.ndcg,
                    if d.alert() {
                        format!(" below {NDCG_ALERT}: attribution drift")
                    } else {
                        format!(", at or above {NDCG_ALERT}")
                    }
                );
                self.fairness.drift.push(d);
                vec![Event::Note { text }]
            }
            Err(e) => rejected("check_attribution_drift", e),
        }
    }

    fn try_attribution(&mut self, endpoint: &str, days: i64) -> Result<AttributionDrift, String> {
        if !(1..=30).contains(&days) {
            return Err(format!("days must be 1 to 30, got {days}"));
        }
        let e = self
            .serving
            .endpoints
            .get(endpoint)
            .ok_or_else(|| format!("unknown endpoint {endpoint:?}"))?;
        let log = self.clock.log(endpoint).unwrap_or_default();
        let recent = &log[log.len().saturating_sub(days as usize)..];
        // The version that answered most of the recent requests is the one explained.
        let mut counts = std::collections::BTreeMap::<u32, usize>::new();
        for d in recent {
            for v in &d.version {
                *counts.entry(*v).or_default() += 1;
            }
        }
        let version = counts
            .iter()
            .max_by_key(|(v, n)| (**n, std::cmp::Reverse(**v)))
            .map(|(v, _)| *v)
            .ok_or_else(|| format!("{endpoint} has served no request yet: advance_days first"))?;
        let image = e
            .images
            .get(&version)
            .ok_or_else(|| format!("no image of version {version} on {endpoint}"))?;
        let m = self.finished_model(&image.run_id)?.clone();
        let (bx, groups) = inputs(&m, &m.source, &m.split.test);
        let mut live_rows: Vec<Array2<f64>> = Vec::new();
        for d in recent {
            let rows: Vec<usize> = (0..d.version.len())
                .filter(|&i| d.version[i] == version)
                .collect();
            live_rows.push(inputs(&m, &d.requests, &rows).0);
        }
        let views: Vec<_> = live_rows.iter().map(Array2::view).collect();
        let lx = ndarray::concatenate(ndarray::Axis(0), &views).map_err(|e| e.to_string())?;
        let cols: Vec<Vec<usize>> = groups.iter().map(|(_, c)| c.clone()).collect();
        let predict = |x: &Array2<f64>| m.outcome.model.predict_proba(x);
        let base = permutation_importance(
            &predict,
            &bx,
            &[],
            &cols,
            REPEATS,
            Score::MeanAbsChange,
            &mut self.rng,
        );
        let live = permutation_importance(
            &predict,
            &lx,
            &[],
            &cols,
            REPEATS,
            Score::MeanAbsChange,
            &mut self.rng,
        );
        Ok(AttributionDrift {
            endpoint: endpoint.to_string(),
            version,
            rows: lx.nrows(),
            ndcg: ndcg(&base, &live),
            baseline: ranked(&groups, &base),
            live: ranked(&groups, &live),
        })
    }
}
