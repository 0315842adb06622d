//! A CSV file on its way from PostgreSQL to a client: `COPY … TO STDOUT`
//! is drained into an unlinked temporary file as fast as the database
//! produces it, and the download reads that file as it grows.
//!
//! So a slow client never holds a database connection (only its share of
//! disk), a fast one gets rows as they come, memory stays at a few buffers
//! whatever the size, and a failure in mid-stream ends the download with an
//! error, which aborts the connection instead of ending the file cleanly.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use futures_util::{StreamExt, TryStreamExt};
use sqlx::PgPool;
use tokio::sync::{Semaphore, watch};

/// How much is buffered before a write to the spool, and read at a time.
const CHUNK: usize = 256 * 1024;

/// How a spool ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every row was written: how many (the header not counted).
    Complete {
        rows: u64,
    },
    Failed,
}

#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    written: u64,
    end: Option<End>,
}

/// A file being filled by one export.
pub struct Spool {
    file: Arc<File>,
    progress: watch::Receiver<Progress>,
}

/// Records of CSV as `COPY` writes them (one per line, LF), rewritten with
/// RFC 4180's CRLF and counted. Line breaks inside quoted values stay.
#[derive(Debug, Default)]
pub struct Records {
    in_quotes: bool,
    pub lines: u64,
}

impl Records {
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) {
        let mut start = 0;
        for i in memchr::memchr2_iter(b'"', b'\n', input) {
            if input[i] == b'"' {
                self.in_quotes = !self.in_quotes;
            } else if !self.in_quotes {
                out.extend_from_slice(&input[start..i]);
                out.extend_from_slice(b"\r\n");
                start = i + 1;
                self.lines += 1;
            }
        }
        out.extend_from_slice(&input[start..]);
    }
}

/// What a producer needs.
pub struct Source {
    pub pool: PgPool,
    /// Exports running at once are limited, so that they never take the
    /// connections report submission needs.
    pub slots: Arc<Semaphore>,
    /// The `COPY … TO STDOUT (FORMAT csv, HEADER)` statement.
    pub copy: String,
    pub bom: bool,
}

impl Spool {
    /// Starts draining `source` into a new spool; `done` runs once the rows
    /// are all written (or not), with how it ended.
    pub fn start<F, Fut>(source: Source, done: F) -> std::io::Result<Spool>
    where
        F: FnOnce(End) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let file = Arc::new(tempfile::tempfile()?);
        let (tx, rx) = watch::channel(Progress::default());
        let writer = Arc::clone(&file);
        tokio::spawn(async move {
            let end = match produce(&source, &writer, &tx).await {
                Ok(rows) => End::Complete { rows },
                Err(ProduceError::Abandoned) => {
                    tracing::info!("export abandoned by its client");
                    End::Failed
                }
                Err(e) => {
                    tracing::error!(error = %e, "export failed");
                    End::Failed
                }
            };
            tx.send_modify(|p| p.end = Some(end));
            done(end).await;
        });
        Ok(Spool { file, progress: rx })
    }

    /// Waits for the first bytes (the header row), so that a query that
    /// fails at once is an error status rather than a broken download.
    pub async fn started(&mut self) -> Result<(), End> {
        let p = *self.progress.wait_for(|p| p.written > 0 || p.end.is_some()).await.map_err(|_| End::Failed)?;
        match p.end {
            Some(End::Failed) => Err(End::Failed),
            _ => Ok(()),
        }
    }

    /// Waits until every row is written: the file and how many rows.
    pub async fn finished(mut self) -> Result<(Arc<File>, u64), End> {
        let p = *self.progress.wait_for(|p| p.end.is_some()).await.map_err(|_| End::Failed)?;
        match p.end {
            Some(End::Complete { rows }) => Ok((self.file, rows)),
            _ => Err(End::Failed),
        }
    }

    /// The download: the spool's bytes as they come; an error (which
    /// aborts the connection) if the export failed.
    pub fn into_body(self) -> Body {
        let stream = futures_util::stream::try_unfold((self, 0u64), |(mut spool, offset)| async move {
            let p = *spool
                .progress
                .wait_for(|p| p.written > offset || p.end.is_some())
                .await
                .map_err(|_| std::io::Error::other("export abandoned"))?;
            if p.written > offset {
                let len = (p.written - offset).min(CHUNK as u64) as usize;
                let file = Arc::clone(&spool.file);
                let bytes = read_at(file, offset, len).await?;
                return Ok(Some((bytes, (spool, offset + len as u64))));
            }
            match p.end {
                Some(End::Complete { .. }) => Ok(None),
                _ => Err(std::io::Error::other("export failed in mid-stream")),
            }
        });
        // Fused: a compression layer may poll again after the end.
        Body::from_stream(stream.fuse())
    }
}

