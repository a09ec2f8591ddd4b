//! Server timestamps, and every date and date-time the API reads.
//!
//! Timestamps are RFC 3339 in UTC with milliseconds (`2026-01-15T10:30:00.000Z`), so they sort
//! as text. What a client sends is read by [`parse_date`] and [`parse_date_time`] only: the exact
//! byte shape is checked first (four-digit years, no `+`/`-` expanded years, no missing digits),
//! then the calendar, then the range, all before any conversion, so that nothing a client
//! writes can overflow the arithmetic that follows.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Years a date may name: exactly four digits, `0001` to `9999`.
pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

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
    /// Unix milliseconds (0 before 1970), the time part of ids made at this moment.
    pub unix_millis: u64,
}

impl Now {
    pub fn at(moment: OffsetDateTime) -> Self {
        let utc = in_utc(moment);
        Now {
            timestamp: format_timestamp(utc),
            date: format_date(utc.date()),
            year: utc.year(),
            unix: utc.unix_timestamp(),
            unix_millis: u64::try_from(unix_millis(utc)).unwrap_or(0),
        }
    }

    pub fn current() -> Self {
        Self::at(OffsetDateTime::now_utc())
    }
}

/// `2026-01-15T10:30:00.000Z`: the moment in UTC, truncated to the millisecond.
pub fn format_timestamp(moment: OffsetDateTime) -> String {
    let utc = in_utc(moment);
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        format_date(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// `2026-01-15T10:30:00.000500000Z`: the moment in UTC to the nanosecond. Longer than any
/// stored timestamp, so it never equals one.
pub fn format_timestamp_nanos(moment: OffsetDateTime) -> String {
    let utc = in_utc(moment);
    format!(
        "{}T{:02}:{:02}:{:02}.{:09}Z",
        format_date(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.nanosecond()
    )
}

/// `2026-01-15`
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The same moment in UTC. A moment whose UTC date the `time` crate cannot hold (only ever one
/// built in code, never one parsed here) is clamped to the nearest one it can.
fn in_utc(moment: OffsetDateTime) -> OffsetDateTime {
    match moment.checked_to_offset(UtcOffset::UTC) {
        Some(utc) => utc,
        None if moment.offset().is_negative() => PrimitiveDateTime::MAX.assume_utc(),
        None => PrimitiveDateTime::MIN.assume_utc(),
    }
}

/// A calendar date written exactly `YYYY-MM-DD`: four-digit year 0001–9999, two-digit month
/// and day, a day that exists. Nothing else (`+2026-03-31`, `-0001-01-01`, `0000-01-01`,
/// `2026-2-3`, `2026-02-30`) is a date.
pub fn parse_date(text: &str) -> Option<Date> {
    date_from_bytes(text.as_bytes())
}

/// An RFC 3339 date-time, exactly `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`: a date as
/// [`parse_date`] reads it, `T` (or `t`, as RFC 3339 allows), hours 00–23, minutes and seconds
/// 00–59 (no leap second), an optional fraction of 1–9 digits, and `Z` (or `z`) or an offset
/// of at most ±23:59. Its instant must lie within 0001-01-01T00:00:00Z and
/// 9999-12-31T23:59:59.999Z. Returns that instant in UTC.
pub fn parse_date_time(text: &str) -> Option<OffsetDateTime> {
    let (date, time) = text.as_bytes().split_at_checked(10)?;
    let date = date_from_bytes(date)?;
    let &[b'T' | b't', h1, h2, b':', m1, m2, b':', s1, s2, ref rest @ ..] = time else {
        return None;
    };
    let hour = two_digits(&[h1, h2]).filter(|h| *h <= 23)?;
    let minute = two_digits(&[m1, m2]).filter(|m| *m <= 59)?;
    let second = two_digits(&[s1, s2]).filter(|s| *s <= 59)?;
    let mut rest = rest;
    let mut nanosecond: u32 = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let (whole, after) = fraction.split_at_checked(digits)?;
        for (place, digit) in whole.iter().enumerate() {
            let weight = 10u32.pow(8 - u32::try_from(place).ok()?);
            nanosecond += u32::from(digit - b'0') * weight;
        }
        rest = after;
    }
    let offset = match rest {
        b"Z" | b"z" => UtcOffset::UTC,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = two_digits(&[*h1, *h2]).filter(|h| *h <= 23)?;
            let minutes = two_digits(&[*m1, *m2]).filter(|m| *m <= 59)?;
            let (hours, minutes) = (i8::try_from(hours).ok()?, i8::try_from(minutes).ok()?);
            if *sign == b'-' {
                UtcOffset::from_hms(-hours, -minutes, 0).ok()?
            } else {
                UtcOffset::from_hms(hours, minutes, 0).ok()?
            }
        }
        _ => return None,
    };
    let time = Time::from_hms_nano(hour, minute, second, nanosecond).ok()?;
    let utc = PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .checked_to_offset(UtcOffset::UTC)?;
    let last = PrimitiveDateTime::new(
        Date::from_calendar_date(MAX_YEAR, Month::December, 31).ok()?,
        Time::from_hms_milli(23, 59, 59, 999).ok()?,
    )
    .assume_utc();
    (utc.year() >= MIN_YEAR && utc <= last).then_some(utc)
}

/// The first whole millisecond at or after `moment` (itself when it is one).
pub fn ceil_to_millisecond(moment: OffsetDateTime) -> Option<OffsetDateTime> {
    let nanos = moment.unix_timestamp_nanos();
    let millis = nanos.div_euclid(1_000_000);
    let ceiling = if nanos.rem_euclid(1_000_000) == 0 {
        millis
    } else {
        millis.checked_add(1)?
    };
    OffsetDateTime::from_unix_timestamp_nanos(ceiling.checked_mul(1_000_000)?).ok()
}

/// Unix milliseconds of `moment` (rounded down).
pub fn unix_millis(moment: OffsetDateTime) -> i128 {
    moment.unix_timestamp_nanos().div_euclid(1_000_000)
}

fn date_from_bytes(bytes: &[u8]) -> Option<Date> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = bytes else {
        return None;
    };
    let year = four_digits(&[y1, y2, y3, y4]).filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))?;
    let month = Month::try_from(two_digits(&[m1, m2])?).ok()?;
    let day = two_digits(&[d1, d2])?;
    Date::from_calendar_date(year, month, day).ok()
}

