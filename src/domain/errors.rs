//! Field-by-field validation errors, as translation keys.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// Validation errors keyed by form field name; each value is a translation
/// key (see `locales/en/main.ftl`), so the same errors render in any language
/// and serialize to a JSON API body unchanged.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<Cow<'static, str>, &'static str>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error for `field`; the first error of a field wins.
    pub fn add(&mut self, field: impl Into<Cow<'static, str>>, message_key: &'static str) {
        self.0.entry(field.into()).or_insert(message_key);
    }

    /// The translation key of the error for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }

    /// Each field with its message key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.0.iter().map(|(field, key)| (field.as_ref(), *key))
    }

    /// Adds `other`'s errors; a field's first error still wins.
    pub fn extend(&mut self, other: FieldErrors) {
        for (field, key) in other.0 {
            self.0.entry(field).or_insert(key);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when no error was recorded.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value()) } else { Err(self) }
    }
}

/// Trims a form value; an empty result means "not given".
pub fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// PostgreSQL cannot store the NUL character in text: refuse it at the edge,
/// field by field, rather than fail in the database.
pub fn refuse_nul(errors: &mut FieldErrors, fields: &[(&'static str, &str)]) {
    for (field, value) in fields {
        if value.contains('\0') {
            errors.add(*field, "error-invalid-characters");
        }
    }
}
