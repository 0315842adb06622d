//! Who answers for what: each reporting body's accountable official and each
//! region's coordinator, appointed from a date (or the post left vacant from
//! a date). The forms' rules are here; the history is in `db::officials`.

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use super::body::Body;
use super::dates::parse_date;
use super::errors::{FieldErrors, refuse_nul};

/// The longest name accepted, in characters (the database checks it too).
pub const MAX_NAME: usize = 200;
/// The longest position accepted, in characters.
pub const MAX_POSITION: usize = 300;
/// No appointment of this programme predates it: an earlier date is a typo.
pub const FIRST_YEAR: i32 = 2020;

/// A post someone is appointed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Post {
    /// The official a reporting body's work answers through.
    Body(Body),
    /// The coordinator of a region, named as `checkpoints.region` names it.
    Region(String),
}

impl Post {
    /// Reads a form's choice: `body:transport` or `region:Zhambyl`.
    pub fn parse(value: &str) -> Option<Post> {
        match value.split_once(':')? {
            ("body", code) => Body::parse(code).map(Post::Body),
            ("region", name) => {
                let name = name.trim();
                (!name.is_empty()).then(|| Post::Region(name.to_owned()))
            }
            _ => None,
        }
    }

    /// The form value that [`Post::parse`] reads back.
    pub fn key(&self) -> String {
        match self {
            Post::Body(b) => format!("body:{b}"),
            Post::Region(r) => format!("region:{r}"),
        }
    }
}

/// Who holds a post from the appointment's date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Holder {
    pub name: String,
    /// Free text, e.g. "Chairman of the State Revenue Committee"; may be blank.
    pub position: String,
}

/// A valid appointment, ready to be recorded: `holder` is `None` when the
/// post becomes vacant from `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppointment {
    pub post: Post,
    pub holder: Option<Holder>,
    pub from: NaiveDate,
}

/// The appointment form as typed, kept as typed to show it back with errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AppointmentForm {
    pub post: String,
    pub name: String,
    pub position: String,
    pub from: String,
}

/// The vacancy form as typed. Its fields have names of their own, so that
/// both forms can stand on one page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VacancyForm {
    pub vacant_post: String,
    pub vacant_from: String,
}

impl AppointmentForm {
    /// The appointment, or the error beside each field. `today` is the date
    /// in Kazakhstan; `posts` are the posts the form offers.
    pub fn parse(&self, today: NaiveDate, posts: &[Post]) -> Result<NewAppointment, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("name", &self.name), ("position", &self.position), ("from", &self.from)]);
        let post = parse_post(&mut errors, "post", &self.post, posts);
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("name", "error-required");
        } else if name.chars().count() > MAX_NAME {
            errors.add("name", "error-too-long");
        }
        let position = self.position.trim();
        if position.chars().count() > MAX_POSITION {
            errors.add("position", "error-too-long");
        }
        let from = parse_from(&mut errors, "from", &self.from, today);
        errors.into_result(|| NewAppointment {
            post: post.expect("no error, so a post"),
            holder: Some(Holder { name: name.to_owned(), position: position.to_owned() }),
            from: from.expect("no error, so a date"),
        })
    }
}

impl VacancyForm {
    /// The vacancy, or the error beside each field (as [`AppointmentForm::parse`]).
    pub fn parse(&self, today: NaiveDate, posts: &[Post]) -> Result<NewAppointment, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("vacant_from", &self.vacant_from)]);
        let post = parse_post(&mut errors, "vacant_post", &self.vacant_post, posts);
        let from = parse_from(&mut errors, "vacant_from", &self.vacant_from, today);
        errors.into_result(|| NewAppointment {
            post: post.expect("no error, so a post"),
            holder: None,
            from: from.expect("no error, so a date"),
        })
    }
}

fn parse_post(errors: &mut FieldErrors, field: &'static str, value: &str, posts: &[Post]) -> Option<Post> {
    if value.trim().is_empty() {
        errors.add(field, "error-required");
        return None;
    }
    let post = Post::parse(value).filter(|p| posts.contains(p));
    if post.is_none() {
        errors.add(field, "error-invalid-choice");
    }
    post
}

/// The first date an appointment may take effect from `today`'s point of
/// view, and the last: none before 2020, none more than a year ahead.
pub fn from_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("a valid date");
    let last = today.checked_add_months(Months::new(12)).unwrap_or(today);
    (first, last)
}

