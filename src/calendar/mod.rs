//! Calendars: Japan's national holidays and administrative closed days, and the
//! [`BusinessCalendar`] trait for host-supplied calendars.
//!
//! - [`japan`]: national holidays computed by the rules of the Act on National Holidays
//!   (国民の祝日に関する法律), including substitute holidays (振替休日), citizens' holidays
//!   (国民の休日) and the special years 2019–2021, and the administrative closed days
//!   (行政機関の休日: Saturdays, Sundays, national holidays, 29 December – 3 January).
//! - [`JapanAdministrative`]: that closed-day calendar as a [`BusinessCalendar`].
//! - [`DateListCalendar`]: a host-supplied list of closed dates (optionally plus weekends).
//! - [`brazil`]: Brazil's national holidays and [`BrazilNational`], the business-day calendar
//!   of the LGPD deadlines (`br_national`; Good Friday, a religious holiday declared by
//!   municipal law, counts as a business day there).
//!
//! ```
//! use chrono::NaiveDate;
//! use mamori::calendar::{BusinessCalendar, JapanAdministrative, japan};
//!
//! let d = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
//! assert_eq!(japan::is_national_holiday(d).map(|h| h.name), Some("振替休日"));
//! // 2 May 2026 is a Saturday; the next open day is Thursday 7 May.
//! let sat = NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
//! assert_eq!(JapanAdministrative.roll_forward(sat), NaiveDate::from_ymd_opt(2026, 5, 7));
//! ```

pub mod brazil;
pub mod japan;

pub use brazil::BrazilNational;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many consecutive closed days [`BusinessCalendar::roll_forward`] will step over before
/// giving up (a calendar that is closed for longer is treated as unusable).
pub const MAX_ROLL_DAYS: u32 = 400;

/// A calendar of closed (non-business) days, used for roll-forward and business-day rules.
///
/// Implement [`is_closed`](BusinessCalendar::is_closed); the other methods have defaults.
pub trait BusinessCalendar {
    /// Whether `date` is a closed day (no business: weekend, holiday, closure).
    fn is_closed(&self, date: NaiveDate) -> bool;

    /// Whether `date` is an open (business) day.
    fn is_open(&self, date: NaiveDate) -> bool {
        !self.is_closed(date)
    }

    /// The first open day on or after `date`; `None` if the date range overflows or more than
    /// [`MAX_ROLL_DAYS`] consecutive days are closed.
    fn roll_forward(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..=MAX_ROLL_DAYS {
            if self.is_open(d) {
                return Some(d);
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// The `n`-th open day after `date` (`date` itself is not counted; `n = 0` gives `date`).
    /// `None` on overflow or when a gap of more than [`MAX_ROLL_DAYS`] closed days is met.
    fn add_business_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..n {
            d = self.roll_forward(d.succ_opt()?)?;
        }
        Some(d)
    }
}

impl<T: BusinessCalendar + ?Sized> BusinessCalendar for &T {
    fn is_closed(&self, date: NaiveDate) -> bool {
        (**self).is_closed(date)
    }
}

/// Japan's administrative closed days (行政機関の休日に関する法律 Art. 1): Saturdays, Sundays,
/// national holidays (including substitute and citizens' holidays) and 29 December – 3 January.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JapanAdministrative;

impl BusinessCalendar for JapanAdministrative {
    fn is_closed(&self, date: NaiveDate) -> bool {
        japan::is_administrative_closed_day(date)
    }
}

/// Only Saturdays and Sundays are closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekendsOnly;

impl BusinessCalendar for WeekendsOnly {
    fn is_closed(&self, date: NaiveDate) -> bool {
        is_weekend(date)
    }
}

/// Whether `date` is a Saturday or a Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A host-supplied calendar: a list of closed dates, optionally with every Saturday and Sunday
/// closed as well (JSON: `{"weekends_closed": true, "closed_dates": ["2026-01-01", ...]}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateListCalendar {
    /// Whether Saturdays and Sundays are closed in addition to the listed dates.
    #[serde(default)]
    pub weekends_closed: bool,
    /// The closed dates (ISO 8601, `YYYY-MM-DD`).
    #[serde(default)]
    pub closed_dates: BTreeSet<NaiveDate>,
}

impl DateListCalendar {
    /// A calendar closed on `dates` (and on weekends if `weekends_closed`).
    pub fn new(weekends_closed: bool, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        DateListCalendar {
            weekends_closed,
            closed_dates: dates.into_iter().collect(),
        }
    }
}

impl BusinessCalendar for DateListCalendar {
    fn is_closed(&self, date: NaiveDate) -> bool {
        (self.weekends_closed && is_weekend(date)) || self.closed_dates.contains(&date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn japan_roll_forward_over_year_end() {
        // 29 Dec 2026 (Tue) .. 3 Jan 2027 (Sun) are closed; 4 Jan 2027 is a Monday.
        assert_eq!(
            JapanAdministrative.roll_forward(d(2026, 12, 29)),
            Some(d(2027, 1, 4))
        );
        assert_eq!(
            JapanAdministrative.roll_forward(d(2026, 12, 28)),
            Some(d(2026, 12, 28))
        );
    }

    #[test]
    fn date_list_calendar() {
        let cal = DateListCalendar::new(true, [d(2026, 12, 25)]);
        assert!(cal.is_closed(d(2026, 12, 25)));
        assert!(cal.is_closed(d(2026, 12, 26))); // Saturday
        assert!(cal.is_open(d(2026, 12, 24)));
        // Thu 24 Dec + 1 business day skips Fri 25 (listed), Sat, Sun → Mon 28.
        assert_eq!(
            cal.add_business_days(d(2026, 12, 24), 1),
            Some(d(2026, 12, 28))
        );
        assert_eq!(
            cal.add_business_days(d(2026, 12, 24), 0),
            Some(d(2026, 12, 24))
        );
        let no_weekends = DateListCalendar::new(false, []);
        assert!(no_weekends.is_open(d(2026, 12, 26)));
    }

    #[test]
    fn roll_forward_gives_up_on_a_calendar_that_is_always_closed() {
        struct Closed;
        impl BusinessCalendar for Closed {
            fn is_closed(&self, _: NaiveDate) -> bool {
                true
            }
        }
        assert_eq!(Closed.roll_forward(d(2026, 1, 1)), None);
        assert_eq!(Closed.roll_forward(NaiveDate::MAX), None);
    }
}
