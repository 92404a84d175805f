//! The dispute note: `!` opens a one-line box in place of the key hints; Enter stores the note
//! with the question's id (the same store table as `:report` in the plain quiz, listed by
//! `progress --disputes`), Esc drops it. The session goes on as it was either way.

use super::QuizScreen;
use crate::display;
use crate::store::MAX_NOTE_CHARS;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::screen::Outcome as Go;

/// Shown before the typed note.
const PROMPT: &str = "Dispute: ";

impl QuizScreen {
    /// Opens an empty note on the current question.
    pub(super) fn open_dispute(&mut self) {
        self.dispute = Some(String::new());
    }

    /// An action while the note has the focus: letters are text, Enter stores, Esc drops.
    pub(super) fn handle_dispute(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        let Some(note) = self.dispute.as_mut() else {
            return Go::Ignored;
        };
        match action {
            // Control and bidi characters could redraw the terminal when the note is listed.
            Action::Input(c) if display::is_unsafe(c) => return Go::Ignored,
            Action::Input(c) => {
                if note.chars().count() < MAX_NOTE_CHARS {
                    note.push(c);
                } else {
                    ctx.warn(format!(
                        "A note holds up to {MAX_NOTE_CHARS} characters: Enter stores it."
                    ));
                }
            }
            Action::Backspace => {
                note.pop();
            }
            Action::Submit => self.store_dispute(ctx),
            Action::Back => {
                self.dispute = None;
                ctx.tell("Dispute dropped: nothing was stored.");
            }
            _ => return Go::Ignored,
        }
        Go::Changed
    }

    fn store_dispute(&mut self, ctx: &mut Ctx) {
        let note = self
            .dispute
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned();
        if note.is_empty() {
            ctx.warn("Type what looks wrong first, or Esc to drop the note.");
            return;
        }
        let id = self.live.session().current().question.id.clone();
        match self.live.store().record_dispute(&id, &note, ctx.now()) {
            Ok(()) => {
                self.dispute = None;
                ctx.tell(format!(
                    "Dispute noted for {id}; `mlops-lab progress --disputes` lists it for the pack's author."
                ));
            }
            // The note stays in the box, so the learner can try again or copy it.
            Err(e) => ctx.warn(format!("The dispute was not stored: {e}")),
        }
    }

    /// The hint lines while the note is open: the end of the note that fits `width` columns
    /// (with a cursor), and what Enter and Esc do.
    pub(super) fn dispute_hint(&self, width: u16) -> Option<(String, String)> {
        let note = self.dispute.as_deref()?;
        let room = usize::from(width).saturating_sub(display::width(PROMPT) + 1);
        let mut tail: Vec<char> = Vec::new();
        let mut used = 0;
        for c in note.chars().rev() {
            let w = display::width(c.encode_utf8(&mut [0; 4]));
            if used + w > room {
                break;
            }
            used += w;
            tail.push(c);
        }
        let shown: String = tail.into_iter().rev().collect();
        let id = &self.live.session().current().question.id;
        Some((
            format!("{PROMPT}{shown}▏"),
            format!("Enter stores the note on {id} · Esc drops it"),
        ))
    }
}
