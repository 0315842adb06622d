//! Validated types and pure rules. Nothing here knows about HTTP or SQL.

pub mod body;
pub mod checkpoint;
pub mod dates;
pub mod errors;
pub mod milestone;
pub mod officials;
pub mod programme;
pub mod region;
pub mod report;
pub mod review;
pub mod status;
pub mod throttle;
pub mod token_expiry;
pub mod user;
pub mod week;

pub use errors::FieldErrors;
