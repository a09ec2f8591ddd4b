//! API keys at request time. A key is looked up by its hash (one strongly consistent GetItem)
//! and what it grants is kept per function instance for `API_KEY_CACHE_SECONDS`, so a revoked
//! key stops working on every instance within that time (at once on the instance that revoked
//! it). Unknown keys are remembered too, so a client repeating a bad key costs no more reads;
//! the cache holds at most [`MAX_CACHED_KEYS`] entries. When a key was last used is written at
//! most once a [`TOUCH_INTERVAL`] per key, beside the request rather than before it.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Caller, MonotonicClock};
use crate::applications::{is_well_formed_key, KeyHash};
use crate::clock::{format_timestamp, Now};
use crate::error::ApiError;
use crate::store::{KeyGrant, Store};

pub const DEFAULT_CACHE: Duration = Duration::from_secs(60);
pub const MAX_CACHED_KEYS: usize = 10_000;
pub const TOUCH_INTERVAL: Duration = Duration::from_secs(60);

struct Cached {
    fetched: Instant,
    grant: Option<KeyGrant>,
    /// When this instance last wrote the key's `last_used_at`.
    touched: Option<Instant>,
}

pub struct ApiKeys {
    cache: Mutex<HashMap<KeyHash, Cached>>,
    ttl: Duration,
    clock: MonotonicClock,
}

/// A key's use to note, if the request it came with is to note one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyUse(KeyHash);

impl ApiKeys {
    pub fn new(ttl: Duration, clock: MonotonicClock) -> Self {
        ApiKeys {
            cache: Mutex::new(HashMap::new()),
            ttl,
            clock,
        }
    }

    /// The application a key speaks for, or 401, the same answer whatever is wrong with the
    /// key (malformed, unknown, revoked, expired); and the use of it to note, at most once a
    /// [`TOUCH_INTERVAL`] per instance.
    pub async fn authenticate(
        &self,
        store: &Store,
        key: &str,
    ) -> Result<(Caller, Option<KeyUse>), ApiError> {
        let invalid = || ApiError::Unauthorized("Invalid API key".into());
        if !is_well_formed_key(key) {
            return Err(invalid());
        }
        let hash = KeyHash::of(key);
        let grant = match self.cached(&hash) {
            Some(grant) => grant,
            None => {
                let grant = store.find_key(&hash).await?;
                self.remember(hash, grant.clone());
                grant
            }
        };
        let grant = grant.ok_or_else(invalid)?;
        let now = Now::current();
        if grant
            .expires_at
            .as_deref()
            .is_some_and(|expiry| expiry <= now.timestamp.as_str())
        {
            return Err(invalid());
        }
        let caller = Caller {
            tenant_id: grant.tenant_id,
            subject: grant.app_id.clone(),
            scopes: grant.scopes,
            app_id: Some(grant.app_id),
        };
        Ok((caller, self.due_for_touch(&hash).then_some(KeyUse(hash))))
    }

    /// Writes when the key was used (now), unless another instance did within the last
    /// [`TOUCH_INTERVAL`]. A failure is logged: the request it came with goes on.
    pub async fn note_use(&self, store: &Store, key_use: KeyUse) {
        let now = time::OffsetDateTime::now_utc();
        let not_before = now - TOUCH_INTERVAL;
        let written = store
            .touch_key(
                &key_use.0,
                &format_timestamp(now),
                &format_timestamp(not_before),
            )
            .await;
        if let Err(error) = written {
            tracing::warn!(error = %error, "could not note an API key's use");
        }
    }

    /// Drops what this instance knows of a key, after it was revoked or its application changed.
    pub fn forget(&self, hash_hex: &str) {
        self.entries().retain(|hash, _| !hash.matches_hex(hash_hex));
    }

    fn cached(&self, hash: &KeyHash) -> Option<Option<KeyGrant>> {
        let now = self.clock.now();
        self.entries()
            .get(hash)
            .filter(|cached| now.duration_since(cached.fetched) < self.ttl)
            .map(|cached| cached.grant.clone())
    }

    fn remember(&self, hash: KeyHash, grant: Option<KeyGrant>) {
        let now = self.clock.now();
        let mut entries = self.entries();
        if entries.len() >= MAX_CACHED_KEYS {
            entries.retain(|_, cached| now.duration_since(cached.fetched) < self.ttl);
            if entries.len() >= MAX_CACHED_KEYS {
                entries.clear();
            }
        }
        let touched = entries.get(&hash).and_then(|cached| cached.touched);
        entries.insert(
            hash,
            Cached {
                fetched: now,
                grant,
                touched,
            },
        );
    }

    /// Whether this instance is to note the key's use now (and, if so, that it did).
    fn due_for_touch(&self, hash: &KeyHash) -> bool {
        let now = self.clock.now();
        let mut entries = self.entries();
        let Some(cached) = entries.get_mut(hash) else {
            return false;
        };
        let due = cached
            .touched
            .is_none_or(|touched| now.duration_since(touched) >= TOUCH_INTERVAL);
        if due {
            cached.touched = Some(now);
        }
        due
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<KeyHash, Cached>> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
