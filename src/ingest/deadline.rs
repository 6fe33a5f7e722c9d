//! A per-file time budget, checked cooperatively by the readers.
//!
//! [`crate::batch`] gives every file a deadline; the HTML, DOCX, PDF and
//! text readers (and the stages after them) call [`Deadline::check`] at
//! coarse intervals — between stages and every few thousand nodes, XML
//! events or content-stream operators — and stop with
//! [`IngestError::Timeout`] once it has passed. The work itself stops, so
//! no thread is ever left running behind a file that took too long.

use std::time::{Duration, Instant};

use super::IngestError;

/// When reading one file must stop (`None`: never).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deadline {
    at: Option<Instant>,
    /// The budget it was made from, for the message.
    budget: Duration,
}

impl Deadline {
    /// No deadline.
    pub const NONE: Deadline = Deadline {
        at: None,
        budget: Duration::ZERO,
    };

    /// `budget` from now.
    pub fn after(budget: Duration) -> Deadline {
        Deadline {
            at: Instant::now().checked_add(budget),
            budget,
        }
    }

    /// Has the deadline passed?
    pub fn passed(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }

    /// `Err(Timeout)` once the deadline has passed.
    pub fn check(&self) -> Result<(), IngestError> {
        if self.passed() {
            Err(IngestError::Timeout(self.budget))
        } else {
            Ok(())
        }
    }

    /// Like [`check`](Self::check), but reads the clock only every `every`-th
    /// call counted by `n` (for hot loops).
    #[inline]
    pub fn tick(&self, n: &mut u32, every: u32) -> Result<(), IngestError> {
        *n += 1;
        if *n >= every {
            *n = 0;
            self.check()
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_never_passes_and_zero_passes_at_once() {
        assert!(Deadline::NONE.check().is_ok());
        let d = Deadline::after(Duration::ZERO);
        assert_eq!(d.check(), Err(IngestError::Timeout(Duration::ZERO)));
        let mut n = 0;
        assert!(d.tick(&mut n, 3).is_ok());
        assert!(d.tick(&mut n, 3).is_ok());
        assert!(d.tick(&mut n, 3).is_err());
        assert!(Deadline::after(Duration::from_secs(3600)).check().is_ok());
    }
}
