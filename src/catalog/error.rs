//! Problems found in the operator's files, each pinned to `file:line:column`.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

/// Everything wrong with a set of files; loading fails when this is not empty.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A file's text, kept so that byte offsets from the TOML parser can be turned
/// into the line and column an operator sees in their editor.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    pub fn new(path: &Path, text: String) -> Self {
        Self { path: path.to_owned(), text }
    }

    /// A problem at a byte offset of this file (columns count characters, not bytes).
    pub fn problem_at(&self, offset: usize, message: impl Into<String>) -> Problem {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Problem { file: self.path.clone(), line, column, message: one_line(message.into()) }
    }
}

/// The message with control characters escaped ("co\nke" stays on one line), since
/// messages quote the operator's own ids and words and `chatorder check` prints one
/// problem per line.
fn one_line(message: String) -> String {
    if !message.contains(char::is_control) {
        return message;
    }
    message.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let src = Source::new(Path::new("menu/a.toml"), "a = 1\nbé = 2\n".into());
        assert_eq!(src.problem_at(0, "x").to_string(), "menu/a.toml:1:1: x");
        assert_eq!(src.problem_at(6, "x").line, 2);
        // "bé = 2": the '=' is the 4th character but the 5th byte of the line.
        assert_eq!(src.problem_at(6 + 4, "x").column, 4);
    }
}
