//! Worlds for the views' tests: empty, each shipped lab played to its end, canary-rollback up to
//! its rollback, and a monitored endpoint whose `debt_to_income` drifts (with `age` watched by
//! the KS test, a p-value method).

use crate::world::World;
use crate::world::test_kit::ok;

/// A World with nothing in it.
pub fn empty() -> World {
    World::new(crate::data::scenario::Scenario::CreditRisk, 7)
}

/// The World at the end of a shipped lab, played as `mlops-lab run` plays it (each decision's
/// recommended option).
pub fn lab(id: &str) -> World {
    lab_to(id, usize::MAX)
}

/// The World after the first `steps` steps of a shipped lab (recommended options).
fn lab_to(id: &str, steps: usize) -> World {
    let lab = crate::content::find_lab(id, &[]).unwrap();
    let mut w = World::new(lab.scenario, lab.seed);
    for s in lab.steps.iter().take(steps) {
        let option = s.recommended().map(|o| &s.options[o]);
        for c in option.map_or(&s.commands, |o| &o.commands) {
            w.apply(c.clone());
        }
    }
    w
}

/// canary-rollback up to its rolled-back canary: version 1 serving again after the errors alarm
/// fired during version 2's bake.
pub fn rolled_back_canary() -> World {
    lab_to("canary-rollback", 5)
}

/// The rolled-back canary, then a daily monitor (KS on `age`), covariate drift on `debt_to_income`
/// and six served days.
pub fn drifting() -> World {
    let mut w = rolled_back_canary();
    for c in [
        r#"{ do = "configure_monitor", endpoint = "scoring", features = { age = { method = "ks" } } }"#,
        r#"{ do = "advance_days", days = 2 }"#,
        r#"{ do = "inject_drift", kind = "covariate", feature = "debt_to_income", shift = 1.5, over_days = 3 }"#,
        r#"{ do = "advance_days", days = 4 }"#,
    ] {
        ok(&mut w, c);
    }
    w
}
