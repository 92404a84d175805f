//! Worlds for the views' tests: empty, each shipped lab played to its end, and a monitored
//! endpoint whose `debt_to_income` drifts (with `age` watched by the KS test, a p-value method).

use crate::world::World;
use crate::world::test_kit::ok;

/// A World with nothing in it.
pub fn empty() -> World {
    World::new(crate::data::scenario::Scenario::CreditRisk, 7)
}

/// The World at the end of a shipped lab.
pub fn lab(id: &str) -> World {
    let lab = crate::content::find_lab(id, &[]).unwrap();
    let mut w = World::new(lab.scenario, lab.seed);
    for s in &lab.steps {
        for c in &s.commands {
            w.apply(c.clone());
        }
    }
    w
}

/// canary-rollback, then a daily monitor (KS on `age`), covariate drift on `debt_to_income`
/// and six served days.
pub fn drifting() -> World {
    let mut w = lab("canary-rollback");
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
