//! Workflows that span several aggregates, between `web/` and `db/`: the
//! pages and the API call these, so that each rule has one implementation.

pub mod overview;
pub mod reports;
pub mod shared;
