//! The overview's figures, aggregated in SQL: checkpoints by status per
//! programme (with its target) and per border. The reporting section reuses
//! `db::reports::weeks` and `db::reports::queue`.

use sqlx::PgExecutor;

use crate::domain::checkpoint::BorderCountry;
use crate::domain::programme::Target;

/// How many checkpoints are in each lifecycle status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub commissioned: i64,
    pub in_reconstruction: i64,
    pub planned: i64,
    pub suspended: i64,
    pub unknown: i64,
}

impl StatusCounts {
    /// Every checkpoint counted, whatever its status.
    pub fn total(&self) -> i64 {
        self.commissioned + self.in_reconstruction + self.planned + self.suspended + self.unknown
    }
}

/// A programme, its target and its checkpoints' statuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeCounts {
    pub code: String,
    pub target: Option<Target>,
    pub counts: StatusCounts,
}

/// Every programme (with none of its checkpoints in the register too), the
/// plan first (`programmes.position`).
pub async fn by_programme(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<ProgrammeCounts>> {
    let rows = sqlx::query!(
        r#"select p.code, p.target_count, p.target_year,
                count(c.id) filter (where c.status = 'commissioned') as "commissioned!",
                count(c.id) filter (where c.status = 'in_reconstruction') as "in_reconstruction!",
                count(c.id) filter (where c.status = 'planned') as "planned!",
                count(c.id) filter (where c.status = 'suspended') as "suspended!",
                count(c.id) filter (where c.status = 'unknown') as "unknown!"
         from programmes p left join checkpoints c on c.programme = p.code
         group by p.code
         order by p.position, p.code"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ProgrammeCounts {
            code: r.code,
            target: r.target_count.zip(r.target_year).map(|(count, year)| Target { count, year }),
            counts: StatusCounts {
                commissioned: r.commissioned,
                in_reconstruction: r.in_reconstruction,
                planned: r.planned,
                suspended: r.suspended,
                unknown: r.unknown,
            },
        })
        .collect())
}

/// The statuses per border, every border in `BorderCountry::ALL`'s order
/// (with zeros where the register has none), then the checkpoints whose
/// border is not recorded (`None`), if any.
pub async fn by_border(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<(Option<BorderCountry>, StatusCounts)>> {
    let rows = sqlx::query!(
        r#"select border_country as "border: BorderCountry",
                count(*) filter (where status = 'commissioned') as "commissioned!",
                count(*) filter (where status = 'in_reconstruction') as "in_reconstruction!",
                count(*) filter (where status = 'planned') as "planned!",
                count(*) filter (where status = 'suspended') as "suspended!",
                count(*) filter (where status = 'unknown') as "unknown!"
         from checkpoints
         group by border_country"#
    )
    .fetch_all(db)
    .await?;
    let counts_of = |border: Option<BorderCountry>| {
        rows.iter().find(|r| r.border == border).map(|r| StatusCounts {
            commissioned: r.commissioned,
            in_reconstruction: r.in_reconstruction,
            planned: r.planned,
            suspended: r.suspended,
            unknown: r.unknown,
        })
    };
    let mut out: Vec<_> =
        BorderCountry::ALL.iter().map(|b| (Some(*b), counts_of(Some(*b)).unwrap_or_default())).collect();
    out.extend(counts_of(None).map(|c| (None, c)));
    Ok(out)
}
