//! The sign-in throttle's rule: failures slow further attempts down, they
//! never lock an account. Counted per (account, client address) and per
//! client address; the rows live in `db::throttles`.

use chrono::{DateTime, TimeDelta, Utc};

/// What a throttle counts: one account from one address, or one address
/// across accounts (password spraying).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Account,
    Address,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }

    pub fn parse(code: &str) -> Option<Scope> {
        [Scope::Account, Scope::Address].into_iter().find(|s| s.as_str() == code)
    }

    /// Failures allowed without any delay: a person mistypes a few times,
    /// an address shared by many people (an office) more.
    pub fn free_failures(self) -> i32 {
        match self {
            Scope::Account => 3,
            Scope::Address => 20,
        }
    }
}

/// The longest delay: however many failures, a wait never exceeds this.
pub const MAX_DELAY: TimeDelta = TimeDelta::minutes(15);

/// Quiet time after which a throttle forgets its failures: this long
/// without a failure once its delay has passed.
pub const FORGET_AFTER: TimeDelta = TimeDelta::minutes(15);

/// The delay after the `failures`-th failure: none up to the free ones,
/// then 1 s, 2 s, 4 s … doubling, capped at [`MAX_DELAY`].
pub fn delay(scope: Scope, failures: i32) -> Option<TimeDelta> {
    let over = failures.checked_sub(scope.free_failures())?;
    if over < 0 {
        return None;
    }
    // 2^10 s is past the cap already; no overflow for any count.
    let seconds = 1_i64 << over.min(10);
    Some(TimeDelta::seconds(seconds).min(MAX_DELAY))
}

/// A throttle's counts as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub failures: i32,
    pub refused: i32,
    pub last_failure_at: DateTime<Utc>,
    pub blocked_until: Option<DateTime<Utc>>,
}

impl State {
    /// The state as it counts at `now`: forgotten after a quiet spell.
    pub fn current(self, now: DateTime<Utc>) -> State {
        let quiet_since = self.blocked_until.map_or(self.last_failure_at, |b| b.max(self.last_failure_at));
        if now > quiet_since + FORGET_AFTER {
            State { failures: 0, refused: 0, last_failure_at: self.last_failure_at, blocked_until: None }
        } else {
            self
        }
    }

    /// Until when an attempt at `now` is refused, if it is.
    pub fn refuses_until(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.current(now).blocked_until.filter(|until| *until > now)
    }

    /// The state after an attempt at `now` counted as a failure.
    pub fn after_failure(self, scope: Scope, now: DateTime<Utc>) -> State {
        let current = self.current(now);
        let failures = current.failures.saturating_add(1);
        State {
            failures,
            refused: current.refused,
            last_failure_at: now,
            blocked_until: delay(scope, failures).map(|d| now + d),
        }
    }

    /// The state after an attempt at `now` refused without checking the password.
    pub fn after_refusal(self, now: DateTime<Utc>) -> State {
        let current = self.current(now);
        State { refused: current.refused.saturating_add(1), ..current }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn an_account_gets_three_free_failures_then_doubling_delays_up_to_fifteen_minutes() {
        let delays: Vec<_> = (1..=14).map(|n| delay(Scope::Account, n).map(|d| d.num_seconds())).collect();
        let expected = [None, None, Some(1), Some(2), Some(4), Some(8), Some(16), Some(32), Some(64)];
        assert_eq!(delays[..9], expected);
        assert_eq!(delays[9..], [Some(128), Some(256), Some(512), Some(900), Some(900)]);
        assert_eq!(delay(Scope::Account, i32::MAX), Some(MAX_DELAY));
        assert_eq!(delay(Scope::Address, 19), None);
        assert_eq!(delay(Scope::Address, 20), Some(TimeDelta::seconds(1)));
    }

    #[test]
    fn failures_block_for_the_delay_and_a_refusal_does_not_lengthen_it() {
        let fresh = State { failures: 0, refused: 0, last_failure_at: at(0), blocked_until: None };
        let mut state = fresh;
        for _ in 0..3 {
            assert_eq!(state.refuses_until(at(0)), None);
            state = state.after_failure(Scope::Account, at(0));
        }
        assert_eq!(state.refuses_until(at(0)), Some(at(1)));
        let refused = state.after_refusal(at(0));
        assert_eq!((refused.refused, refused.blocked_until), (1, Some(at(1))));
        assert_eq!(refused.refuses_until(at(1)), None, "the delay has passed");
        assert_eq!(refused.after_failure(Scope::Account, at(1)).blocked_until, Some(at(3)));
    }

    #[test]
    fn a_quiet_spell_after_the_delay_forgets_the_failures() {
        let state = State { failures: 12, refused: 4, last_failure_at: at(0), blocked_until: Some(at(900)) };
        assert_eq!(state.current(at(900 + 15 * 60)).failures, 12, "not yet");
        let later = state.current(at(900 + 15 * 60 + 1));
        assert_eq!((later.failures, later.refused, later.blocked_until), (0, 0, None));
        assert_eq!(state.after_failure(Scope::Account, at(10_000)).failures, 1);
    }
}
