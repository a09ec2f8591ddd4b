//! When a failed delivery is tried again: `WEBHOOK_RETRY_SCHEDULE`, the seconds to wait between
//! one attempt and the next, comma separated. The default, `5,300,1800,7200,18000,36000,36000`
//! (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), makes 8 attempts over about 27 hours; after
//! the last one fails the delivery has failed.
//!
//! Each wait is jittered by up to ±10% (a jitter of 0 waits 90% of the entry, 0.5 the entry,
//! just under 1 just under 110%), so deliveries that failed together (a receiver that was down)
//! do not all come back at the same second; no wait is shorter than 1 s.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The variable the schedule is read from.
pub const VARIABLE: &str = "WEBHOOK_RETRY_SCHEDULE";
/// The schedule without the variable.
pub const DEFAULT_SCHEDULE: &str = "5,300,1800,7200,18000,36000,36000";
/// The most entries (retries) a schedule may have.
pub const MAX_ENTRIES: usize = 20;
/// The longest wait an entry may ask for (a day).
pub const MAX_DELAY_SECS: u64 = 86_400;
/// How far a wait is moved either way, as a fraction of it.
pub const JITTER: f64 = 0.10;
/// The shortest wait, whatever the jitter.
pub const MIN_DELAY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("{VARIABLE} must list at least one delay in seconds, such as {DEFAULT_SCHEDULE}")]
    Empty,
    #[error("{VARIABLE} must list at most {MAX_ENTRIES} delays, not {0}")]
    TooMany(usize),
    #[error(
        "{VARIABLE} must list whole seconds from 1 to {MAX_DELAY_SECS}, separated by commas; entry {position} is {entry:?}"
    )]
    BadEntry { position: usize, entry: String },
}

/// The waits between attempts, in seconds: entry `n` (from 0) is the wait after `n + 1`
/// failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule {
    delays: Vec<u64>,
}

impl RetrySchedule {
    /// `5,300,1800`: 1 to [`MAX_ENTRIES`] whole numbers of seconds, each 1 to
    /// [`MAX_DELAY_SECS`]; spaces around an entry are ignored.
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        if text.trim().is_empty() {
            return Err(ScheduleError::Empty);
        }
        let entries: Vec<&str> = text.split(',').collect();
        if entries.len() > MAX_ENTRIES {
            return Err(ScheduleError::TooMany(entries.len()));
        }
        let delays = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let trimmed = entry.trim();
                let valid =
                    !trimmed.is_empty() && trimmed.bytes().all(|byte| byte.is_ascii_digit());
                valid
                    .then(|| trimmed.parse::<u64>().ok())
                    .flatten()
                    .filter(|seconds| (1..=MAX_DELAY_SECS).contains(seconds))
                    .ok_or_else(|| ScheduleError::BadEntry {
                        position: index + 1,
                        entry: (*entry).to_owned(),
                    })
            })
            .collect::<Result<Vec<u64>, ScheduleError>>()?;
        Ok(RetrySchedule { delays })
    }

    /// How many attempts a delivery gets: the first and one after each wait.
    pub fn max_attempts(&self) -> usize {
        self.delays.len() + 1
    }

    /// The waits as listed, without jitter.
    pub fn delays(&self) -> impl Iterator<Item = Duration> + '_ {
        self.delays
            .iter()
            .map(|seconds| Duration::from_secs(*seconds))
    }

    /// The wait before attempt `attempt + 1`, once `attempt` attempts have failed, moved by
    /// `jitter` (from `[0, 1)`: a random draw; 0.5 is no move) by up to ±10%, and at least 1 s.
    /// `None` once the schedule is spent: the delivery has failed. With no attempt made yet
    /// (`attempt == 0`) the first is due at once: `Some(Duration::ZERO)`. A jitter outside
    /// `[0, 1)` is clamped into it (NaN is taken as 0.5).
    pub fn delay_after(&self, attempt: usize, jitter: f64) -> Option<Duration> {
        let Some(index) = attempt.checked_sub(1) else {
            return Some(Duration::ZERO);
        };
        let seconds = *self.delays.get(index)?;
        let jitter = if jitter.is_nan() {
            0.5
        } else {
            jitter.clamp(0.0, 1.0)
        };
        let factor = 1.0 + JITTER * (2.0 * jitter - 1.0);
        // At most 86,400 × 1.1 s: well within f64's exact integers and Duration's range.
        let millis = (seconds as f64 * 1000.0 * factor).round() as u64;
        Some(Duration::from_millis(millis).max(MIN_DELAY))
    }

    /// The sum of the waits without jitter: how long after the first attempt the last one is.
    pub fn total(&self) -> Duration {
        Duration::from_secs(self.delays.iter().sum())
    }
}

