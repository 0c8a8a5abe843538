//! Japan's national holidays (国民の祝日に関する法律, "Holiday Act") and administrative closed
//! days (行政機関の休日に関する法律).
//!
//! Holidays are computed from the Act's rules, not looked up in a table:
//!
//! - fixed days (元日, 建国記念の日, 天皇誕生日 — 23 Dec 1989–2018, 23 Feb from 2020 —, 昭和の日 /
//!   みどりの日, 憲法記念日, こどもの日, 山の日 from 2016, 文化の日, 勤労感謝の日);
//! - "Happy Monday" days (成人の日 and 体育の日/スポーツの日 from 2000, 海の日 and 敬老の日 from
//!   2003);
//! - 春分の日 and 秋分の日 by the astronomical approximation used for the 官報 announcements
//!   (valid 1980–2099; the 2100–2150 constants are used after 2099);
//! - 振替休日 (a holiday on a Sunday moves to the next day that is not a holiday; before 2007
//!   only to the Monday);
//! - 国民の休日 (a day between two national holidays; before 2007 not on a Sunday);
//! - the special years: 2019 (即位の日 1 May, 即位礼正殿の儀 22 Oct — both holidays by special
//!   law — which made 30 April and 2 May 国民の休日), 2020 and 2021 (Olympic moves of 海の日,
//!   スポーツの日 and 山の日).
//!
//! Results are authoritative for [`SUPPORTED_YEARS`] (the tests check 2000–2027 against the
//! Cabinet Office's published list). Outside that range the current rules are extrapolated:
//! the functions never panic, but the answers are not checked. Future special days created by
//! new laws are, of course, not known.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// Years for which the holiday rules are implemented as enacted (2000–2150).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2000..=2150;

/// What kind of day off a [`Holiday`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum HolidayKind {
    /// A national holiday (国民の祝日), including days treated as such by special law.
    National,
    /// A substitute holiday (振替休日, Holiday Act Art. 3(2)).
    Substitute,
    /// A citizens' holiday (国民の休日, Holiday Act Art. 3(3)).
    Citizens,
}

/// A Japanese national holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// The name in Japanese, e.g. `元日`, `振替休日`.
    pub name: &'static str,
    /// The name in English, e.g. `New Year's Day`.
    pub name_en: &'static str,
    /// National, substitute or citizens' holiday.
    pub kind: HolidayKind,
}

type Name = (&'static str, &'static str);

/// Day of the March equinox (春分日) for `year`, by the approximation
/// `floor(20.8431 + 0.242194 (Y − 1980) − floor((Y − 1980) / 4))` (1980–2099), computed in
/// exact integer arithmetic.
pub fn vernal_equinox_day(year: i32) -> u32 {
    equinox(year, 20_843_100, 21_851_000)
}

/// Day of the September equinox (秋分日) for `year`, by
/// `floor(23.2488 + 0.242194 (Y − 1980) − floor((Y − 1980) / 4))` (1980–2099).
pub fn autumnal_equinox_day(year: i32) -> u32 {
    equinox(year, 23_248_800, 24_248_800)
}

fn equinox(year: i32, base_1980: i64, base_2100: i64) -> u32 {
    // Constants are in millionths of a day.
    let y = i64::from(year) - 1980;
    let base = if year >= 2100 { base_2100 } else { base_1980 };
    let v = base + 242_194 * y;
    let day = v.div_euclid(1_000_000) - y.div_euclid(4);
    // The formula stays inside 19..=24 for any plausible year; clamp so that absurd years
    // cannot produce an invalid date.
    day.clamp(1, 30) as u32
}

fn nth_monday(day: u32, wd: Weekday, n: u32) -> bool {
    wd == Weekday::Mon && day > 7 * (n - 1) && day <= 7 * n
}

