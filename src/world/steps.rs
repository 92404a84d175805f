//! Command handlers from data to features: generate and corrupt data, infer a schema, add
//! expectations, validate, and the feature-store commands. A failing (or missing) validation of
//! the current data blocks the training set, as a pipeline would.

use rand::RngCore;

use super::checks::{CheckOutcome, outcome};
use super::corruption;
use super::event::Event;
use super::expectations;
use super::features::{Entity, FeatureView};
use super::validation::{self, infer_schema};
use super::vocabulary::{DataIssue, ExpectationSpec, FeatureSpecParams};
use super::{World, rejected};
use crate::data::generate::{GenerateParams, generate};
use crate::data::table::{DAY, Table};

impl World {
    pub(super) fn generate(
        &mut self,
        rows: i64,
        missing_rate: f64,
        outlier_rate: f64,
    ) -> Vec<Event> {
        let cfg = match (GenerateParams {
            rows,
            missing_rate,
            outlier_rate,
        })
        .check()
        {
            Ok(c) => c,
            Err(e) => return rejected("generate", e.to_string()),
        };
        let table = generate(self.scenario, &cfg, self.rng.next_u64());
        let event = Event::DataGenerated {
            scenario: self.scenario.name().to_string(),
            rows: table.n_rows(),
            columns: table.column_names(),
            positives: table.positives(),
            digest: table.digest(),
        };
        let mut events = vec![event];
        events.extend(self.replace_data(table));
        events
    }

    /// Installs new data and drops everything derived from the old data.
    pub(super) fn replace_data(&mut self, table: Table) -> Vec<Event> {
        self.data.replace(table);
        let had_derived = self.features.clear_derived();
        if had_derived {
            vec![Event::Note {
                text: "the data changed: the training set, split and online store were cleared"
                    .into(),
            }]
        } else {
            Vec::new()
        }
    }

    pub(super) fn corrupt(&mut self, issue: &DataIssue) -> Vec<Event> {
        let Some(mut table) = self.data.table().cloned() else {
            return rejected("corrupt_data", "there is no data yet: run generate first");
        };
        let seed = self.rng.next_u64();
        match corruption::damage(&mut table, issue, seed) {
            Ok((description, rows)) => {
                let mut events = vec![Event::DataCorrupted {
                    description,
                    rows,
                    digest: table.digest(),
                }];
                events.extend(self.replace_data(table));
                events
            }
            Err(e) => rejected("corrupt_data", e),
        }
    }

    pub(super) fn infer_schema(&mut self) -> Vec<Event> {
        let Some(table) = self.data.table() else {
            return rejected("infer_schema", "there is no data yet: run generate first");
        };
        let schema = infer_schema(table);
        self.data.set_schema(schema.clone());
        vec![Event::SchemaInferred { schema }]
    }

