# The overview as of a past week, and its printed briefing (issue 10).
overview-print = Print briefing (A4)
overview-briefing-now = Programme overview, { $week }. Printed { $printed }.
overview-briefing-as-of = Programme overview as known at the end of { $week }. Printed { $printed }.
overview-as-of-banner = As known at the end of { $week } (Sunday { $sunday }, 24:00 Astana time (UTC+5)): only reports submitted and changes made by then.
overview-as-of-now = Show the overview now
overview-as-of-label = As of the end of week
overview-as-of-hint = A week that has ended, e.g. 2026-W05. Leave empty for now.
overview-as-of-show = Show
overview-as-of-invalid = Enter a week as year and week number, e.g. 2026-W05.
overview-border-slipping = Slipping
overview-as-of-links = Other weeks
overview-as-of-last-week = Last week's view
overview-as-of-month-ago = Four weeks ago
overview-as-of-week-before = The week before
overview-as-of-week-after = The week after
overview-coordinators = Regional coordinators
overview-accountable = Accountable: { $holder }
overview-coordinator = Coordinator: { $holder }
overview-progress-title = Progress of the programme
overview-progress-hint = Planned: each checkpoint's progress on a straight line from the start of its works to its planned commissioning date, as planned at each week's end; reported: each checkpoint's latest reported percent. Both are means over the checkpoints.
overview-more =
    { $count ->
        [one] and { $count } more checkpoint
       *[other] and { $count } more checkpoints
    }