/// A file being written elsewhere (a workbook), as a download body: the
/// response goes out at once (so no request timeout cuts a large export
/// short) and its bytes follow when `file` is ready; if it fails, the
/// download ends in an error.
pub fn deferred_file_body<F>(file: F) -> Body
where
    F: std::future::Future<Output = std::io::Result<File>> + Send + 'static,
{
    let stream = futures_util::stream::once(file).map_ok(|f| file_chunks(Arc::new(f))).try_flatten();
    Body::from_stream(stream.fuse())
}

/// A finished file, a chunk at a time.
fn file_chunks(file: Arc<File>) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send {
    futures_util::stream::try_unfold((file, 0u64), |(file, offset)| async move {
        let len = file.metadata()?.len();
        if offset >= len {
            return Ok(None);
        }
        let n = (len - offset).min(CHUNK as u64) as usize;
        let bytes = read_at(Arc::clone(&file), offset, n).await?;
        Ok(Some((bytes, (file, offset + n as u64))))
    })
}

/// Reads a chunk the spool has written. In place, not on the blocking
/// pool: the bytes were just written, so they come from the page cache in
/// tens of microseconds, less than a hop to another thread costs; and
/// buffers allocated on many blocking threads kept the process's memory
/// high (glibc keeps an arena per thread).
async fn read_at(file: Arc<File>, offset: u64, len: usize) -> std::io::Result<Bytes> {
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, offset)?;
    Ok(Bytes::from(buf))
}

async fn write_at(file: &Arc<File>, offset: u64, buf: Vec<u8>) -> std::io::Result<Vec<u8>> {
    let file = Arc::clone(file);
    tokio::task::spawn_blocking(move || {
        file.write_all_at(&buf, offset)?;
        Ok(buf)
    })
    .await
    .map_err(std::io::Error::other)?
}

#[derive(Debug, thiserror::Error)]
enum ProduceError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("no export slot")]
    Closed,
    #[error("the client left before the rows were all produced")]
    Abandoned,
}

async fn produce(source: &Source, file: &Arc<File>, tx: &watch::Sender<Progress>) -> Result<u64, ProduceError> {
    let _slot = source.slots.acquire().await.map_err(|_| ProduceError::Closed)?;
    // Nobody waits any more (the client left while the export queued).
    if tx.is_closed() {
        return Err(ProduceError::Abandoned);
    }
    let mut conn = source.pool.acquire().await?;
    let mut records = Records::default();
    let mut buf = Vec::with_capacity(CHUNK * 2);
    if source.bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut written = 0u64;
    let backend = sqlx::query_scalar!(r#"select pg_backend_pid() as "pid!""#).fetch_one(&mut *conn).await?;
    let mut rows = conn.copy_out_raw(&source.copy).await?;
    while let Some(chunk) = rows.next().await {
        if tx.is_closed() {
            // The client left: stop the query rather than spool rows for
            // nobody. A COPY in progress can only be cancelled from another
            // connection; what was sent already is read to the end (the
            // cancellation error), so the connection goes back clean.
            sqlx::query_scalar!(r#"select pg_cancel_backend($1) as "cancelled!""#, backend)
                .fetch_one(&source.pool)
                .await?;
            while rows.next().await.is_some() {}
            return Err(ProduceError::Abandoned);
        }
        records.push(&chunk?, &mut buf);
        // The header goes out at once; then whole buffers.
        if buf.len() >= CHUNK || written == 0 {
            let len = buf.len() as u64;
            buf = write_at(file, written, buf).await?;
            buf.clear();
            written += len;
            tx.send_modify(|p| p.written = written);
        }
    }
    drop(rows);
    if !buf.is_empty() {
        let len = buf.len() as u64;
        write_at(file, written, buf).await?;
        written += len;
        tx.send_modify(|p| p.written = written);
    }
    Ok(records.lines.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_end_in_crlf_and_quoted_breaks_stay() {
        let mut r = Records::default();
        let mut out = Vec::new();
        r.push(b"a,b\n1,\"x\ny\"\n2,\"say \"\"", &mut out);
        r.push(b"hi\"\"\"\n", &mut out);
        assert_eq!(out, b"a,b\r\n1,\"x\ny\"\r\n2,\"say \"\"hi\"\"\"\r\n");
        assert_eq!(r.lines, 3);
    }
}
