# The checkpoint page: what the reports say, the as-of view and the charts (issue 10).

as-of-label = Show as known at the end of week
as-of-show = Show
as-of-hint = The page as it was known on Sunday 24:00, Astana time (UTC+5).
as-of-banner = As of { $week } (ending { $date })
as-of-back-now = Back to now
as-of-not-yet = This checkpoint was not yet in the register at the end of that week.
as-of-invalid-title = Not a week
as-of-invalid = “{ $value }” is not a week: choose one in the picker, or type it as 2026-W05.

checkpoint-reports-title = What the reports say
checkpoint-reports-empty = No report has mentioned this checkpoint yet.
checkpoint-proposed-status = Proposed status
checkpoint-report-week = Week of the report
checkpoint-responsible = (responsible)
checkpoint-forecast-too-few = Forecast: too few reports for a forecast.
checkpoint-forecast-no-progress = Forecast: no progress at the reported pace.
checkpoint-forecast-on = Forecast: 100% on { $date }, from the trend of the reports.
checkpoint-forecast-done = Reported complete (100%) on { $date }.
checkpoint-issues-title = Open issues
checkpoint-issues-empty = No open issues in the latest reports.
checkpoint-issue-category = Category
checkpoint-issue-text = Issue
checkpoint-issue-severity = Severity
checkpoint-issue-since = Reported since
checkpoint-issue-run =
    { $count ->
        [one] { $week } (1 week)
       *[other] { $week } ({ $count } weeks in a row)
    }
checkpoint-rag-by-rule = Colour by the rules:
checkpoint-slip =
    { $days ->
        [one] slip of { $days } day against the plan
       *[other] slip of { $days } days against the plan
    }
checkpoint-ahead =
    { $days ->
        [one] { $days } day ahead of the plan
       *[other] { $days } days ahead of the plan
    }
checkpoint-slip-none = no slip to measure
checkpoint-baseline-dates = Baseline (start – finish)

chart-table = The figures as a table
chart-column-note = Note
chart-axis-week = Week
chart-axis-date = Date
chart-axis-percent = Percent complete
chart-axis-mean-percent = Mean percent complete
chart-axis-milestones = Milestones
chart-legend-reported = Reported
chart-legend-forecast = Forecast
chart-legend-planned = Planned
chart-legend-baseline = Baseline plan
chart-legend-current = Current plan
chart-legend-actual = Actual finish
chart-legend-today = Today
chart-legend-as-of = As of { $date }
chart-span = { $start } – { $finish }
chart-trend-title = Reported progress per week
chart-trend-empty = No percent has been reported yet.
chart-trend-desc =
    { $weeks ->
        [one] One reported week: { $percent }% in { $week }.
       *[other] { $weeks } reported weeks, the latest { $percent }% in { $week }.
    }
chart-trend-desc-forecast =
    { $weeks ->
        [one] One reported week: { $percent }% in { $week }; the trend reaches 100% on { $date }.
       *[other] { $weeks } reported weeks, the latest { $percent }% in { $week }; the trend reaches 100% on { $date }.
    }
chart-gantt-title = Milestone timeline: baseline and current plan
chart-gantt-empty = No milestones recorded.
chart-gantt-desc =
    { $count ->
        [one] One milestone with its baseline and current planned dates and actual finish; the line marks { $date }.
       *[other] { $count } milestones with their baseline and current planned dates and actual finish; the line marks { $date }.
    }
chart-s-curve-title = Programme S-curve: planned and reported progress
chart-s-curve-empty = No plan or report to show yet.
chart-s-curve-desc = In { $week } the programme was planned at { $planned } and reported at { $reported } (means over its checkpoints).
