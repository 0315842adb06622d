//! XLSX files: a CSV spool rewritten as a workbook (see `write`).

use std::fs::File;
use std::sync::Arc;

use super::datasets::Dataset;
use crate::error::AppError;

/// Writes the rows of `csv` (as [`super::spool`] wrote them) as a workbook.
pub fn write(_dataset: &Dataset, _csv: &Arc<File>) -> Result<File, AppError> {
    Err(AppError::Internal(anyhow::anyhow!("XLSX is not written yet")))
}
