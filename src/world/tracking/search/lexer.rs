//! The tokenizer for the run-search grammar: bare words, dotted identifiers with backtick or
//! double-quoted segments, single- and double-quoted strings, numbers, comparison operators,
//! parentheses and commas.

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Ident(String),
    Single(String),
    Double(String),
    Number(String),
    Op(String),
    Open,
    Close,
    Comma,
}

impl Tok {
    pub(super) fn show(&self) -> String {
        match self {
            Tok::Word(s) | Tok::Ident(s) | Tok::Number(s) | Tok::Op(s) => s.clone(),
            Tok::Single(s) => format!("'{s}'"),
            Tok::Double(s) => format!("\"{s}\""),
            Tok::Open => "(".into(),
            Tok::Close => ")".into(),
            Tok::Comma => ",".into(),
        }
    }
}

fn quoted(chars: &[char], i: &mut usize, q: char) -> Result<String, String> {
    let start = *i + 1;
    let end = chars[start..]
        .iter()
        .position(|&c| c == q)
        .ok_or_else(|| format!("unterminated {q} quote"))?;
    *i = start + end + 1;
    Ok(chars[start..start + end].iter().collect())
}

pub(super) fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_char = |c: char| c.is_alphanumeric() || c == '_' || c == '.' || c == '`' || c == '"';
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '\'' => out.push(Tok::Single(quoted(&chars, &mut i, '\'')?)),
            '=' | '!' | '<' | '>' => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = if ["!=", ">=", "<=", "<>"].contains(&two.as_str()) {
                    two
                } else {
                    c.to_string()
                };
                i += op.len();
                if op == "!" {
                    return Err("'!' must be followed by '='".into());
                }
                out.push(Tok::Op(op));
            }
            c if c.is_ascii_digit()
                || c == '-'
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || chars[i] == '.'
                        || ((chars[i] == '-' || chars[i] == '+')
                            && matches!(chars[i - 1], 'e' | 'E')))
                {
                    i += 1;
                }
                out.push(Tok::Number(chars[start..i].iter().collect()));
            }
            c if ident_char(c) => {
                // An identifier: bare characters and quoted segments joined by dots.
                let start = i;
                let mut has_dot = false;
                // Where the first quoted segment ends, when the word starts with one.
                let mut first_quote_end = None;
                while i < chars.len() && ident_char(chars[i]) {
                    match chars[i] {
                        q @ ('`' | '"') => {
                            quoted(&chars, &mut i, q)?;
                            first_quote_end.get_or_insert(i);
                        }
                        '.' => {
                            has_dot = true;
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
                let text: String = chars[start..i].iter().collect();
                if c == '"' && !has_dot {
                    // A double-quoted value is the quoted text alone: `"a"b` is not a value.
                    if first_quote_end != Some(i) {
                        return Err(format!("unexpected text after the quoted string in {text}"));
                    }
                    out.push(Tok::Double(chars[start + 1..i - 1].iter().collect()));
                } else if has_dot || c == '`' {
                    out.push(Tok::Ident(text));
                } else {
                    out.push(Tok::Word(text));
                }
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Tok, tokenize};

    #[test]
    fn a_double_quoted_value_is_the_quoted_text_alone() {
        assert!(matches!(
            tokenize("\"ünï\"").unwrap().as_slice(),
            [Tok::Double(s)] if s == "ünï"
        ));
        // Found by tests/fuzz_readers.rs: text glued after a closing quote (here a four-byte
        // character) used to slice inside a character and panic.
        assert_eq!(
            tokenize("\"\"\u{1d538}").unwrap_err(),
            "unexpected text after the quoted string in \"\"\u{1d538}"
        );
        assert!(tokenize("\"a\"b").is_err());
    }
}
