//! What the learner means: one `Action` per intent, produced from keys by the keymap and from the
//! mouse by the event loop. Screens handle actions, never raw keys, so the help overlay, the
//! footer and the tests all speak the same language.

/// A user intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Move left (previous column, option or value).
    Left,
    /// Move right (next column, option or value).
    Right,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// To the first item.
    Top,
    /// To the last item.
    Bottom,
    /// Open, choose or confirm the selected item.
    Select,
    /// Leave the current screen or overlay.
    Back,
    /// Leave the app.
    Quit,
    /// Yes to the question on the status line (leave a running exam).
    Confirm,
    /// Give the terminal back to the shell and stop until `fg` (Ctrl-Z).
    Suspend,
    /// Open or close the help overlay.
    Help,
    /// Next pane (Tab).
    NextPane,
    /// Previous pane (Shift-Tab).
    PrevPane,
    /// Next tab of the active pane.
    NextTab,
    /// Previous tab of the active pane.
    PrevTab,
    /// Switch to the next colour theme (saved for next time).
    CycleTheme,
    /// Pick option N (1-based) of a question or menu.
    Pick(u8),
    /// Quiz: flag or unflag the current question for review.
    Flag,
    /// Quiz: open the review screen (all, unanswered, flagged).
    Review,
    /// Quiz: submit the answer; lab: run the check.
    Submit,
    /// Quiz: open a one-line note disputing the current question (stored for the pack's author).
    Dispute,
    /// Quiz: end the session and see the results.
    Finish,
    /// Next question, step or item.
    Next,
    /// Previous question, step or item.
    Prev,
    /// Class quiz: reveal the key and every option's explanation. Lab and sandbox in presenter
    /// mode: reveal the next event of the latest answer (in the lab, the next hint once every
    /// event is shown).
    Reveal,
    /// Lab and sandbox: turn presenter mode on or off (projector layout, high contrast).
    Present,
    /// Lab: reveal the next hint tier.
    Hint,
    /// Lab: run the current step's reference commands (its solution).
    Run,
    /// Lab: reset the whole lab.
    ResetLab,
    /// Sandbox and lab: advance the simulated clock one day.
    AdvanceDay,
    /// Advance the simulated clock seven days.
    AdvanceWeek,
    /// Advance the simulated clock thirty days.
    AdvanceMonth,
    /// Start typing in the screen's search or filter box.
    Search,
    /// Change the sort column of a table.
    Sort,
    /// Open the lab that shows the current question's concept.
    OpenLab,
    /// Home: choose the exam the learner prepares for (stored; screens default to it).
    ChooseExam,
    /// A typed character while a text box has the focus.
    Input(char),
    /// Delete the character before the cursor in a text box.
    Backspace,
    /// Delete the character under the cursor in a text box.
    Delete,
    /// Search the console's history (Ctrl-R while typing).
    HistorySearch,
    /// Lab and sandbox: open the command console.
    Console,
    /// A left click at a cell of the terminal.
    Click {
        /// Column, from 0 at the left.
        column: u16,
        /// Row, from 0 at the top.
        row: u16,
    },
    /// The mouse wheel turned up.
    ScrollUp,
    /// The mouse wheel turned down.
    ScrollDown,
}