fn two_digits(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [tens, ones] if tens.is_ascii_digit() && ones.is_ascii_digit() => {
            Some((tens - b'0') * 10 + (ones - b'0'))
        }
        _ => None,
    }
}

fn four_digits(bytes: &[u8]) -> Option<i32> {
    match bytes {
        [a, b, c, d] => {
            let high = i32::from(two_digits(&[*a, *b])?);
            let low = i32::from(two_digits(&[*c, *d])?);
            Some(high * 100 + low)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let now = Now::at(datetime!(2024-01-15 23:30:00.123456 -02:00));
        assert_eq!(now.timestamp, "2024-01-16T01:30:00.123Z");
        assert_eq!(now.date, "2024-01-16");
        assert_eq!(now.year, 2024);
        let early = Now::at(datetime!(0001-01-01 00:00:00 UTC));
        assert_eq!(early.timestamp, "0001-01-01T00:00:00.000Z");
        assert_eq!(early.date, "0001-01-01");
    }

    #[test]
    fn moments_outside_the_range_are_clamped_not_panics() {
        let late = datetime!(9999-12-31 23:59:59 -01:00);
        assert!(format_timestamp(late).starts_with("9999-12-31T23:59:59"));
        let early = datetime!(-9999-01-01 00:00:00 +01:00);
        assert!(format_timestamp(early).starts_with("-9999-01-01T00:00:00"));
    }

    #[test]
    fn dates_are_exactly_four_digit_years() {
        for good in ["2026-03-31", "0001-01-01", "9999-12-31", "2024-02-29"] {
            assert_eq!(parse_date(good).map(format_date).as_deref(), Some(good));
        }
        for bad in [
            "+2026-03-31",
            "-0001-01-01",
            "0000-01-01",
            "+0000-01-01",
            "10000-01-01",
            "2026-3-31",
            "2026-03-1",
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026/03/31",
            " 2026-03-31",
            "2026-03-31 ",
            "2026-03-31T00:00:00Z",
            "２０２６-03-31",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_times_are_exactly_rfc_3339_within_the_years() {
        let utc = |text: &str| parse_date_time(text).map(format_timestamp);
        assert_eq!(
            utc("2026-12-01T09:30:00+01:00").as_deref(),
            Some("2026-12-01T08:30:00.000Z")
        );
        assert_eq!(
            utc("2026-12-01t09:30:00.5z").as_deref(),
            Some("2026-12-01T09:30:00.500Z")
        );
        assert_eq!(
            utc("2026-12-01T09:30:00.123456789-00:00").as_deref(),
            Some("2026-12-01T09:30:00.123Z")
        );
        assert_eq!(
            utc("9999-12-31T23:59:59.999Z").as_deref(),
            Some("9999-12-31T23:59:59.999Z")
        );
        assert_eq!(
            utc("9999-12-31T23:59:59.999999999Z"),
            None,
            "past the last millisecond"
        );
        assert_eq!(
            utc("0001-01-01T00:00:00Z").as_deref(),
            Some("0001-01-01T00:00:00.000Z")
        );
        assert_eq!(
            utc("0001-01-01T01:00:00+01:00").as_deref(),
            Some("0001-01-01T00:00:00.000Z")
        );
        for bad in [
            "9999-12-31T23:59:59-01:00",
            "0001-01-01T00:59:59+01:00",
            "+2026-12-01T09:30:00Z",
            "-0001-12-01T09:30:00Z",
            "0000-12-01T09:30:00Z",
            "+275760-09-13T00:00:00Z",
            "2026-12-01 09:30:00Z",
            "2026-12-01T09:30Z",
            "2026-12-01T09:30:00",
            "2026-12-01T24:00:00Z",
            "2026-12-01T23:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-12-01T09:30:00.Z",
            "2026-12-01T09:30:00.1234567890Z",
            "2026-12-01T09:30:00+0100",
            "2026-12-01T09:30:00+01",
            "2026-12-01T09:30:00+24:00",
            "2026-12-01T09:30:00+01:60",
            "2026-12-01T09:30:00+01:00:00",
            "2026-12-01T09:30:00ZZ",
            "2026-02-30T09:30:00Z",
            "2026-12-01T09:30:00Z ",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn ceilings_round_up_only_partial_milliseconds() {
        let at = |text: &str| parse_date_time(text).and_then(ceil_to_millisecond);
        assert_eq!(
            at("2026-01-01T00:00:00.0001Z")
                .map(format_timestamp)
                .as_deref(),
            Some("2026-01-01T00:00:00.001Z")
        );
        assert_eq!(
            at("2026-01-01T00:00:00.001Z")
                .map(format_timestamp)
                .as_deref(),
            Some("2026-01-01T00:00:00.001Z")
        );
        assert_eq!(
            at("1969-12-31T23:59:59.9991Z")
                .map(format_timestamp)
                .as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
    }

    /// Strings that look like dates and date-times, and near misses of them.
    fn date_like() -> impl Strategy<Value = String> {
        prop_oneof![
            "[+-]?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?([Zz]|[+-][0-9]{2}:?[0-9]{2})?",
            "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
            "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])",
            ".{0,40}",
        ]
    }

    /// The documented date-time shape, checked independently of the parser.
    fn has_date_time_shape(text: &str) -> bool {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        if b.len() < 20 || !digits(0..4) || !digits(5..7) || !digits(8..10) {
            return false;
        }
        let fixed = b[4] == b'-'
            && b[7] == b'-'
            && matches!(b[10], b'T' | b't')
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19);
        let mut rest = &b[19..];
        if let Some(fraction) = rest.strip_prefix(b".") {
            let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&n) {
                return false;
            }
            rest = &fraction[n..];
        }
        let zone = matches!(rest, b"Z" | b"z")
            || matches!(rest, [b'+' | b'-', h1, h2, b':', m1, m2]
                if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()));
        fixed && zone
    }

    proptest! {
        #[test]
        fn date_parsing_never_panics_and_accepts_only_the_shape(text in date_like()) {
            if let Some(date) = parse_date(&text) {
                prop_assert!(regex_like_date(&text), "{text}");
                prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&date.year()));
                // A stored date is its own canonical form and parses back to itself.
                prop_assert_eq!(format_date(date), text.clone());
                prop_assert_eq!(parse_date(&format_date(date)), Some(date));
            }
            if let Some(moment) = parse_date_time(&text) {
                prop_assert!(has_date_time_shape(&text), "{text}");
                prop_assert_eq!(moment.offset(), UtcOffset::UTC);
                let stored = format_timestamp(moment);
                prop_assert_eq!(stored.len(), 24);
                // What is stored parses back to itself.
                let again = parse_date_time(&stored).map(format_timestamp);
                prop_assert_eq!(again.as_deref(), Some(stored.as_str()));
                let exact = format_timestamp_nanos(moment);
                prop_assert_eq!(parse_date_time(&exact), Some(moment));
            }
        }

        #[test]
        fn every_real_date_in_range_is_accepted(year in 1i32..=9999, ordinal in 1u16..=366) {
            if let Ok(date) = Date::from_ordinal_date(year, ordinal) {
                let text = format_date(date);
                prop_assert!(regex_like_date(&text), "{text}");
                prop_assert_eq!(parse_date(&text), Some(date));
            }
        }

        #[test]
        fn date_times_are_accepted_exactly_when_their_utc_instant_is_in_range(
            year in prop_oneof![1i32..=3, 1960i32..=2100, 9997i32..=9999],
            ordinal in 1u16..=365,
            seconds in 0u32..86_400,
            nanos in 0u32..1_000_000_000,
            offset_minutes in -(23 * 60 + 59)..=(23i32 * 60 + 59),
            lower in any::<bool>(),
        ) {
            let date = Date::from_ordinal_date(year, ordinal).unwrap_or(Date::MIN);
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let text = format!(
                "{}{}{:02}:{:02}:{:02}.{:09}{}{:02}:{:02}",
                format_date(date),
                if lower { 't' } else { 'T' },
                seconds / 3600, seconds / 60 % 60, seconds % 60, nanos,
                sign, offset_minutes.abs() / 60, offset_minutes.abs() % 60,
            );
            // The instant in whole nanoseconds, computed independently of the parser.
            let days = i128::from(date.to_julian_day() - Date::from_ordinal_date(1970, 1).map_or(0, Date::to_julian_day));
            let local = days * 86_400 + i128::from(seconds);
            let instant = (local - i128::from(offset_minutes) * 60) * 1_000_000_000 + i128::from(nanos);
            let first = -62_135_596_800i128 * 1_000_000_000;
            let last = 253_402_300_799_999i128 * 1_000_000;
            let parsed = parse_date_time(&text);
            prop_assert_eq!(parsed.is_some(), (first..=last).contains(&instant), "{}", text);
            if let Some(moment) = parsed {
                prop_assert_eq!(moment.unix_timestamp_nanos(), instant);
            }
        }
    }

    /// `DDDD-DD-DD`, checked independently of the parser.
    fn regex_like_date(text: &str) -> bool {
        let b = text.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|i| b[*i].is_ascii_digit())
    }
}
