//! Reporting bodies and programmes: the codes other records refer to.

use sqlx::PgExecutor;

use crate::domain::checkpoint::KnownCodes;
use crate::domain::region::Region;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportingBody {
    pub code: String,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: String,
}

pub async fn bodies(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<ReportingBody>> {
    sqlx::query_as!(ReportingBody, "select code, name_en, name_ru, name_kk from reporting_bodies order by code")
        .fetch_all(db)
        .await
}

pub async fn programmes(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!("select code from programmes order by active desc, code").fetch_all(db).await
}

/// The regions with their names, in code order.
pub async fn regions(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Region>> {
    sqlx::query_as!(Region, "select code, name_en, name_ru, name_kk from regions order by code").fetch_all(db).await
}

/// Programme, body and region codes, for validating forms and imports.
pub async fn known(db: &sqlx::PgPool) -> sqlx::Result<KnownCodes> {
    Ok(KnownCodes {
        programmes: programmes(db).await?,
        bodies: bodies(db).await?.into_iter().map(|b| b.code).collect(),
        regions: regions(db).await?,
    })
}
