//! Charts as SVG, drawn on the server so that they work without JavaScript
//! and print: a checkpoint's reported percent per week (`trend`), its
//! milestone timeline (`gantt`) and the programme's S-curve (`s_curve`).
//!
//! The drawing functions are pure: data and already translated text in, an
//! SVG string out; every text is escaped here. Each chart has `role="img"`,
//! a `<title>` and a `<desc>` named by `aria-labelledby`, axis labels and a
//! legend; meaning never rests on colour (dashes, markers and legend text
//! carry it), so a black-and-white print reads the same. The `viewBox` keeps
//! the proportions and `width="100%"` fits a 390 px phone. The `*_view`
//! functions add the translations and the same figures as a table (the
//! partial `checkpoints/charts.html` shows both).
//!
//! How the S-curve's "planned" line is derived is documented on
//! [`crate::db::progress::programme_curve`] and in `docs/CHARTS.md`.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::db::progress::ProgrammeWeek;
use crate::domain::status::Forecast;
use crate::domain::week::IsoWeek;
use crate::i18n::Tr;

/// The drawing's width in user units (the `viewBox`); it scales to its box.
const WIDTH: f64 = 360.0;
const FONT: &str = "11";
/// A plot area's margins: room for the y labels on the left and the x
/// labels, the axis title and the legend below.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 12.0;
/// The furthest a forecast is drawn beyond the last report: a nearly flat
/// trend would otherwise squash every point against the left axis.
const FORECAST_HORIZON_DAYS: i64 = 730;

/// Escapes text for SVG (XML) content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The texts every chart carries.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub title: String,
    pub desc: String,
    pub x_axis: String,
    pub y_axis: String,
    /// Said in the plot when there is nothing to draw.
    pub empty: String,
}

/// A date axis from `start` to `end` over `[x0, x1]`; dates outside are
/// drawn at the nearer edge.
#[derive(Debug, Clone, Copy)]
struct DateScale {
    start: NaiveDate,
    end: NaiveDate,
    x0: f64,
    x1: f64,
}

impl DateScale {
    /// A scale covering `dates`, a week wider on each side; a single day or
    /// no date at all gets a span around it (or around `fallback`).
    fn covering(dates: impl IntoIterator<Item = NaiveDate>, fallback: NaiveDate, x0: f64, x1: f64) -> DateScale {
        let (mut start, mut end) = (None::<NaiveDate>, None::<NaiveDate>);
        for d in dates {
            start = Some(start.map_or(d, |s| s.min(d)));
            end = Some(end.map_or(d, |e| e.max(d)));
        }
        let (start, end) = (start.unwrap_or(fallback), end.unwrap_or(fallback));
        let pad = chrono::Duration::days(7);
        DateScale {
            start: start.checked_sub_signed(pad).unwrap_or(start),
            end: end.checked_add_signed(pad).unwrap_or(end),
            x0,
            x1,
        }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        let at = (date - self.start).num_days() as f64 / span;
        self.x0 + at.clamp(0.0, 1.0) * (self.x1 - self.x0)
    }

    /// `n` (at least 2) dates spread evenly over the axis, for its tick labels.
    fn ticks(&self, n: i64) -> Vec<NaiveDate> {
        let span = (self.end - self.start).num_days();
        (0..n).map(|i| self.start + chrono::Duration::days(span * i / (n - 1))).collect()
    }
}

/// A percent axis, 0 at `bottom` and 100 at `top`; values are clamped.
fn y_of(percent: f64, top: f64, bottom: f64) -> f64 {
    bottom - percent.clamp(0.0, 100.0) / 100.0 * (bottom - top)
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// `<svg>`, its title and description.
fn open(id: &str, height: f64, labels: &Labels) -> String {
    let id = escape(id);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{id}" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" font-size="{FONT}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        w = WIDTH,
        h = n(height),
        title = escape(&labels.title),
        desc = escape(&labels.desc),
    )
}

