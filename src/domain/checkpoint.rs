//! A checkpoint of the register and the rules for its fields.

use chrono::NaiveDate;
use serde::Deserialize;

use super::dates::parse_optional_date;
use super::errors::{FieldErrors, optional, refuse_nul};

/// Declares a closed set of codes stored as text: `as_str` is the stored and
/// exported code, `parse` the only way in, `ALL` the order shown to users.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code.trim() { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        // The API's description (`web::openapi`): a string, one of the codes.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        // Stored as its code in a `text` column (with a `check` listing the
        // codes), so that queries bind and read the enum, never a string.
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&str as sqlx::Decode<'r, sqlx::Postgres>>::decode(value)?;
                $name::parse(code).ok_or_else(|| format!("unknown {} code {code:?}", stringify!($name)).into())
            }
        }

        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// The neighbour across the border, as an ISO 3166 code.
    BorderCountry { China = "CN", Uzbekistan = "UZ", Turkmenistan = "TM", Russia = "RU", Kyrgyzstan = "KG" }
}

code_enum! {
    /// What traffic a checkpoint serves.
    CheckpointKind { Road = "road", Passenger = "passenger" }
}

code_enum! {
    /// Where a checkpoint is in its reconstruction.
    LifecycleStatus {
        Planned = "planned",
        InReconstruction = "in_reconstruction",
        Commissioned = "commissioned",
        Suspended = "suspended",
        Unknown = "unknown",
    }
}

/// A checkpoint form as typed: every field a string, so that bad input comes
/// back to the user unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CheckpointForm {
    pub name_en: String,
    pub name_ru: String,
    /// Optional: blank shows the Russian name in Kazakh.
    pub name_kk: String,
    pub border_country: String,
    pub region: String,
    pub kind: String,
    pub programme: String,
    pub status: String,
    pub planned_commissioning: String,
    pub actual_commissioning: String,
    pub responsible_body: String,
    pub notes: String,
    pub sources: String,
    pub version: String,
}

/// A valid checkpoint. The planned commissioning date is only taken on
/// creation (as the baseline); later changes go through a date revision.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointInput {
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub border_country: Option<BorderCountry>,
    pub region: Option<String>,
    pub kind: Option<CheckpointKind>,
    pub programme: Option<String>,
    pub status: LifecycleStatus,
    pub planned_commissioning: Option<NaiveDate>,
    pub actual_commissioning: Option<NaiveDate>,
    pub responsible_body: Option<String>,
    pub notes: String,
    pub sources: String,
}

/// The codes that exist in the database, to validate references against.
#[derive(Debug, Clone, Default)]
pub struct KnownCodes {
    pub programmes: Vec<String>,
    pub bodies: Vec<String>,
    pub regions: Vec<super::region::Region>,
}

/// Longest free-text field we accept, in characters.
pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 10_000;

impl CheckpointForm {
    /// Parses the form; `today` is the current date in Kazakhstan.
    pub fn parse(&self, known: &KnownCodes, today: NaiveDate) -> Result<CheckpointInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(
            &mut errors,
            &[
                ("name_en", &self.name_en),
                ("name_ru", &self.name_ru),
                ("name_kk", &self.name_kk),
                ("region", &self.region),
                ("notes", &self.notes),
                ("sources", &self.sources),
            ],
        );
        let name_en = self.name_en.trim().to_owned();
        let name_ru = self.name_ru.trim().to_owned();
        for (field, value) in [("name_en", &name_en), ("name_ru", &name_ru)] {
            if value.is_empty() {
                errors.add(field, "error-required");
            } else if value.chars().count() > MAX_NAME {
                errors.add(field, "error-too-long");
            }
        }
        let border_country = parse_choice(&self.border_country, BorderCountry::parse, "border_country", &mut errors);
        let kind = parse_choice(&self.kind, CheckpointKind::parse, "kind", &mut errors);
        let status = parse_choice(&self.status, LifecycleStatus::parse, "status", &mut errors);
        let programme = optional(&self.programme);
        if programme.as_ref().is_some_and(|p| !known.programmes.contains(p)) {
            errors.add("programme", "error-invalid-choice");
        }
        let responsible_body = optional(&self.responsible_body);
        if responsible_body.as_ref().is_some_and(|b| !known.bodies.contains(b)) {
            errors.add("responsible_body", "error-invalid-choice");
        }
        let name_kk = optional(&self.name_kk);
        if name_kk.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME) {
            errors.add("name_kk", "error-too-long");
        }
        // A form sends the code; a file may give any of the official names.
        let region = optional(&self.region).and_then(|typed| {
            let code = super::region::resolve(&known.regions, &typed);
            if code.is_none() {
                errors.add("region", "error-invalid-choice");
            }
            code.map(str::to_owned)
        });
        let planned_commissioning = parse_date_field(&self.planned_commissioning, "planned_commissioning", &mut errors);
        let actual_commissioning = parse_date_field(&self.actual_commissioning, "actual_commissioning", &mut errors);
        if actual_commissioning.is_some_and(|d| d > today) {
            errors.add("actual_commissioning", "error-date-in-future");
        }
        for (field, value) in [("notes", &self.notes), ("sources", &self.sources)] {
            if value.chars().count() > MAX_TEXT {
                errors.add(field, "error-too-long");
            }
        }
        errors.into_result(|| CheckpointInput {
            name_en,
            name_ru,
            name_kk,
            border_country: border_country.flatten(),
            region,
            kind: kind.flatten(),
            programme,
            status: status.flatten().unwrap_or(LifecycleStatus::Unknown),
            planned_commissioning,
            actual_commissioning,
            responsible_body,
            notes: self.notes.trim().to_owned(),
            sources: self.sources.trim().to_owned(),
        })
    }
}

