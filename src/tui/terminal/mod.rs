//! The terminal around the app: raw mode, the event loop, mouse, and a
//! headless renderer that draws the same frames as text.

mod effects;
mod input;
mod keep;
mod keys;

pub use effects::{carry_out_all, compare_against, step};
pub use keep::{app_on_file, start};

use crate::tui::app::keymap::{self, Context};
use crate::tui::app::popups::Popup;
use crate::tui::app::{Action, App, Mode};
use crate::tui::layout;
use crate::tui::views::{self, header};
use crate::tui::widgets::theme::Theme;
use input::Input;
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::EnterAlternateScreen;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Why the planner ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal, a hung-up terminal or the end of input stopped it; unsaved
    /// changes were kept in this file, if there were any.
    Stopped {
        /// What stopped it, in words.
        by: &'static str,
        /// Where the unsaved changes went.
        rescued: Option<PathBuf>,
    },
}

/// Runs the planner until the user quits or it is stopped. The terminal is
/// restored on quit, on error, on panic and when stopped; stopped with
/// unsaved changes, it keeps them beside the plan (see `session::rescue`)
/// and fails only when they could not be kept.
pub fn run(mut app: App) -> Result<Ended, TerminalError> {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(TerminalError::NotATerminal);
    }
    install_panic_hook();
    let (signals, mut reader) = Signals::register().map_err(TerminalError::Io)?;
    let mut terminal = init().map_err(TerminalError::Io)?;
    let result = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)
        .and_then(|()| event_loop(&mut terminal, &mut app, &signals, &mut reader));
    restore();
    if matches!(result, Ok(Loop::Stopped(TERMINAL_GONE))) {
        // Dropping it would try to show the cursor on a terminal that is
        // gone, and complain on stderr.
        std::mem::forget(terminal);
    }
    let stopped_by = match result.map_err(TerminalError::Io)? {
        Loop::Quit => {
            // Saved, or knowingly discarded: nothing left to recover.
            keep::forget_kept(&mut app);
            return Ok(Ended::Quit);
        }
        Loop::Stopped(by) => by,
    };
    // The copy in the data folder is offered at the next start; the one
    // beside the plan is for the user to find.
    let _ = keep::keep_if_due(&mut app);
    let rescued = match app.is_modified() {
        true => Some(
            crate::store::session::rescue(&app.plan, app.path.as_deref())
                .map_err(|e| TerminalError::Unrescued(stopped_by, e.to_string()))?,
        ),
        false => None,
    };
    Ok(Ended::Stopped {
        by: stopped_by,
        rescued,
    })
}

/// Why the planner could not run, or could not keep unsaved changes.
#[derive(Debug)]
pub enum TerminalError {
    /// stdin or stdout is not a terminal.
    NotATerminal,
    /// The terminal failed.
    Io(io::Error),
    /// Stopped (by what), and the unsaved changes could not be written (why).
    Unrescued(&'static str, String),
}

impl std::fmt::Display for TerminalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TerminalError::NotATerminal => f.write_str(
                "the planner needs a terminal (stdin and stdout); for text, use `inferplan report` or `inferplan render`",
            ),
            TerminalError::Io(e) => write!(f, "terminal error: {e}"),
            TerminalError::Unrescued(by, why) => {
                write!(f, "stopped by {by}; the unsaved changes could not be kept: {why}")
            }
        }
    }
}

/// What stops the planner when its terminal hangs up or its input ends.
const TERMINAL_GONE: &str = "the terminal closing";

