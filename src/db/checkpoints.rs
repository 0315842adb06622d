//! The checkpoint register.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use super::Versioned;
use super::audit::{self, Actor, Change};
use super::date_revisions::{self, DateTarget};
use crate::domain::checkpoint::CheckpointInput;
use crate::domain::milestone::DateField;

/// A checkpoint as stored. Codes stay codes; pages translate them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Checkpoint {
    pub id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub border_country: Option<String>,
    pub region: Option<String>,
    pub kind: Option<String>,
    pub programme: Option<String>,
    pub status: String,
    pub planned_commissioning: Option<NaiveDate>,
    pub actual_commissioning: Option<NaiveDate>,
    pub responsible_body: Option<String>,
    pub notes: String,
    pub sources: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A filter on a nullable code: `Unknown` matches rows where it is blank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CodeFilter {
    #[default]
    Any,
    Is(String),
    Unknown,
}

impl CodeFilter {
    /// As a query parameter: `None` matches all rows; `""` matches blanks.
    fn bind_value(&self) -> Option<&str> {
        match self {
            CodeFilter::Any => None,
            CodeFilter::Is(code) => Some(code),
            CodeFilter::Unknown => Some(""),
        }
    }
}

/// The register's filters, as the page's URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub border: CodeFilter,
    pub programme: CodeFilter,
    pub status: CodeFilter,
    /// Matched against both name forms, case-insensitively.
    pub search: Option<String>,
}

/// The columns the register can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Border,
    Region,
    Status,
    Planned,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [SortKey::Name, SortKey::Border, SortKey::Region, SortKey::Status, SortKey::Planned];

    /// The key's code in URLs, and the one [`list`]'s SQL picks the column by.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Border => "border",
            SortKey::Region => "region",
            SortKey::Status => "status",
            SortKey::Planned => "planned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Which facet of the filters a count is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Border,
    Programme,
    Status,
}

impl Facet {
    /// The code the facet query picks its column by.
    fn as_str(self) -> &'static str {
        match self {
            Facet::Border => "border",
            Facet::Programme => "programme",
            Facet::Status => "status",
        }
    }
}

fn search_pattern(search: &Option<String>) -> Option<String> {
    search.as_deref().map(|s| {
        let escaped = s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        format!("%{escaped}%")
    })
}

/// The checkpoints that pass `filter`, sorted.
///
/// The sort is static SQL: each `case` yields the sort column only for its
/// key and direction (null otherwise, which ties every row), so the one
/// statement is checked at compile time and prepared once.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &ListFilter,
    sort: SortKey,
    descending: bool,
) -> sqlx::Result<Vec<Checkpoint>> {
    sqlx::query_as!(
        Checkpoint,
        r#"select id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                planned_commissioning as "planned_commissioning: NaiveDate",
                actual_commissioning as "actual_commissioning: NaiveDate",
                responsible_body, notes, sources, version, updated_at as "updated_at: DateTime<Utc>"
         from checkpoints
         where ($1::text is null or coalesce(border_country, '') = $1)
           and ($2::text is null or coalesce(programme, '') = $2)
           and ($3::text is null or status = $3)
           and ($4::text is null or name_en ilike $4 or name_ru ilike $4 or name_kk ilike $4)
         order by
           case when not $6 then
             case $5::text when 'name' then lower(name_en) when 'border' then border_country
                           when 'region' then region when 'status' then status end
           end asc nulls last,
           case when $6 then
             case $5::text when 'name' then lower(name_en) when 'border' then border_country
                           when 'region' then region when 'status' then status end
           end desc nulls last,
           case when $5::text = 'planned' and not $6 then planned_commissioning end asc nulls last,
           case when $5::text = 'planned' and $6 then planned_commissioning end desc nulls last,
           lower(name_en), id"#,
        filter.border.bind_value(),
        filter.programme.bind_value(),
        filter.status.bind_value(),
        search_pattern(&filter.search),
        sort.as_str(),
        descending,
    )
    .fetch_all(db)
    .await
}

/// One page of [`list`]: its rows, the total number of checkpoints that pass
/// the filter, and where the page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub rows: Vec<Checkpoint>,
    pub total: i64,
    /// 1-based: the page actually shown (a page past the end shows the last).
    pub page: i64,
    /// The position of the first row in the whole list (0-based).
    pub offset: i64,
}

