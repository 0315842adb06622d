## The audit trail: actions and records in words. The stored codes
## (`report.submit`) stay in the exports and in the page's title attributes.

audit-action-auth-login = Signed in
audit-action-auth-login-failed = Sign-in failed
audit-action-auth-login-throttled = Sign-in refused (too many attempts)
audit-action-auth-logout = Signed out
audit-action-checkpoint-create = Checkpoint added
audit-action-checkpoint-update = Checkpoint edited
audit-action-checkpoint-rag-override = Colour set by hand
audit-action-checkpoint-rag-lift = Colour set by hand lifted
audit-action-date-revise = Date revised
audit-action-milestone-create = Milestone added
audit-action-milestone-update = Milestone edited
audit-action-programme-target = Programme target set
audit-action-official-appoint = Official appointed
audit-action-official-vacate = Post left vacant
audit-action-report-save-draft = Report draft saved
audit-action-report-open-draft = Report draft opened
audit-action-report-submit = Report submitted
audit-action-report-amend = Report amended
audit-action-report-review = Report reviewed
audit-action-export-download = Export downloaded
audit-action-export-page = Export page read
audit-action-token-create = API token created
audit-action-token-revoke = API token revoked
audit-action-user-create = Account created
audit-action-user-update = Account edited
audit-action-user-disable = Account disabled
audit-action-user-set-password = Password reset
audit-action-user-change-own-password = Own password changed

audit-entity-checkpoint = Checkpoint
audit-entity-milestone = Milestone
audit-entity-programme = Programme
audit-entity-official = Official
audit-entity-report-revision = Report revision
audit-entity-export = Export
audit-entity-api-token = API token
audit-entity-user = Account

audit-any-action = Any action
audit-any-entity = Any record
audit-from = From
audit-to = To
audit-date-hint = A day in Astana time (UTC+5).
audit-error-date = Enter a date, for example 2026-07-31.
audit-field = Field
audit-pages = Pages of the audit trail
audit-newer = Newer entries
audit-older = Older entries
audit-count =
    { $count ->
        [one] { $shown } entry
       *[other] { $shown } entries
    }
