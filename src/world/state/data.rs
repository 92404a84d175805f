//! The data part: the current table, the schema inferred from it, the expectation suite and
//! every validation report. Whether the current data may be used is answered here, from the
//! latest report for the current table's digest.

use crate::data::table::Table;
use crate::world::event::Event;
use crate::world::expectations;
use crate::world::rejected;
use crate::world::validation::{Schema, ValidationReport, detect_anomalies};
use crate::world::vocabulary::ExpectationSpec;

/// Data, schema, expectations and validations.
#[derive(Debug, Clone, Default)]
pub struct DataState {
    table: Option<Table>,
    schema: Option<Schema>,
    suite: Vec<ExpectationSpec>,
    validations: Vec<ValidationReport>,
}

impl DataState {
    /// The current data.
    pub fn table(&self) -> Option<&Table> {
        self.table.as_ref()
    }
    /// The inferred schema.
    pub fn schema(&self) -> Option<&Schema> {
        self.schema.as_ref()
    }
    /// The expectation suite.
    pub fn suite(&self) -> &[ExpectationSpec] {
        &self.suite
    }
    /// Every validation report, oldest first.
    pub fn validations(&self) -> &[ValidationReport] {
        &self.validations
    }

    /// Installs new data; what was derived from the old data is the other parts' to drop.
    pub(in crate::world) fn replace(&mut self, table: Table) {
        self.table = Some(table);
    }
    pub(in crate::world) fn set_schema(&mut self, schema: Schema) {
        self.schema = Some(schema);
    }
    pub(in crate::world) fn add_expectation(&mut self, spec: ExpectationSpec) {
        self.suite.push(spec);
    }

    /// Validates the current data against `schema` (the World's, or a pipeline's own) and the
    /// suite, and keeps the report; `None` when there is no data.
    pub(in crate::world) fn validate_with(
        &mut self,
        schema: Option<&Schema>,
    ) -> Option<ValidationReport> {
        let report = validation_report(schema, &self.suite, self.table.as_ref()?);
        self.validations.push(report.clone());
        Some(report)
    }

    /// Validates the current data against the World's schema and suite.
    pub(in crate::world) fn validate(&mut self) -> Option<ValidationReport> {
        let report = validation_report(self.schema.as_ref(), &self.suite, self.table.as_ref()?);
        self.validations.push(report.clone());
        Some(report)
    }

    /// The latest validation of the data with this digest.
    pub fn validation_of(&self, digest: &str) -> Option<&ValidationReport> {
        self.validations
            .iter()
            .rev()
            .find(|v| v.data_digest == digest)
    }

    /// The current data if its latest validation passed, else the event that blocks `command`.
    pub(in crate::world) fn validated(&self, command: &str) -> Result<&Table, Vec<Event>> {
        let table = self
            .table
            .as_ref()
            .ok_or_else(|| rejected(command, "there is no data yet: run generate first"))?;
        let blocked = |reason: String| {
            vec![Event::Blocked {
                command: command.to_string(),
                reason,
            }]
        };
        match self.validation_of(&table.digest()) {
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
}

/// Checks `table` against a schema (TFDV anomalies) and an expectation suite; it passes when
/// there is no anomaly and every expectation holds.
fn validation_report(
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
