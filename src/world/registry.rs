//! The model registry after `MLflow`: registered models whose versions count from 1 and carry
//! their lineage (run, data, feature views, code); aliases (one version per alias, any name,
//! `champion` and `challenger` by convention) with a history of every move, its time and reason,
//! so a rollback is one command; and the legacy stages, deprecated since `MLflow` 2.9.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::vocabulary::Stage;

/// Where a model version came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// Source run.
    pub run_id: String,
    /// Digest of the raw data.
    pub data_digest: String,
    /// Digest of the training set.
    pub training_set_digest: String,
    /// Feature views and versions.
    pub feature_views: Vec<(String, u32)>,
    /// Code version.
    pub code_version: String,
}

/// One version of a registered model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVersion {
    /// Version number, from 1.
    pub version: u32,
    /// Lineage.
    pub lineage: Lineage,
    /// Legacy stage.
    pub stage: Stage,
    /// Registration time, simulated seconds.
    pub created_at: i64,
}

/// One alias move, kept forever for audit and rollback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasMove {
    /// Registered model.
    pub model: String,
    /// Alias.
    pub alias: String,
    /// Version before (`None`: the alias is new).
    pub from: Option<u32>,
    /// Version after.
    pub to: u32,
    /// When, simulated seconds.
    pub at: i64,
    /// Why.
    pub reason: String,
    /// Who approved the move (empty: not recorded).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// True when the move was a rollback (it undoes the alias's latest forward move).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rollback: bool,
}

/// Why an alias moves and who approved it, as the alias history keeps them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Why<'a> {
    /// The reason.
    pub reason: &'a str,
    /// The approver (empty: not recorded).
    pub by: &'a str,
}

impl<'a> Why<'a> {
    /// A reason without an approver.
    pub fn reason(reason: &'a str) -> Self {
        Why { reason, by: "" }
    }
}

/// A registered model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RegisteredModel {
    /// Versions in order.
    pub versions: Vec<ModelVersion>,
    /// Alias -> version.
    pub aliases: BTreeMap<String, u32>,
    /// Every alias move.
    pub history: Vec<AliasMove>,
}

/// All registered models.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// By name.
    pub models: BTreeMap<String, RegisteredModel>,
}

impl Registry {
    /// Registers a new version; returns its number.
    pub fn register(&mut self, name: &str, lineage: Lineage, now: i64) -> u32 {
        let m = self.models.entry(name.to_string()).or_default();
        let version = m.versions.len() as u32 + 1;
        m.versions.push(ModelVersion {
            version,
            lineage,
            stage: Stage::None,
            created_at: now,
        });
        version
    }

    /// The version an alias points at.
    pub fn alias(&self, name: &str, alias: &str) -> Option<&ModelVersion> {
        let m = self.models.get(name)?;
        let v = *m.aliases.get(alias)?;
        m.versions.get(v as usize - 1)
    }

    /// Looks up a version, with a clear message when it does not exist.
    pub fn version(&self, name: &str, version: i64) -> Result<&ModelVersion, String> {
        let m = self
            .models
            .get(name)
            .ok_or_else(|| format!("no registered model named {name:?}"))?;
        usize::try_from(version)
            .ok()
            .and_then(|v| v.checked_sub(1))
            .and_then(|i| m.versions.get(i))
            .ok_or_else(|| {
                format!(
                    "{name} has versions 1 to {}, not {version}",
                    m.versions.len()
                )
            })
    }

    /// Points `alias` at `version`, recording the move, why and who made it.
    pub fn set_alias(
        &mut self,
        name: &str,
        alias: &str,
        version: i64,
        why: Why<'_>,
        now: i64,
    ) -> Result<AliasMove, String> {
        self.move_alias(name, alias, version, why, now, false)
    }

    fn move_alias(
        &mut self,
        name: &str,
        alias: &str,
        version: i64,
        why: Why<'_>,
        now: i64,
        rollback: bool,
    ) -> Result<AliasMove, String> {
        check_alias(alias)?;
        let v = self.version(name, version)?.version;
        let m = self
            .models
            .get_mut(name)
            .ok_or("unreachable: model checked above")?;
        let change = AliasMove {
            model: name.to_string(),
            alias: alias.to_string(),
            from: m.aliases.insert(alias.to_string(), v),
            to: v,
            at: now,
            reason: why.reason.to_string(),
            by: why.by.to_string(),
            rollback,
        };
        m.history.push(change.clone());
        Ok(change)
    }

