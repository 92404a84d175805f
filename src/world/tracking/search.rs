//! `MLflow`'s run-search grammar, with the semantics of `mlflow/utils/search_utils.py`
//! (`SearchUtils`): comparisons joined by `AND` only; identifiers `metrics.`, `params.`, `tags.`,
//! `attributes.` (or bare attribute names) and `datasets.`, with backticks or double quotes for
//! odd names; metrics and numeric attributes take `= != > >= < <=` against unquoted numbers;
//! params, tags and string attributes take `= != LIKE ILIKE` against quoted strings (params are
//! strings, so `params.max_depth = 5` is refused); `run_id` and dataset keys also take `IN`.
//! A run without the key never matches. Ordering puts runs missing the key last either way.

use std::cmp::Ordering;

use self::lexer::{Tok, tokenize};

mod lexer;

/// Which part of a run an identifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// `metrics.`
    Metric,
    /// `params.`
    Param,
    /// `tags.`
    Tag,
    /// `attributes.` or a bare name.
    Attribute,
    /// `datasets.`
    Dataset,
}

/// Attribute keys that compare as numbers.
pub const NUMERIC_ATTRIBUTES: &[&str] = &["start_time", "end_time", "created"];
/// Attribute keys that compare as strings.
pub const STRING_ATTRIBUTES: &[&str] = &["run_id", "run_name", "status", "user_id", "artifact_uri"];
const DATASET_KEYS: &[&str] = &["name", "digest", "context"];
const IDENTIFIERS: &str = "['metric', 'parameter', 'tag', 'attribute', 'dataset']";

/// A parsed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An unquoted number.
    Number(f64),
    /// A quoted string.
    Text(String),
    /// A parenthesised list of quoted strings.
    List(Vec<String>),
}

/// One comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Entity type.
    pub entity: Entity,
    /// Key within it.
    pub key: String,
    /// Upper-cased comparator.
    pub op: String,
    /// Right-hand side.
    pub value: Value,
}

fn trim_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'`' || b[0] == b'"') && b[b.len() - 1] == b[0] {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Parses an identifier such as `metrics.auc` or a bare `status` into an entity and key
/// (backticks or double quotes may wrap odd names).
pub fn identifier(text: &str, order_by: bool) -> Result<(Entity, String), String> {
    let (prefix, key) = match text.split_once('.') {
        Some((p, k)) if !p.starts_with('`') && !p.starts_with('"') => {
            (trim_quotes(p), trim_quotes(k))
        }
        _ => ("attribute", trim_quotes(text)),
    };
    let entity = match prefix {
        "metric" | "metrics" => Entity::Metric,
        "parameter" | "parameters" | "param" | "params" => Entity::Param,
        "tag" | "tags" => Entity::Tag,
        "attribute" | "attributes" | "attr" | "run" => Entity::Attribute,
        "dataset" | "datasets" => Entity::Dataset,
        other => {
            return Err(format!(
                "Invalid entity type '{other}'. Valid values are {IDENTIFIERS}"
            ));
        }
    };
    if key.is_empty() {
        return Err(format!(
            "Invalid identifier '{text}': the key after the dot is empty"
        ));
    }
    let key = if key == "created" { "start_time" } else { key };
    if entity == Entity::Attribute {
        let mut valid: Vec<&str> = NUMERIC_ATTRIBUTES
            .iter()
            .chain(STRING_ATTRIBUTES)
            .copied()
            .collect();
        if order_by {
            valid.retain(|k| *k != "created");
        }
        if !valid.contains(&key) {
            return Err(format!(
                "Invalid attribute key '{key}' specified. Valid keys are '{valid:?}'"
            ));
        }
    }
    if entity == Entity::Dataset && (order_by || !DATASET_KEYS.contains(&key)) {
        return Err(format!(
            "Invalid dataset key '{key}' specified. Valid keys are '{DATASET_KEYS:?}'"
        ));
    }
    Ok((entity, key.to_string()))
}

/// Parses a filter string into AND-ed clauses.
pub fn parse_filter(filter: &str) -> Result<Vec<Clause>, String> {
    let toks = tokenize(filter).map_err(|e| format!("Error on parsing filter '{filter}': {e}"))?;
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if i > 0 {
            match &toks[i] {
                Tok::Word(w) if w.eq_ignore_ascii_case("and") => i += 1,
                Tok::Word(w) if w.eq_ignore_ascii_case("or") => {
                    return Err("Invalid clause(s) in filter string: 'OR'. MLflow search supports only AND between comparisons; run one search per alternative (OR is not supported, issue #6075)".into());
                }
                t => {
                    return Err(format!(
                        "Invalid clause(s) in filter string: '{}'. Join comparisons with AND",
                        t.show()
                    ));
                }
            }
        }
        let (clause, used) = comparison(&toks[i..])?;
        clauses.push(clause);
        i += used;
    }
    Ok(clauses)
}

