//! What a reader asked to export: the query parameters of `/export/…`,
//! `/api/v1/…` and the export page's form, parsed once for all three.

use chrono::NaiveDate;
use serde::Deserialize;

use super::datasets::{Dataset, Period};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::checkpoint::BorderCountry;
use crate::domain::week::IsoWeek;

/// The query parameters as sent; every one optional, empty meaning unset.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Params {
    pub border: String,
    pub programme: String,
    pub status: String,
    pub body: String,
    pub checkpoint: String,
    pub from: String,
    pub to: String,
    /// `current` (the default) or `all`.
    pub revisions: String,
    /// `comma` (the default) or `semicolon`.
    pub delimiter: String,
    /// `1` for a UTF-8 byte order mark (for Excel).
    pub bom: String,
    /// The API's page: where the previous page ended, and its size.
    pub cursor: String,
    pub limit: String,
}

/// One end of a period: a week, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Week(IsoWeek),
    Day(NaiveDate),
}

impl Bound {
    fn parse(value: &str) -> Option<Bound> {
        let value = value.trim();
        if let Ok(week) = value.parse::<IsoWeek>() {
            return Some(Bound::Week(week));
        }
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
            .map(Bound::Day)
    }

    /// The week this bound falls in.
    pub fn week(self) -> IsoWeek {
        match self {
            Bound::Week(w) => w,
            Bound::Day(d) => IsoWeek::of_date(d),
        }
    }

    /// The first day it covers.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Bound::Week(w) => w.monday(),
            Bound::Day(d) => d,
        }
    }

    /// The last day it covers.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Bound::Week(w) => w.sunday(),
            Bound::Day(d) => d,
        }
    }
}

/// A valid request: filters that apply to the dataset, with typed values.
#[derive(Debug, Clone)]
pub struct Selection {
    pub dataset: &'static Dataset,
    pub border: Option<BorderCountry>,
    pub programme: Option<String>,
    pub status: Option<&'static str>,
    pub body: Option<Body>,
    pub checkpoint: Option<i64>,
    pub from: Option<Bound>,
    pub to: Option<Bound>,
    pub all_revisions: bool,
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileOptions {
    pub semicolon: bool,
    pub bom: bool,
}

/// The largest API page.
pub const MAX_LIMIT: i64 = 10_000;
/// The API's page when none is asked for.
pub const DEFAULT_LIMIT: i64 = 1_000;

fn set(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

impl Selection {
    /// Checks every parameter against the dataset. `programmes` are the
    /// known programme codes. A filter the dataset does not have is an
    /// error rather than silently ignored: the file would hold rows the
    /// reader meant to leave out.
    pub fn parse(dataset: &'static Dataset, params: &Params, programmes: &[String]) -> Result<Selection, FieldErrors> {
        let mut errors = FieldErrors::new();
        let f = &dataset.filters;
        let mut applies = |field: &'static str, value: &str, has: bool| -> bool {
            if set(value).is_some() && !has {
                errors.add(field, "export-filter-not-applicable");
                return false;
            }
            has
        };
        let border_on = applies("border", &params.border, f.border.is_some());
        let programme_on = applies("programme", &params.programme, f.programme.is_some());
        let status_on = applies("status", &params.status, f.status.is_some());
        let body_on = applies("body", &params.body, f.body.is_some());
        let checkpoint_on = applies("checkpoint", &params.checkpoint, f.checkpoint.is_some());
        let from_on = applies("from", &params.from, f.period.is_some());
        let to_on = applies("to", &params.to, f.period.is_some());

        let pick = |on: bool, value: &str| set(value).filter(|_| on).map(str::to_owned);
        let border = pick(border_on, &params.border).and_then(|v| {
            BorderCountry::parse(&v.to_ascii_uppercase()).or_else(|| {
                errors.add("border", "export-unknown-border");
                None
            })
        });
        let programme = pick(programme_on, &params.programme).and_then(|v| {
            programmes.iter().find(|p| **p == v).cloned().or_else(|| {
                errors.add("programme", "export-unknown-programme");
                None
            })
        });
        let status = pick(status_on, &params.status).and_then(|v| {
            let allowed = f.status.map_or(&[][..], |(_, values)| values);
            allowed.iter().copied().find(|s| *s == v).or_else(|| {
                errors.add("status", "export-unknown-status");
                None
            })
        });
        let body = pick(body_on, &params.body).and_then(|v| {
            Body::parse(&v).or_else(|| {
                errors.add("body", "export-unknown-body");
                None
            })
        });
        let checkpoint = pick(checkpoint_on, &params.checkpoint).and_then(|v| {
            v.parse::<i64>().ok().filter(|id| *id > 0).or_else(|| {
                errors.add("checkpoint", "export-bad-checkpoint");
                None
            })
        });
        let from = pick(from_on, &params.from).and_then(|v| {
            Bound::parse(&v).or_else(|| {
                errors.add("from", "export-bad-period");
                None
            })
        });
        let to = pick(to_on, &params.to).and_then(|v| {
            Bound::parse(&v).or_else(|| {
                errors.add("to", "export-bad-period");
                None
            })
        });
        if let (Some(a), Some(b)) = (from, to) {
            let reversed = match dataset.filters.period {
                Some(Period::Week(_)) => a.week() > b.week(),
                _ => a.first_day() > b.last_day(),
            };
            if reversed {
                errors.add("to", "export-period-reversed");
            }
        }
        let all_revisions = match set(&params.revisions) {
            None | Some("current") => false,
            Some("all") => true,
            Some(_) => {
                errors.add("revisions", "export-bad-revisions");
                false
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Selection {
            dataset,
            border,
            programme,
            status,
            body,
            checkpoint,
            from,
            to,
            all_revisions: all_revisions && dataset.by_revision,
        })
    }

    /// The filters as the audit trail and the API's answers record them.
    pub fn describe(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                map.insert(k.to_owned(), v.into());
            }
        };
        put("border", self.border.map(|b| b.as_str().to_owned()));
        put("programme", self.programme.clone());
        put("status", self.status.map(str::to_owned));
        put("body", self.body.map(|b| b.as_str().to_owned()));
        put("checkpoint", self.checkpoint.map(|c| c.to_string()));
        put("from", self.from.map(bound_text));
        put("to", self.to.map(bound_text));
        if self.dataset.by_revision {
            put("revisions", Some(if self.all_revisions { "all" } else { "current" }.to_owned()));
        }
        serde_json::Value::Object(map)
    }
}