    /// Moves `alias` back to the version it pointed at before its latest forward move that has
    /// not been undone yet: each further rollback walks one more step back through the history,
    /// never toggling between two versions (a deployment pipeline's "previous champion").
    pub fn rollback(
        &mut self,
        name: &str,
        alias: &str,
        why: Why<'_>,
        now: i64,
    ) -> Result<AliasMove, String> {
        let m = self
            .models
            .get(name)
            .ok_or_else(|| format!("no registered model named {name:?}"))?;
        let stack = alias_stack(m, alias);
        let Some(&current) = stack.last() else {
            return Err(format!("{name} has no alias {alias:?}"));
        };
        let Some(&prev) = stack.len().checked_sub(2).and_then(|i| stack.get(i)) else {
            return Err(format!(
                "alias {alias:?} of {name} is at version {current}, the first version it pointed at, so there is nothing to roll back to"
            ));
        };
        self.move_alias(name, alias, i64::from(prev), why, now, true)
    }

    /// Moves a version to a legacy stage; returns (old stage, versions archived).
    pub fn transition(
        &mut self,
        name: &str,
        version: i64,
        stage: Stage,
        archive_existing: bool,
    ) -> Result<(Stage, Vec<u32>), String> {
        let v = self.version(name, version)?.version;
        let m = self
            .models
            .get_mut(name)
            .ok_or("unreachable: model checked above")?;
        let mut archived = Vec::new();
        if archive_existing && matches!(stage, Stage::Staging | Stage::Production) {
            for mv in m
                .versions
                .iter_mut()
                .filter(|mv| mv.version != v && mv.stage == stage)
            {
                mv.stage = Stage::Archived;
                archived.push(mv.version);
            }
        }
        let target = &mut m.versions[v as usize - 1];
        let old = target.stage;
        target.stage = stage;
        Ok((old, archived))
    }
}

/// The versions `alias` has moved forward through, oldest first, with every rollback undoing
/// the latest one: its top is where the alias points now.
fn alias_stack(m: &RegisteredModel, alias: &str) -> Vec<u32> {
    let mut stack = Vec::new();
    for h in m.history.iter().filter(|h| h.alias == alias) {
        if h.rollback {
            stack.pop();
        } else {
            stack.push(h.to);
        }
    }
    stack
}

/// `MLflow` refuses `latest` and version-like names (`v1`, `V12`) as aliases.
fn check_alias(alias: &str) -> Result<(), String> {
    let version_like = alias.len() > 1
        && alias[..1].eq_ignore_ascii_case("v")
        && alias[1..].chars().all(|c| c.is_ascii_digit());
    if alias.is_empty() || alias.eq_ignore_ascii_case("latest") || version_like {
        return Err(format!(
            "{alias:?} cannot be an alias: it is empty, reserved ('latest') or looks like a version"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lineage(run: &str) -> Lineage {
        Lineage {
            run_id: run.into(),
            data_digest: "d".into(),
            training_set_digest: "t".into(),
            feature_views: vec![],
            code_version: "c".into(),
        }
    }

    #[test]
    fn versions_count_from_one_and_aliases_have_history() {
        let mut r = Registry::default();
        assert_eq!(r.register("m", lineage("run-001"), 0), 1);
        assert_eq!(r.register("m", lineage("run-002"), 5), 2);
        r.set_alias("m", "champion", 1, Why::reason("first"), 10)
            .unwrap();
        let mv = r
            .set_alias("m", "champion", 2, Why::reason("better auc"), 20)
            .unwrap();
        assert_eq!((mv.from, mv.to), (Some(1), 2));
        let back = r
            .rollback("m", "champion", Why::reason("incident"), 30)
            .unwrap();
        assert_eq!((back.from, back.to, back.at), (Some(2), 1, 30));
        assert_eq!(r.alias("m", "champion").unwrap().lineage.run_id, "run-001");
        assert_eq!(r.models["m"].history.len(), 3);
    }

    #[test]
    fn bad_versions_aliases_and_rollbacks_are_refused() {
        let mut r = Registry::default();
        r.register("m", lineage("run-001"), 0);
        assert!(
            r.set_alias("m", "champion", 3, Why::reason(""), 0)
                .unwrap_err()
                .contains("versions 1 to 1")
        );
        assert!(
            r.set_alias("m", "champion", -1, Why::reason(""), 0)
                .is_err()
        );
        assert!(r.set_alias("m", "latest", 1, Why::reason(""), 0).is_err());
        assert!(r.set_alias("m", "v2", 1, Why::reason(""), 0).is_err());
        assert!(
            r.set_alias("nope", "champion", 1, Why::reason(""), 0)
                .is_err()
        );
        r.set_alias("m", "champion", 1, Why::reason(""), 0).unwrap();
        assert!(
            r.rollback("m", "champion", Why::reason(""), 0)
                .unwrap_err()
                .contains("nothing to roll back")
        );
    }

    #[test]
    fn archive_existing_versions() {
        let mut r = Registry::default();
        r.register("m", lineage("a"), 0);
        r.register("m", lineage("b"), 0);
        r.transition("m", 1, Stage::Production, false).unwrap();
        let (old, archived) = r.transition("m", 2, Stage::Production, true).unwrap();
        assert_eq!((old, archived), (Stage::None, vec![1]));
        assert_eq!(r.models["m"].versions[0].stage, Stage::Archived);
    }
}
