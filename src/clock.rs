//! "Now" comes from here, so tests can set it (deadline edges, future dates).

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }

    /// Today's date in Kazakhstan.
    pub fn today(&self) -> NaiveDate {
        crate::domain::dates::local_date(self.now())
    }
}