fn comparison(toks: &[Tok]) -> Result<(Clause, usize), String> {
    let base = "Invalid comparison clause";
    let ident = match toks.first() {
        Some(Tok::Ident(s) | Tok::Word(s)) => s.clone(),
        Some(Tok::Single(s)) => {
            return Err(format!(
                "{base}. Expected 'Identifier' found '{s}': single quotes are for values; quote odd names with backticks"
            ));
        }
        Some(t) => {
            return Err(format!(
                "{base}. Expected 'Identifier' found '{}'",
                t.show()
            ));
        }
        None => return Err(format!("{base}. Expected 3 tokens found 0")),
    };
    let (entity, key) = identifier(&ident, false)?;
    let (op, mut used) = match (toks.get(1), toks.get(2)) {
        (Some(Tok::Op(o)), _) => (o.clone(), 2),
        (Some(Tok::Word(n)), Some(Tok::Word(i)))
            if n.eq_ignore_ascii_case("not") && i.eq_ignore_ascii_case("in") =>
        {
            ("NOT IN".to_string(), 3)
        }
        (Some(Tok::Word(w)), _)
            if ["like", "ilike", "in"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k)) =>
        {
            (w.to_uppercase(), 2)
        }
        (Some(t), _) => return Err(format!("{base}. Expected comparison found '{}'", t.show())),
        (None, _) => return Err(format!("{base}. Expected 3 tokens found 1")),
    };
    let value_tok = toks
        .get(used)
        .ok_or(format!("{base}. Expected 3 tokens found 2"))?;
    used += 1;
    let value = match value_tok {
        Tok::Number(n) => Value::Number(
            n.parse()
                .map_err(|_| format!("{base}. Expected value token found '{n}'"))?,
        ),
        Tok::Single(s) | Tok::Double(s) => Value::Text(s.clone()),
        Tok::Open => {
            let mut items = Vec::new();
            loop {
                match toks.get(used) {
                    Some(Tok::Single(s)) => items.push(s.clone()),
                    Some(Tok::Close) if items.is_empty() => return Err("While parsing a list in the query, expected a non-empty list of string values".into()),
                    _ => return Err("While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list".into()),
                }
                used += 1;
                match toks.get(used) {
                    Some(Tok::Comma) => used += 1,
                    Some(Tok::Close) => {
                        used += 1;
                        break;
                    }
                    _ => {
                        return Err(
                            "While parsing a list in the query, expected a closing parenthesis"
                                .into(),
                        );
                    }
                }
            }
            Value::List(items)
        }
        t => return Err(format!("{base}. Expected value token found '{}'", t.show())),
    };
    check_types(entity, &key, &op, &value)?;
    Ok((
        Clause {
            entity,
            key,
            op,
            value,
        },
        used,
    ))
}

// The arms mirror MLflow's per-type rules one by one, so some share a body.
#[allow(clippy::match_same_arms)]
fn check_types(entity: Entity, key: &str, op: &str, value: &Value) -> Result<(), String> {
    let metric_ops = ["=", "!=", ">", ">=", "<", "<="];
    let string_ops = ["=", "!=", "LIKE", "ILIKE"];
    let list_ops = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];
    let numeric = entity == Entity::Metric
        || (entity == Entity::Attribute && NUMERIC_ATTRIBUTES.contains(&key));
    let allowed: &[&str] = match entity {
        _ if numeric => &metric_ops,
        Entity::Param | Entity::Tag => &string_ops,
        _ => &list_ops,
    };
    if !allowed.contains(&op) {
        return Err(format!(
            "Invalid comparator '{op}' not one of '{allowed:?}'"
        ));
    }
    let shown = match value {
        Value::Number(n) => n.to_string(),
        Value::Text(s) => format!("'{s}'"),
        Value::List(_) => "(...)".into(),
    };
    match (entity, value) {
        (Entity::Metric, Value::Number(_)) => Ok(()),
        (Entity::Metric, _) => Err(format!("Expected numeric value type for metric. Found {shown}")),
        (Entity::Attribute, Value::Number(_)) if numeric => Ok(()),
        (Entity::Attribute, _) if numeric => Err(format!("Expected numeric value type for numeric attribute: {key}. Found {shown}")),
        (Entity::Param | Entity::Tag, Value::Text(_)) => Ok(()),
        (Entity::Param, _) => Err(format!("Expected a quoted string value for param (e.g. 'my-value'). Got value {shown}: params are strings, so write params.{key} = '{shown}'")),
        (Entity::Tag, _) => Err(format!("Expected a quoted string value for tag (e.g. 'my-value'). Got value {shown}")),
        (Entity::Attribute | Entity::Dataset, Value::List(_)) if op.ends_with("IN") && (key == "run_id" || entity == Entity::Dataset) => Ok(()),
        (_, Value::List(_)) => Err("Only the 'run_id' attribute and dataset keys support comparison with a list of quoted string values.".into()),
        (_, _) if op.ends_with("IN") => Err(format!("{op} needs a parenthesised list of quoted strings")),
        (_, Value::Text(_)) => Ok(()),
        (_, Value::Number(_)) => Err(format!("Expected a quoted string value for attributes. Got value {shown}")),
    }
}