/// How the event loop ended.
enum Loop {
    Quit,
    Stopped(&'static str),
}

/// The signals the planner heeds, as flags the event loop reads.
struct Signals {
    /// SIGTERM, SIGHUP or SIGINT (raw mode turns Ctrl-C into a key; these
    /// come from `kill` or a closed terminal).
    stop: Arc<AtomicBool>,
    /// SIGWINCH: the terminal changed size.
    resized: Arc<AtomicBool>,
    /// SIGTSTP (`kill -TSTP`), or Ctrl-z, which raw mode turns into a key.
    suspend: Arc<AtomicBool>,
}

impl Signals {
    /// The flags, and the reader of the terminal every signal also wakes
    /// (through a pipe the handlers write a byte to): a signal is served at
    /// once, however long the wait for a key.
    fn register() -> io::Result<(Self, input::Reader)> {
        let signals = Signals {
            stop: Arc::new(AtomicBool::new(false)),
            resized: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
        };
        let (wake, waker) = std::os::unix::net::UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register(signal, Arc::clone(&signals.stop))?;
        }
        signal_hook::flag::register(SIGWINCH, Arc::clone(&signals.resized))?;
        signal_hook::flag::register(SIGTSTP, Arc::clone(&signals.suspend))?;
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGWINCH, SIGTSTP] {
            signal_hook::low_level::pipe::register(signal, waker.try_clone()?)?;
        }
        Ok((signals, input::Reader::new(wake)))
    }
}

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    signals: &Signals,
    reader: &mut input::Reader,
) -> io::Result<Loop> {
    let theme = Theme::from_env();
    let size = terminal.size()?;
    step(app, Action::Resize(size.width, size.height));
    let mut clicks = Clicks::default();
    let mut first = true;
    while !app.should_quit {
        terminal.draw(|frame| views::render(frame, app, &theme))?;
        panic_if_asked();
        // The plan opened is remembered once it shows: nothing the first
        // frame does not need (two fsyncs) comes before it.
        if std::mem::take(&mut first)
            && let Some(path) = &app.path
        {
            crate::store::session::remember(path);
        }
        // Wake up on input, a signal, or now and then.
        loop {
            if signals.stop.load(Ordering::Relaxed) {
                return Ok(Loop::Stopped("a signal"));
            }
            if signals.suspend.swap(false, Ordering::Relaxed) {
                // A terminal closed while stopped ends the planner: what it
                // would take is kept before it stops.
                let _ = keep::keep_if_due(app);
                let resumed = suspend(terminal);
                if signals.stop.load(Ordering::Relaxed) {
                    return Ok(Loop::Stopped("a signal"));
                }
                if resumed.is_err() {
                    return Ok(Loop::Stopped(TERMINAL_GONE));
                }
                signals.resized.store(true, Ordering::Relaxed);
            }
            if signals.resized.swap(false, Ordering::Relaxed) {
                let size = terminal.size()?;
                step(app, Action::Resize(size.width, size.height));
                break;
            }
            match reader.wait(Duration::from_millis(250))? {
                // The start of a sequence: the reader waits for the rest.
                Input::Events(events) if events.is_empty() => {}
                Input::Events(events) => {
                    take_events(app, signals, &mut clicks, events);
                    break;
                }
                // A pause: keep a recovery copy of unsaved changes (off
                // the keystroke path). Say so if that fails.
                Input::Idle => {
                    if let Err(e) = keep::keep_if_due(app) {
                        let text = format!("unsaved changes cannot be kept for recovery: {e}");
                        if app.status.text != text {
                            app.status = crate::tui::app::Status {
                                text,
                                is_error: true,
                            };
                            break;
                        }
                    }
                }
                Input::Gone => return Ok(Loop::Stopped(TERMINAL_GONE)),
            }
        }
    }
    Ok(Loop::Quit)
}

/// Carries out what the terminal sent, all of it before the next frame.
fn take_events(app: &mut App, signals: &Signals, clicks: &mut Clicks, events: Vec<Event>) {
    let before = app.path.clone();
    for event in events {
        let mut actions = actions_for(app, event.clone());
        // A second click on a selected cell edits it.
        if clicks.double(&event, Instant::now())
            && matches!(actions.last(), Some(Action::SelectCell(..)))
        {
            actions.push(Action::Edit);
        }
        for action in actions {
            if action == Action::Suspend {
                signals.suspend.store(true, Ordering::Relaxed);
                return;
            }
            step(app, action);
        }
        if app.should_quit {
            break;
        }
    }
    if app.path != before
        && let Some(path) = &app.path
    {
        crate::store::session::remember(path);
    }
}

/// Gives the terminal back to the shell, its cursor shown, and stops, as
/// Ctrl-z does to any program; on `fg` (SIGCONT) takes it again and has the
/// next frame drawn whole (which hides the cursor again). Fails when the
/// terminal went away while stopped.
fn suspend(terminal: &mut Screen) -> io::Result<()> {
    restore();
    let _ = terminal.show_cursor();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    terminal.clear()
}

/// Undoes everything `run` set up: mouse capture, bracketed paste, raw mode,
/// the alternate screen, the hidden cursor.
/// Quietly: a terminal that has hung up cannot be restored, and saying so
/// to it helps no one.
fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
}

/// The terminal the planner draws on: every frame is gathered in one
/// buffer and written in one write when drawn (stdout alone would write
/// it in a line-buffered kilobyte at a time).
type Screen = Terminal<CrosstermBackend<io::BufWriter<io::Stdout>>>;

/// More than a full frame of a large terminal holds, styles and all.
const FRAME_BUFFER: usize = 256 * 1024;

/// Raw mode, the alternate screen, and a terminal over a buffered stdout.
fn init() -> io::Result<Screen> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    let out = io::BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    Terminal::new(CrosstermBackend::new(out))
}

