//! The one translation layer: Fluent messages (with CLDR plural rules) from
//! `locales/`, compiled into the binary, and locale-aware formats.
//!
//! Templates reach it through a per-request [`Tr`]: `{{ tr.t("key") }}`.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around placeables would end up in attribute
        // values and CSV-like texts; our placeables are plain values.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages of the interface, in the order the switcher shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
        }
    }
}

/// Translations for one request's language.
#[derive(Debug, Clone)]
pub struct Tr {
    lang: Lang,
    id: LanguageIdentifier,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang, id: lang.id() }
    }

    /// The language code, for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.lang.code()
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.id, key)
    }

    /// The message `key` for a code, e.g. `code("status", "commissioned")`
    /// reads `status-commissioned`. Codes are stored untranslated.
    pub fn code(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{}", code.replace('_', "-")))
    }

    /// Like [`Tr::code`] for an optional code; blank reads `{prefix}-unknown`.
    pub fn opt_code(&self, prefix: &str, code: &Option<String>) -> String {
        self.code(prefix, code.as_deref().unwrap_or("unknown"))
    }

    /// The message `key` with one argument, e.g. a count for plural rules.
    pub fn arg(&self, key: &str, name: &'static str, value: impl Into<FluentValue<'static>>) -> String {
        self.args(key, [(name, value.into())])
    }

    /// The message `key` with named arguments.
    pub fn args<const N: usize>(&self, key: &str, args: [(&'static str, FluentValue<'static>); N]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.into_iter().map(|(name, value)| (Cow::Borrowed(name), value)).collect();
        LOCALES.lookup_with_args(&self.id, key, &args)
    }

    /// The message `key` with two string arguments.
    pub fn args2(&self, key: &str, name1: &'static str, value1: String, name2: &'static str, value2: String) -> String {
        self.args(key, [(name1, value1.into()), (name2, value2.into())])
    }

    /// A free-text value, or "not known" when blank.
    pub fn or_unknown(&self, value: &Option<String>) -> String {
        value.as_deref().map_or_else(|| self.t("value-unknown"), str::to_owned)
    }

    /// Like [`Tr::or_unknown`] for text stored as "" when blank.
    pub fn or_unknown_text(&self, value: &str) -> String {
        if value.trim().is_empty() { self.t("value-unknown") } else { value.to_owned() }
    }

    /// The message `key` with a `count` argument (plural rules apply).
    pub fn count(&self, key: &str, count: usize) -> String {
        self.arg(key, "count", count)
    }

    /// A date in this language's format; blank reads "not set".
    pub fn date(&self, date: &Option<NaiveDate>) -> String {
        match date {
            Some(d) => self.day(d),
            None => self.t("date-unknown"),
        }
    }

    /// A date held as ISO text (as forms carry it); blank reads "not set".
    pub fn date_text(&self, iso: &str) -> String {
        self.date(&iso.parse().ok())
    }

    /// A date that is known to be set.
    pub fn day(&self, date: &NaiveDate) -> String {
        match self.lang {
            Lang::En => date.format("%Y-%m-%d").to_string(),
        }
    }

    /// A timestamp in Kazakhstan's time zone.
    pub fn datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&crate::domain::dates::ZONE);
        match self.lang {
            Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_plurals() {
        let tr = Tr::new(Lang::En);
        assert_eq!(tr.count("checkpoints-count", 1), "1 checkpoint");
        assert_eq!(tr.count("checkpoints-count", 48), "48 checkpoints");
        assert_eq!(tr.count("checkpoints-count", 0), "0 checkpoints");
    }

    #[test]
    fn codes_are_translated_by_key() {
        let tr = Tr::new(Lang::En);
        assert_eq!(tr.code("status", "in_reconstruction"), "In reconstruction");
        assert_eq!(tr.opt_code("border", &None), "Unknown");
    }
}
