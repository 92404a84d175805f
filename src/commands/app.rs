//! Opening the full-screen app: home with no subcommand, `lab [ID]`, `sandbox`, and `quiz`
//! without `--plain`. Outside a terminal (a pipe, CI) or in one that cannot draw (`TERM=dumb`,
//! as in an editor's shell buffer) the caller gets the text overview or line mode instead, so
//! no escape codes land where they would show as garbage.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use super::{CommandError, Status, load_bank, open_store};
use crate::cli::{GlobalArgs, LabArgs, SandboxArgs};
use crate::clock::UtcOffset;
use crate::data::scenario::Scenario;
use crate::lab::log::TimelineSource;
use crate::lab::record::{LabRecord, OpenError, Setup};
use crate::tui::{self, Launch, screens::Target};

/// Where the app's input and output go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// A terminal that draws: the full-screen app runs.
    Capable,
    /// A terminal that says it cannot move the cursor or switch screens (`TERM=dumb`).
    Dumb,
    /// A pipe or a file at either end.
    None,
}

/// What standard input and output are connected to.
pub fn terminal() -> Terminal {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        Terminal::None
    } else if is_dumb(std::env::var_os("TERM").as_deref()) {
        Terminal::Dumb
    } else {
        Terminal::Capable
    }
}

/// Whether `TERM` names the terminal that has no cursor movement at all. An unset `TERM` is not
/// dumb: crossterm writes the standard sequences without looking it up.
fn is_dumb(term: Option<&OsStr>) -> bool {
    term == Some(OsStr::new("dumb"))
}

/// The one-line notice (on stderr) when `TERM=dumb` turns a full-screen command into `instead`.
pub fn dumb_notice(instead: &str) {
    eprintln!("mlops-lab: TERM=dumb cannot show the full-screen app; {instead}");
}

/// `mlops-lab` alone: the home screen in a terminal, the command overview otherwise.
pub fn home(
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    match terminal() {
        Terminal::Capable => open(global, offset, Target::Home, 42),
        Terminal::Dumb => {
            dumb_notice("here is the overview of the commands");
            super::overview(out)
        }
        Terminal::None => super::overview(out),
    }
}

/// `mlops-lab lab [ID]`: the lab player, or the list of labs.
pub fn lab(global: &GlobalArgs, offset: UtcOffset, args: &LabArgs) -> Result<Status, CommandError> {
    // A bad id or file is reported before the terminal is taken over, as `mlops-lab run` does.
    let lab = args
        .id
        .as_deref()
        .map(|id| check_lab(global, id))
        .transpose()?;
    let setup = Setup {
        seed: args.seed,
        timeline: args
            .incidents
            .as_deref()
            .map(|p| TimelineSource::read(p, args.student.as_deref()))
            .transpose()
            .map_err(CommandError::BadInput)?,
    };
    if let Some(lab) = &lab {
        // A timeline for another scenario, or options that clash with an unfinished run: said
        // here, before the terminal is taken over.
        let store = open_store(global)?;
        LabRecord::check(&store, lab, &setup, args.restart).map_err(|e| match e {
            OpenError::Setup(m) => CommandError::BadInput(m),
            OpenError::Store(e) => CommandError::from(e),
        })?;
    }
    let term = terminal();
    if args.plain || term != Terminal::Capable {
        let Some(lab) = lab else {
            return Err(CommandError::BadInput(
                "name the lab to play line by line, e.g. `mlops-lab lab first-pipeline --plain`; `mlops-lab progress` lists the labs".into(),
            ));
        };
        if term == Terminal::Dumb && !args.plain {
            dumb_notice("the lab plays line by line (--plain)");
        }
        let mut store = open_store(global)?;
        let options = super::lab_plain::PlainOptions {
            restart: args.restart,
            setup: &setup,
            prompt: term == Terminal::Capable || std::io::stdin().is_terminal(),
        };
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let (bank, _) = crate::content::load_shipped(&global.content)
            .map_err(|e| CommandError::BadInput(e.to_string()))?;
        return super::lab_plain::play(
            lab,
            &super::lab_plain::PlainContext {
                bank: &bank,
                target: args.id.as_deref().unwrap_or_default(),
            },
            &mut store,
            &crate::clock::SystemClock,
            options,
            &mut stdin.lock(),
            &mut stdout.lock(),
        );
    }
    let target = args
        .id
        .clone()
        .map_or(Target::Labs, |id| Target::Lab(id, setup));
    open(global, offset, target, 42)
}

/// `mlops-lab sandbox`: every knob of the World.
pub fn sandbox(
    global: &GlobalArgs,
    offset: UtcOffset,
    args: &SandboxArgs,
) -> Result<Status, CommandError> {
    let scenario = Scenario::named(&args.scenario).map_err(CommandError::BadInput)?;
    let timeline = match &args.incidents {
        Some(path) => {
            let (t, schedule) = crate::content::load_schedule(path, args.student.as_deref())
                .map_err(CommandError::BadInput)?;
            if t.scenario != scenario {
                return Err(CommandError::BadInput(format!(
                    "{}: the timeline is written for the {} scenario; start the sandbox with --scenario {}",
                    path.display(),
                    t.scenario.name(),
                    t.scenario.name()
                )));
            }
            crate::world::timeline::Schedule(schedule)
        }
        None => crate::world::timeline::Schedule::default(),
    };
    need_terminal("sandbox", "`mlops-lab run LAB` plays a lab headless")?;
    open(
        global,
        offset,
        Target::Sandbox {
            scenario,
            seed: args.seed,
            timeline,
        },
        args.seed,
    )
}

/// The playable lab `id` names (shipped, in a `--content` pack, or a lab file).
fn check_lab(global: &GlobalArgs, id: &str) -> Result<crate::content::Lab, CommandError> {
    match crate::content::find_lab(id, &global.content) {
        Ok(lab) => Ok(lab),
        Err(crate::content::LabError::Invalid(diags)) => {
            let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
            Err(CommandError::BadInput(format!(
                "lab {id} is invalid:\n{}",
                lines.join("\n")
            )))
        }
        Err(e) => Err(CommandError::BadInput(e.to_string())),
    }
}

fn need_terminal(command: &str, instead: &str) -> Result<(), CommandError> {
    match terminal() {
        Terminal::Capable => Ok(()),
        Terminal::Dumb => Err(CommandError::BadInput(format!(
            "`mlops-lab {command}` is full-screen and needs a terminal that can draw it, \
             not TERM=dumb; {instead}"
        ))),
        Terminal::None => Err(CommandError::BadInput(format!(
            "`mlops-lab {command}` is full-screen and needs a terminal; {instead}"
        ))),
    }
}

/// Starts the app at `target`, showing dates at `offset` (the learner's time zone).
pub fn open(
    global: &GlobalArgs,
    offset: UtcOffset,
    target: Target,
    seed: u64,
) -> Result<Status, CommandError> {
    let bank = load_bank(global)?;
    let store = open_store(global)?;
    let data_dir = store
        .path()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let no_color = global.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let ended = tui::run(Launch {
        bank,
        store,
        data_dir,
        no_color,
        target,
        seed,
        utc_offset: offset,
        present: global.present,
    })?;
    Ok(match ended {
        tui::Ended::Quit => Status::Success,
        tui::Ended::Signal(signal) => Status::Signalled(signal),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_term_dumb_is_dumb() {
        assert!(is_dumb(Some(OsStr::new("dumb"))));
        assert!(!is_dumb(Some(OsStr::new("xterm-256color"))));
        assert!(!is_dumb(Some(OsStr::new("screen"))));
        assert!(!is_dumb(None));
    }
}
