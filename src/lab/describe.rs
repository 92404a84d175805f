//! One readable line per [`Event`], for the headless `run` and any plain-text log.

mod lineage;
mod operations;

use crate::world::Event;

/// " by NAME" when an approver was recorded.
fn approved_by(by: &str) -> String {
    if by.is_empty() {
        String::new()
    } else {
        format!(" by {by}")
    }
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// The event as one line of plain text.
// One arm per event kind keeps every rendering in one place.
#[allow(clippy::too_many_lines)]
pub fn describe(event: &Event) -> String {
    match event {
        Event::Rejected { command, reason } => format!("rejected {command}: {reason}"),
        Event::Blocked { command, reason } => format!("blocked {command}: {reason}"),
        Event::Note { text } => format!("note: {text}"),
        Event::DataGenerated {
            scenario,
            rows,
            columns,
            positives,
            digest,
        } => format!(
            "generated {rows} {scenario} rows, {} features, {positives} positives (digest {digest})",
            columns.len()
        ),
        Event::DataCorrupted {
            description, rows, ..
        } => format!("data corrupted: {description} ({rows} rows)"),
        Event::SchemaInferred { schema } => {
            format!("schema inferred for {} features", schema.features.len())
        }
        Event::DomainSet { column, min, max } => {
            let bound = |b: &Option<f64>| b.map_or_else(|| "open".to_owned(), |x| x.to_string());
            format!(
                "schema domain of {column} set: min {}, max {}",
                bound(min),
                bound(max)
            )
        }
        Event::ExpectationAdded {
            expectation,
            column,
            mostly,
        } => format!("expectation added: {expectation} on {column} (mostly {mostly})"),
        Event::Validated { report } => {
            if report.passed {
                format!("validation passed on {} rows", report.rows)
            } else {
                format!(
                    "validation FAILED on {} rows: {}",
                    report.rows,
                    report.failures().join(", ")
                )
            }
        }
        Event::EntityDefined { name, join_key } => {
            format!("entity {name} defined (join key {join_key})")
        }
        Event::FeatureViewRegistered { view } => format!(
            "feature view {} v{} registered: {}",
            view.name,
            view.version,
            view.outputs.join(", ")
        ),
        Event::TrainingSetBuilt { summary } => format!(
            "training set built: {} rows, {} features, {} positives (digest {})",
            summary.rows,
            summary.features.len(),
            summary.positives,
            summary.digest
        ),
        Event::Materialized {
            view,
            entities_written,
            ..
        } => format!("materialized {view}: {entities_written} entities in the online store"),
        Event::ServingBugSet {
            view,
            feature,
            enabled,
            ..
        } => format!(
            "serving transformation of {view}.{feature} {}",
            if *enabled { "diverges" } else { "matches" }
        ),
        Event::SkewChecked { report } => {
            let flagged = report.flagged();
            if flagged.is_empty() {
                "skew check: no feature flagged".to_string()
            } else {
                format!("skew check: flagged {}", flagged.join(", "))
            }
        }
        Event::SplitCreated {
            train,
            validation,
            test,
        } => format!("split: train {train}, validation {validation}, test {test}"),
        Event::RunStarted {
            run_id,
            model,
            params,
        } => {
            let p: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("run {run_id} started: {model} {}", p.join(" "))
        }
        Event::TrainingProgress {
            run_id,
            step,
            total,
            val_log_loss,
        } => format!(
            "{run_id} {step}/{total}: val_log_loss {}",
            f3(*val_log_loss)
        ),
        Event::RunFinished { run, .. } => {
            let m = |k: &str| run.metrics.get(k).map_or("n/a".into(), |v| f3(*v));
            format!(
                "run {} finished: val_auc {}, test_auc {}",
                run.run_id,
                m("val_auc"),
                m("test_auc")
            )
        }
        Event::RunFailed { run_id, reason } => format!("run {run_id} failed: {reason}"),
        Event::SweepFinished {
            strategy,
            runs,
            best_run,
            best_val_auc,
        } => format!(
            "{strategy} sweep finished: {} runs, best {} (val_auc {})",
            runs.len(),
            best_run.as_deref().unwrap_or("none"),
            best_val_auc.map_or("n/a".into(), f3)
        ),
        Event::RunsFound { filter, runs } => {
            let ids: Vec<&str> = runs.iter().map(|r| r.run_id.as_str()).collect();
            format!("search {filter:?}: [{}]", ids.join(", "))
        }
        Event::TagSet { run_id, key, value } => format!("tag {key}={value} on {run_id}"),
        Event::GateEvaluated { result } => {
            if result.passed {
                format!("gate PASSED for {} ({})", result.run_id, result.model)
            } else {
                format!(
                    "gate FAILED for {} ({}): {}",
                    result.run_id,
                    result.model,
                    result.failures()
                )
            }
        }
        Event::ModelRegistered {
            name,
            version,
            lineage,
        } => format!(
            "registered {name} version {version} from {}",
            lineage.run_id
        ),
        Event::AliasMoved { change } => format!(
            "{}@{} -> version {}{}{}",
            change.model,
            change.alias,
            change.to,
            change.from.map_or(String::new(), |f| format!(" (was {f})")),
            approved_by(&change.by)
        ),
        Event::LineageAudited { audit } => lineage::describe(audit),
        Event::StageTransitioned {
            name,
            version,
            from,
            to,
            ..
        } => format!("{name} version {version}: stage {from} -> {to}"),
        Event::CodeVersionSet { version } => format!("code version {version}"),
        Event::ClockAdvanced { now } => format!(
            "clock: day {:.1}",
            *now as f64 / crate::data::table::DAY as f64
        ),
        Event::PipelineConfigured { detail } => format!("pipeline: {detail}"),
        Event::PipelineStarted {
            run,
            pipeline,
            trigger,
        } => format!("pipeline {pipeline} run {run} started ({trigger})"),
        Event::PipelineStep {
            run,
            step,
            state,
            attempt,
            detail,
        } => {
            let attempt = if *attempt > 0 {
                format!(" (attempt {attempt})")
            } else {
                String::new()
            };
            format!("  run {run} {step}: {}{attempt} - {detail}", state.name())
        }
        Event::PipelineFinished {
            run,
            succeeded,
            states,
        } => {
            let cached = states.iter().filter(|(_, s)| s.name() == "cached").count();
            format!(
                "pipeline run {run} {} ({cached} of {} steps from cache)",
                if *succeeded { "succeeded" } else { "FAILED" },
                states.len()
            )
        }
        other => operations::describe(other)
            .unwrap_or_else(|| serde_json::to_string(other).unwrap_or_default()),
    }
}