/// The national holiday proper (国民の祝日) falling on this date, if any.
fn base(date: NaiveDate) -> Option<Name> {
    let y = date.year();
    let m = date.month();
    let d = date.day();
    let wd = date.weekday();
    match m {
        1 => {
            if d == 1 {
                Some(("元日", "New Year's Day"))
            } else if (y >= 2000 && nth_monday(d, wd, 2)) || (y < 2000 && d == 15) {
                Some(("成人の日", "Coming of Age Day"))
            } else {
                None
            }
        }
        2 => match d {
            11 => Some(("建国記念の日", "National Foundation Day")),
            23 if y >= 2020 => Some(("天皇誕生日", "The Emperor's Birthday")),
            _ => None,
        },
        3 if d == vernal_equinox_day(y) => Some(("春分の日", "Vernal Equinox Day")),
        4 if d == 29 => {
            if y >= 2007 {
                Some(("昭和の日", "Showa Day"))
            } else {
                Some(("みどりの日", "Greenery Day"))
            }
        }
        5 => match d {
            1 if y == 2019 => Some(("即位の日", "Enthronement Day")),
            3 => Some(("憲法記念日", "Constitution Memorial Day")),
            4 if y >= 2007 => Some(("みどりの日", "Greenery Day")),
            5 => Some(("こどもの日", "Children's Day")),
            _ => None,
        },
        7 => {
            let marine = match y {
                2020 => d == 23,
                2021 => d == 22,
                _ if y >= 2003 => nth_monday(d, wd, 3),
                _ => d == 20,
            };
            let sports = match y {
                2020 => d == 24,
                2021 => d == 23,
                _ => false,
            };
            if marine {
                Some(("海の日", "Marine Day"))
            } else if sports {
                Some(("スポーツの日", "Sports Day"))
            } else {
                None
            }
        }
        8 if y >= 2016 => {
            let mountain = match y {
                2020 => 10,
                2021 => 8,
                _ => 11,
            };
            (d == mountain).then_some(("山の日", "Mountain Day"))
        }
        9 => {
            let aged = if y >= 2003 {
                nth_monday(d, wd, 3)
            } else {
                d == 15
            };
            if aged {
                Some(("敬老の日", "Respect for the Aged Day"))
            } else if d == autumnal_equinox_day(y) {
                Some(("秋分の日", "Autumnal Equinox Day"))
            } else {
                None
            }
        }
        10 => {
            if y == 2019 && d == 22 {
                Some(("即位礼正殿の儀の行われる日", "Enthronement Ceremony Day"))
            } else if y < 2000 {
                (d == 10).then_some(("体育の日", "Health and Sports Day"))
            } else if y <= 2019 {
                nth_monday(d, wd, 2).then_some(("体育の日", "Health and Sports Day"))
            } else if y >= 2022 {
                nth_monday(d, wd, 2).then_some(("スポーツの日", "Sports Day"))
            } else {
                None // 2020 and 2021: moved to July for the Olympics.
            }
        }
        11 => match d {
            3 => Some(("文化の日", "Culture Day")),
            23 => Some(("勤労感謝の日", "Labour Thanksgiving Day")),
            _ => None,
        },
        12 if d == 23 && (1989..=2018).contains(&y) => {
            Some(("天皇誕生日", "The Emperor's Birthday"))
        }
        _ => None,
    }
}

fn is_base(date: Option<NaiveDate>) -> bool {
    date.and_then(base).is_some()
}

