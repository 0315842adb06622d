## The application

app-name = Checkpoint Tracker
skip-to-content = Skip to content
nav-label = Main
nav-languages = Language
nav-register = Checkpoints
crumbs-label = Breadcrumbs
footer-text = Reconstruction of road border checkpoints of the Republic of Kazakhstan. Dates and times are Astana time (UTC+5).
back-to-register = Back to the checkpoints

## Accounts

nav-users = Accounts
nav-audit = Audit trail
logout = Log out
login-title = Log in
login-submit = Log in
login-failed = The username or password is not correct.
login-incomplete = Enter your username and your password.
login-throttled = Too many failed attempts. Try again after { $time } Astana time (UTC+5).
field-username = Username
field-password = Password
field-new-password = New password
field-generate-password = Generate a password instead
field-display-name = Full name
field-role = Role
field-body = Reporting body
field-active = Active
users-title = Accounts
users-count =
    { $count ->
        [one] { $shown } account
       *[other] { $shown } accounts
    }
user-new = New account
user-edit-title = Edit account
action-reset-password = Reset password
password-reset-title = Reset a password
password-reset-for = Account: { $name } ({ $username })
password-reset-hint = The account's open sessions end when its password changes.
password-generated = The new password, shown only this once. Give it to its owner by a safe channel:
role-admin = Administrator
role-pm-office = Prime Minister's Office
role-ministry-staff = Ministry staff
role-analyst = Analyst
body-none = None
value-yes = Yes
value-no = No
error-password-short = A password needs at least 12 characters.
error-username = Use 2 to 63 lower-case Latin letters, digits, dots, dashes or underscores, starting with a letter or digit.
error-username-taken = Another account already has this username.
error-body-required = Ministry staff must belong to a reporting body.
error-body-only-staff = Only ministry staff belong to a reporting body.
error-own-admin = You cannot remove your own administrator rights or disable your own account.

## Weekly reports

nav-reports = Weekly reports
reports-title = Weekly reports
reports-count =
    { $count ->
        [one] { $shown } report
       *[other] { $shown } reports
    }
reports-empty = No report for these filters yet.
filter-all-bodies = All bodies
filter-last-weeks = The last 12 weeks
field-week = Week
report-state = State
report-revision = Revision
report-file-this-week = File the report for { $week }
report-heading = { $body }: weekly report for { $week }
report-draft-heading = { $body }: draft of the weekly report for { $week }
report-revision-n = Revision { $number }
report-submitted-by = submitted by { $who } on { $when }
report-reviewed-by = { $status } by { $who }:
report-late = late
report-superseded = superseded by a later revision
report-amend = Amend
report-percent-delta =
    { $delta ->
        [0] no change
        [one] { $shown } point
       *[other] { $shown } points
    }
report-status-was = was { $status }
report-issue-opened = new issue: { $issue }
report-issue-closed = closed: { $issue }
report-issue-summary = { $category }: { $text }
report-issues = Issues
report-issue-new = Add an issue…
report-review = Review
report-mark-reviewed = Mark as reviewed
report-return = Return for correction
report-revisions = Revisions
report-save = Save draft
report-submit = Submit the report
report-due = Due { $deadline } Astana time (UTC+5)
report-previous-percent = last reported: { $value }
field-proposed-status = Status
field-narrative = Progress this week
field-next-week = Plan for next week
field-decrease = Why the percent fell (required if lower than last reported)
field-proposed-date = Proposed commissioning date
field-proposed-reason = Reason for the new date
field-issue-category = Issue category
field-issue-severity = Severity
field-issue-text = Issue
field-review-comment = Comment
proposed-status-on-track = On track
proposed-status-at-risk = At risk
proposed-status-delayed = Behind schedule
proposed-status-commissioned = Commissioned
issue-category-equipment = Equipment provision
issue-category-internet = Internet access
issue-category-customs-staffing = Customs staffing
issue-category-construction = Construction
issue-category-financing = Financing
issue-category-other = Other
severity-low = Low
severity-medium = Medium
severity-high = High
revision-status-draft = Draft
revision-status-submitted = Submitted
revision-status-reviewed = Reviewed
revision-status-returned = Returned for correction
compliance-title = Reporting compliance
compliance-deadline = A week's report is due { $deadline } Astana time (UTC+5).
compliance-on-time = On time
compliance-late = Late
compliance-missing = Missing
compliance-open = Not yet due
error-decrease-explain = This is lower than last reported: explain why.
error-duplicate-checkpoint = This checkpoint is listed twice.
error-unknown-checkpoint = There is no such checkpoint.
error-unknown-milestone = This milestone is not one of this checkpoint's.


