//! The pipeline's data steps. Ingest pulls the day's snapshot of the source: the same day and
//! settings always give the same rows (a re-executed query returns the same snapshot), a new day
//! gives new rows. Validation checks each batch against the pipeline's own schema artefact (as
//! TFX's `SchemaGen` / `ExampleValidator` do) plus the World's expectation suite.

use super::spec::DataSource;
use crate::data::generate::{GenerateParams, generate};
use crate::data::table::{ColumnData, Digest, Table};
use crate::world::validation::infer_schema;
use crate::world::{Event, World};

impl World {
    /// Installs the batch the spec's source gives: the day's warehouse snapshot, or the newest
    /// labelled production requests.
    pub(super) fn ingest(&mut self, spec: &super::PipelineSpec) -> Result<Vec<Event>, String> {
        match spec.source {
            DataSource::History => self.ingest_history(spec),
            DataSource::Production => self.ingest_production(spec),
        }
    }

    /// The endpoint a production source reads: the named one, or the only one serving the
    /// pipeline's model.
    pub(super) fn source_endpoint(&self, spec: &super::PipelineSpec) -> Result<String, String> {
        match &self.deploy_targets(spec)?[..] {
            [one] => Ok(one.clone()),
            [] => Err(format!(
                "a production source reads an endpoint's requests, but no endpoint serves {}",
                spec.name
            )),
            many => Err(format!(
                "several endpoints serve {} ({}): name one with endpoint = ...",
                spec.name,
                many.join(", ")
            )),
        }
    }

    /// The newest `rows` requests the endpoint answered whose labels have arrived (the rows a
    /// team can actually learn from: the inputs as served, drift and all, joined with the
    /// outcomes known so far). Fails when fewer have labels: training on what is there would
    /// silently mix in whatever came before. A backfill run reads the log as its logical day
    /// saw it: the labels that had arrived by then.
    fn ingest_production(&mut self, spec: &super::PipelineSpec) -> Result<Vec<Event>, String> {
        let endpoint = self.source_endpoint(spec)?;
        let want = usize::try_from(spec.rows).unwrap_or(0).max(1);
        let as_of = self.pipeline.data_day(self.clock.today());
        let log = self.clock.log(&endpoint).unwrap_or_default();
        let mut parts: Vec<Table> = Vec::new();
        let (mut total, mut first, mut last) = (0, u32::MAX, 0);
        for d in log.iter().rev().filter(|d| d.labels_at <= as_of) {
            if total >= want {
                break;
            }
            if parts
                .first()
                .is_some_and(|p| p.column_names() != d.requests.column_names())
            {
                break; // the schema changed: older days do not fit this batch
            }
            let answered: Vec<usize> = (0..d.requests.n_rows())
                .filter(|&i| d.version[i] > 0)
                .collect();
            let idx = &answered[answered.len().saturating_sub(want - total)..];
            total += idx.len();
            first = first.min(d.day);
            last = last.max(d.day);
            parts.push(d.requests.take(idx));
        }
        if total < want {
            let delay = self
                .serving
                .endpoints
                .get(&endpoint)
                .map_or(0, |e| e.label_delay_days);
            return Err(format!(
                "only {total} requests served by {endpoint} have labels so far (labels arrive {delay} days after serving); the pipeline asks for {want}"
            ));
        }
        parts.reverse();
        let table = concat(&parts).ok_or("the production days do not share one schema")?;
        let mut events = vec![Event::Note {
            text: format!(
                "ingest read {total} labelled production requests of {endpoint} (served days {first}..{last}), {} positives",
                table.positives()
            ),
        }];
        events.extend(self.replace_data(table));
        Ok(events)
    }

    /// Generates and installs the day's snapshot.
    fn ingest_history(&mut self, spec: &super::PipelineSpec) -> Result<Vec<Event>, String> {
        let cfg = GenerateParams {
            rows: spec.rows,
            missing_rate: spec.missing_rate,
            outlier_rate: spec.outlier_rate,
        }
        .check()
        .map_err(|e| format!("generate: {e}"))?;
        let mut h = Digest::new();
        let day = self.pipeline.data_day(self.clock.today());
        h.words([self.seed, day as u64].into_iter());
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

    /// Fixes the pipeline's schema on its first validation: the schema reviewed in the World
    /// (inferred, with any domain set by hand) when there is one, as TFX's `ImportSchemaGen`
    /// takes a curated schema; else one inferred from this batch (as TFDV, with no numeric
    /// ranges). Runs before the validate step's cache key is computed, so the key covers the
    /// schema the step uses.
    pub(super) fn ensure_pipeline_schema(&mut self) -> Vec<Event> {
        let (Some(table), None) = (self.data.table(), &self.pipeline.schema) else {
            return Vec::new();
        };
        let (schema, text) = match self.data.schema() {
            Some(reviewed) => (
                reviewed.clone(),
                "the pipeline validates against the schema you reviewed (imported once, as TFX's ImportSchemaGen)",
            ),
            None => (
                infer_schema(table),
                "the pipeline's schema was inferred from this batch (no schema had been reviewed)",
            ),
        };
        self.pipeline.schema = Some(schema);
        vec![Event::Note { text: text.into() }]
    }

    /// Validates the current batch against the pipeline's schema and the expectation suite.
    pub(super) fn validate_batch(&mut self) -> Vec<Event> {
        self.data
            .validate_with(self.pipeline.schema.as_ref())
            .map(|report| vec![Event::Validated { report }])
            .unwrap_or_default()
    }
}

/// The rows of `parts` one after the other; `None` when their columns differ.
fn concat(parts: &[Table]) -> Option<Table> {
    let (head, rest) = parts.split_first()?;
    let mut out = head.clone();
    for t in rest {
        out.entity_ids.extend(&t.entity_ids);
        out.event_ts.extend(&t.event_ts);
        out.labels.extend(&t.labels);
        for (c, add) in out.columns.iter_mut().zip(&t.columns) {
            match (&mut c.data, &add.data) {
                (ColumnData::Numeric(a), ColumnData::Numeric(b)) => a.extend(b),
                (
                    ColumnData::Categorical { codes: a, levels },
                    ColumnData::Categorical {
                        codes: b,
                        levels: lb,
                    },
                ) if levels == lb => a.extend(b),
                _ => return None,
            }
        }
    }
    Some(out)
}
