//! Command handlers from data to features: generate and corrupt data, infer a schema, add
//! expectations, validate, and the feature-store commands. A failing (or missing) validation of
//! the current data blocks the training set, as a pipeline would.

use rand::RngCore;

use super::corruption;
use super::event::Event;
use super::expectations;
use super::features::{Entity, FeatureView};
use super::validation::{Schema, ValidationReport, detect_anomalies, infer_schema};
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
        let had_derived = self.training_set.is_some() || !self.store.online.is_empty();
        self.data = Some(table);
        self.training_set = None;
        self.split = None;
        self.skew = None;
        self.store.online.clear();
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
        let Some(mut table) = self.data.clone() else {
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
        let Some(table) = &self.data else {
            return rejected("infer_schema", "there is no data yet: run generate first");
        };
        let schema = infer_schema(table);
        self.schema = Some(schema.clone());
        vec![Event::SchemaInferred { schema }]
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
            .as_ref()
            .is_some_and(|t| t.column(column).is_none())
        {
            events.push(Event::Note { text: format!("column {column} is not in the current data; this expectation fails until it appears") });
        }
        self.suite.push(spec);
        events
    }

    pub(super) fn validate(&mut self) -> Vec<Event> {
        let Some(table) = &self.data else {
            return rejected("validate", "there is no data yet: run generate first");
        };
        if self.schema.is_none() && self.suite.is_empty() {
            return rejected(
                "validate",
                "nothing to validate against: run infer_schema or add expectations first",
            );
        }
        let report = validation_report(self.schema.as_ref(), &self.suite, table);
        self.validations.push(report.clone());
        vec![Event::Validated { report }]
    }

    /// The current data if its latest validation passed, else the event that blocks `command`.
    pub(super) fn validated_data(&self, command: &str) -> Result<&Table, Vec<Event>> {
        let table = self
            .data
            .as_ref()
            .ok_or_else(|| rejected(command, "there is no data yet: run generate first"))?;
        let digest = table.digest();
        let blocked = |reason: String| {
            vec![Event::Blocked {
                command: command.to_string(),
                reason,
            }]
        };
        match self
            .validations
            .iter()
            .rev()
            .find(|v| v.data_digest == digest)
        {
            None => Err(blocked(
                "the current data has not been validated: run validate first".into(),
            )),
            Some(v) if !v.passed => Err(blocked(format!(
                "data validation failed ({}); fix the data or, if the change is expected, re-run infer_schema and validate",
                v.failures().join(", ")
            ))),
            Some(_) => Ok(table),
        }
    }

    pub(super) fn define_entity(&mut self, name: String, join_key: String) -> Vec<Event> {
        let Some(table) = &self.data else {
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
        self.store.entities.retain(|e| e.name != name);
        self.store.entities.push(Entity {
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
        let Some(table) = &self.data else {
            return rejected(
                "define_feature_view",
                "there is no data yet: run generate first",
            );
        };
        if name.trim().is_empty() {
            return rejected("define_feature_view", "a feature view needs a name");
        }
        match self.store.check_view(table, name, entity, ttl_hours, specs) {
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
                self.store.views.insert(name.to_string(), view);
                events
            }
            Err(e) => rejected("define_feature_view", e),
        }
    }

    pub(super) fn build_training_set(&mut self, views: &[String], delay_hours: i64) -> Vec<Event> {
        let cmd = "build_training_set";
        let table = match self.validated_data(cmd) {
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
            match self.store.views.get(v) {
                Some(view) if !chosen.iter().any(|c| c.name == *v) => chosen.push(view),
                Some(_) => return rejected(cmd, format!("feature view {v:?} is listed twice")),
                None => return rejected(cmd, format!("unknown feature view {v:?}")),
            }
        }
        let (set, summary) =
            self.store
                .build_training_set(table, &chosen, delay_hours * 3600, self.now);
        self.training_set = Some(set);
        self.split = None;
        self.skew = None;
        vec![Event::TrainingSetBuilt { summary }]
    }

    pub(super) fn materialize(&mut self, view: &str, start_day: f64, end_day: f64) -> Vec<Event> {
        let Some(table) = &self.data else {
            return rejected("materialize", "there is no data yet: run generate first");
        };
        if !self.store.views.contains_key(view) {
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
        let written = self.store.materialize(table, view, start, end);
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
        let Some(v) = self.store.views.get_mut(view) else {
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
        let (Some(table), Some(set)) = (&self.data, &self.training_set) else {
            return rejected(
                "check_skew",
                "build a training set first: skew compares it with serving",
            );
        };
        match self.store.skew(table, set, numeric, categorical) {
            Some(report) => {
                self.skew = Some(report.clone());
                vec![Event::SkewChecked { report }]
            }
            None => rejected(
                "check_skew",
                "no feature view of the training set has been materialised to the online store",
            ),
        }
    }
}

/// Checks `table` against a schema (TFDV anomalies) and an expectation suite; it passes when
/// there is no anomaly and every expectation holds.
pub(super) fn validation_report(
    schema: Option<&Schema>,
    suite: &[ExpectationSpec],
    table: &Table,
) -> ValidationReport {
    let anomalies = schema
        .map(|s| detect_anomalies(s, table))
        .unwrap_or_default();
    let results: Vec<_> = suite
        .iter()
        .map(|e| expectations::evaluate(e, table))
        .collect();
    ValidationReport {
        data_digest: table.digest(),
        rows: table.n_rows(),
        passed: anomalies.is_empty() && results.iter().all(|r| r.success),
        anomalies,
        expectations: results,
    }
}
