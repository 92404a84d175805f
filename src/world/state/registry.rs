//! The registry part: registered model versions with their alias history, and every CI/CD gate
//! result. A version's promotion and its gate move together: a run that failed its gate is never
//! registered under that model, and a version becomes `champion` (or enters the legacy
//! Production stage) only when its run passed its latest gate.

use crate::world::gates::GateResult;
use crate::world::registry::{AliasMove, Lineage, ModelVersion, Registry, Why};
use crate::world::vocabulary::Stage;

/// Registered models and gate results.
#[derive(Debug, Clone, Default)]
pub struct RegistryState {
    registry: Registry,
    gates: Vec<GateResult>,
    audits: Vec<(String, u32)>,
}

impl RegistryState {
    /// The model registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }
    /// Every gate result, oldest first.
    pub fn gates(&self) -> &[GateResult] {
        &self.gates
    }
    /// The version an alias points at.
    pub fn alias(&self, name: &str, alias: &str) -> Option<&ModelVersion> {
        self.registry.alias(name, alias)
    }
    /// A version of a registered model, or why there is none.
    pub fn version(&self, name: &str, version: i64) -> Result<&ModelVersion, String> {
        self.registry.version(name, version)
    }
    /// True when a model of this name is registered.
    pub fn has_model(&self, name: &str) -> bool {
        self.registry.models.contains_key(name)
    }
    /// The latest gate result of `run_id` for `model`.
    pub fn gate_for(&self, model: &str, run_id: &str) -> Option<&GateResult> {
        self.gates
            .iter()
            .rev()
            .find(|g| g.model == model && g.run_id == run_id)
    }

    /// True when the learner audited this served day of the endpoint with `lineage`.
    pub fn audited(&self, endpoint: &str, day: u32) -> bool {
        self.audits.iter().any(|(e, d)| e == endpoint && *d == day)
    }

    pub(in crate::world) fn record_audit(&mut self, endpoint: &str, day: u32) {
        self.audits.push((endpoint.to_owned(), day));
    }

    pub(in crate::world) fn record_gate(&mut self, result: GateResult) {
        self.gates.push(result);
    }

    /// Registers a new version of `name` from a run, unless that run failed its gate for it.
    pub(in crate::world) fn register(
        &mut self,
        name: &str,
        lineage: Lineage,
        now: i64,
    ) -> Result<u32, String> {
        if let Some(g) = self.gate_for(name, &lineage.run_id).filter(|g| !g.passed) {
            return Err(format!(
                "run {} failed its gate for {name}: {}",
                lineage.run_id,
                g.failures()
            ));
        }
        Ok(self.registry.register(name, lineage, now))
    }

    /// Moves an alias; `champion` needs the version's run to have passed its gate.
    pub(in crate::world) fn set_alias(
        &mut self,
        name: &str,
        alias: &str,
        version: i64,
        why: Why<'_>,
        now: i64,
    ) -> Result<AliasMove, String> {
        if alias == "champion" {
            self.require_gate(name, version, "champion")?;
        }
        self.registry.set_alias(name, alias, version, why, now)
    }

    /// Walks an alias one move back along its history.
    pub(in crate::world) fn rollback(
        &mut self,
        name: &str,
        alias: &str,
        why: Why<'_>,
        now: i64,
    ) -> Result<AliasMove, String> {
        self.registry.rollback(name, alias, why, now)
    }

    /// Moves a version to a legacy stage; Production needs its run to have passed its gate.
    pub(in crate::world) fn transition(
        &mut self,
        name: &str,
        version: i64,
        stage: Stage,
        archive_existing: bool,
    ) -> Result<(Stage, Vec<u32>), String> {
        if stage == Stage::Production {
            self.require_gate(name, version, "Production")?;
        }
        self.registry
            .transition(name, version, stage, archive_existing)
    }

    fn require_gate(&self, name: &str, version: i64, target: &str) -> Result<(), String> {
        let v = self.registry.version(name, version)?;
        match self.gate_for(name, &v.lineage.run_id) {
            Some(g) if g.passed => Ok(()),
            Some(g) => Err(format!(
                "version {version} cannot become {target}: its run {} failed the gate ({})",
                g.run_id,
                g.failures()
            )),
            None => Err(format!(
                "version {version} cannot become {target}: its run {} has not been through evaluate_gate",
                v.lineage.run_id
            )),
        }
    }
}
