//! Word-wrapping for line mode on a terminal: a long line breaks between words instead of
//! mid-word at the terminal's edge, and each continuation keeps the line's indentation (and
//! hangs under an option's text) so options and explanations stay readable. Output to a pipe
//! or a screen reader is left unwrapped.

use std::io::{self, Write};

/// A writer that wraps each complete line at `width` columns.
pub struct Wrap<'a> {
    inner: &'a mut dyn Write,
    width: usize,
    line: Vec<u8>,
}

impl<'a> Wrap<'a> {
    /// Wraps lines written to `inner` at `width` columns (at least 20).
    pub fn new(inner: &'a mut dyn Write, width: usize) -> Self {
        Wrap {
            inner,
            width: width.max(20),
            line: Vec::new(),
        }
    }

    /// The width to wrap at: `$COLUMNS` when the shell exports it, else 80, at most 120.
    pub fn terminal_width() -> usize {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .unwrap_or(80)
            .clamp(20, 120)
            - 1
    }
}

impl Write for Wrap<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            if b == b'\n' {
                let text = String::from_utf8_lossy(&self.line).into_owned();
                self.line.clear();
                self.inner
                    .write_all(wrap_line(&text, self.width).as_bytes())?;
                self.inner.write_all(b"\n")?;
            } else {
                self.line.push(b);
            }
        }
        Ok(buf.len())
    }

    /// A partial line (a prompt such as `> `) goes out as it is.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.line)?;
        self.line.clear();
        self.inner.flush()
    }
}

/// Breaks `line` between words so no piece is wider than `width` display columns (a single word
/// longer than that, such as a URL, stands alone on its line).
pub fn wrap_line(line: &str, width: usize) -> String {
    if crate::display::width(line) <= width {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    // "1) text", "✓ 2) text", "a) text": continuations hang under the text.
    let hang = body
        .char_indices()
        .take(8)
        .find(|&(i, c)| c == ')' && body[i + 1..].starts_with(' '))
        .map_or(0, |(i, _)| crate::display::width(&body[..i + 2]));
    let first = " ".repeat(indent);
    let rest = " ".repeat(indent + hang);
    let options = textwrap::Options::new(width)
        .initial_indent(&first)
        .subsequent_indent(&rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(false);
    textwrap::fill(body, &options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_untouched() {
        assert_eq!(wrap_line("  1) short", 40), "  1) short");
    }

    #[test]
    fn long_lines_break_between_words_and_hang_under_the_option_text() {
        let line = "  3) Call set_caching_options(False) on the training task in the pipeline";
        assert_eq!(
            wrap_line(line, 40),
            "  3) Call set_caching_options(False) on\n     the training task in the pipeline"
        );
        for piece in wrap_line(line, 40).lines() {
            assert!(piece.chars().count() <= 40, "{piece}");
        }
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let line = "1) 模型 监控 数据 漂移 告警 触发";
        let wrapped = wrap_line(line, 16);
        // "1) 模型 监控 数据" is 17 columns wide (each character two), one too many.
        assert_eq!(wrapped, "1) 模型 监控\n   数据 漂移\n   告警 触发");
        for piece in wrapped.lines() {
            assert!(crate::display::width(piece) <= 16, "{piece}");
        }
    }

    #[test]
    fn a_word_longer_than_the_width_stands_alone() {
        let line = "See: https://example.org/a/very/long/path/that/cannot/break ok";
        assert_eq!(
            wrap_line(line, 20),
            "See:\nhttps://example.org/a/very/long/path/that/cannot/break\nok"
        );
    }

    #[test]
    fn partial_lines_such_as_prompts_pass_through_on_flush() {
        let mut sink = Vec::new();
        {
            let mut w = Wrap::new(&mut sink, 20);
            write!(w, "alpha beta gamma delta epsilon\n> ").unwrap();
            w.flush().unwrap();
        }
        assert_eq!(
            String::from_utf8(sink).unwrap(),
            "alpha beta gamma\ndelta epsilon\n> "
        );
    }
}
