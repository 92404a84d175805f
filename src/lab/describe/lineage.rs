//! The line a `lineage` audit prints: the day's answering versions, the main one's source, and
//! the alias history an auditor reads it against.

use std::fmt::Write as _;

use crate::data::table::DAY;
use crate::world::lineage::LineageAudit;

/// The audit as one line.
pub(super) fn describe(a: &LineageAudit) -> String {
    let answered: Vec<String> = a
        .answered
        .iter()
        .map(|(v, n)| format!("version {v} answered {n} requests"))
        .collect();
    let mut line = format!(
        "lineage of {} day {} (clock day {}): {}, {} failed",
        a.endpoint,
        a.day,
        a.abs_day,
        if answered.is_empty() {
            "no version answered".to_owned()
        } else {
            answered.join(", ")
        },
        a.failed
    );
    if let Some((v, l)) = &a.version {
        let params: Vec<String> = a.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let views: Vec<String> = l
            .feature_views
            .iter()
            .map(|(n, v)| format!("{n} v{v}"))
            .collect();
        let _ = write!(
            line,
            "; {} version {v}: run {} ({}), code {}, data digest {}, training set {}, feature views {}",
            a.model,
            l.run_id,
            params.join(" "),
            if l.code_version.is_empty() {
                "not recorded"
            } else {
                &l.code_version
            },
            l.data_digest,
            l.training_set_digest,
            views.join(", ")
        );
    }
    // Alias moves in the endpoint's own day numbering, the one its day lines and the auditor use.
    let day_zero = a.abs_day - i64::from(a.day);
    let moves: Vec<String> = a
        .history
        .iter()
        .map(|h| {
            let day = h.at.div_euclid(DAY) - day_zero;
            format!(
                "{} @{} -> {}{}{}{}",
                if day < 0 {
                    "before day 0".to_owned()
                } else {
                    format!("day {day}")
                },
                h.alias,
                h.to,
                if h.rollback { " (rollback)" } else { "" },
                if h.by.is_empty() {
                    String::new()
                } else {
                    format!(" by {}", h.by)
                },
                if h.reason.is_empty() {
                    String::new()
                } else {
                    format!(" \"{}\"", h.reason)
                }
            )
        })
        .collect();
    let _ = write!(
        line,
        "; alias history to the day's end: {}",
        if moves.is_empty() {
            "none".to_owned()
        } else {
            moves.join("; ")
        }
    );
    line
}
