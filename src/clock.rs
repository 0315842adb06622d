//! "Now" comes from here, so tests can set it (deadline edges, future dates).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
    /// A time a test moves forward, e.g. past a deadline.
    Manual(Arc<RwLock<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(RwLock::new(at)))
    }

    /// Moves a manual clock; other clocks ignore it.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Manual(now) = self {
            *now.write().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
            Clock::Manual(now) => *now.read().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Today's date in Kazakhstan.
    pub fn today(&self) -> NaiveDate {
        crate::domain::dates::local_date(self.now())
    }
}