/// Page `page` (1-based, `per_page` rows) of the checkpoints that pass
/// `filter`, sorted as [`list`] sorts them, and the total, in one statement.
/// A page past the end is the last page (an empty list has one empty page).
pub async fn list_page(
    db: impl PgExecutor<'_>,
    filter: &ListFilter,
    sort: SortKey,
    descending: bool,
    page: i64,
    per_page: i64,
) -> sqlx::Result<ListPage> {
    let per_page = per_page.max(1);
    let wanted = (page.max(1) - 1).saturating_mul(per_page);
    let found = sqlx::query!(
        r#"with ranked as (
               select id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                      planned_commissioning, actual_commissioning, responsible_body, notes, sources, version,
                      updated_at, count(*) over () as total,
                      row_number() over (order by
                          case when not $6 then
                            case $5::text when 'name' then lower(name_en) when 'border' then border_country
                                          when 'region' then region when 'status' then status end
                          end asc nulls last,
                          case when $6 then
                            case $5::text when 'name' then lower(name_en) when 'border' then border_country
                                          when 'region' then region when 'status' then status end
                          end desc nulls last,
                          case when $5::text = 'planned' and not $6 then planned_commissioning end asc nulls last,
                          case when $5::text = 'planned' and $6 then planned_commissioning end desc nulls last,
                          lower(name_en), id) as position
               from checkpoints
               where ($1::text is null or coalesce(border_country, '') = $1)
                 and ($2::text is null or coalesce(programme, '') = $2)
                 and ($3::text is null or status = $3)
                 and ($4::text is null or name_en ilike $4 or name_ru ilike $4 or name_kk ilike $4)
           ),
           bounded as (
               -- The wanted page, or the last one when it is past the end:
               -- worked out on each row from its total, because a join with
               -- an aggregate of `ranked` gets a nested loop in the generic
               -- plan (over a second at 4,800 rows).
               select ranked.*, least($7::bigint, greatest(total - 1, 0) / $8::bigint * $8::bigint) as start
               from ranked
           )
           select id as "id!", name_en as "name_en!", name_ru as "name_ru!", name_kk, border_country, region, kind,
                  programme, status as "status!",
                  planned_commissioning as "planned_commissioning: NaiveDate",
                  actual_commissioning as "actual_commissioning: NaiveDate",
                  responsible_body, notes as "notes!", sources as "sources!", version as "version!",
                  updated_at as "updated_at!: DateTime<Utc>", total as "total!", start as "start!"
           from bounded
           where position > start and position <= start + $8::bigint
           order by position"#,
        filter.border.bind_value(),
        filter.programme.bind_value(),
        filter.status.bind_value(),
        search_pattern(&filter.search),
        sort.as_str(),
        descending,
        wanted,
        per_page,
    )
    .fetch_all(db)
    .await?;
    let total = found.first().map_or(0, |r| r.total);
    let offset = found.first().map_or(0, |r| r.start);
    let rows = found
        .into_iter()
        .map(|r| Checkpoint {
            id: r.id,
            name_en: r.name_en,
            name_ru: r.name_ru,
            name_kk: r.name_kk,
            border_country: r.border_country,
            region: r.region,
            kind: r.kind,
            programme: r.programme,
            status: r.status,
            planned_commissioning: r.planned_commissioning,
            actual_commissioning: r.actual_commissioning,
            responsible_body: r.responsible_body,
            notes: r.notes,
            sources: r.sources,
            version: r.version,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(ListPage { rows, total, page: offset / per_page + 1, offset })
}

/// How many checkpoints each value of `facet` would show, given the other
/// filters: the numbers beside each filter choice. Blank values count as "".
pub async fn facet_counts(
    db: impl PgExecutor<'_>,
    filter: &ListFilter,
    facet: Facet,
) -> sqlx::Result<Vec<(String, i64)>> {
    let mut others = filter.clone();
    match facet {
        Facet::Border => others.border = CodeFilter::Any,
        Facet::Programme => others.programme = CodeFilter::Any,
        Facet::Status => others.status = CodeFilter::Any,
    }
    let rows = sqlx::query!(
        r#"select coalesce(case $5::text when 'border' then border_country when 'programme' then programme
                                         when 'status' then status end, '') as "value!",
                  count(*) as "n!"
           from checkpoints
           where ($1::text is null or coalesce(border_country, '') = $1)
             and ($2::text is null or coalesce(programme, '') = $2)
             and ($3::text is null or status = $3)
             and ($4::text is null or name_en ilike $4 or name_ru ilike $4 or name_kk ilike $4)
           group by 1"#,
        others.border.bind_value(),
        others.programme.bind_value(),
        others.status.bind_value(),
        search_pattern(&others.search),
        facet.as_str(),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.value, r.n)).collect())
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<Checkpoint>> {
    sqlx::query_as!(
        Checkpoint,
        r#"select id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                planned_commissioning as "planned_commissioning: NaiveDate",
                actual_commissioning as "actual_commissioning: NaiveDate",
                responsible_body, notes, sources, version, updated_at as "updated_at: DateTime<Utc>"
         from checkpoints where id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Finds a checkpoint by either name form, case-insensitively, and locks
/// what it finds until the end of the caller's transaction.
pub async fn find_by_name(db: impl PgExecutor<'_>, name_en: &str, name_ru: &str) -> sqlx::Result<Vec<Checkpoint>> {
    sqlx::query_as!(
        Checkpoint,
        r#"select id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                planned_commissioning as "planned_commissioning: NaiveDate",
                actual_commissioning as "actual_commissioning: NaiveDate",
                responsible_body, notes, sources, version, updated_at as "updated_at: DateTime<Utc>"
         from checkpoints where lower(name_en) = lower($1) or lower(name_ru) = lower($2) order by id for update"#,
        name_en,
        name_ru
    )
    .fetch_all(db)
    .await
}

pub async fn count(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from checkpoints"#).fetch_one(db).await
}

/// Names `actor` as the author of the status revisions the database records
/// in this transaction (migration `20261202000006_history`: a trigger keeps
/// every status and actual commissioning date a checkpoint has had).
async fn name_status_changes(conn: &mut PgConnection, actor: &Actor) -> sqlx::Result<()> {
    sqlx::query_scalar!("select set_config('app.actor', $1, true)", actor.name).fetch_one(&mut *conn).await?;
    Ok(())
}

/// Creates a checkpoint; its planned commissioning date, if given, becomes
/// the baseline revision. Audited. Run it inside a transaction.
pub async fn create(
    conn: &mut PgConnection,
    input: &CheckpointInput,
    baseline_reason: &str,
    actor: &Actor,
) -> sqlx::Result<i64> {
    name_status_changes(conn, actor).await?;
    let id = sqlx::query_scalar!(
        "insert into checkpoints (name_en, name_ru, border_country, region, kind, programme, status,
                                  actual_commissioning, responsible_body, notes, sources, name_kk)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         returning id",
        input.name_en,
        input.name_ru,
        input.border_country.map(|b| b.as_str()),
        input.region,
        input.kind.map(|k| k.as_str()),
        input.programme,
        input.status.as_str(),
        input.actual_commissioning as Option<NaiveDate>,
        input.responsible_body,
        input.notes,
        input.sources,
        input.name_kk,
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(date) = input.planned_commissioning {
        date_revisions::record_baseline(
            conn,
            DateTarget::Checkpoint(id),
            DateField::Commissioning,
            date,
            baseline_reason,
            &actor.name,
        )
        .await?;
        sqlx::query!("update checkpoints set planned_commissioning = $2 where id = $1", id, date as NaiveDate)
            .execute(&mut *conn)
            .await?;
    }
    let after = get(&mut *conn, id).await?;
    let change = Change {
        action: "checkpoint.create",
        entity: "checkpoint",
        entity_id: Some(id),
        before: None,
        after: after.as_ref().and_then(audit::snapshot),
    };
    audit::record(conn, actor, change).await?;
    Ok(id)
}

/// Updates everything but the planned date (that changes by revision only),
/// if `version` is still current. Audited with the record before and after.
/// Run it inside a transaction.
pub async fn update(
    conn: &mut PgConnection,
    id: i64,
    version: i32,
    input: &CheckpointInput,
    actor: &Actor,
) -> sqlx::Result<Versioned<i32>> {
    let before = sqlx::query_as!(
        Checkpoint,
        r#"select id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                planned_commissioning as "planned_commissioning: NaiveDate",
                actual_commissioning as "actual_commissioning: NaiveDate",
                responsible_body, notes, sources, version, updated_at as "updated_at: DateTime<Utc>"
         from checkpoints where id = $1 and version = $2 for update"#,
        id,
        version
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else { return Ok(Versioned::Stale) };
    name_status_changes(conn, actor).await?;
    let after = sqlx::query_as!(
        Checkpoint,
        r#"update checkpoints set name_en = $2, name_ru = $3, border_country = $4, region = $5, kind = $6,
                programme = $7, status = $8, actual_commissioning = $9, responsible_body = $10,
                notes = $11, sources = $12, name_kk = $13, version = version + 1, updated_at = now()
         where id = $1
         returning id, name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                planned_commissioning as "planned_commissioning: NaiveDate",
                actual_commissioning as "actual_commissioning: NaiveDate",
                responsible_body, notes, sources, version, updated_at as "updated_at: DateTime<Utc>""#,
        id,
        input.name_en,
        input.name_ru,
        input.border_country.map(|b| b.as_str()),
        input.region,
        input.kind.map(|k| k.as_str()),
        input.programme,
        input.status.as_str(),
        input.actual_commissioning as Option<NaiveDate>,
        input.responsible_body,
        input.notes,
        input.sources,
        input.name_kk,
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "checkpoint.update",
        entity: "checkpoint",
        entity_id: Some(id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::record(conn, actor, change).await?;
    Ok(Versioned::Saved(after.version))
}

/// Whether the stored checkpoint already says what `input` says.
pub fn matches(stored: &Checkpoint, input: &CheckpointInput) -> bool {
    stored.name_en == input.name_en
        && stored.name_ru == input.name_ru
        && stored.name_kk == input.name_kk
        && stored.border_country.as_deref() == input.border_country.map(|b| b.as_str())
        && stored.region == input.region
        && stored.kind.as_deref() == input.kind.map(|k| k.as_str())
        && stored.programme == input.programme
        && stored.status == input.status.as_str()
        && stored.actual_commissioning == input.actual_commissioning
        && stored.responsible_body == input.responsible_body
        && stored.notes == input.notes
        && stored.sources == input.sources
}
