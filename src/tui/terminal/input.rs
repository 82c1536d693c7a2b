//! Waiting for the terminal without trusting it to stay. crossterm reads
//! the terminal in a loop that never ends once the terminal has hung up
//! (every read returns 0 bytes), so the planner asks the kernel first:
//! crossterm reads only when there is input and the terminal is still
//! there.

use std::io;
use std::time::Duration;

/// What the terminal has for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Something to read.
    Ready,
    /// Nothing yet (or a signal interrupted the wait).
    Idle,
    /// The terminal hung up or input ended: nothing will ever come.
    Gone,
}

/// Waits up to `timeout` for input on stdin (the terminal crossterm reads).
#[cfg(unix)]
pub fn wait(timeout: Duration) -> io::Result<Input> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) => Ok(Input::Idle),
        Ok(_) => {
            let events = fds[0].revents();
            let closed = events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL);
            if closed || at_end_of_input(events) {
                Ok(Input::Gone)
            } else {
                Ok(Input::Ready)
            }
        }
        Err(e) if e == rustix::io::Errno::INTR => Ok(Input::Idle),
        Err(e) => Err(e.into()),
    }
}

/// Readable, but nothing to read: the other end closed (a pipe or file at
/// its end rather than a terminal). Checked without consuming input: a
/// terminal with bytes waiting reports how many.
#[cfg(unix)]
fn at_end_of_input(events: rustix::event::PollFlags) -> bool {
    use rustix::event::PollFlags;
    events.contains(PollFlags::IN)
        && rustix::io::ioctl_fionread(io::stdin()).is_ok_and(|waiting| waiting == 0)
}

/// Elsewhere crossterm's own wait is all there is.
#[cfg(not(unix))]
pub fn wait(timeout: Duration) -> io::Result<Input> {
    Ok(match ratatui::crossterm::event::poll(timeout)? {
        true => Input::Ready,
        false => Input::Idle,
    })
}
