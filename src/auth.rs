//! Who may do what. Every route is declared with an [`Access`] rule
//! (`web::routes`), enforced by [`session::enforce`] before its handler
//! runs; the rules themselves are in [`policy`].

pub mod csrf;
pub mod password;
pub mod policy;
pub mod session;

pub use policy::{Access, Permission};
pub use session::CurrentUser;