## Review of weekly reports (issue 9)

report-fate-matches-plan = The plan has this date already: nothing to decide.
report-fate-recorded-already = Recorded on the milestone already: nothing to decide.
checkpoint-milestone-accepted = accepted by the PM office and recorded
checkpoint-milestone-waiting = waiting for the PM office's decision

checkpoint-proposal = { $date }, proposed by { $body } in the weekly report of
checkpoint-proposal-accepted = Accepted by the PM office: it is the plan's date now (see the timeline).
checkpoint-proposal-declined = Declined by the PM office: { $reason }

nav-queue =
    { $count ->
        [one] To review: { $count }
       *[other] To review: { $count }
    }
queue-title = Reports to review
queue-count =
    { $count ->
        [one] { $count } report waits for review, oldest first
       *[other] { $count } reports wait for review, oldest first
    }
queue-empty = No report is waiting for review.
field-submitted-at = Submitted
filter-all-states = All states
report-filter-draft = Draft only (nothing submitted)
report-filter-submitted = Submitted, waiting for review
report-filter-reviewed = Reviewed
report-filter-returned = Returned for correction
revision-kind-first = first submission
revision-kind-correction = correction
revision-kind-amendment = amendment
compliance-returned = Returned, correction due
compliance-not-corrected = Returned, not corrected
compliance-corrected-late = Corrected late
compliance-draft-started = Draft started
compliance-missing-draft-started = Missing (draft started)
report-draft-saved = Draft saved. It is visible to your body only until it is submitted.
report-form-hint = One row per checkpoint your body reports on; open "Details" for the narrative, plans, issues, milestones and a proposed date. Other checkpoints are folded away below.
report-no-change-label = No change this week (submit without new figures)
report-no-change = The body states: no change this week.
report-no-previous = no previous figure
report-details = Details
report-other-checkpoints =
    { $count ->
        [one] { $count } other checkpoint, not in this report
       *[other] { $count } other checkpoints, not in this report
    }
report-issue-close = Resolved (close)
field-actual-finish-of = Date "{ $milestone }" was done
report-milestone-recorded = recorded as done on { $date }
report-returned-by = Returned for correction by { $who }. Correct and submit it by { $due } Astana time (UTC+5).
report-conflict = Someone else saved or submitted this report after you opened it. Nothing of yours was saved: your input is shown below, unchanged, and what is stored now is shown above it. Save again to replace the stored version with yours.
report-conflict-stored = Stored now
report-correct = Correct the report
report-correction-due = Correction due by { $due } Astana time (UTC+5).
report-kind-correction = correction of a returned revision
report-review-conflict = This report was reviewed or amended while you were reading it; nothing was recorded. It is shown as it is now.
report-since-last-week = Since last week
report-since-revision = Since the previous revision
report-entry-new = newly reported
report-narrative-changed = progress text changed
report-plan-changed = plan changed
report-proposals = Proposed commissioning dates
report-proposed-date = { $date }, proposed by { $body }
report-fate-waiting = Waiting for the PM office's decision; the plan is unchanged.
report-fate-accepted = Accepted by { $who } on { $when }: the plan now has this date.
report-fate-declined = Declined by { $who }: { $reason }
report-fate-recorded = Accepted by { $who } on { $when }: recorded on the milestone.
report-decision = Decision
report-accept = Accept
report-decline = Decline
report-decline-reason = Reason, if declined
report-milestone-updates = Milestone progress reported
report-milestone-done-on = done on { $date }
error-actual-date-required = Enter the date it was done, e.g. 31.07.2026.
error-date-in-past = A proposed date cannot be in the past.
error-decision-required = Accept or decline.
error-invalid-number = Enter a whole number.
error-report-empty = Report on at least one checkpoint, or tick "No change this week".
error-return-comment-required = Say what to correct: the body reads this comment on its form.
error-week-not-started = This week has not started yet: a week's report can be filed from its Monday, Astana time (UTC+5).