impl Default for RetrySchedule {
    fn default() -> Self {
        RetrySchedule {
            delays: vec![5, 300, 1800, 7200, 18000, 36000, 36000],
        }
    }
}

impl FromStr for RetrySchedule {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RetrySchedule::parse(text)
    }
}

/// The schedule as [`RetrySchedule::parse`] reads it.
impl fmt::Display for RetrySchedule {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        for (index, seconds) in self.delays.iter().enumerate() {
            if index > 0 {
                formatter.write_str(",")?;
            }
            write!(formatter, "{seconds}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_is_the_documented_list() {
        assert_eq!(
            RetrySchedule::parse(DEFAULT_SCHEDULE).unwrap(),
            RetrySchedule::default()
        );
        assert_eq!(RetrySchedule::default().to_string(), DEFAULT_SCHEDULE);
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.max_attempts(), 8);
        // 5 + 300 + 1800 + 7200 + 18000 + 36000 + 36000 s: about 27.4 hours.
        assert_eq!(schedule.total(), Duration::from_secs(99_305));
    }

    #[test]
    fn without_jitter_the_waits_are_the_entries_in_order() {
        let schedule = RetrySchedule::default();
        let waits: Vec<Option<Duration>> = (1..=8)
            .map(|attempt| schedule.delay_after(attempt, 0.5))
            .collect();
        assert_eq!(
            waits,
            vec![
                Some(Duration::from_secs(5)),
                Some(Duration::from_secs(300)),
                Some(Duration::from_secs(1800)),
                Some(Duration::from_secs(7200)),
                Some(Duration::from_secs(18000)),
                Some(Duration::from_secs(36000)),
                Some(Duration::from_secs(36000)),
                None,
            ]
        );
        assert_eq!(schedule.delay_after(0, 0.9), Some(Duration::ZERO));
        assert_eq!(schedule.delay_after(usize::MAX, 0.5), None);
        let listed: Vec<Duration> = schedule.delays().collect();
        assert_eq!(listed.len(), 7);
        assert_eq!(listed[1], Duration::from_secs(300));
    }

    #[test]
    fn jitter_moves_a_wait_by_at_most_ten_percent() {
        let schedule = RetrySchedule::parse("100").unwrap();
        assert_eq!(schedule.delay_after(1, 0.0), Some(Duration::from_secs(90)));
        assert_eq!(schedule.delay_after(1, 0.25), Some(Duration::from_secs(95)));
        assert_eq!(
            schedule.delay_after(1, 0.75),
            Some(Duration::from_secs(105))
        );
        let top = schedule.delay_after(1, 0.999_999).unwrap();
        assert!(
            top > Duration::from_millis(109_990) && top <= Duration::from_secs(110),
            "{top:?}"
        );
        // Out of range draws are clamped, never wild.
        assert_eq!(schedule.delay_after(1, -3.0), Some(Duration::from_secs(90)));
        assert_eq!(schedule.delay_after(1, 7.0), Some(Duration::from_secs(110)));
        assert_eq!(
            schedule.delay_after(1, f64::NAN),
            Some(Duration::from_secs(100))
        );
        assert_eq!(
            schedule.delay_after(1, f64::INFINITY),
            Some(Duration::from_secs(110))
        );
    }