fn bound_text(b: Bound) -> String {
    match b {
        Bound::Week(w) => w.to_string(),
        Bound::Day(d) => d.to_string(),
    }
}

impl FileOptions {
    pub fn parse(params: &Params) -> Result<FileOptions, FieldErrors> {
        let mut errors = FieldErrors::new();
        let semicolon = match set(&params.delimiter) {
            None | Some("comma") | Some(",") => false,
            Some("semicolon") | Some(";") => true,
            Some(_) => {
                errors.add("delimiter", "export-bad-delimiter");
                false
            }
        };
        let bom = match set(&params.bom) {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(_) => {
                errors.add("bom", "export-bad-bom");
                false
            }
        };
        if errors.is_empty() { Ok(FileOptions { semicolon, bom }) } else { Err(errors) }
    }
}

/// The API's page size: `limit`, within 1..=[`MAX_LIMIT`].
pub fn parse_limit(params: &Params) -> Result<i64, FieldErrors> {
    match set(&params.limit) {
        None => Ok(DEFAULT_LIMIT),
        Some(v) => v.parse::<i64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add("limit", "export-bad-limit");
            e
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::datasets::find;

    fn params(pairs: &[(&str, &str)]) -> Params {
        let query: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        serde_urlencoded::from_str(&query).unwrap()
    }

    #[test]
    fn weeks_and_days_both_bound_a_period() {
        let d = find("report_entries").unwrap();
        let s = Selection::parse(d, &params(&[("from", "2026-W05"), ("to", "2026-03-04")]), &[]).unwrap();
        assert_eq!(s.from.unwrap().week().to_string(), "2026-W05");
        assert_eq!(s.to.unwrap().week().to_string(), "2026-W10");
    }

    #[test]
    fn a_filter_the_dataset_lacks_is_an_error_not_ignored() {
        let errors = Selection::parse(find("checkpoints").unwrap(), &params(&[("from", "2026-W05")]), &[]).unwrap_err();
        assert_eq!(errors.get("from"), Some("export-filter-not-applicable"));
        let errors = Selection::parse(find("audit").unwrap(), &params(&[("border", "CN")]), &[]).unwrap_err();
        assert_eq!(errors.get("border"), Some("export-filter-not-applicable"));
    }

    #[test]
    fn bad_values_are_named() {
        let p = params(&[("border", "XX"), ("status", "green"), ("checkpoint", "-1"), ("to", "2026-W99")]);
        let errors = Selection::parse(find("report_entries").unwrap(), &p, &[]).unwrap_err();
        assert_eq!(errors.get("border"), Some("export-unknown-border"));
        assert_eq!(errors.get("status"), Some("export-unknown-status"));
        assert_eq!(errors.get("checkpoint"), Some("export-bad-checkpoint"));
        assert_eq!(errors.get("to"), Some("export-bad-period"));
        let errors =
            Selection::parse(find("reports").unwrap(), &params(&[("from", "2026-W10"), ("to", "2026-W09")]), &[])
                .unwrap_err();
        assert_eq!(errors.get("to"), Some("export-period-reversed"));
    }

    #[test]
    fn file_options() {
        assert_eq!(
            FileOptions::parse(&params(&[("delimiter", "semicolon"), ("bom", "1")])).unwrap(),
            FileOptions { semicolon: true, bom: true }
        );
        assert!(FileOptions::parse(&params(&[("delimiter", "tab")])).is_err());
        assert_eq!(parse_limit(&params(&[])).unwrap(), DEFAULT_LIMIT);
        assert!(parse_limit(&params(&[("limit", "0")])).is_err());
        assert!(parse_limit(&params(&[("limit", "10001")])).is_err());
    }
}
