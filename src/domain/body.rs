//! The bodies that file weekly reports.

use super::checkpoint::code_enum;

code_enum! {
    /// A reporting body; its official names are in the translation files
    /// (`body-…`) and in the `reporting_bodies` table.
    Body { Transport = "transport", Finance = "finance", BorderService = "border_service" }
}