    pub(super) fn set_domain(
        &mut self,
        column: &str,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Vec<Event> {
        let Some(mut schema) = self.data.schema().cloned() else {
            return rejected(
                "set_domain",
                "there is no schema yet: run infer_schema first",
            );
        };
        if let Err(e) = validation::set_domain(&mut schema, column, min, max) {
            return rejected("set_domain", e);
        }
        self.data.set_schema(schema);
        vec![Event::DomainSet {
            column: column.to_owned(),
            min,
            max,
        }]
    }

    pub(super) fn expect(&mut self, spec: ExpectationSpec) -> Vec<Event> {
        if let Err(e) = expectations::check_spec(&spec) {
            return rejected("expect", e);
        }
        let (name, column, mostly) = expectations::describe(&spec);
        let mut events = vec![Event::ExpectationAdded {
            expectation: name.into(),
            column: column.into(),
            mostly,
        }];
        if self
            .data
            .table()
            .is_some_and(|t| t.column(column).is_none())
        {
            events.push(Event::Note { text: format!("column {column} is not in the current data; this expectation fails until it appears") });
        }
        self.data.add_expectation(spec);
        events
    }

    pub(super) fn validate(&mut self) -> Vec<Event> {
        if self.data.table().is_none() {
            return rejected("validate", "there is no data yet: run generate first");
        }
        if self.data.schema().is_none() && self.data.suite().is_empty() {
            return rejected(
                "validate",
                "nothing to validate against: run infer_schema or add expectations first",
            );
        }
        self.data
            .validate()
            .map(|report| vec![Event::Validated { report }])
            .unwrap_or_default()
    }

    pub(super) fn define_entity(&mut self, name: String, join_key: String) -> Vec<Event> {
        let Some(table) = self.data.table() else {
            return rejected("define_entity", "there is no data yet: run generate first");
        };
        if join_key != table.entity_key {
            return rejected(
                "define_entity",
                format!(
                    "unknown join key {join_key:?}: this data is keyed by {:?}",
                    table.entity_key
                ),
            );
        }
        if name.trim().is_empty() {
            return rejected("define_entity", "an entity needs a name");
        }
        let entities = &mut self.features.store_mut().entities;
        entities.retain(|e| e.name != name);
        entities.push(Entity {
            name: name.clone(),
            join_key: join_key.clone(),
        });
        vec![Event::EntityDefined { name, join_key }]
    }

    pub(super) fn define_view(
        &mut self,
        name: &str,
        entity: &str,
        ttl_hours: i64,
        specs: &[FeatureSpecParams],
    ) -> Vec<Event> {
        let Some(table) = self.data.table() else {
            return rejected(
                "define_feature_view",
                "there is no data yet: run generate first",
            );
        };
        if name.trim().is_empty() {
            return rejected("define_feature_view", "a feature view needs a name");
        }
        match self
            .features
            .store()
            .check_view(table, name, entity, ttl_hours, specs)
        {
            Ok(view) => {
                let mut events = vec![Event::FeatureViewRegistered {
                    view: view.summary(),
                }];
                if view.ttl.is_none() {
                    events.push(Event::Note {
                        text: format!(
                            "ttl_hours = 0: features of {name} never expire (Feast's ttl=0)"
                        ),
                    });
                }
                self.features
                    .store_mut()
                    .views
                    .insert(name.to_string(), view);
                events
            }
            Err(e) => rejected("define_feature_view", e),
        }
    }

    pub(super) fn build_training_set(&mut self, views: &[String], delay_hours: i64) -> Vec<Event> {
        let cmd = "build_training_set";
        let table = match self.data.validated(cmd) {
            Ok(t) => t,
            Err(events) => return events,
        };
        if views.is_empty() {
            return rejected(cmd, "name at least one feature view");
        }
        if !(0..=24 * 365).contains(&delay_hours) {
            return rejected(
                cmd,
                format!("label_delay_hours must be between 0 and 8760, got {delay_hours}"),
            );
        }
        let mut chosen: Vec<&FeatureView> = Vec::new();
        for v in views {
            match self.features.store().views.get(v) {
                Some(view) if !chosen.iter().any(|c| c.name == *v) => chosen.push(view),
                Some(_) => return rejected(cmd, format!("feature view {v:?} is listed twice")),
                None => return rejected(cmd, format!("unknown feature view {v:?}")),
            }
        }
        let (set, summary) = self.features.store().build_training_set(
            table,
            &chosen,
            delay_hours * 3600,
            self.clock.now(),
        );
        self.features.set_training_set(set);
        vec![Event::TrainingSetBuilt { summary }]
    }

    pub(super) fn materialize(&mut self, view: &str, start_day: f64, end_day: f64) -> Vec<Event> {
        let Some(table) = self.data.table() else {
            return rejected("materialize", "there is no data yet: run generate first");
        };
        if !self.features.store().views.contains_key(view) {
            return rejected("materialize", format!("unknown feature view {view:?}"));
        }
        if !(start_day.is_finite() && end_day.is_finite() && start_day <= end_day) {
            return rejected(
                "materialize",
                format!("start_day ({start_day}) must not be after end_day ({end_day})"),
            );
        }
        let (start, end) = (
            (start_day * DAY as f64) as i64,
            (end_day * DAY as f64) as i64,
        );
        let written = self
            .features
            .store_mut()
            .materialize(table, view, start, end);
        vec![Event::Materialized {
            view: view.to_string(),
            start,
            end,
            entities_written: written,
        }]
    }

    pub(super) fn set_serving_bug(
        &mut self,
        view: &str,
        feature: &str,
        enabled: bool,
    ) -> Vec<Event> {
        let Some(v) = self.features.store_mut().views.get_mut(view) else {
            return rejected("set_serving_bug", format!("unknown feature view {view:?}"));
        };
        let Some(def) = v
            .features
            .iter_mut()
            .find(|f| f.transform.outputs(&f.column).iter().any(|o| o == feature))
        else {
            let outs: Vec<String> = v.outputs().into_iter().map(|(o, _)| o).collect();
            return rejected(
                "set_serving_bug",
                format!(
                    "unknown feature {feature:?} in {view}; it has {}",
                    outs.join(", ")
                ),
            );
        };
        def.serving_bug = enabled;
        let description = def.transform.bug_description().to_string();
        vec![Event::ServingBugSet {
            view: view.into(),
            feature: feature.into(),
            enabled,
            description,
        }]
    }

    pub(super) fn check_skew(&mut self, numeric: f64, categorical: f64) -> Vec<Event> {
        if !(numeric >= 0.0 && categorical >= 0.0) {
            return rejected("check_skew", "thresholds must be numbers >= 0");
        }
        let (Some(table), Some(set)) = (self.data.table(), self.features.training_set()) else {
            return rejected(
                "check_skew",
                "build a training set first: skew compares it with serving",
            );
        };
        match self.features.store().skew(table, set, numeric, categorical) {
            Some(report) => {
                self.features.set_skew(report.clone());
                vec![Event::SkewChecked { report }]
            }
            None => rejected(
                "check_skew",
                "no feature view of the training set has been materialised to the online store",
            ),
        }
    }

    /// `skew_clear`: the latest skew check flagged nothing and no feature is served by a
    /// divergent transformation (a raised threshold can pass a check; it does not fix the path).
    pub(super) fn check_skew_clear(&self) -> CheckOutcome {
        let Some(report) = self.skew() else {
            return outcome(false, "no skew check yet");
        };
        let flagged = report.flagged();
        if !flagged.is_empty() {
            return outcome(false, format!("flagged: [{}]", flagged.join(", ")));
        }
        let diverging: Vec<String> = self
            .features
            .store()
            .views
            .values()
            .flat_map(|v| v.features.iter().filter(|f| f.serving_bug))
            .flat_map(|f| f.transform.outputs(&f.column))
            .collect();
        if diverging.is_empty() {
            outcome(
                true,
                format!("{} features compared, none flagged", report.features.len()),
            )
        } else {
            outcome(
                false,
                format!(
                    "the check passed at its thresholds, but serving still computes {} differently from training",
                    diverging.join(", ")
                ),
            )
        }
    }
}
