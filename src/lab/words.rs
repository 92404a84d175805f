//! One command or check of a lab file, parsed from its own source text so that every problem
//! points at the right place and says what a lab author needs: the unknown name (with the
//! nearest known one), the missing or mistyped argument and the type it expects.

use serde::de::DeserializeOwned;

use crate::world::vocabulary::Word;

/// A problem at a byte offset of the lab file.
pub type Problem = (usize, String);

/// What is being parsed: commands (`do`) or checks (`kind`).
#[derive(Debug, Clone, Copy)]
pub struct Vocabulary {
    /// `command` or `check`.
    pub what: &'static str,
    /// The tag key.
    pub tag: &'static str,
    /// The documented words.
    pub words: &'static [Word],
}

#[derive(serde::Deserialize)]
struct Wrap<T> {
    x: T,
}

/// `x = ` before the slice: offsets in the wrapped text are this much further on.
const PREFIX: &str = "x = ";

/// Parses one inline table found at `start..end` of `text`.
pub fn parse_word<T: DeserializeOwned + serde::Serialize>(
    text: &str,
    start: usize,
    end: usize,
    vocab: Vocabulary,
) -> Result<T, Problem> {
    let slice = &text[start..end];
    let wrapped = format!("{PREFIX}{slice}");
    let parsed = toml::from_str::<Wrap<T>>(&wrapped);
    let doc = toml_edit::ImDocument::parse(wrapped.as_str()).ok();
    let table = doc
        .as_ref()
        .and_then(|d| d.get("x"))
        .and_then(|i| i.as_inline_table());
    let Some(table) = table else {
        return Err((start, format!("a {} must be an inline table", vocab.what)));
    };
    let at = |o: usize| start + o.saturating_sub(PREFIX.len()).min(slice.len());
    let err = match parsed {
        // Serde lets a word without arguments ignore extra keys: every key written must be one
        // the word has.
        Ok(w) => {
            let known = serde_json::to_value(&w.x).unwrap_or_default();
            let extra = table
                .iter()
                .find(|(k, _)| known.get(k).is_none() && *k != vocab.tag);
            return match extra {
                None => Ok(w.x),
                Some((k, _)) => {
                    let pos = table
                        .key(k)
                        .and_then(toml_edit::Key::span)
                        .map_or(start, |s| at(s.start));
                    let name = table.get(vocab.tag).and_then(|v| v.as_str()).unwrap_or("?");
                    Err((
                        pos,
                        format!("{} `{name}` has no argument `{k}`", vocab.what),
                    ))
                }
            };
        }
        Err(e) => e,
    };
    let name = match table.get(vocab.tag) {
        None => {
            return Err((
                start,
                format!("a {} needs `{} = \"...\"`", vocab.what, vocab.tag),
            ));
        }
        Some(v) => {
            let pos = v.span().map_or(start, |s| at(s.start));
            match v.as_str() {
                Some(n) if vocab.words.iter().any(|w| w.name == n) => n.to_string(),
                Some(n) => return Err((pos, unknown(n, vocab))),
                None => return Err((pos, format!("`{}` must be a string", vocab.tag))),
            }
        }
    };
    let message = err
        .message()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let offset = err.span().map_or(start, |s| at(s.start));
    // The argument whose value holds the error: serde buffers tagged tables and loses spans,
    // so it is the one whose removal makes this message go away.
    let arg = culprit::<T>(&wrapped, table, vocab.tag, &message);
    let offset = arg.as_ref().and_then(|(_, s)| *s).map_or(offset, at);
    let arg = arg.map(|(k, _)| k);
    let label = format!("{} `{name}`", vocab.what);
    if let Some(field) = between(&message, "missing field `", "`") {
        let expected = probe::<T>(slice, field, table.len()).unwrap_or_default();
        return Err((
            start,
            format!("{label}: missing argument `{field}`{expected}"),
        ));
    }
    if let Some(field) = between(&message, "unknown field `", "`") {
        let pos = table
            .key(field)
            .and_then(toml_edit::Key::span)
            .map_or(start, |s| at(s.start));
        return Err((pos, format!("{label} has no argument `{field}`")));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        let what = arg.map_or_else(|| label.clone(), |a| format!("{label}: argument `{a}`"));
        return Err((
            offset,
            format!("{what} must be {}, found {found}", type_name(expected)),
        ));
    }
    let what = arg.map_or_else(|| label.clone(), |a| format!("{label}: argument `{a}`"));
    Err((offset, format!("{what}: {message}")))
}

/// The argument (and its value's offset in `wrapped`) without which `message` disappears.
fn culprit<T: DeserializeOwned>(
    wrapped: &str,
    table: &toml_edit::InlineTable,
    tag: &str,
    message: &str,
) -> Option<(String, Option<usize>)> {
    let part = |k: &str| {
        let (key, value) = table.get_key_value(k)?;
        let ks = key.span()?;
        let vs = value.span()?;
        Some(format!("{} = {}", &wrapped[ks], &wrapped[vs]))
    };
    for (k, v) in table {
        if k == tag {
            continue;
        }
        let rest: Option<Vec<String>> = table
            .iter()
            .filter(|(o, _)| *o != k)
            .map(|(o, _)| part(o))
            .collect();
        let probe = format!("{PREFIX}{{ {} }}", rest?.join(", "));
        let same = match toml::from_str::<Wrap<T>>(&probe) {
            Ok(_) => false,
            Err(e) => e.message().split_whitespace().collect::<Vec<_>>().join(" ") == message,
        };
        if !same {
            return Some((k.to_string(), v.span().map(|s| s.start)));
        }
    }
    None
}