/// SQL LIKE: `%` any run, `_` one character; the whole string must match.
pub fn like(s: &str, pattern: &str, case_insensitive: bool) -> bool {
    let fold = |x: &str| {
        if case_insensitive {
            x.to_lowercase()
        } else {
            x.to_string()
        }
    };
    let (s, p): (Vec<char>, Vec<char>) =
        (fold(s).chars().collect(), fold(pattern).chars().collect());
    // dp[j]: pattern[..j] matches s[..i].
    let mut dp = vec![false; p.len() + 1];
    dp[0] = true;
    for j in 1..=p.len() {
        dp[j] = dp[j - 1] && p[j - 1] == '%';
    }
    for &c in &s {
        let mut next = vec![false; p.len() + 1];
        for j in 1..=p.len() {
            next[j] = match p[j - 1] {
                '%' => next[j - 1] || dp[j],
                '_' => dp[j - 1],
                pc => dp[j - 1] && pc == c,
            };
        }
        dp = next;
    }
    dp[p.len()]
}

/// A run's value for a key, as search sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A number (metric or numeric attribute).
    Num(f64),
    /// A string.
    Text(String),
}

/// Whether `lhs` satisfies the clause (a missing value never does).
// Metric `=` and `!=` compare floats exactly, as MLflow does.
#[allow(clippy::float_cmp)]
pub fn matches(clause: &Clause, lhs: Option<Field>) -> bool {
    let Some(lhs) = lhs else { return false };
    match (&lhs, &clause.value) {
        (Field::Num(a), Value::Number(b)) => match clause.op.as_str() {
            "=" => a == b,
            "!=" => a != b,
            ">" => a > b,
            ">=" => a >= b,
            "<" => a < b,
            "<=" => a <= b,
            _ => false,
        },
        (Field::Text(a), Value::Text(b)) => match clause.op.as_str() {
            "=" => a == b,
            "!=" => a != b,
            "LIKE" => like(a, b, false),
            "ILIKE" => like(a, b, true),
            _ => false,
        },
        (Field::Text(a), Value::List(l)) => (clause.op == "IN") == l.contains(a),
        _ => false,
    }
}

/// Parses `metrics.auc DESC` into (entity, key, ascending).
pub fn parse_order_by(clause: &str) -> Result<(Entity, String, bool), String> {
    let bad = || format!("Invalid order_by clause '{clause}'. Could not be parsed.");
    let toks = tokenize(clause).map_err(|_| bad())?;
    let (ident, asc) = match toks.as_slice() {
        [Tok::Ident(s) | Tok::Word(s)] => (s, true),
        [Tok::Ident(s) | Tok::Word(s), Tok::Word(dir)] => match dir.to_lowercase().as_str() {
            "asc" => (s, true),
            "desc" => (s, false),
            _ => {
                return Err(format!(
                    "Invalid ordering key in order_by clause '{clause}'."
                ));
            }
        },
        _ => return Err(bad()),
    };
    let (entity, key) = identifier(ident, true)?;
    Ok((entity, key, asc))
}

/// Compares two optional fields for one order-by clause; missing values sort last both ways.
pub fn order(a: Option<&Field>, b: Option<&Field>, ascending: bool) -> Ordering {
    let o = match (a, b) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(Field::Num(x)), Some(Field::Num(y))) => x.total_cmp(y),
        (Some(Field::Text(x)), Some(Field::Text(y))) => x.cmp(y),
        (Some(Field::Num(_)), Some(Field::Text(_))) => Ordering::Less,
        (Some(Field::Text(_)), Some(Field::Num(_))) => Ordering::Greater,
    };
    if ascending { o } else { o.reverse() }
}
