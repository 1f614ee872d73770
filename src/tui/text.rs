//! One line of editable text with a cursor, and how pasted text is cleaned and cut.

/// One line of editable text with a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }
    fn byte(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }
    /// Length in characters.
    pub fn len(&self) -> usize {
        self.text.chars().count()
    }
    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }
    /// Insert at the cursor in one go (linear in the text, whatever its length).
    pub fn insert_str(&mut self, s: &str) {
        let at = self.byte(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
    }
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte(self.cursor);
        self.text.remove(at);
        true
    }
    pub fn delete(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte(self.cursor);
        self.text.remove(at);
        true
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.len();
    }
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
    /// Paste `s` at the cursor into a field of at most `limit` characters: control characters
    /// (a pasted newline too: it never submits) become spaces, and what does not fit is left
    /// out. Returns whether anything was left out.
    pub fn paste(&mut self, s: &str, limit: usize) -> bool {
        let room = limit.saturating_sub(self.len());
        let (clean, cut) = clean_paste(s, room);
        self.insert_str(&clean);
        cut
    }
}

/// Pasted text made one line: control characters become spaces, the ends are trimmed, and at
/// most `limit` characters are kept (the flag says some were not). Linear in the input, and it
/// stops reading once the limit is reached.
pub fn clean_paste(s: &str, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(s.len().min(limit * 4));
    let mut cut = false;
    let clean = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .skip_while(|c| c.is_whitespace());
    for (n, c) in clean.enumerate() {
        if n == limit {
            cut = true;
            break;
        }
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    if !cut {
        out.truncate(trimmed);
    }
    (out, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_input_edits_by_character_not_byte() {
        let mut t = TextInput::new("ковдра");
        t.left();
        t.backspace();
        assert_eq!(t.text, "ковда");
        t.home();
        t.insert('Т');
        t.delete();
        assert_eq!(t.text, "Товда");
        t.end();
        assert_eq!(t.cursor, 5);
    }

    #[test]
    fn a_paste_is_one_line_cut_at_the_limit_and_says_so() {
        let mut t = TextInput::new("Олена ");
        t.home();
        assert!(!t.paste("пані\n", 100));
        assert_eq!(t.text, "паніОлена ");
        assert_eq!(t.cursor, 4);
        let mut t = TextInput::default();
        let big = "ковдра\n".repeat(200_000);
        assert!(t.paste(&big, 2000));
        assert_eq!(t.len(), 2000);
        assert!(!t.text.contains('\n'));
        // A field already full takes nothing more.
        assert!(t.paste("x", 2000));
        assert_eq!(t.len(), 2000);
    }
}
