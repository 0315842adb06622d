-- The revision that counts for each body's week: its current revision, the
-- highest-numbered non-draft one, unless the PM office returned it (a
-- returned revision counts again only once corrected, as a new revision).
-- Drafts never count. Used by the overview (db::overview).
create view counted_revisions as
select id, status, body, yw
from (
    select distinct on (rv.report_id) rv.id, rv.status, r.body, r.iso_year * 100 + r.iso_week as yw
    from report_revisions rv join reports r on r.id = rv.report_id
    where rv.status <> 'draft'
    order by rv.report_id, rv.number desc
) cur
where status <> 'returned';
