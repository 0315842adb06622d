//! The rules: role × permission. Route-level rules are declared next to each
//! route with an [`Access`]; row-level rules (a ministry's own reports) live
//! in the data layer's queries.

use crate::domain::user::Role;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not: the login page, health check, assets.
    Public,
    /// A signed-in account whose role has this permission.
    Signed(Permission),
    /// A personal API token (`Authorization: Bearer …`) of an account whose
    /// role has this permission. The API takes no session cookies (so it
    /// needs no CSRF token), and pages take no tokens.
    Token(Permission),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Any signed-in account (e.g. to log out).
    SignedIn,
    /// Read the register of checkpoints, milestones and planned dates.
    ReadRegister,
    /// Create and change checkpoints, milestones and planned dates.
    EditRegister,
    /// Create and change accounts.
    ManageUsers,
    /// Read the audit trail.
    ReadAudit,
    /// Read submitted weekly reports (and, for ministry staff, their own
    /// body's drafts: that row-level rule is in `db::reports`).
    ReadReports,
    /// Draft and submit weekly reports; the handler also requires the
    /// report's body to be the user's own.
    WriteReports,
    /// Review (or return) submitted reports.
    ReviewReports,
}

/// Whether `role` has `permission`.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        SignedIn | ReadRegister | ReadReports => true,
        EditRegister | ManageUsers => role == Role::Admin,
        ReadAudit | ReviewReports => matches!(role, Role::Admin | Role::PmOffice),
        WriteReports => role == Role::MinistryStaff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_change_the_register_and_accounts() {
        for role in Role::ALL {
            assert!(allows(*role, Permission::ReadRegister));
            assert_eq!(allows(*role, Permission::EditRegister), *role == Role::Admin);
            assert_eq!(allows(*role, Permission::ManageUsers), *role == Role::Admin);
        }
        assert!(allows(Role::PmOffice, Permission::ReadAudit));
        assert!(!allows(Role::Analyst, Permission::ReadAudit));
        assert!(!allows(Role::MinistryStaff, Permission::ReadAudit));
    }
}
