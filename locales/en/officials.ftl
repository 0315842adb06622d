# Accountable officials of the reporting bodies and regional coordinators (/officials).
officials-title = Accountable officials and coordinators
officials-intro = The Prime Minister held the heads of the reporting bodies personally accountable and sent ministry leaders to the regions as coordinators. This page shows who answers for each body and each region today, and since when.
officials-bodies-title = Accountable officials of the reporting bodies
officials-regions-title = Coordinators in the regions
officials-regions-empty = No checkpoint of the register has a region yet.
officials-regions-group = Regions
officials-column-body = Reporting body
officials-column-region = Region
officials-column-holder = Accountable person
officials-column-position = Position
officials-column-since = In office since
officials-column-history = History
officials-none = Nobody appointed
officials-vacant = Post vacant
officials-from = from { $date }
officials-upcoming = not yet in force
officials-recorded = Recorded by { $who }, { $at } Astana time (UTC+5)
officials-history-count =
    { $count ->
        [one] { $shown } record
       *[other] { $shown } records
    }
officials-choose-post = Choose a body or a region
officials-field-post = Body or region
officials-field-name = Full name
officials-field-position = Position
officials-field-from = In office from
officials-field-vacant-from = Vacant from
officials-appoint-title = Record an appointment
officials-appoint-hint = A new appointment replaces the previous one from its date; the previous one stays in the history. To correct a mistake, record the appointment again with the same date.
officials-vacancy-title = Record a vacancy
officials-vacancy-hint = From this date nobody holds the post, until a new appointment is recorded.
officials-action-appoint = Record the appointment
officials-action-vacate = Record the vacancy
error-official-from-range = Enter a date from 2020-01-01 up to one year from today, e.g. 2026-07-31.
nav-officials = Officials
