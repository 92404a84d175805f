//! The console line as a learner types it: what parses, and where each mistake is pointed at.

use super::console::{parse_check, parse_command};
use super::{Check, Command, ModelKind, ParamValue, Strategy};

/// The message and the text under its caret.
fn error(line: &str) -> (String, &str) {
    let p = parse_command(line).unwrap_err();
    (p.message, &line[p.span])
}

#[test]
fn the_issue_examples_parse() {
    assert_eq!(
        parse_command("generate rows=5000 missing_rate=0.01").unwrap(),
        Command::Generate {
            rows: 5000,
            missing_rate: 0.01,
            outlier_rate: 0.0
        }
    );
    let Command::Train { model, params, .. } =
        parse_command("train model=tree max_depth=5").unwrap()
    else {
        panic!("train")
    };
    assert_eq!(model, ModelKind::Tree);
    assert_eq!(params.get("max_depth"), Some(&ParamValue::Int(5)));
    let Command::Deploy(d) =
        parse_command("deploy endpoint=scoring version=2 strategy.kind=canary strategy.percent=10")
            .unwrap()
    else {
        panic!("deploy")
    };
    assert_eq!((d.endpoint.as_str(), d.version), ("scoring", 2));
    assert!(matches!(d.strategy, Strategy::Canary { percent: 10, .. }));
    let Command::SearchRuns {
        filter,
        max_results,
        ..
    } = parse_command(r#"search_runs filter="metrics.val_auc > 0.8" max_results=3"#).unwrap()
    else {
        panic!("search_runs")
    };
    assert_eq!((filter.as_str(), max_results), ("metrics.val_auc > 0.8", 3));
    let Command::DefineFeatureView { features, .. } = parse_command(
        r#"define_feature_view name=f entity=e ttl_hours=720 features=[{column="income", transform="log"}]"#,
    )
    .unwrap() else {
        panic!("define_feature_view")
    };
    assert_eq!(features.len(), 1);
}

#[test]
fn bare_words_take_the_type_of_their_argument() {
    // A comma list for a list, text for text even when it looks like a number.
    let Command::BuildTrainingSet { views, .. } =
        parse_command("build_training_set views=a,b").unwrap()
    else {
        panic!()
    };
    assert_eq!(views, ["a", "b"]);
    let Command::SetCodeVersion { version } =
        parse_command("set_code_version version=1234").unwrap()
    else {
        panic!()
    };
    assert_eq!(version, "1234");
    assert!(matches!(
        parse_check("metric_at_least metric=test_auc value=0.7").unwrap(),
        Check::MetricAtLeast { .. }
    ));
}

#[test]
fn each_mistake_is_pointed_at_and_says_what_is_allowed() {
    let (m, at) = error("generate rows=abc");
    assert_eq!(at, "abc");
    assert_eq!(
        m,
        "command `generate`: argument `rows` must be an integer, found `abc`"
    );
    let (m, at) = error("generat rows=5");
    assert_eq!(
        (m.as_str(), at),
        (
            "unknown command `generat` (did you mean `generate`?)",
            "generat"
        )
    );
    // A misspelt name is the first thing said, even when the rest does not parse.
    let (m, at) = error("advance_day 1");
    assert_eq!(
        (m.as_str(), at),
        (
            "unknown command `advance_day` (did you mean `advance_days`?)",
            "advance_day"
        )
    );
    let (m, at) = error("generate rows=5 colour=red");
    assert_eq!(at, "colour");
    assert!(
        m.contains("has no argument `colour`") && m.contains("rows, missing_rate, outlier_rate"),
        "{m}"
    );
    let (m, _) = error("generate");
    assert_eq!(
        m,
        "command `generate`: missing argument `rows` (expected an integer)"
    );
    let (m, at) = error("train model=forest");
    assert_eq!(at, "forest");
    assert!(m.contains("`logistic`, `tree`, `naive_bayes`"), "{m}");
    let (m, at) = error("deploy endpoint=s version=2 strategy.kind=canery");
    assert_eq!(at, "canery");
    assert!(
        m.contains("`strategy.kind`") && m.contains("did you mean `canary`?"),
        "{m}"
    );
    let (m, at) = error("deploy endpoint=s version=2 strategy.kind=canary strategy.percnt=10");
    assert_eq!(at, "percnt");
    assert!(m.contains("did you mean `percent`?"), "{m}");
    let (m, at) = error(r#"search_runs filter="metrics.x > 1"#);
    assert_eq!(at, "\"");
    assert!(m.contains("never closed"), "{m}");
    let (m, at) = error("generate rows");
    assert_eq!(
        (m.as_str(), at),
        ("expected `key=value` here, found `rows`", "rows")
    );
    let (m, _) = error("   ");
    assert!(m.starts_with("type a command"), "{m}");
    let (m, at) = error("generate rows=5 rows=6");
    assert_eq!(at, "rows");
    assert!(m.contains("twice"), "{m}");
}

proptest::proptest! {
    /// Whatever is typed, the answer is a command or a problem inside the line; never a panic.
    #[test]
    fn any_line_gets_an_answer(line in "[a-z_ =\"'0-9.,\\[\\]{}]{0,60}") {
        if let Err(p) = parse_command(&line) {
            proptest::prop_assert!(p.span.end <= line.len() && p.span.start <= p.span.end);
            proptest::prop_assert!(!p.message.is_empty());
        }
    }
}