/// The expected type of a missing argument, found by supplying a boolean and reading the
/// "expected ..." of the answer.
fn probe<T: DeserializeOwned>(slice: &str, field: &str, len: usize) -> Option<String> {
    let body = slice.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
    let sep = if len == 0 || body.is_empty() {
        ""
    } else {
        ", "
    };
    let probe = format!("{PREFIX}{{ {body}{sep}{field} = true }}");
    match toml::from_str::<Wrap<T>>(&probe) {
        Ok(_) => Some(" (expected a boolean)".into()),
        Err(e) => {
            let m = e.message().to_string();
            let expected = m.split(", expected ").nth(1)?;
            Some(format!(" (expected {})", type_name(expected.trim())))
        }
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let rest = text.split_once(open)?.1;
    Some(rest.split_once(close)?.0)
}

/// Serde's type names in a lab author's words.
fn type_name(expected: &str) -> String {
    let t = expected.trim_end_matches('.');
    match t {
        "i64" | "u64" | "i32" | "u32" | "usize" => "an integer".into(),
        "f64" | "f32" => "a number".into(),
        "a sequence" => "a list".into(),
        "a map" => "a table".into(),
        "a boolean" | "a string" => t.into(),
        _ if t.starts_with("struct ") || t.starts_with("internally tagged") => "a table".into(),
        _ if t.starts_with("enum ") || t.starts_with("variant") => "one of its named values".into(),
        _ => t.into(),
    }
}

/// "unknown command `trian` (did you mean `train`?)".
fn unknown(name: &str, vocab: Vocabulary) -> String {
    let nearest = vocab
        .words
        .iter()
        .map(|w| (distance(name, w.name), w.name))
        .min()
        .filter(|(d, _)| *d <= 3);
    match nearest {
        Some((_, n)) => format!("unknown {} `{name}` (did you mean `{n}`?)", vocab.what),
        None => format!("unknown {} `{name}`", vocab.what),
    }
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::{COMMANDS, Command};

    const V: Vocabulary = Vocabulary {
        what: "command",
        tag: "do",
        words: COMMANDS,
    };

    fn problem(src: &str) -> Problem {
        parse_word::<Command>(src, 0, src.len(), V).unwrap_err()
    }

    #[test]
    fn problems_name_the_word_the_argument_and_the_type() {
        assert_eq!(
            problem(r#"{ do = "trian" }"#),
            (7, "unknown command `trian` (did you mean `train`?)".into())
        );
        assert_eq!(
            problem(r#"{ do = "generate" }"#).1,
            "command `generate`: missing argument `rows` (expected an integer)"
        );
        assert_eq!(
            problem(r#"{ do = "generate", rows = "many" }"#),
            (
                26,
                r#"command `generate`: argument `rows` must be an integer, found string "many""#
                    .into()
            )
        );
        assert_eq!(
            problem(r#"{ do = "validate", strict = true }"#),
            (19, "command `validate` has no argument `strict`".into())
        );
        assert_eq!(
            problem(r#"{ do = "set_retries" }"#).1,
            "command `set_retries`: missing argument `retries` (expected an integer)"
        );
        assert!(parse_word::<Command>(r#"{ do = "validate" }"#, 0, 19, V).is_ok());
    }

    /// Alert kinds and anomaly names are the World's own vocabulary: a typo is a located
    /// problem at `check` time, not a check that can never pass in play.
    #[test]
    fn names_a_check_refers_to_are_typed() {
        use crate::world::{CHECKS, Check};
        let checks = Vocabulary {
            what: "check",
            tag: "kind",
            words: CHECKS,
        };
        let check = |src: &str| parse_word::<Check>(src, 0, src.len(), checks);
        let src = r#"{ kind = "alert_raised", alert = "featur_drift" }"#;
        let (at, message) = check(src).unwrap_err();
        assert_eq!(&src[at..at + 14], r#""featur_drift""#, "{message}");
        assert!(
            message.starts_with("check `alert_raised`: argument `alert`")
                && message.contains("feature_drift"),
            "{message}"
        );
        let src = r#"{ kind = "anomaly_found", anomaly = "SCHEMA_NEW_COLUM" }"#;
        let (at, message) = check(src).unwrap_err();
        assert_eq!(&src[at..at + 18], r#""SCHEMA_NEW_COLUM""#, "{message}");
        assert!(message.contains("SCHEMA_NEW_COLUMN"), "{message}");
        assert!(check(r#"{ kind = "alert_raised", alert = "estimated_performance" }"#).is_ok());
        assert!(check(r#"{ kind = "anomaly_found", anomaly = "FLOAT_TYPE_BIG_FLOAT" }"#).is_ok());
    }

    proptest::proptest! {
        /// Whatever an author writes in a command, the answer is a command or a located problem
        /// inside it; never a panic.
        #[test]
        fn any_inline_table_gets_an_answer(body in "[a-z_ =\"0-9.,\\[\\]{}]{0,40}") {
            let src = format!("{{ do = \"generate\", {body} }}");
            if let Ok(doc) = toml::from_str::<toml::Table>(&format!("x = {src}")) {
                proptest::prop_assume!(doc.contains_key("x"));
                if let Err((at, message)) = parse_word::<Command>(&src, 0, src.len(), V) {
                    proptest::prop_assert!(at <= src.len());
                    proptest::prop_assert!(!message.is_empty());
                }
            }
        }
    }
}
