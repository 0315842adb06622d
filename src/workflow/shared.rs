//! Figures read from the database and shared by every request until the
//! data changes: the overview's and the register's pages.
//!
//! A copy is keyed by the database's `data_generation` number, which every
//! change these pages show bumps inside its own transaction (statement
//! triggers, migration `20261202000006_history`). Each request reads that
//! number first (one cheap statement) and reads the figures afresh when it
//! moved, so an instance never serves figures older than a change another
//! instance committed before the request began: several app instances on
//! one PostgreSQL stay correct without talking to each other. Figures read
//! after the number are at least as new as it, so a copy is never older
//! than its key (at worst newer, and read again at the next change).

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use sqlx::PgPool;

/// The most copies kept per generation (e.g. the overview now and the
/// weeks people looked back at, or the register's pages and filters);
/// beyond it they are dropped and read again.
const KEPT: usize = 256;

/// The copies read for the newest generation seen, by key.
pub struct Shared<K, V> {
    inner: Mutex<Kept<K, V>>,
    /// Held while reading afresh: after a change, the requests that arrive
    /// together read the figures once, not once each (at 100× a read takes
    /// seconds and a pool's worth of connections).
    reading: tokio::sync::Mutex<()>,
}

struct Kept<K, V> {
    generation: i64,
    copies: HashMap<K, Arc<V>>,
}

impl<K, V> Default for Shared<K, V> {
    fn default() -> Self {
        Shared {
            inner: Mutex::new(Kept { generation: 0, copies: HashMap::new() }),
            reading: tokio::sync::Mutex::new(()),
        }
    }
}

/// The data's generation now.
pub async fn generation(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar!("select n from data_generation").fetch_one(pool).await
}

impl<K: Hash + Eq, V> Shared<K, V> {
    /// The copy for `key` if the data has not changed since it was read,
    /// else `read()`'s, kept for the next request.
    pub async fn get_or_read<F, Fut, E>(&self, pool: &PgPool, key: K, read: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
        E: From<sqlx::Error>,
    {
        let generation = generation(pool).await?;
        if let Some(copy) = self.get(generation, &key) {
            return Ok(copy);
        }
        let _reading = self.reading.lock().await;
        // Another request may have read it while this one waited.
        if let Some(copy) = self.get(generation, &key) {
            return Ok(copy);
        }
        let copy = Arc::new(read().await?);
        self.put(generation, key, Arc::clone(&copy));
        Ok(copy)
    }

    fn get(&self, generation: i64, key: &K) -> Option<Arc<V>> {
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (kept.generation == generation).then(|| kept.copies.get(key).cloned()).flatten()
    }

    fn put(&self, generation: i64, key: K, copy: Arc<V>) {
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if generation < kept.generation {
            return;
        }
        if generation > kept.generation || kept.copies.len() >= KEPT {
            kept.copies.clear();
            kept.generation = generation;
        }
        kept.copies.insert(key, copy);
    }
}