    #[test]
    fn no_wait_is_shorter_than_a_second() {
        let schedule = RetrySchedule::parse("1,1").unwrap();
        assert_eq!(schedule.delay_after(1, 0.0), Some(Duration::from_secs(1)));
        assert_eq!(
            schedule.delay_after(2, 0.99),
            Some(Duration::from_millis(1098))
        );
        assert_eq!(schedule.delay_after(3, 0.5), None);
    }

    #[test]
    fn spaces_around_entries_are_ignored() {
        let schedule = RetrySchedule::parse(" 5, 60 ,86400 ").unwrap();
        assert_eq!(schedule.to_string(), "5,60,86400");
        assert_eq!(schedule.max_attempts(), 4);
        let twenty = vec!["1"; 20].join(",");
        assert_eq!(RetrySchedule::parse(&twenty).unwrap().max_attempts(), 21);
        assert_eq!(
            "30,60".parse::<RetrySchedule>().unwrap().total(),
            Duration::from_secs(90)
        );
    }

    #[test]
    fn bad_schedules_are_refused_naming_the_variable() {
        let cases: &[(&str, ScheduleError)] = &[
            ("", ScheduleError::Empty),
            ("  ", ScheduleError::Empty),
            (
                "5,,60",
                ScheduleError::BadEntry {
                    position: 2,
                    entry: String::new(),
                },
            ),
            (
                "5,60,",
                ScheduleError::BadEntry {
                    position: 3,
                    entry: String::new(),
                },
            ),
            (
                "0",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "0".to_owned(),
                },
            ),
            (
                "5,86401",
                ScheduleError::BadEntry {
                    position: 2,
                    entry: "86401".to_owned(),
                },
            ),
            (
                "-5",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "-5".to_owned(),
                },
            ),
            (
                "+5",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "+5".to_owned(),
                },
            ),
            (
                "1.5",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "1.5".to_owned(),
                },
            ),
            (
                "5s",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "5s".to_owned(),
                },
            ),
            (
                "5;60",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "5;60".to_owned(),
                },
            ),
            (
                "99999999999999999999999",
                ScheduleError::BadEntry {
                    position: 1,
                    entry: "99999999999999999999999".to_owned(),
                },
            ),
        ];
        for (text, expected) in cases {
            let error = RetrySchedule::parse(text).unwrap_err();
            assert_eq!(&error, expected, "{text:?}");
            assert!(
                error.to_string().contains("WEBHOOK_RETRY_SCHEDULE"),
                "{error}"
            );
        }
        let too_many = vec!["1"; 21].join(",");
        assert_eq!(
            RetrySchedule::parse(&too_many).unwrap_err(),
            ScheduleError::TooMany(21)
        );
    }

    proptest! {
        #[test]
        fn every_wait_is_within_ten_percent_and_at_least_a_second(
            delays in proptest::collection::vec(1u64..=MAX_DELAY_SECS, 1..=MAX_ENTRIES),
            jitter in 0.0f64..1.0,
        ) {
            let text = delays.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
            let schedule = RetrySchedule::parse(&text).unwrap();
            prop_assert_eq!(schedule.to_string(), text);
            prop_assert_eq!(schedule.max_attempts(), delays.len() + 1);
            for (index, seconds) in delays.iter().enumerate() {
                let wait = schedule.delay_after(index + 1, jitter).unwrap();
                let exact = *seconds as f64;
                prop_assert!(wait >= MIN_DELAY);
                prop_assert!(wait.as_secs_f64() >= (exact * 0.9 - 0.001).max(1.0));
                prop_assert!(wait.as_secs_f64() <= (exact * 1.1 + 0.001).max(1.0));
            }
            prop_assert_eq!(schedule.delay_after(delays.len() + 1, jitter), None);
        }
    }
}
