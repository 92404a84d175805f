//! The pipeline's data steps. Ingest pulls the day's snapshot of the source: the same day and
//! settings always give the same rows (a re-executed query returns the same snapshot), a new day
//! gives new rows. Validation checks each batch against the pipeline's own schema artefact (as
//! TFX's `SchemaGen` / `ExampleValidator` do) plus the World's expectation suite.

use crate::data::generate::{GenerateParams, generate};
use crate::data::table::{DAY, Digest};
use crate::world::validation::infer_schema;
use crate::world::{Event, World};

impl World {
    /// Generates and installs the day's snapshot.
    pub(super) fn ingest(&mut self, spec: &super::PipelineSpec) -> Result<Vec<Event>, String> {
        let cfg = GenerateParams {
            rows: spec.rows,
            missing_rate: spec.missing_rate,
            outlier_rate: spec.outlier_rate,
        }
        .check()
        .map_err(|e| format!("generate: {e}"))?;
        let mut h = Digest::new();
        h.words([self.seed, (self.now / DAY) as u64].into_iter());
        h.bytes(spec.name.as_bytes());
        let table = generate(self.scenario, &cfg, h.finish());
        let mut events = vec![Event::DataGenerated {
            scenario: self.scenario.name().to_string(),
            rows: table.n_rows(),
            columns: table.column_names(),
            positives: table.positives(),
            digest: table.digest(),
        }];
        events.extend(self.replace_data(table));
        Ok(events)
    }

    /// Infers the pipeline's schema from the current batch if it has none, with widened numeric
    /// ranges: observed min/max would flag ordinary day-to-day variation, so a reviewer relaxes
    /// them (TFDV itself sets no float ranges by default). Runs before the validate step's cache
    /// key is computed, so the key covers the schema the step uses.
    pub(super) fn ensure_pipeline_schema(&mut self) -> Vec<Event> {
        let (Some(table), None) = (&self.data, &self.pipeline.schema) else {
            return Vec::new();
        };
        let mut schema = infer_schema(table);
        for f in &mut schema.features {
            if let (Some(lo), Some(hi)) = (f.min, f.max) {
                let width = (hi - lo).max(f64::EPSILON);
                f.min = Some(lo - width);
                f.max = Some(hi + width);
            }
        }
        self.pipeline.schema = Some(schema);
        vec![Event::Note {
            text: "the pipeline's schema was inferred from this batch; numeric ranges widened by their width on each side".into(),
        }]
    }

    /// Validates the current batch against the pipeline's schema and the expectation suite.
    pub(super) fn validate_batch(&mut self) -> Vec<Event> {
        let Some(table) = &self.data else {
            return Vec::new();
        };
        let report = crate::world::steps::validation_report(
            self.pipeline.schema.as_ref(),
            &self.suite,
            table,
        );
        self.validations.push(report.clone());
        vec![Event::Validated { report }]
    }
}
