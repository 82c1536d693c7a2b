//! Reading the terminal without trusting it to stay: one poll(2) on the
//! terminal and on the pipe the signal handlers write to, level-triggered,
//! so no event source can lose its readiness; the bytes go to our own
//! parser (`keys`). A signal wakes the wait at once; a terminal that hung
//! up (or input that ended) is seen as such, never read in a loop.

use super::keys::Parser;
use ratatui::crossterm::event::Event;
use std::io;
use std::time::Duration;

/// What the terminal had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Events read (none, when the bytes so far start one unfinished).
    Events(Vec<Event>),
    /// Nothing came within the wait, or a signal woke it.
    Idle,
    /// The terminal hung up or input ended: nothing will ever come.
    Gone,
}

/// How long an unfinished sequence (a lone Esc) waits for the rest of it.
/// Terminals send a sequence in one write; a person's next key is slower.
pub const SEQUENCE_WAIT: Duration = Duration::from_millis(25);

/// The terminal's input, and the pipe signals wake it through.
#[cfg(unix)]
pub struct Reader {
    parser: Parser,
    wake: std::os::unix::net::UnixStream,
}

#[cfg(unix)]
impl Reader {
    /// Reads stdin; `wake` is the reading end of the signals' pipe.
    pub fn new(wake: std::os::unix::net::UnixStream) -> Self {
        Reader {
            parser: Parser::default(),
            wake,
        }
    }

    /// Waits up to `timeout` for input (less while a sequence is unfinished,
    /// which is then read as it stands), or a signal.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Input> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let stdin = io::stdin();
        let held = self.parser.waiting();
        let wait = if held {
            timeout.min(SEQUENCE_WAIT)
        } else {
            timeout
        };
        let mut fds = [
            PollFd::new(&stdin, PollFlags::IN),
            PollFd::new(&self.wake, PollFlags::IN),
        ];
        let timespec = Timespec {
            tv_sec: wait.as_secs() as _,
            tv_nsec: wait.subsec_nanos() as _,
        };
        match poll(&mut fds, Some(&timespec)) {
            Ok(0) if held => Ok(Input::Events(self.parser.flush())),
            Ok(0) => Ok(Input::Idle),
            Ok(_) => {
                let (input, woken) = (fds[0].revents(), fds[1].revents());
                if !woken.is_empty() {
                    self.drain_wake();
                }
                if input.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
                    && !input.contains(PollFlags::IN)
                {
                    return Ok(Input::Gone);
                }
                if input.contains(PollFlags::IN) {
                    return self.read_stdin();
                }
                Ok(Input::Idle)
            }
            Err(e) if e == rustix::io::Errno::INTR => Ok(Input::Idle),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes waiting, as events; none at all is the end of input.
    fn read_stdin(&mut self) -> io::Result<Input> {
        let mut buf = [0u8; 4096];
        match rustix::io::read(io::stdin(), &mut buf) {
            Ok(0) => Ok(Input::Gone),
            Ok(n) => Ok(Input::Events(self.parser.feed(&buf[..n]))),
            Err(e) if e == rustix::io::Errno::INTR || e == rustix::io::Errno::AGAIN => {
                Ok(Input::Idle)
            }
            // A terminal that went away mid-read.
            Err(e) if e == rustix::io::Errno::IO => Ok(Input::Gone),
            Err(e) => Err(e.into()),
        }
    }

    /// Empties the signals' pipe (its bytes only say "look at the flags").
    fn drain_wake(&self) {
        use std::io::Read;
        let mut sink = [0u8; 64];
        while let Ok(n) = (&self.wake).read(&mut sink) {
            if n < sink.len() {
                break;
            }
        }
    }
}