## API tokens

nav-tokens = API tokens
tokens-title = Personal API tokens
tokens-intro = A token lets your organisation's own system use the API (docs/API.md) as you. It is shown once, when you create it; keep it secret, and revoke it when it is no longer needed.
token-created = Your new token. Copy it now: it will not be shown again.
field-token-label = Label
token-create = Create a token
token-prefix = Starts with
token-created-at = Created
token-last-used = Last used
token-revoke = Revoke
token-revoked-at = Revoked { $when }

## The audit trail

audit-title = Audit trail
audit-at = When
audit-actor = Who
audit-action = Action
audit-entity = Record
audit-entity-id = Record id
audit-client = Address
audit-request = Request id

## Generic values and actions

value-unknown = Not known
date-unknown = Not set
choice-unknown = Not known
choice-select = Choose…
date-placeholder = YYYY-MM-DD
date-hint = For example 2026-07-31 or 31.07.2026.
action-edit = Edit
action-save = Save
action-cancel = Cancel
action-revise-date = Revise date
column-actions = Actions

## The register

register-title = Checkpoints
register-empty = No checkpoint matches these filters.
checkpoint-new = New checkpoint
checkpoint-edit-title = Edit checkpoint
checkpoint-facts = Facts
checkpoints-count =
    { $count ->
        [one] { $shown } checkpoint
       *[other] { $shown } checkpoints
    }
filter-search = Search
filter-search-placeholder = Name in Latin or Cyrillic
filter-apply = Filter
filter-clear = Clear filters
filter-all = All ({ $shown })
filter-option = { $label } ({ $shown })
column-name = Name
column-border = Border
column-region = Region
column-status = Status
column-planned = Planned commissioning

## Fields

field-name-en = Name (Latin)
field-name-ru = Name (in Russian)
field-name-kk = Name (Kazakh)
field-border = Border
field-region = Region
field-kind = Kind
field-programme = Programme
field-status = Status
field-planned-commissioning = Planned commissioning
field-actual-commissioning = Actual commissioning
field-responsible-body = Responsible body
field-notes = Notes
field-sources = Sources
field-title = Title
field-milestone-kind = Milestone
field-planned-start = Planned start
field-planned-finish = Planned finish
field-planned-dates = Planned dates
field-actual-finish = Actual finish
field-date-confidence = Date confidence
field-percent = Percent complete
field-new-date = New date
field-reason = Reason for the change
field-date-to-revise = Date to revise

## Codes

