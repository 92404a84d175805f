//! The two small languages of a computed checkpoint question: a text template whose `{fact}`
//! placeholders are filled from the learner's World (`{alarm.errors.value:pct}`), and an
//! option's `when` condition (`traffic.scoring.v1 == 100`) that decides whether the option is
//! the key. Both are read here, at `check` time; the lab runtime fills and evaluates them.

use super::facts::Fact;

/// How a placeholder's number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A whole number as is, anything else with up to three decimals.
    Auto,
    /// Times 100, one decimal and a `%` (0.079 is `7.9%`).
    Percent,
    /// A fixed number of decimals (0 to 4).
    Decimals(u8),
}

impl Format {
    /// The number as text.
    pub fn write(self, x: f64) -> String {
        match self {
            Format::Percent => format!("{:.1}%", x * 100.0),
            Format::Decimals(d) => format!("{x:.*}", usize::from(d)),
            Format::Auto if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
            Format::Auto => {
                let s = format!("{x:.3}");
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            }
        }
    }
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text as written.
    Text(String),
    /// A number read from the World.
    Value(Fact, Format),
}

/// A text with `{fact}` or `{fact:format}` placeholders; `{{` and `}}` are literal braces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template(pub Vec<Piece>);

impl Template {
    /// Reads a template; `Err` names the placeholder at fault.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                return Err("a `}` without its `{` (write `}}` for a brace)".into());
            }
            let end = tail
                .find('}')
                .ok_or("a `{` without its `}` (write `{{` for a brace)")?;
            let inside = &tail[1..end];
            let (name, format) = inside.split_once(':').unwrap_or((inside, ""));
            let format = match format {
                "" => Format::Auto,
                "pct" => Format::Percent,
                d => match d.parse::<u8>() {
                    Ok(n) if n <= 4 => Format::Decimals(n),
                    _ => {
                        return Err(format!(
                            "`{{{inside}}}`: unknown format `{d}` (pct, or 0 to 4 decimals)"
                        ));
                    }
                },
            };
            let fact = Fact::parse(name.trim()).map_err(|e| format!("`{{{inside}}}`: {e}"))?;
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Value(fact, format));
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template(pieces))
    }

    /// The facts the template reads.
    pub fn facts(&self) -> impl Iterator<Item = &Fact> {
        self.0.iter().filter_map(|p| match p {
            Piece::Value(f, _) => Some(f),
            Piece::Text(_) => None,
        })
    }
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl Op {
    /// Whether `a OP b` holds.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }
}

/// One side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A number read from the World.
    Fact(Fact),
    /// A number as written.
    Number(f64),
}

/// `OPERAND OP OPERAND`, each operand a fact or a number: when it holds, its option is the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Left side.
    pub left: Operand,
    /// The comparison.
    pub op: Op,
    /// Right side.
    pub right: Operand,
}

impl Condition {
    /// Reads `a OP b`; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [left, op, right] = words.as_slice() else {
            return Err(format!(
                "`{text}`: write a condition as `FACT OP VALUE`, spaces around the comparison (<, <=, >, >=, ==, !=)"
            ));
        };
        let op = match *op {
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            other => {
                return Err(format!(
                    "`{text}`: unknown comparison `{other}` (<, <=, >, >=, ==, !=)"
                ));
            }
        };
        let operand = |w: &str| match w.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Operand::Number(x)),
            _ => Fact::parse(w)
                .map(Operand::Fact)
                .map_err(|e| format!("`{text}`: {e}")),
        };
        let (left, right) = (operand(left)?, operand(right)?);
        if matches!((&left, &right), (Operand::Number(_), Operand::Number(_))) {
            return Err(format!(
                "`{text}` compares two numbers: name a fact on at least one side"
            ));
        }
        Ok(Condition { left, op, right })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_facts() {
        let t = Template::parse("rate {alarm.errors.value:pct} vs {alarm.errors.threshold} {{x}}")
            .unwrap();
        assert_eq!(
            t.0,
            vec![
                Piece::Text("rate ".into()),
                Piece::Value(Fact::AlarmValue("errors".into()), Format::Percent),
                Piece::Text(" vs ".into()),
                Piece::Value(Fact::AlarmThreshold("errors".into()), Format::Auto),
                Piece::Text(" {x}".into()),
            ]
        );
        assert!(
            Template::parse("{data.rows:7}")
                .unwrap_err()
                .contains("unknown format `7`")
        );
        assert!(
            Template::parse("{data.rowz}")
                .unwrap_err()
                .contains("unknown fact")
        );
        assert!(
            Template::parse("a { b")
                .unwrap_err()
                .contains("without its `}`")
        );
        assert!(
            Template::parse("a } b")
                .unwrap_err()
                .contains("without its `{`")
        );
    }

    #[test]
    fn numbers_are_written_by_their_format() {
        assert_eq!(Format::Percent.write(0.0791), "7.9%");
        assert_eq!(Format::Auto.write(2000.0), "2000");
        assert_eq!(Format::Auto.write(0.12), "0.12");
        assert_eq!(Format::Decimals(3).write(0.1), "0.100");
    }

    #[test]
    fn conditions_need_a_fact_and_a_known_comparison() {
        let c = Condition::parse("traffic.scoring.v1 == 100").unwrap();
        assert_eq!(c.op, Op::Eq);
        assert_eq!(c.right, Operand::Number(100.0));
        assert!(
            Condition::parse("1 < 2")
                .unwrap_err()
                .contains("two numbers")
        );
        assert!(
            Condition::parse("data.rows => 2")
                .unwrap_err()
                .contains("unknown comparison")
        );
        assert!(
            Condition::parse("data.rows>2")
                .unwrap_err()
                .contains("FACT OP VALUE")
        );
        assert!(Op::Ge.holds(0.1, 0.1) && !Op::Gt.holds(0.1, 0.1));
    }
}
