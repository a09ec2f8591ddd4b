//! Server timestamps: RFC 3339 in UTC with milliseconds, so they sort as text.

use time::macros::format_description;
use time::OffsetDateTime;

/// The moment a request is handled, in the forms the deal needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Now {
    /// `2026-01-15T10:30:00.000Z`
    pub timestamp: String,
    /// `2026-01-15`
    pub date: String,
    pub year: i32,
    /// Unix seconds.
    pub unix: i64,
}

impl Now {
    pub fn at(moment: OffsetDateTime) -> Self {
        let utc = moment.to_offset(time::UtcOffset::UTC);
        let date = utc
            .date()
            .format(format_description!("[year]-[month]-[day]"))
            .unwrap_or_default();
        Now {
            timestamp: format_timestamp(utc),
            date,
            year: utc.year(),
            unix: utc.unix_timestamp(),
        }
    }

    pub fn current() -> Self {
        Self::at(OffsetDateTime::now_utc())
    }
}

pub fn format_timestamp(moment: OffsetDateTime) -> String {
    moment
        .to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let now = Now::at(datetime!(2024-01-15 23:30:00.123456 -02:00));
        assert_eq!(now.timestamp, "2024-01-16T01:30:00.123Z");
        assert_eq!(now.date, "2024-01-16");
        assert_eq!(now.year, 2024);
    }
}
