//! Accounts: roles, usernames and the password rule.

use serde::Deserialize;

use super::body::Body;
use super::checkpoint::{code_enum, parse_choice};
use super::errors::{FieldErrors, optional, refuse_nul};

code_enum! {
    /// What a person may do; see `auth::policy` for the rules.
    Role { Admin = "admin", PmOffice = "pm_office", MinistryStaff = "ministry_staff", Analyst = "analyst" }
}

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer inputs are refused before hashing, so hashing cannot be abused.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Checks the password rule; the message key says what is wrong.
pub fn check_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err("error-password-short")
    } else if password.len() > MAX_PASSWORD_BYTES {
        Err("error-too-long")
    } else {
        Ok(())
    }
}

/// Usernames are lower-case ASCII so that they are typed one way only.
pub fn parse_username(input: &str) -> Option<String> {
    let name = input.trim().to_lowercase();
    let valid_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    let first_ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (first_ok && (2..=63).contains(&name.len()) && name.chars().all(valid_char)).then_some(name)
}

/// The account form of the administration pages, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub body: String,
    /// A checkbox: present ("on") when ticked.
    pub active: Option<String>,
    pub password: String,
    pub version: String,
}

/// A valid account (the password is checked separately, on creation only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub body: Option<Body>,
    pub active: bool,
}

impl UserForm {
    /// `bodies` are the reporting-body codes that exist.
    pub fn parse(&self, bodies: &[String]) -> Result<UserInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("username", &self.username), ("display_name", &self.display_name)]);
        let username = parse_username(&self.username);
        if username.is_none() {
            errors.add("username", "error-username");
        }
        let display_name = self.display_name.trim().to_owned();
        if display_name.is_empty() {
            errors.add("display_name", "error-required");
        } else if display_name.chars().count() > super::checkpoint::MAX_NAME {
            errors.add("display_name", "error-too-long");
        }
        let role = parse_choice(&self.role, Role::parse, "role", &mut errors).flatten();
        if role.is_none() && self.role.trim().is_empty() {
            errors.add("role", "error-required");
        }
        let typed = optional(&self.body);
        let body = typed.as_deref().and_then(Body::parse).filter(|b| bodies.iter().any(|c| c == b.as_str()));
        if typed.is_some() && body.is_none() {
            errors.add("body", "error-invalid-choice");
        }
        match (role, &body) {
            (Some(Role::MinistryStaff), None) => errors.add("body", "error-body-required"),
            (Some(r), Some(_)) if r != Role::MinistryStaff => errors.add("body", "error-body-only-staff"),
            _ => {}
        }
        errors.into_result(|| UserInput {
            username: username.unwrap_or_default(),
            display_name,
            role: role.unwrap_or(Role::Analyst),
            body,
            active: self.active.is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rule() {
        assert_eq!(check_password("short"), Err("error-password-short"));
        assert_eq!(check_password("двенадцать12"), Ok(()), "counted in characters, not bytes");
        assert!(check_password(&"x".repeat(2000)).is_err());
    }

    #[test]
    fn usernames_are_normalised() {
        assert_eq!(parse_username(" A.Sauranbayev "), Some("a.sauranbayev".into()));
        assert_eq!(parse_username("ab"), Some("ab".into()));
        assert_eq!(parse_username("a"), None);
        assert_eq!(parse_username("имя"), None);
        assert_eq!(parse_username("-lead"), None);
    }

    #[test]
    fn staff_need_a_body_and_only_staff_have_one() {
        let bodies = vec!["transport".to_owned()];
        let form = UserForm {
            username: "u1".into(),
            display_name: "U".into(),
            role: "ministry_staff".into(),
            ..Default::default()
        };
        assert_eq!(form.parse(&bodies).unwrap_err().get("body"), Some("error-body-required"));
        let form = UserForm { role: "analyst".into(), body: "transport".into(), ..form };
        assert_eq!(form.parse(&bodies).unwrap_err().get("body"), Some("error-body-only-staff"));
        let form = UserForm { role: "ministry_staff".into(), active: Some("on".into()), ..form };
        let input = form.parse(&bodies).unwrap();
        assert_eq!((input.role, input.body, input.active), (Role::MinistryStaff, Some(Body::Transport), true));
    }
}