fn parse_from(errors: &mut FieldErrors, field: &'static str, value: &str, today: NaiveDate) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "error-required");
        return None;
    }
    let Some(date) = parse_date(value) else {
        errors.add(field, "error-invalid-date");
        return None;
    };
    let (first, last) = from_range(today);
    if date < first || date > last {
        errors.add(field, "error-official-from-range");
        return None;
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn posts() -> Vec<Post> {
        vec![Post::Body(Body::Finance), Post::Body(Body::Transport), Post::Region("Zhambyl".into())]
    }

    fn form(post: &str, name: &str, position: &str, from: &str) -> AppointmentForm {
        AppointmentForm { post: post.into(), name: name.into(), position: position.into(), from: from.into() }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn posts_are_read_back_from_their_keys() {
        for post in posts() {
            assert_eq!(Post::parse(&post.key()), Some(post));
        }
        assert_eq!(Post::parse("body:ministry"), None);
        assert_eq!(Post::parse("region:  "), None);
        assert_eq!(Post::parse("transport"), None);
        assert_eq!(Post::parse("region:Алматы облысы"), Some(Post::Region("Алматы облысы".into())));
    }

    #[test]
    fn an_appointment_keeps_cyrillic_exactly_and_trims_around_it() {
        let parsed = form(
            "body:finance",
            "  Ерлан Қайратұлы Ёлкин ",
            " Председатель Комитета государственных доходов ",
            "31.07.2026",
        )
        .parse(today(), &posts())
        .unwrap();
        assert_eq!(parsed.post, Post::Body(Body::Finance));
        let holder = parsed.holder.unwrap();
        assert_eq!(holder.name, "Ерлан Қайратұлы Ёлкин");
        assert_eq!(holder.position, "Председатель Комитета государственных доходов");
        assert_eq!(parsed.from, date(2026, 7, 31));
        let blank_position = form("region:Zhambyl", "Ivanov", "", "2026-01-05").parse(today(), &posts()).unwrap();
        assert_eq!(blank_position.holder.unwrap().position, "", "the position is optional");
    }

    #[test]
    fn each_field_gets_its_own_error() {
        let errors = form("", " ", "", "").parse(today(), &posts()).unwrap_err();
        assert_eq!(errors.get("post"), Some("error-required"));
        assert_eq!(errors.get("name"), Some("error-required"));
        assert_eq!(errors.get("from"), Some("error-required"));
        assert_eq!(errors.get("position"), None);
        let errors = form("body:border_service", "A", "", "soon").parse(today(), &posts()).unwrap_err();
        assert_eq!(errors.get("post"), Some("error-invalid-choice"), "not one of the posts offered");
        assert_eq!(errors.get("from"), Some("error-invalid-date"));
        let nul = form("body:finance", "A\0", "", "2026-01-01").parse(today(), &posts()).unwrap_err();
        assert_eq!(nul.get("name"), Some("error-invalid-characters"));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let ok = form("body:finance", &"Ё".repeat(MAX_NAME), &"я".repeat(MAX_POSITION), "2026-01-01");
        assert!(ok.parse(today(), &posts()).is_ok());
        let long = form("body:finance", &"Ё".repeat(MAX_NAME + 1), &"я".repeat(MAX_POSITION + 1), "2026-01-01");
        let errors = long.parse(today(), &posts()).unwrap_err();
        assert_eq!(errors.get("name"), Some("error-too-long"));
        assert_eq!(errors.get("position"), Some("error-too-long"));
    }

    #[test]
    fn the_date_is_neither_before_2020_nor_more_than_a_year_ahead() {
        let from = |d: &str| form("body:finance", "A", "", d).parse(today(), &posts()).map(|a| a.from);
        assert_eq!(from("2020-01-01"), Ok(date(2020, 1, 1)));
        assert_eq!(from("2027-12-02"), Ok(date(2027, 12, 2)), "a year ahead, to the day");
        for bad in ["2019-12-31", "2027-12-03", "2099-01-01"] {
            assert_eq!(from(bad).unwrap_err().get("from"), Some("error-official-from-range"), "{bad}");
        }
    }

    #[test]
    fn a_vacancy_needs_a_post_and_a_date_only() {
        let vacancy = VacancyForm { vacant_post: "region:Zhambyl".into(), vacant_from: " 01.12.2026 ".into() };
        assert_eq!(
            vacancy.parse(today(), &posts()),
            Ok(NewAppointment { post: Post::Region("Zhambyl".into()), holder: None, from: date(2026, 12, 1) })
        );
        let errors = VacancyForm::default().parse(today(), &posts()).unwrap_err();
        assert_eq!(errors.get("vacant_post"), Some("error-required"));
        assert_eq!(errors.get("vacant_from"), Some("error-required"));
        let early = VacancyForm { vacant_post: "body:finance".into(), vacant_from: "2001-01-01".into() };
        assert_eq!(early.parse(today(), &posts()).unwrap_err().get("vacant_from"), Some("error-official-from-range"));
    }
}