border-CN = China
border-UZ = Uzbekistan
border-TM = Turkmenistan
border-RU = Russia
border-KG = Kyrgyzstan
border-unknown = Unknown
kind-road = Road
kind-passenger = Passenger
kind-unknown = Not known
programme-eaeu-external-2025 = EAEU external borders, 2025 plan
programme-eaeu-internal = EAEU internal borders
programme-additional = Beyond the plan
programme-unknown = No programme
status-planned = Planned
status-in-reconstruction = In reconstruction
status-commissioned = Commissioned
status-suspended = Suspended
status-unknown = Unknown
body-transport = Committee of Automobile Roads of the Ministry of Transport of the Republic of Kazakhstan
body-finance = State Revenue Committee of the Ministry of Finance of the Republic of Kazakhstan
body-border-service = Border Service of the National Security Committee of the Republic of Kazakhstan
body-unknown = Not assigned
body-short-transport = Transport
body-short-finance = Finance
body-short-border-service = Border Service
body-short-unknown = —
milestone-kind-design = Design approved
milestone-kind-contract = Contract signed
milestone-kind-construction-start = Construction started
milestone-kind-roads-lanes = Roads and lanes
milestone-kind-buildings = Buildings
milestone-kind-equipment = Equipment installed
milestone-kind-internet = Internet connected
milestone-kind-acceptance = Acceptance
milestone-kind-commissioning = Commissioning
milestone-kind-other = Other
confidence-estimated = Estimated
confidence-confirmed = Confirmed
date-field-commissioning = Commissioning
date-field-start = Planned start
date-field-finish = Planned finish

## Milestones and the timeline of planned dates

milestones-title = Milestones
milestones-empty = No milestones yet.
milestone-new = New milestone
milestone-edit-title = Edit milestone
timeline-title = Planned dates: history
timeline-empty = No planned date has been recorded yet.
timeline-baseline = Baseline
timeline-milestone-date = { $milestone }, { $field }
timeline-by = { $who }, { $when }
baseline-was = (baseline { $date })
revise-commissioning-title = Revise the planned commissioning date
revise-milestone-title = Revise a milestone date
revise-current = Current plan: { $date }
timeline-from-report = (proposed in a weekly report)
reason-first-plan = First plan
reason-milestone-created = Planned when the milestone was created
reason-reference-data = From the reference data set
reason-imported = Imported from { $file }

## Validation

form-has-errors =
    { $count ->
        [one] Please correct the field marked below.
       *[other] Please correct the { $shown } fields marked below.
    }
error-required = This field is required.
error-too-long = This is too long.
error-invalid-choice = Choose one of the listed values.
error-invalid-date = Enter a date such as 2026-07-31 or 31.07.2026.
error-date-in-future = An actual date cannot be in the future.
error-finish-before-start = The finish cannot be before the start.
error-percent = Enter a whole number from 0 to 100.
error-reason-required = Say why the date changes.
error-date-unchanged = This is already the planned date.
error-not-found = This record no longer exists.
error-invalid-characters = This contains characters that cannot be stored.
error-name-taken = Another checkpoint already has this name.
error-stale = Someone else saved this record after you opened it. Your input is shown below but not saved; check the current record, then save again to replace it.

## Error pages

error-title-404 = Page not found
error-text-404 = There is no page at this address. It may have been moved, or the link is wrong.
error-title-500 = Something went wrong
error-text-500 = The server could not complete your request. Nothing you entered was saved partially. Please try again; if it happens again, quote the request id below.
error-title-400 = Bad request
error-text-400 = The request could not be read. If you followed a link or sent a form of this site, go back, reload the page and try again.
error-title-405 = Not allowed here
error-text-405 = This address does not accept this kind of request.
error-title-408 = Too slow
error-text-408 = The request took too long. Please try again.
error-title-415 = Unexpected format
error-text-415 = What you sent is not in a format this address accepts.
error-title-422 = Unreadable form
error-text-422 = The form could not be read. Go back, reload the page and try again.
error-title-429 = Too many requests
error-text-429 = Too many requests in a short time. Please wait a little and try again.
error-title-503 = Temporarily unavailable
error-text-503 = The service is temporarily unavailable. Please try again in a minute.
error-title-401 = Please log in
error-text-401 = This needs a signed-in account.
error-title-403 = Access denied
error-text-403 = Your account may not do this, or the form has expired. Go back, reload the page and try again.
error-title-409 = Already changed
error-text-409 = Someone else changed this while you were working on it, so nothing was changed. Reload the page to see its current state.
error-title-413 = Too large
error-text-413 = What you sent is too large.
error-request-id = Request id: { $id }

