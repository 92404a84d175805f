//! Training-serving skew as the `transform-skew` lab relies on it: a log10 re-implementation of a
//! ln(1 + x) transform is flagged on that one feature, and `skew_clear` refuses a threshold
//! raised to silence it.

use super::World;
use super::event::Event;
use super::test_kit::{check, run};
use crate::data::scenario::Scenario;

/// A credit world with two logged features in one view, a training set and a filled online store.
fn served() -> World {
    let mut w = World::new(Scenario::CreditRisk, 5);
    for c in [
        r#"{ do = "generate", rows = 3000 }"#,
        r#"{ do = "infer_schema" }"#,
        r#"{ do = "validate" }"#,
        r#"{ do = "define_entity", name = "applicant", join_key = "applicant_id" }"#,
        r#"{ do = "define_feature_view", name = "fin", entity = "applicant", ttl_hours = 720, features = [{ column = "income", transform = "log" }, { column = "loan_amount", transform = "log" }] }"#,
        r#"{ do = "build_training_set", views = ["fin"] }"#,
        r#"{ do = "materialize", view = "fin", start_day = 0, end_day = 90 }"#,
    ] {
        run(&mut w, c);
    }
    w
}

fn skew_of(w: &World, feature: &str) -> f64 {
    w.skew()
        .and_then(|r| r.features.iter().find(|f| f.feature == feature))
        .map(|f| f.value)
        .unwrap()
}

#[test]
fn log10_serving_path_is_flagged_on_its_feature_alone() {
    let mut w = served();
    run(&mut w, r#"{ do = "check_skew" }"#);
    assert!(check(&w, r#"{ kind = "skew_clear" }"#));
    run(
        &mut w,
        r#"{ do = "set_serving_bug", view = "fin", feature = "log_loan_amount", enabled = true }"#,
    );
    let e = run(&mut w, r#"{ do = "check_skew" }"#);
    let [Event::SkewChecked { report }] = &e[..] else {
        panic!("{e:?}")
    };
    assert_eq!(report.flagged(), vec!["log_loan_amount"]);
    assert!(skew_of(&w, "log_loan_amount") > 0.1);
    assert!(skew_of(&w, "log_income") < 0.01);
    assert!(!check(&w, r#"{ kind = "skew_clear" }"#));
}

#[test]
fn served_log10_is_the_trained_ln_divided_by_ln_10() {
    let w = served();
    let table = w.data.table().unwrap();
    let view = &w.features.store().views["fin"];
    let mut buggy = view.clone();
    for f in &mut buggy.features {
        f.serving_bug = f.column == "loan_amount";
    }
    let i = (0..table.n_rows())
        .find(|&i| view.row(table, i, true)[1] > 0.0)
        .unwrap();
    let (trained, served) = (view.row(table, i, true)[1], buggy.row(table, i, true)[1]);
    assert!((trained / served - std::f64::consts::LN_10).abs() < 1e-9);
}

#[test]
fn a_raised_threshold_passes_the_check_but_not_skew_clear() {
    let mut w = served();
    run(
        &mut w,
        r#"{ do = "set_serving_bug", view = "fin", feature = "log_loan_amount", enabled = true }"#,
    );
    run(&mut w, r#"{ do = "check_skew", numeric_threshold = 1.0 }"#);
    assert!(w.skew().unwrap().flagged().is_empty());
    assert!(!check(&w, r#"{ kind = "skew_clear" }"#));
    run(
        &mut w,
        r#"{ do = "set_serving_bug", view = "fin", feature = "log_loan_amount", enabled = false }"#,
    );
    run(&mut w, r#"{ do = "check_skew" }"#);
    assert!(check(&w, r#"{ kind = "skew_clear" }"#));
}