/// Whether `date` is a Japanese national holiday (国民の祝日, 振替休日 or 国民の休日), and if so
/// which one.
///
/// ```
/// use chrono::NaiveDate;
/// use mamori::calendar::japan::{is_national_holiday, HolidayKind};
/// let h = is_national_holiday(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap()).unwrap();
/// assert_eq!(h.name, "即位の日");
/// let h = is_national_holiday(NaiveDate::from_ymd_opt(2019, 4, 30).unwrap()).unwrap();
/// assert_eq!(h.kind, HolidayKind::Citizens);
/// assert!(is_national_holiday(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()).is_none());
/// ```
pub fn is_national_holiday(date: NaiveDate) -> Option<Holiday> {
    if let Some((name, name_en)) = base(date) {
        return Some(Holiday {
            date,
            name,
            name_en,
            kind: HolidayKind::National,
        });
    }
    let y = date.year();
    // 振替休日 (since 12 April 1973).
    if y >= 2007 {
        // The nearest following day that is not a national holiday.
        let mut prev = date.pred_opt();
        let mut steps = 0;
        while let Some(p) = prev {
            if base(p).is_none() || steps > 7 {
                break;
            }
            if p.weekday() == Weekday::Sun {
                return Some(substitute(date));
            }
            prev = p.pred_opt();
            steps += 1;
        }
    } else if y >= 1973
        && let Some(p) = date.pred_opt()
        && p.weekday() == Weekday::Sun
        && base(p).is_some()
    {
        return Some(substitute(date));
    }
    // 国民の休日 (since 27 December 1985): between two national holidays; before 2007 not on
    // a Sunday (and not on a substitute holiday, handled above).
    if y >= 1986
        && (y >= 2007 || date.weekday() != Weekday::Sun)
        && is_base(date.pred_opt())
        && is_base(date.succ_opt())
    {
        return Some(Holiday {
            date,
            name: "国民の休日",
            name_en: "Citizens' Holiday",
            kind: HolidayKind::Citizens,
        });
    }
    None
}

fn substitute(date: NaiveDate) -> Holiday {
    Holiday {
        date,
        name: "振替休日",
        name_en: "Substitute Holiday",
        kind: HolidayKind::Substitute,
    }
}

/// Every national holiday of `year`, in date order.
pub fn holidays_in_year(year: i32) -> Vec<Holiday> {
    let mut out = Vec::with_capacity(20);
    let Some(mut d) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return out;
    };
    while d.year() == year {
        if let Some(h) = is_national_holiday(d) {
            out.push(h);
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// Whether `date` falls in the year-end closure (29 December – 3 January).
pub fn is_year_end_closure(date: NaiveDate) -> bool {
    (date.month() == 12 && date.day() >= 29) || (date.month() == 1 && date.day() <= 3)
}

/// Whether `date` is an administrative closed day (行政機関の休日): a Saturday, a Sunday, a
/// national holiday, or 29 December – 3 January.
pub fn is_administrative_closed_day(date: NaiveDate) -> bool {
    super::is_weekend(date) || is_year_end_closure(date) || is_national_holiday(date).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn equinox_formula_known_years() {
        assert_eq!(vernal_equinox_day(2025), 20);
        assert_eq!(autumnal_equinox_day(2025), 23);
        assert_eq!(autumnal_equinox_day(2024), 22);
        assert_eq!(vernal_equinox_day(2027), 21);
        assert_eq!(autumnal_equinox_day(2012), 22);
    }

    #[test]
    fn substitute_after_golden_week_sunday() {
        // 3 May 2020 was a Sunday; 4 and 5 May are holidays, so the substitute is Wed 6 May.
        let h = is_national_holiday(d(2020, 5, 6)).unwrap();
        assert_eq!(h.kind, HolidayKind::Substitute);
        assert!(is_national_holiday(d(2020, 5, 7)).is_none());
    }

    #[test]
    fn administrative_closed_days() {
        assert!(is_administrative_closed_day(d(2026, 12, 29))); // Tue, year end
        assert!(is_administrative_closed_day(d(2027, 1, 3)));
        assert!(!is_administrative_closed_day(d(2027, 1, 4)));
        assert!(is_administrative_closed_day(d(2026, 11, 21))); // Saturday
        assert!(is_administrative_closed_day(d(2026, 11, 23))); // 勤労感謝の日
        assert!(!is_administrative_closed_day(d(2026, 11, 24)));
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for date in [NaiveDate::MIN, NaiveDate::MAX, d(1, 1, 1), d(9999, 12, 31)] {
            let _ = is_administrative_closed_day(date);
        }
        assert!(holidays_in_year(NaiveDate::MAX.year()).len() < 40);
    }
}