## Account and API errors

nav-change-password = Change password
account-password-title = Change your password
field-current-password = Current password
field-confirm-password = New password again
account-password-hint = When your password changes, your other open sessions end; this one stays signed in. Your API tokens keep working: revoke them on the API tokens page if they should stop.
account-password-submit = Change password
account-password-changed = Your password has been changed. Your other sessions have ended; this one continues. Your API tokens keep working.
error-current-password = This is not your current password.
error-password-mismatch = The two new passwords are not the same.
audit-change = Change
audit-show-change = Show
audit-before = Before
audit-after = After
audit-draft-hidden = Draft saved — contents visible to its body only

## The overview (issue 10)

nav-overview = Overview
nav-compliance = Reporting compliance
overview-title = Overview
overview-programmes = By programme
overview-borders = By border
overview-reporting = Reporting
overview-in-register = In the register
overview-target = Target
overview-against-target = Against the target
overview-target-of = { $count } by { $year }
overview-no-target = No target set
overview-progress = { $commissioned } commissioned of { $target } planned
overview-progress-missing = { $commissioned } commissioned of { $target } planned; { $missing } not yet in the register
overview-edit-target = Change target
overview-this-week = This week ({ $week })
overview-last-week = Last week ({ $week })
overview-queue =
    { $count ->
        [one] { $count } report waiting for review
       *[other] { $count } reports waiting for review
    }
overview-queue-oldest = Oldest: { $body }, { $week }, submitted { $when }
programme-target-title = Target of the programme: { $programme }
programme-target-hint = How many checkpoints the programme is to commission, and by the end of which year. Leave both blank for no target.
field-target-count = Checkpoints to commission
field-target-year = By the end of the year
error-target-count = Enter a whole number from 1 to 1000.
error-target-year = Enter a year from 2000 to 2100.
error-target-incomplete = Give both the number and the year, or leave both blank.

## The overview: checkpoints that need attention (issue 10)

overview-slipping = Slipping checkpoints (amber and red)
overview-slipping-none = No checkpoint is amber or red.
overview-checkpoint = Checkpoint
overview-rag = Colour
rag-green = Green
rag-amber = Amber
rag-red = Red
overview-baseline = Baseline date
overview-planned = Planned date
overview-pending = Proposed, awaiting a decision
overview-forecast = Forecast
overview-forecast-too-few = too few reports for a forecast
overview-forecast-no-progress = no progress
overview-forecast-done = 100% reached on { $date }
overview-slip-plan = Slip against the plan, days
overview-slip-baseline = Slip against the baseline, days
overview-latest-percent = Latest percent by body
overview-last-report = Last report
overview-page = Page { $page } of { $pages }
overview-previous = Previous
overview-next = Next
overview-disagreement = Bodies disagree
overview-disagreement-hint = The latest percents of different bodies are more than { $points } points apart.
overview-disagreement-none = No disagreement between bodies.
overview-spread = Difference, points
overview-recurring = Recurring problems
overview-recurring-none = No open problems.
overview-category = Category
overview-affected = Checkpoints affected
overview-weeks-running =
    { $count ->
        [one] { $count } week running
       *[other] { $count } weeks running
    }

## The PM office's colour override (issue 10)
rag-override-section = Colour set by the PM office
rag-override-title = Set the checkpoint's colour
rag-override-hint = The colour you set is shown, with your name, beside the computed colour until it is lifted.
rag-override-none = The colour is computed by the rules; the PM office has not set one.
rag-override-by = Set by { $who }, { $when }
rag-choose = Choose a colour
field-rag = Colour
field-rag-reason = Reason
action-rag-override = Set the colour
action-rag-lift = Lift the override
rag-set-by-pm-office = set by the PM office
rag-computed = computed: { $colour }
error-rag-required = Choose a colour.
error-rag-reason-required = Say why the colour is set.