/// A panic gives the terminal back before its message is printed: the
/// mouse and paste modes released, the cursor shown, the alternate screen
/// left and raw mode off.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            ratatui::crossterm::cursor::Show
        );
        let _ = ratatui::try_restore();
        previous(info);
    }));
}

/// No key makes the planner panic, so the test of the panic hook asks for
/// one: a debug build panics after its first frame when
/// `INFERPLAN_PANIC_FOR_TEST` is set. A release build has no such seam.
fn panic_if_asked() {
    #[cfg(debug_assertions)]
    if std::env::var_os("INFERPLAN_PANIC_FOR_TEST").is_some() {
        panic!("the panic INFERPLAN_PANIC_FOR_TEST asked for");
    }
}

/// Two presses of the left button on one place within this long are a
/// double click (crossterm reports single presses only).
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// The last press of the left button, to tell a double click.
#[derive(Debug, Default)]
struct Clicks {
    last: Option<(u16, u16, Instant)>,
}

impl Clicks {
    /// True when this event is the second press of a double click.
    fn double(&mut self, event: &Event, now: Instant) -> bool {
        let Event::Mouse(m) = event else {
            return false;
        };
        if m.kind != MouseEventKind::Down(MouseButton::Left) {
            return false;
        }
        let second = self.last.is_some_and(|(col, row, at)| {
            (col, row) == (m.column, m.row) && now.duration_since(at) <= DOUBLE_CLICK
        });
        // A third press starts over.
        self.last = (!second).then_some((m.column, m.row, now));
        second
    }
}

/// The actions a terminal event asks for in the app's current state.
pub fn actions_for(app: &App, event: Event) -> Vec<Action> {
    let context = app.mode.context();
    match event {
        Event::Key(key) => keymap::action_for(context, key).into_iter().collect(),
        Event::Resize(w, h) => vec![Action::Resize(w, h)],
        Event::Paste(text) if context == Context::Text => {
            vec![Action::Paste(
                text.chars().filter(|c| !c.is_control()).collect(),
            )]
        }
        Event::Mouse(mouse) => mouse_action(app, mouse).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn mouse_action(app: &App, mouse: MouseEvent) -> Option<Action> {
    let scroll = match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::MoveRows(1)),
        MouseEventKind::ScrollUp => Some(Action::MoveRows(-1)),
        _ => None,
    };
    match &app.mode {
        Mode::Normal | Mode::Popup(Popup::Picker(_)) if scroll.is_some() => return scroll,
        Mode::Normal => {}
        _ => return None,
    }
    if mouse.kind != MouseEventKind::Down(MouseButton::Left) {
        return None;
    }
    let areas = layout::areas_for_size(app.size, app.tab, app.rows_in_view());
    if mouse.row == areas.tabs.y {
        return header::tab_at(areas.tabs, mouse.column).map(Action::SelectTab);
    }
    let first = areas.first_data_row();
    let table = areas.table;
    if mouse.row >= first && mouse.row < table.bottom().saturating_sub(1) && mouse.column > table.x
    {
        let row = app.cursor().offset + usize::from(mouse.row - first);
        return Some(
            match crate::tui::views::table::column_at(app, table, mouse.column) {
                Some(col) => Action::SelectCell(row, col),
                None => Action::SelectRow(row),
            },
        );
    }
    None
}

/// Draws one frame of a tab at a size and returns it as plain text, one line
/// per row, trailing spaces trimmed: what `inferplan render` prints and what
/// the snapshot tests compare.
pub fn render_to_text(app: &App, width: u16, height: u16) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).expect("a test backend never fails");
    let mut app = app.clone();
    step(&mut app, Action::Resize(width, height));
    terminal
        .draw(|frame| views::render(frame, &app, &Theme { color: false }))
        .expect("a test backend never fails");
    buffer_text(terminal.backend().buffer())
}

/// A buffer's symbols as lines, trailing spaces trimmed.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let width = usize::from(buffer.area.width.max(1));
    let mut out = String::new();
    for row in buffer.content.chunks(width) {
        let line: String = row.iter().map(|c| c.symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(column: u16, row: u16) -> Event {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn two_quick_presses_on_one_place_are_a_double_click() {
        let mut clicks = Clicks::default();
        let t = Instant::now();
        assert!(!clicks.double(&press(10, 5), t));
        assert!(clicks.double(&press(10, 5), t + Duration::from_millis(200)));
        assert!(
            !clicks.double(&press(10, 5), t + Duration::from_millis(300)),
            "a third starts over"
        );
        assert!(
            !clicks.double(&press(11, 5), t + Duration::from_millis(400)),
            "elsewhere"
        );
        assert!(
            !clicks.double(&press(11, 5), t + Duration::from_millis(1000)),
            "too slow"
        );
    }
}
