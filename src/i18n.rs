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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The best of our languages for an `Accept-Language` header, by the
    /// header's q-values (a region such as `ru-KZ` counts as `ru`).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut offers: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q =
                    pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                let lang = Lang::parse(tag.split('-').next()?)?;
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map(|(_, _, lang)| *lang)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Kk => langid!("kk"),
            Lang::Ru => langid!("ru"),
            Lang::En => langid!("en"),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| "expected kk, ru or en".to_owned())
    }
}

/// Month names in the form a date uses (the genitive in Russian).
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// A number as a template holds it (by value or by reference), for the
/// helpers that format percents.
pub trait Figure {
    fn figure(&self) -> f64;
}

macro_rules! figure {
    ($($t:ty),*) => {$(impl Figure for $t {
        fn figure(&self) -> f64 {
            f64::from(*self)
        }
    })*};
}
figure!(u8, i16, u16, i32, u32, f32, f64);

impl<T: Figure + ?Sized> Figure for &T {
    fn figure(&self) -> f64 {
        (**self).figure()
    }
}

/// How many messages have been looked up since the start: the benchmark
/// reads it to tell what share of a page's time goes to translation.
pub static LOOKUPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

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

    pub fn language(&self) -> Lang {
        self.lang
    }

    /// A checkpoint's name in this language: Latin in English, Cyrillic in
    /// Russian, Kazakh (or else the Russian form) in Kazakh.
    pub fn name<'a>(&self, latin: &'a str, russian: &'a str, kazakh: &'a Option<String>) -> &'a str {
        match self.lang {
            Lang::En => latin,
            Lang::Ru => russian,
            Lang::Kk => kazakh.as_deref().unwrap_or(russian),
        }
    }

    /// A region (its code as `checkpoints.region` stores it) by its official
    /// name in this language (`locales/*/regions.ftl`); a region typed by
    /// hand before the list existed reads as typed, a blank one "unknown".
    pub fn region(&self, code: &Option<String>) -> String {
        code.as_deref().map_or_else(|| self.t("value-unknown"), |code| self.region_name(code))
    }

    /// Like [`Tr::region`] for a code that is there.
    pub fn region_name(&self, code: &str) -> String {
        self.lookup_or(&format!("region-{}", code.to_lowercase().replace(' ', "-")), code)
    }

    /// The other form of a checkpoint's name, shown beside it.
    pub fn other_name<'a>(&self, latin: &'a str, russian: &'a str) -> &'a str {
        match self.lang {
            Lang::En => russian,
            Lang::Ru | Lang::Kk => latin,
        }
    }

    /// A whole number with this language's thousands separator.
    pub fn number(&self, value: i64) -> String {
        self.decimal(value as f64, 0)
    }

    /// A number with `decimals` digits after this language's decimal mark:
    /// `15 400,5` in Kazakh and Russian, `15,400.5` in English.
    pub fn decimal(&self, value: f64, decimals: usize) -> String {
        let (group, mark) = match self.lang {
            Lang::En => (",", "."),
            // A no-break space, so that a number never wraps.
            Lang::Ru | Lang::Kk => ("\u{a0}", ","),
        };
        let text = format!("{:.*}", decimals, value.abs());
        let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
        let mut grouped = String::new();
        for (i, digit) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(digit);
        }
        let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
        if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{mark}{frac}") }
    }

    /// A percent: `70%` in English, `70 %` with a no-break space in Kazakh
    /// and Russian; one decimal when the value has a fraction (`62,5 %`).
    pub fn percent(&self, value: impl Figure) -> String {
        let value = value.figure();
        let number = self.decimal(value, if value.fract() == 0.0 { 0 } else { 1 });
        match self.lang {
            Lang::En => format!("{number}%"),
            Lang::Ru | Lang::Kk => format!("{number}\u{a0}%"),
        }
    }

    /// A change of a whole number, signed: `+5`, `−3` (a real minus, U+2212),
    /// `0` without a sign.
    pub fn signed(&self, change: i64) -> String {
        let number = self.number(change.abs());
        match change.signum() {
            1 => format!("+{number}"),
            -1 => format!("\u{2212}{number}"),
            _ => number,
        }
    }

    /// A change of a percent in percentage points: "+5 points", "−1 point",
    /// «+5 п. п.», «+5 т. п.»; "no change" when zero.
    pub fn points(&self, change: impl Figure) -> String {
        // Changes of percent are whole numbers.
        let change = change.figure().round() as i64;
        // The plural rules read the size of the change; the text shows its sign.
        self.args("report-percent-delta", [("delta", change.abs().into()), ("shown", self.signed(change).into())])
    }

    /// A date written out: "31 July 2026", "31 июля 2026 г.", "2026 жылғы 31 шілде".
    pub fn long_date(&self, date: &NaiveDate) -> String {
        use chrono::Datelike;
        let month = date.month0() as usize;
        match self.lang {
            Lang::En => date.format("%-d %B %Y").to_string(),
            Lang::Ru => format!("{} {} {} г.", date.day(), MONTHS_RU[month], date.year()),
            Lang::Kk => format!("{} жылғы {} {}", date.year(), date.day(), MONTHS_KK[month]),
        }
    }

    /// A reason for a date change as stored: people's reasons stay as typed;
    /// the few the system writes itself are shown in this language.
    pub fn reason(&self, stored: &str) -> String {
        match stored {
            "first plan" => self.t("reason-first-plan"),
            "milestone created" => self.t("reason-milestone-created"),
            "imported from the reference data set" => self.t("reason-reference-data"),
            _ => match stored.strip_prefix("imported from ") {
                Some(file) => self.arg("reason-imported", "file", file.to_owned()),
                None => stored.to_owned(),
            },
        }
    }

    /// A weekly deadline: "Friday 18:00", "пятница, 18:00", "жұма, 18:00".
    pub fn deadline(&self, deadline: &crate::domain::week::Deadline) -> String {
        const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        const RU: [&str; 7] = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"];
        const KK: [&str; 7] = ["дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі", "жексенбі"];
        let day = deadline.weekday().num_days_from_monday() as usize;
        let time = deadline.time().format("%H:%M");
        match self.lang {
            Lang::En => format!("{} {time}", EN[day]),
            Lang::Ru => format!("{}, {time}", RU[day]),
            Lang::Kk => format!("{}, {time}", KK[day]),
        }
    }

    /// An ISO week in running text with its dates: "week 48 of 2026 (23–29 Nov)",
    /// «48-я неделя 2026 г. (23.11–29.11)», «2026 жылғы 48-апта (23.11–29.11)»
    /// (the official forms, locales/GLOSSARY.md). URLs, form values, exports,
    /// the API and the command line keep `2026-W48`.
    pub fn week(&self, week: &crate::domain::week::IsoWeek) -> String {
        format!("{} ({})", self.week_short(week), self.week_dates(week))
    }

    /// An ISO week without its dates, for table cells and chart tables where
    /// space is short: "week 48 of 2026", «48-я неделя 2026 г.», «2026 жылғы 48-апта».
    pub fn week_short(&self, week: &crate::domain::week::IsoWeek) -> String {
        match self.lang {
            Lang::En => format!("week {} of {}", week.week(), week.year()),
            Lang::Ru => format!("{}-я неделя {} г.", week.week(), week.year()),
            Lang::Kk => format!("{} жылғы {}-апта", week.year(), week.week()),
        }
    }

    /// A week's Monday to Sunday: "23–29 Nov", "30 Nov–6 Dec", «23.11–29.11».
    fn week_dates(&self, week: &crate::domain::week::IsoWeek) -> String {
        use chrono::Datelike;
        let (monday, sunday) = (week.monday(), week.sunday());
        match self.lang {
            Lang::En if monday.month() == sunday.month() => {
                format!("{}\u{2013}{}", monday.day(), sunday.format("%-d %b"))
            }
            Lang::En => format!("{}\u{2013}{}", monday.format("%-d %b"), sunday.format("%-d %b")),
            Lang::Ru | Lang::Kk => format!("{}\u{2013}{}", monday.format("%d.%m"), sunday.format("%d.%m")),
        }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        LOOKUPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        LOCALES.lookup(&self.id, key)
    }

    /// The message `key` for a code, e.g. `code("status", "commissioned")`
    /// reads `status-commissioned`. Codes are stored untranslated.
    pub fn code(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{}", code.replace('_', "-")))
    }

    /// The message for a stored code such as `report.submit`, read as
    /// `{prefix}-report-submit`; the code itself when there is no message
    /// (an old entry, a field without a label), never an error.
    pub fn code_or_raw(&self, prefix: &str, code: &str) -> String {
        self.lookup_or(&format!("{prefix}-{}", code.replace(['.', '_'], "-")), code)
    }

    /// The message `key`, or `fallback` as it stands when there is none.
    fn lookup_or(&self, key: &str, fallback: &str) -> String {
        LOOKUPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        LOCALES.try_lookup(&self.id, key).unwrap_or_else(|| fallback.to_owned())
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
        LOOKUPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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

    /// The message `key` with a `count` argument (plural rules apply) and
    /// `shown`, the count written in this language's format (4 800).
    pub fn count(&self, key: &str, count: usize) -> String {
        let shown = self.number(count as i64);
        self.args(key, [("count", count.into()), ("shown", shown.into())])
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

    /// A date that is known to be set: `2026-07-31` in English, `31.07.2026`
    /// in Kazakh and Russian.
    pub fn day(&self, date: &NaiveDate) -> String {
        match self.lang {
            Lang::En => date.format("%Y-%m-%d").to_string(),
            Lang::Ru | Lang::Kk => date.format("%d.%m.%Y").to_string(),
        }
    }

    /// A timestamp in Kazakhstan's time zone.
    pub fn datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&crate::domain::dates::ZONE);
        match self.lang {
            Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
            Lang::Ru | Lang::Kk => local.format("%d.%m.%Y %H:%M").to_string(),
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
        assert_eq!(tr.count("checkpoints-count", 4800), "4,800 checkpoints");
        assert_eq!(Tr::new(Lang::Ru).count("checkpoints-count", 4800), "4\u{a0}800 пунктов пропуска");
    }

    #[test]
    fn formats_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 31).unwrap();
        let (kk, ru, en) = (Tr::new(Lang::Kk), Tr::new(Lang::Ru), Tr::new(Lang::En));
        assert_eq!(
            (kk.day(&d), ru.day(&d), en.day(&d)),
            ("31.07.2026".into(), "31.07.2026".into(), "2026-07-31".into())
        );
        assert_eq!(ru.long_date(&d), "31 июля 2026 г.");
        assert_eq!(kk.long_date(&d), "2026 жылғы 31 шілде");
        assert_eq!(en.long_date(&d), "31 July 2026");
        assert_eq!(ru.decimal(15400.5, 1), "15\u{a0}400,5");
        assert_eq!(kk.number(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(en.decimal(15400.5, 1), "15,400.5");
        assert_eq!(ru.number(-5), "-5");
        let w: crate::domain::week::IsoWeek = "2026-W05".parse().unwrap();
        assert_eq!(ru.week(&w), "5-я неделя 2026 г. (26.01\u{2013}01.02)");
        assert_eq!(kk.week(&w), "2026 жылғы 5-апта (26.01\u{2013}01.02)");
        assert_eq!(en.week(&w), "week 5 of 2026 (26 Jan\u{2013}1 Feb)");
        let w48: crate::domain::week::IsoWeek = "2026-W48".parse().unwrap();
        assert_eq!(en.week(&w48), "week 48 of 2026 (23\u{2013}29 Nov)");
        assert_eq!(ru.week(&w48), "48-я неделя 2026 г. (23.11\u{2013}29.11)");
        assert_eq!(kk.week(&w48), "2026 жылғы 48-апта (23.11\u{2013}29.11)");
        assert_eq!(en.week_short(&w48), "week 48 of 2026");
    }

    #[test]
    fn percents_and_their_changes() {
        let (kk, ru, en) = (Tr::new(Lang::Kk), Tr::new(Lang::Ru), Tr::new(Lang::En));
        assert_eq!(en.percent(70), "70%");
        assert_eq!(ru.percent(70), "70\u{a0}%");
        assert_eq!(kk.percent(62.5), "62,5\u{a0}%");
        assert_eq!(en.percent(62.5), "62.5%");
        assert_eq!((en.signed(5), en.signed(-3), en.signed(0)), ("+5".into(), "\u{2212}3".into(), "0".into()));
        assert_eq!(en.points(5), "+5 points");
        assert_eq!(en.points(1), "+1 point");
        assert_eq!(en.points(-1), "\u{2212}1 point");
        assert_eq!(en.points(-3), "\u{2212}3 points");
        assert_eq!(en.points(0), "no change");
        assert_eq!(ru.points(5), "+5 п. п.");
        assert_eq!(ru.points(-3), "\u{2212}3 п. п.");
        assert_eq!(kk.points(5), "+5 т. п.");
    }

    #[test]
    fn accept_language_picks_our_best_language() {
        assert_eq!(Lang::from_accept_language("ru-KZ,ru;q=0.9,en;q=0.8"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language("de, en;q=0.5, kk;q=0.7"), Some(Lang::Kk));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("kk;q=0, en"), Some(Lang::En));
    }

    #[test]
    fn codes_are_translated_by_key() {
        let tr = Tr::new(Lang::En);
        assert_eq!(tr.code("status", "in_reconstruction"), "In reconstruction");
        assert_eq!(tr.opt_code("border", &None), "Unknown");
    }
}