/// The percent axis (0, 25, 50, 75, 100 with grid lines), the date axis with
/// its ticks, and both axis titles.
/// Without `day` (no dates at all) the date axis has no ticks.
fn axes(
    out: &mut String,
    scale: &DateScale,
    top: f64,
    bottom: f64,
    labels: &Labels,
    day: Option<&dyn Fn(NaiveDate) -> String>,
) {
    let _ = write!(out, r##"<g class="axes" stroke="#000" fill="none">"##);
    let _ = write!(out, r#"<line x1="{x}" y1="{t}" x2="{x}" y2="{b}"/>"#, x = n(scale.x0), t = n(top), b = n(bottom));
    let _ =
        write!(out, r#"<line x1="{a}" y1="{b}" x2="{z}" y2="{b}"/>"#, a = n(scale.x0), z = n(scale.x1), b = n(bottom));
    out.push_str("</g>");
    let _ = write!(out, r##"<g class="grid" stroke="#bbb" stroke-width="0.5" fill="none">"##);
    for p in [25.0, 50.0, 75.0, 100.0] {
        let y = n(y_of(p, top, bottom));
        let _ = write!(out, r#"<line x1="{a}" y1="{y}" x2="{z}" y2="{y}"/>"#, a = n(scale.x0), z = n(scale.x1));
    }
    out.push_str("</g>");
    let _ = write!(out, r##"<g class="tick-labels" fill="#000">"##);
    for p in [0.0, 50.0, 100.0] {
        let y = y_of(p, top, bottom) + 4.0;
        let _ = write!(out, r#"<text x="{x}" y="{y}" text-anchor="end">{p}</text>"#, x = n(scale.x0 - 4.0), y = n(y));
    }
    // Three ticks: four dates overlap on a phone.
    let ticks = if day.is_some() { scale.ticks(3) } else { Vec::new() };
    for (i, date) in ticks.into_iter().enumerate() {
        let anchor = ["start", "middle", "end"][i];
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="{anchor}">{t}</text>"#,
            x = n(scale.x(date)),
            y = n(bottom + 13.0),
            t = escape(&day.map(|f| f(date)).unwrap_or_default())
        );
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r##"<text class="axis-label" x="{x}" y="{y}" text-anchor="middle" fill="#000">{t}</text>"##,
        x = n((scale.x0 + scale.x1) / 2.0),
        y = n(bottom + 27.0),
        t = escape(&labels.x_axis)
    );
    let _ = write!(
        out,
        r##"<text class="axis-label" transform="rotate(-90)" x="{x}" y="11" text-anchor="middle" fill="#000">{t}</text>"##,
        x = n(-(top + bottom) / 2.0),
        t = escape(&labels.y_axis)
    );
}

/// The "nothing to show" text in the middle of the plot.
fn empty(out: &mut String, scale: &DateScale, top: f64, bottom: f64, text: &str) {
    let _ = write!(
        out,
        r##"<text class="empty" x="{x}" y="{y}" text-anchor="middle" fill="#000">{t}</text>"##,
        x = n((scale.x0 + scale.x1) / 2.0),
        y = n((top + bottom) / 2.0),
        t = escape(text)
    );
}

/// How a series is drawn: line dashes and marker shape, so that print in
/// black and white keeps them apart.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// Solid line, filled circles.
    Solid,
    /// Dashed line, open squares.
    Dashed,
    /// Dotted line, no markers (a projection).
    Dotted,
}

impl Mark {
    fn dash(self) -> &'static str {
        match self {
            Mark::Solid => "",
            Mark::Dashed => r#" stroke-dasharray="6 3""#,
            Mark::Dotted => r#" stroke-dasharray="2 3""#,
        }
    }

    fn marker(self, out: &mut String, x: f64, y: f64) {
        let _ = match self {
            Mark::Solid => write!(out, r##"<circle cx="{}" cy="{}" r="2.5" fill="#000"/>"##, n(x), n(y)),
            Mark::Dashed => {
                write!(
                    out,
                    r##"<rect x="{}" y="{}" width="5" height="5" fill="#fff" stroke="#000"/>"##,
                    n(x - 2.5),
                    n(y - 2.5)
                )
            }
            Mark::Dotted => Ok(()),
        };
    }
}

/// A series as lines between known points (a gap breaks the line) with a
/// marker on each point.
fn series(out: &mut String, class: &str, points: &[Option<(f64, f64)>], mark: Mark) {
    let _ = write!(out, r#"<g class="series {class}">"#);
    for run in points.split(|p| p.is_none()) {
        let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
        if run.len() > 1 {
            let coords: Vec<String> = run.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect();
            let _ = write!(
                out,
                r##"<polyline points="{}" fill="none" stroke="#000" stroke-width="1.5"{}/>"##,
                coords.join(" "),
                mark.dash()
            );
        }
        for (x, y) in run {
            mark.marker(out, x, y);
        }
    }
    out.push_str("</g>");
}

/// One legend entry per `(mark, text)`, one a line below the plot.
fn legend(out: &mut String, top: f64, entries: &[(Mark, &str)]) {
    out.push_str(r#"<g class="legend">"#);
    for (i, (mark, text)) in entries.iter().enumerate() {
        let y = top + 14.0 * i as f64;
        let _ = write!(
            out,
            r##"<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="#000" stroke-width="1.5"{d}/>"##,
            a = n(LEFT),
            b = n(LEFT + 24.0),
            y = n(y),
            d = mark.dash()
        );
        mark.marker(out, LEFT + 12.0, y);
        let _ = write!(
            out,
            r##"<text x="{x}" y="{y}" fill="#000">{t}</text>"##,
            x = n(LEFT + 30.0),
            y = n(y + 4.0),
            t = escape(text)
        );
    }
    out.push_str("</g>");
}

/// Texts of the trend chart beyond [`Labels`].
#[derive(Debug, Clone, Default)]
pub struct TrendText {
    pub labels: Labels,
    pub reported: String,
    pub forecast: String,
}

/// A checkpoint's reported percent per week (`points`: the day each value
/// stands for, usually its week's Sunday, and the percent), with the
/// forecast line from the last point to 100 % on `forecast`, if given.
pub fn trend(
    id: &str,
    points: &[(NaiveDate, u8)],
    forecast: Option<NaiveDate>,
    text: &TrendText,
    day: &dyn Fn(NaiveDate) -> String,
) -> String {
    let (top, bottom) = (TOP, 150.0);
    let last = points.iter().max_by_key(|(d, _)| *d).copied();
    // A forecast only makes sense from the last point, and not beyond the horizon.
    let forecast = last.zip(forecast).map(|((from, percent), to)| {
        let horizon = from + chrono::Duration::days(FORECAST_HORIZON_DAYS);
        if to <= horizon {
            (from, percent, to, 100.0)
        } else {
            // Cut at the horizon, at the height the line has there.
            let share = FORECAST_HORIZON_DAYS as f64 / (to - from).num_days() as f64;
            (from, percent, horizon, f64::from(percent) + (100.0 - f64::from(percent)) * share)
        }
    });
    let dates = points.iter().map(|(d, _)| *d).chain(forecast.map(|f| f.2));
    let fallback = points.first().map_or(NaiveDate::MIN, |p| p.0);
    let scale = DateScale::covering(dates, fallback, LEFT, WIDTH - RIGHT);
    let mut entries = vec![(Mark::Solid, text.reported.as_str())];
    if forecast.is_some() {
        entries.push((Mark::Dotted, text.forecast.as_str()));
    }
    let height = bottom + 40.0 + 14.0 * entries.len() as f64;
    let mut out = open(id, height, &text.labels);
    if points.is_empty() {
        axes(&mut out, &scale, top, bottom, &text.labels, None);
        empty(&mut out, &scale, top, bottom, &text.labels.empty);
    } else {
        axes(&mut out, &scale, top, bottom, &text.labels, Some(day));
        let mut sorted = points.to_vec();
        sorted.sort_by_key(|(d, _)| *d);
        let xy: Vec<_> = sorted.iter().map(|(d, p)| Some((scale.x(*d), y_of(f64::from(*p), top, bottom)))).collect();
        series(&mut out, "reported", &xy, Mark::Solid);
        if let Some((from, percent, to, reach)) = forecast {
            let line = [
                Some((scale.x(from), y_of(f64::from(percent), top, bottom))),
                Some((scale.x(to), y_of(reach, top, bottom))),
            ];
            series(&mut out, "forecast", &line, Mark::Dotted);
        }
    }
    legend(&mut out, bottom + 44.0, &entries);
    out.push_str("</svg>");
    out
}

/// A planned span: start and finish, either may be unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
}

/// One milestone on the timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GanttRow {
    pub label: String,
    /// The first plan ever recorded.
    pub baseline: Span,
    /// The plan in force.
    pub current: Span,
    pub actual_finish: Option<NaiveDate>,
}

/// Texts of the timeline beyond [`Labels`].
#[derive(Debug, Clone, Default)]
pub struct GanttText {
    pub labels: Labels,
    pub baseline: String,
    pub current: String,
    pub actual: String,
    /// The vertical line's label: "today" or "as of …".
    pub today: String,
}

const ROW: f64 = 26.0;
const LABEL_CHARS: usize = 18;

/// A label cut to fit the label column; the full text stays in the row's `<title>`.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// The milestone timeline: per milestone its baseline span (a thin dashed
/// outline), its current span (a solid bar; a diamond outline when only the
/// finish is known) and its actual finish (a filled diamond), with a dashed
/// vertical line at `today` (the as-of instant's day in an as-of view).
pub fn gantt(
    id: &str,
    rows: &[GanttRow],
    today: NaiveDate,
    text: &GanttText,
    day: &dyn Fn(NaiveDate) -> String,
) -> String {
    let x0 = 128.0;
    let top = TOP + 12.0;
    let bottom = top + ROW * rows.len().max(1) as f64;
    let dates = rows
        .iter()
        .flat_map(|r| [r.baseline.start, r.baseline.finish, r.current.start, r.current.finish, r.actual_finish])
        .flatten()
        .chain([today]);
    let scale = DateScale::covering(dates, today, x0, WIDTH - RIGHT);
    let height = bottom + 34.0 + 14.0 * 4.0;
    let mut out = open(id, height, &text.labels);

    // The date axis and its title; the rows are the other axis.
    let _ = write!(
        out,
        r##"<g class="axes" stroke="#000"><line x1="{a}" y1="{b}" x2="{z}" y2="{b}"/><line x1="{a}" y1="{t}" x2="{a}" y2="{b}"/></g>"##,
        a = n(x0),
        z = n(scale.x1),
        b = n(bottom),
        t = n(top)
    );
    out.push_str(r##"<g class="tick-labels" fill="#000">"##);
    // Three ticks: the plot beside the labels is narrow on a phone.
    for (i, date) in scale.ticks(3).into_iter().enumerate() {
        let anchor = ["start", "middle", "end"][i];
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="{anchor}">{t}</text>"#,
            x = n(scale.x(date)),
            y = n(bottom + 13.0),
            t = escape(&day(date))
        );
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r##"<text class="axis-label" x="{x}" y="{y}" text-anchor="middle" fill="#000">{t}</text>"##,
        x = n((x0 + scale.x1) / 2.0),
        y = n(bottom + 27.0),
        t = escape(&text.labels.x_axis)
    );
    let _ = write!(
        out,
        r##"<text class="axis-label" x="4" y="{y}" fill="#000" font-weight="bold">{t}</text>"##,
        y = n(TOP + 4.0),
        t = escape(&text.labels.y_axis)
    );

    if rows.is_empty() {
        let _ = write!(
            out,
            r##"<text class="empty" x="4" y="{y}" fill="#000">{t}</text>"##,
            y = n(top + ROW / 2.0 + 4.0),
            t = escape(&text.labels.empty)
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        let _ = write!(out, r#"<g class="milestone"><title>{}</title>"#, escape(&row.label));
        let _ = write!(
            out,
            r##"<text x="4" y="{y}" fill="#000">{t}</text>"##,
            y = n(y + ROW / 2.0 + 4.0),
            t = escape(&short(&row.label))
        );
        // Baseline: a thin dashed outline in the upper part of the row.
        match (row.baseline.start, row.baseline.finish) {
            (Some(s), Some(f)) => {
                let (a, b) = (scale.x(s.min(f)), scale.x(s.max(f)));
                let _ = write!(
                    out,
                    r##"<rect class="baseline" x="{x}" y="{y}" width="{w}" height="5" fill="none" stroke="#000" stroke-dasharray="3 2"/>"##,
                    x = n(a),
                    y = n(y + 4.0),
                    w = n((b - a).max(1.0))
                );
            }
            (s, f) => {
                if let Some(d) = f.or(s) {
                    let _ = write!(
                        out,
                        r##"<line class="baseline" x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#000" stroke-dasharray="3 2"/>"##,
                        x = n(scale.x(d)),
                        a = n(y + 2.0),
                        b = n(y + 11.0)
                    );
                }
            }
        }
        // Current plan: a solid bar below.
        match (row.current.start, row.current.finish) {
            (Some(s), Some(f)) => {
                let (a, b) = (scale.x(s.min(f)), scale.x(s.max(f)));
                let _ = write!(
                    out,
                    r##"<rect class="current" x="{x}" y="{y}" width="{w}" height="8" fill="#666" stroke="#000"/>"##,
                    x = n(a),
                    y = n(y + 12.0),
                    w = n((b - a).max(1.0))
                );
            }
            (s, f) => {
                if let Some(d) = f.or(s) {
                    diamond(&mut out, "current", scale.x(d), y + 16.0, "#fff");
                }
            }
        }
        if let Some(d) = row.actual_finish {
            diamond(&mut out, "actual", scale.x(d), y + 16.0, "#000");
        }
        out.push_str("</g>");
    }
    // Today (or the as-of day): a dashed vertical line, named at its top.
    let tx = scale.x(today);
    let _ = write!(
        out,
        r##"<g class="today"><line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#000" stroke-width="1.5" stroke-dasharray="5 3"/><text x="{x}" y="{ty}" text-anchor="{anchor}" fill="#000">{t}</text></g>"##,
        x = n(tx),
        a = n(top - 2.0),
        b = n(bottom),
        ty = n(top - 4.0),
        anchor = if tx > (x0 + scale.x1) / 2.0 { "end" } else { "start" },
        t = escape(&text.today)
    );

    // Legend: one entry a line.
    let ly = bottom + 44.0;
    out.push_str(r#"<g class="legend">"#);
    let _ = write!(
        out,
        r##"<rect x="{x}" y="{y}" width="24" height="5" fill="none" stroke="#000" stroke-dasharray="3 2"/>"##,
        x = n(LEFT),
        y = n(ly - 3.0)
    );
    let _ = write!(
        out,
        r##"<rect x="{x}" y="{y}" width="24" height="8" fill="#666" stroke="#000"/>"##,
        x = n(LEFT),
        y = n(ly + 14.0 - 4.0)
    );
    diamond(&mut out, "actual", LEFT + 12.0, ly + 28.0, "#000");
    let _ = write!(
        out,
        r##"<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#000" stroke-width="1.5" stroke-dasharray="5 3"/>"##,
        x = n(LEFT + 12.0),
        a = n(ly + 36.0),
        b = n(ly + 46.0)
    );
    for (i, t) in [&text.baseline, &text.current, &text.actual, &text.today].into_iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{x}" y="{y}" fill="#000">{t}</text>"##,
            x = n(LEFT + 30.0),
            y = n(ly + 14.0 * i as f64 + 4.0),
            t = escape(t)
        );
    }
    out.push_str("</g></svg>");
    out
}

fn diamond(out: &mut String, class: &str, x: f64, y: f64, fill: &str) {
    let _ = write!(
        out,
        r##"<path class="{class}" d="M{} {}l4 4l-4 4l-4 -4z" fill="{fill}" stroke="#000"/>"##,
        n(x),
        n(y - 4.0)
    );
}

/// Texts of the S-curve beyond [`Labels`].
#[derive(Debug, Clone, Default)]
pub struct SCurveText {
    pub labels: Labels,
    pub planned: String,
    pub reported: String,
}

/// One week of an S-curve: the day it stands for, planned and reported percent.
pub type CurvePoint = (NaiveDate, Option<f64>, Option<f64>);

/// The programme's S-curve: per week (the day it stands for) the planned
/// and the reported mean percent (`None`: nothing to average that week).
pub fn s_curve(id: &str, points: &[CurvePoint], text: &SCurveText, day: &dyn Fn(NaiveDate) -> String) -> String {
    let (top, bottom) = (TOP, 170.0);
    let fallback = points.first().map_or(NaiveDate::MIN, |p| p.0);
    let scale = DateScale::covering(points.iter().map(|p| p.0), fallback, LEFT, WIDTH - RIGHT);
    let entries = [(Mark::Dashed, text.planned.as_str()), (Mark::Solid, text.reported.as_str())];
    let mut out = open(id, bottom + 40.0 + 14.0 * entries.len() as f64, &text.labels);
    let nothing = points.iter().all(|p| p.1.is_none() && p.2.is_none());
    if points.is_empty() {
        axes(&mut out, &scale, top, bottom, &text.labels, None);
    } else {
        axes(&mut out, &scale, top, bottom, &text.labels, Some(day));
    }
    if nothing {
        empty(&mut out, &scale, top, bottom, &text.labels.empty);
    } else {
        let mut sorted = points.to_vec();
        sorted.sort_by_key(|p| p.0);
        let planned: Vec<_> = sorted.iter().map(|p| p.1.map(|v| (scale.x(p.0), y_of(v, top, bottom)))).collect();
        let reported: Vec<_> = sorted.iter().map(|p| p.2.map(|v| (scale.x(p.0), y_of(v, top, bottom)))).collect();
        series(&mut out, "planned", &planned, Mark::Dashed);
        series(&mut out, "reported", &reported, Mark::Solid);
    }
    legend(&mut out, bottom + 44.0, &entries);
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------- with the page's words

/// A chart ready for a page: the SVG and the same figures as a table.
#[derive(Debug, Clone)]
pub struct ChartView {
    pub id: String,
    pub svg: String,
    /// The `<details>` summary of the table.
    pub summary: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn day_in(tr: &Tr) -> impl Fn(NaiveDate) -> String + '_ {
    move |d| tr.day(&d)
}

fn percent(tr: &Tr, value: f64) -> String {
    tr.percent(value)
}

/// A checkpoint's trend of reported percent (one value per week, see
/// `domain::status::forecast` for which figure a week takes) and its forecast.
pub fn trend_view(tr: &Tr, series: &[(IsoWeek, u8)], forecast: Forecast) -> ChartView {
    let reached = match forecast {
        Forecast::On(date) => Some(date),
        _ => None,
    };
    let desc = match (series.last(), reached) {
        (None, _) => tr.t("chart-trend-empty"),
        (Some((week, p)), Some(date)) => tr.args(
            "chart-trend-desc-forecast",
            [
                ("weeks", series.len().into()),
                ("week", tr.week(week).into()),
                ("percent", i64::from(*p).into()),
                ("date", tr.day(&date).into()),
            ],
        ),
        (Some((week, p)), None) => tr.args(
            "chart-trend-desc",
            [("weeks", series.len().into()), ("week", tr.week(week).into()), ("percent", i64::from(*p).into())],
        ),
    };
    let text = TrendText {
        labels: Labels {
            title: tr.t("chart-trend-title"),
            desc,
            x_axis: tr.t("chart-axis-week"),
            y_axis: tr.t("chart-axis-percent"),
            empty: tr.t("chart-trend-empty"),
        },
        reported: tr.t("chart-legend-reported"),
        forecast: tr.t("chart-legend-forecast"),
    };
    let points: Vec<(NaiveDate, u8)> = series.iter().map(|(w, p)| (w.sunday(), *p)).collect();
    let svg = trend("chart-trend", &points, reached, &text, &day_in(tr));
    let mut rows: Vec<Vec<String>> =
        // Table cells: the week without its dates, for space.
        series.iter().map(|(w, p)| vec![tr.week_short(w), percent(tr, f64::from(*p)), String::new()]).collect();
    if let Some(date) = reached {
        rows.push(vec![tr.day(&date), percent(tr, 100.0), tr.t("chart-legend-forecast")]);
    }
    ChartView {
        id: "chart-trend".into(),
        svg,
        summary: tr.t("chart-table"),
        head: vec![tr.t("chart-axis-week"), tr.t("chart-axis-percent"), tr.t("chart-column-note")],
        rows,
    }
}

/// The milestone timeline; `as_of` names the vertical line.
pub fn gantt_view(tr: &Tr, rows: &[GanttRow], today: NaiveDate, as_of: bool) -> ChartView {
    let text = GanttText {
        labels: Labels {
            title: tr.t("chart-gantt-title"),
            desc: tr.args("chart-gantt-desc", [("count", rows.len().into()), ("date", tr.day(&today).into())]),
            x_axis: tr.t("chart-axis-date"),
            y_axis: tr.t("chart-axis-milestones"),
            empty: tr.t("chart-gantt-empty"),
        },
        baseline: tr.t("chart-legend-baseline"),
        current: tr.t("chart-legend-current"),
        actual: tr.t("chart-legend-actual"),
        today: if as_of { tr.arg("chart-legend-as-of", "date", tr.day(&today)) } else { tr.t("chart-legend-today") },
    };
    let svg = gantt("chart-gantt", rows, today, &text, &day_in(tr));
    let span = |s: &Span| match (s.start, s.finish) {
        (None, None) => tr.t("date-unknown"),
        (start, finish) => tr.args2("chart-span", "start", tr.date(&start), "finish", tr.date(&finish)),
    };
    ChartView {
        id: "chart-gantt".into(),
        svg,
        summary: tr.t("chart-table"),
        head: vec![
            tr.t("chart-axis-milestones"),
            tr.t("chart-legend-baseline"),
            tr.t("chart-legend-current"),
            tr.t("chart-legend-actual"),
        ],
        rows: rows
            .iter()
            .map(|r| vec![r.label.clone(), span(&r.baseline), span(&r.current), tr.date(&r.actual_finish)])
            .collect(),
    }
}

/// The programme's S-curve from [`crate::db::progress::programme_curve`].
pub fn s_curve_view(tr: &Tr, weeks: &[ProgrammeWeek]) -> ChartView {
    let last = weeks.iter().rev().find(|w| w.planned.is_some() || w.reported.is_some());
    let desc = match last {
        None => tr.t("chart-s-curve-empty"),
        Some(w) => tr.args(
            "chart-s-curve-desc",
            [
                ("week", tr.week(&w.week).into()),
                ("planned", w.planned.map_or_else(|| tr.t("value-unknown"), |v| percent(tr, v)).into()),
                ("reported", w.reported.map_or_else(|| tr.t("value-unknown"), |v| percent(tr, v)).into()),
            ],
        ),
    };
    let text = SCurveText {
        labels: Labels {
            title: tr.t("chart-s-curve-title"),
            desc,
            x_axis: tr.t("chart-axis-week"),
            y_axis: tr.t("chart-axis-mean-percent"),
            empty: tr.t("chart-s-curve-empty"),
        },
        planned: tr.t("chart-legend-planned"),
        reported: tr.t("chart-legend-reported"),
    };
    let points: Vec<_> = weeks.iter().map(|w| (w.week.sunday(), w.planned, w.reported)).collect();
    let svg = s_curve("chart-s-curve", &points, &text, &day_in(tr));
    let value = |v: Option<f64>| v.map_or_else(|| tr.t("value-unknown"), |v| percent(tr, v));
    ChartView {
        id: "chart-s-curve".into(),
        svg,
        summary: tr.t("chart-table"),
        head: vec![tr.t("chart-axis-week"), tr.t("chart-legend-planned"), tr.t("chart-legend-reported")],
        // Table cells: the week without its dates, for space.
        rows: weeks.iter().map(|w| vec![tr.week_short(&w.week), value(w.planned), value(w.reported)]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn iso(d: NaiveDate) -> String {
        d.to_string()
    }

    /// Parses as XML; returns the `<title>` text and the root's attributes we insist on.
    fn check(svg: &str) -> roxmltree::Document<'_> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}): {svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("viewBox").is_some());
        let title = root.children().find(|c| c.has_tag_name("title")).expect("a <title>");
        let desc = root.children().find(|c| c.has_tag_name("desc")).expect("a <desc>");
        let labelled = root.attribute("aria-labelledby").unwrap();
        assert!(labelled.contains(title.attribute("id").unwrap()) && labelled.contains(desc.attribute("id").unwrap()));
        assert!(!title.text().unwrap_or("").is_empty());
        doc
    }

    fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
        doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text().map(str::to_owned)).collect()
    }

    fn trend_text() -> TrendText {
        TrendText {
            labels: Labels {
                title: "Trend <of> \"Kordai\" & co".into(),
                desc: "d".into(),
                x_axis: "Week".into(),
                y_axis: "Percent".into(),
                empty: "No reports yet".into(),
            },
            reported: "Reported".into(),
            forecast: "Forecast".into(),
        }
    }

    #[test]
    fn a_trend_without_data_says_so_and_is_valid() {
        let svg = trend("t", &[], None, &trend_text(), &iso);
        let doc = check(&svg);
        assert!(texts(&doc).contains(&"No reports yet".to_owned()));
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("polyline")).count(), 0);
        // The title is escaped, and reads back as written.
        let title = doc.root_element().children().find(|c| c.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("Trend <of> \"Kordai\" & co"));
    }

    #[test]
    fn a_trend_of_one_point_has_a_marker_and_no_line() {
        let svg = trend("t", &[(day("2026-02-01"), 40)], None, &trend_text(), &iso);
        let doc = check(&svg);
        let reported = doc.descendants().find(|n| n.attribute("class") == Some("series reported")).unwrap();
        assert_eq!(reported.children().filter(|n| n.has_tag_name("circle")).count(), 1);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("polyline")).count(), 0);
        assert!(texts(&doc).iter().any(|t| t == "2026-01-25"), "a week before the point: {:?}", texts(&doc));
    }

    #[test]
    fn one_hundred_percent_sits_on_the_top_line_and_the_forecast_is_dotted() {
        let points = [(day("2026-01-04"), 20), (day("2026-01-11"), 60), (day("2026-01-18"), 100)];
        let svg = trend("t", &points, None, &trend_text(), &iso);
        let doc = check(&svg);
        let reported = doc.descendants().find(|n| n.attribute("class") == Some("series reported")).unwrap();
        let ys: Vec<f64> = reported
            .children()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| n.attribute("cy").unwrap().parse().unwrap())
            .collect();
        assert_eq!(ys.last(), Some(&TOP));

        let svg = trend("t", &points[..2], Some(day("2026-03-01")), &trend_text(), &iso);
        let doc = check(&svg);
        let dotted = doc.descendants().filter(|n| n.attribute("stroke-dasharray") == Some("2 3")).count();
        assert_eq!(dotted, 2, "the forecast line and its legend sample");
        assert!(texts(&doc).contains(&"Forecast".to_owned()));
    }

    #[test]
    fn a_forecast_far_away_is_cut_at_the_horizon() {
        let points = [(day("2026-01-04"), 10), (day("2026-01-11"), 11)];
        let svg = trend("t", &points, Some(day("2090-01-01")), &trend_text(), &iso);
        let doc = check(&svg);
        // The axis ends two years (and a week) after the last point, not in 2090.
        assert!(texts(&doc).contains(&"2028-01-18".to_owned()), "{:?}", texts(&doc));
        // Every drawn x stays inside the plot.
        for node in doc.descendants().filter(|n| n.has_tag_name("polyline")) {
            for pair in node.attribute("points").unwrap().split(' ') {
                let x: f64 = pair.split(',').next().unwrap().parse().unwrap();
                assert!((LEFT..=WIDTH - RIGHT).contains(&x), "{x}");
            }
        }
    }

    fn gantt_text() -> GanttText {
        GanttText {
            labels: Labels {
                title: "Milestones".into(),
                desc: "d".into(),
                x_axis: "Date".into(),
                y_axis: "Milestone".into(),
                empty: "No milestones".into(),
            },
            baseline: "Baseline".into(),
            current: "Current".into(),
            actual: "Finished".into(),
            today: "Today".into(),
        }
    }

    #[test]
    fn a_gantt_without_milestones_says_so() {
        let svg = gantt("g", &[], day("2026-02-02"), &gantt_text(), &iso);
        let doc = check(&svg);
        assert!(texts(&doc).contains(&"No milestones".to_owned()));
        assert!(texts(&doc).contains(&"Today".to_owned()));
    }

    #[test]
    fn a_gantt_draws_baseline_current_and_actual_and_keeps_dates_outside_in_range() {
        let rows = [
            GanttRow {
                label: "Design & survey <phase 1> with a very long title".into(),
                baseline: Span { start: Some(day("2025-01-01")), finish: Some(day("2025-06-30")) },
                current: Span { start: Some(day("2025-01-01")), finish: Some(day("2025-09-30")) },
                actual_finish: Some(day("2025-10-15")),
            },
            GanttRow {
                label: "Commissioning".into(),
                baseline: Span { start: None, finish: Some(day("2026-12-31")) },
                current: Span { start: None, finish: None },
                actual_finish: None,
            },
        ];
        // Today far after every date: the axis reaches it, nothing is drawn outside.
        let svg = gantt("g", &rows, day("2031-05-05"), &gantt_text(), &iso);
        let doc = check(&svg);
        assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("baseline")).count(), 2);
        assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("current")).count(), 1);
        assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("actual")).count(), 2, "row and legend");
        let first = doc.descendants().find(|n| n.attribute("class") == Some("milestone")).unwrap();
        let full = first.children().find(|c| c.has_tag_name("title")).unwrap().text();
        assert_eq!(full, Some("Design & survey <phase 1> with a very long title"));
        assert!(texts(&doc).contains(&"Design & survey &lt;…".replace("&lt;", "<")));
        for rect in doc.descendants().filter(|n| n.has_tag_name("rect") && n.attribute("class").is_some()) {
            let x: f64 = rect.attribute("x").unwrap().parse().unwrap();
            let w: f64 = rect.attribute("width").unwrap().parse().unwrap();
            assert!(x >= 128.0 && x + w <= WIDTH - RIGHT + 0.1, "{x} {w}");
        }
    }

    #[test]
    fn an_s_curve_with_gaps_and_no_data() {
        let text = SCurveText {
            labels: Labels {
                title: "S".into(),
                desc: "d".into(),
                x_axis: "Week".into(),
                y_axis: "Mean".into(),
                empty: "Nothing yet".into(),
            },
            planned: "Planned".into(),
            reported: "Reported".into(),
        };
        let doc_text = |svg: &str| texts(&check(svg));
        assert!(doc_text(&s_curve("s", &[], &text, &iso)).contains(&"Nothing yet".to_owned()));
        let blank = [(day("2026-01-04"), None, None)];
        assert!(doc_text(&s_curve("s", &blank, &text, &iso)).contains(&"Nothing yet".to_owned()));

        let points = [
            (day("2026-01-04"), Some(10.0), None),
            (day("2026-01-11"), Some(20.0), Some(5.0)),
            (day("2026-01-18"), None, Some(100.0)),
            (day("2026-01-25"), Some(130.0), Some(100.0)),
        ];
        let svg = s_curve("s", &points, &text, &iso);
        let doc = check(&svg);
        // The planned line breaks at its gap; values above 100 stay on the plot.
        let planned = doc.descendants().find(|n| n.attribute("class") == Some("series planned")).unwrap();
        assert_eq!(planned.children().filter(|c| c.has_tag_name("polyline")).count(), 1);
        assert_eq!(planned.children().filter(|c| c.has_tag_name("rect")).count(), 3);
        for node in doc.descendants().filter(|n| n.has_tag_name("rect") || n.has_tag_name("circle")) {
            let y: f64 = node.attribute("y").or(node.attribute("cy")).unwrap().parse().unwrap();
            assert!(y >= TOP - 3.0, "{y}");
        }
    }

    #[test]
    fn escape_handles_markup_and_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