/// Parses an optional choice: blank is `Some(None)`, an unknown code records
/// an error and gives `None`.
pub(crate) fn parse_choice<T>(
    value: &str,
    parse: fn(&str) -> Option<T>,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Option<T>> {
    if value.trim().is_empty() {
        return Some(None);
    }
    match parse(value) {
        Some(v) => Some(Some(v)),
        None => {
            errors.add(field, "error-invalid-choice");
            None
        }
    }
}

pub(crate) fn parse_date_field(value: &str, field: &'static str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    parse_optional_date(value).unwrap_or_else(|_| {
        errors.add(field, "error-invalid-date");
        None
    })
}

/// Parses the optimistic-lock version a form carries.
pub fn parse_version(value: &str) -> Option<i32> {
    value.trim().parse().ok().filter(|v| *v > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownCodes {
        KnownCodes {
            programmes: vec!["eaeu_internal".into()],
            bodies: vec!["transport".into()],
            regions: vec![crate::domain::region::Region::code_only("Zhambyl")],
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn valid_form() -> CheckpointForm {
        CheckpointForm {
            name_en: " Kordai ".into(),
            name_ru: "Кордай".into(),
            border_country: "KG".into(),
            kind: "road".into(),
            programme: "eaeu_internal".into(),
            status: "commissioned".into(),
            region: "zhambyl".into(),
            actual_commissioning: "31.07.2021".into(),
            responsible_body: "transport".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_parses_and_trims() {
        let input = valid_form().parse(&known(), today()).unwrap();
        assert_eq!(input.name_en, "Kordai");
        assert_eq!(input.border_country, Some(BorderCountry::Kyrgyzstan));
        assert_eq!(input.region.as_deref(), Some("Zhambyl"), "the code as stored");
        assert_eq!(input.status, LifecycleStatus::Commissioned);
        assert_eq!(input.actual_commissioning, NaiveDate::from_ymd_opt(2021, 7, 31));
    }

    #[test]
    fn blanks_stay_unknown() {
        let form = CheckpointForm { name_en: "X".into(), name_ru: "Х".into(), ..Default::default() };
        let input = form.parse(&known(), today()).unwrap();
        assert_eq!(input.border_country, None);
        assert_eq!(input.kind, None);
        assert_eq!(input.status, LifecycleStatus::Unknown);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let form = CheckpointForm {
            name_en: "  ".into(),
            border_country: "KZ".into(),
            programme: "nope".into(),
            region: "Zhambylskaya".into(),
            actual_commissioning: "2026-11-27".into(),
            planned_commissioning: "tomorrow".into(),
            ..valid_form()
        };
        let errors = form.parse(&known(), today()).unwrap_err();
        assert_eq!(errors.get("name_en"), Some("error-required"));
        assert_eq!(errors.get("region"), Some("error-invalid-choice"));
        assert_eq!(errors.get("border_country"), Some("error-invalid-choice"));
        assert_eq!(errors.get("programme"), Some("error-invalid-choice"));
        assert_eq!(errors.get("actual_commissioning"), Some("error-date-in-future"));
        assert_eq!(errors.get("planned_commissioning"), Some("error-invalid-date"));
        assert_eq!(errors.len(), 6);
    }

    #[test]
    fn codes_round_trip() {
        for s in LifecycleStatus::ALL {
            assert_eq!(LifecycleStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(BorderCountry::parse("kz"), None);
    }
}
