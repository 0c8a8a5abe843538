//! Brazil's national holidays (feriados nacionais) and the business-day calendar used for the
//! LGPD deadlines of Resolution CD/ANPD 15/2024 (3 business days, *dias úteis*).
//!
//! National holidays (Lei 662/1949 as amended by Lei 10.607/2002, Lei 6.802/1980 and
//! Lei 14.759/2023):
//!
//! - fixed days: 1 January (Confraternização Universal), 21 April (Tiradentes), 1 May (Dia do
//!   Trabalho), 7 September (Independência do Brasil), 12 October (Nossa Senhora Aparecida),
//!   2 November (Finados), 15 November (Proclamação da República), 20 November (Dia Nacional de
//!   Zumbi e da Consciência Negra, national **from 2024**, Lei 14.759/2023) and 25 December
//!   (Natal);
//!
//! **Good Friday** (Sexta-feira da Paixão, Easter − 2 days) is **not** a national holiday by
//! federal law: Lei 9.093/1995 Art. 2 makes it one of the religious holidays (*feriados
//! religiosos*) "declarados em lei municipal" (declared by municipal law), although it is
//! observed almost everywhere and appears in the federal government's yearly list.
//! [`BrazilNational`] counts it as a **business day** for the ANPD deadlines (Res. CD/ANPD
//! 15/2024 Art. 6: 3 *dias úteis*), the cautious reading: if the ANPD counted it as a business
//! day and mamori did not, mamori's deadline would be one day late; counted, the due date is
//! earlier than or equal to either reading (issue 26). [`religious_holiday`] names it for hosts
//! that want to show it.
//!
//! **Pontos facultativos** — Carnival Monday and Tuesday (Easter − 48 / − 47 days) and Corpus
//! Christi (Easter + 60 days) — are *not* holidays by federal law: the federal government
//! declares them optional days off for its own offices each year. [`BrazilNational`] counts
//! them as **business days**. This is the cautious reading for a deadline: if the ANPD counted
//! them as closed days the true deadline would be a day or two later than mamori's, never
//! earlier. [`optional_day`] names them for hosts that want to show them.
//!
//! Easter Sunday is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher, as
//! given in J. Meeus, *Astronomical Algorithms*, ch. 8); the tests check it against the
//! published dates 2000–2035. State and municipal holidays are not included.
//!
//! ```
//! use chrono::NaiveDate;
//! use mamori::calendar::{BrazilNational, BusinessCalendar, brazil};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert_eq!(brazil::easter_sunday(2026), Some(d(2026, 4, 5)));
//! assert_eq!(brazil::is_national_holiday(d(2026, 4, 21)).map(|h| h.name), Some("Tiradentes"));
//! // Fri 17 April 2026 + 3 business days skips the weekend and Tiradentes (Tue 21 April).
//! assert_eq!(BrazilNational.add_business_days(d(2026, 4, 17), 3), Some(d(2026, 4, 23)));
//! // Thu 2 April 2026 + 3 business days: Good Friday (3 April) counts → Tue 7 April.
//! assert_eq!(BrazilNational.add_business_days(d(2026, 4, 2), 3), Some(d(2026, 4, 7)));
//! ```

use std::ops::RangeInclusive;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{BusinessCalendar, is_weekend};

/// Years for which the rules above are implemented (2000–2150). Outside it the current rules
/// are extrapolated (no panic, not checked).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2000..=2150;

/// First year in which 20 November (Consciência Negra) is a national holiday (Lei 14.759/2023).
pub const CONSCIENCIA_NEGRA_FROM: i32 = 2024;

/// A Brazilian national holiday or optional day off (ponto facultativo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// The name in Portuguese, e.g. `Tiradentes`, `Sexta-feira da Paixão`.
    pub name: &'static str,
    /// The name in English, e.g. `Good Friday`.
    pub name_en: &'static str,
}

/// Easter Sunday (Gregorian) of `year` by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher); `None` only if the date cannot be represented.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

fn easter_offset(date: NaiveDate) -> Option<i64> {
    let easter = easter_sunday(date.year())?;
    Some((date - easter).num_days())
}

/// The national holiday on `date`, if any (Carnival and Corpus Christi are not holidays: see
/// [`optional_day`]; Good Friday is a municipal religious holiday: see [`religious_holiday`]).
pub fn is_national_holiday(date: NaiveDate) -> Option<Holiday> {
    let fixed: Option<(&'static str, &'static str)> = match (date.month(), date.day()) {
        (1, 1) => Some(("Confraternização Universal", "New Year's Day")),
        (4, 21) => Some(("Tiradentes", "Tiradentes' Day")),
        (5, 1) => Some(("Dia do Trabalho", "Labour Day")),
        (9, 7) => Some(("Independência do Brasil", "Independence Day")),
        (10, 12) => Some(("Nossa Senhora Aparecida", "Our Lady of Aparecida")),
        (11, 2) => Some(("Finados", "All Souls' Day")),
        (11, 15) => Some(("Proclamação da República", "Republic Day")),
        (11, 20) if date.year() >= CONSCIENCIA_NEGRA_FROM => Some((
            "Dia Nacional de Zumbi e da Consciência Negra",
            "Black Consciousness Day",
        )),
        (12, 25) => Some(("Natal", "Christmas Day")),
        _ => None,
    };
    fixed.map(|(name, name_en)| Holiday {
        date,
        name,
        name_en,
    })
}

/// Good Friday (Sexta-feira da Paixão, Easter − 2 days) on `date`, if it is: a religious
/// holiday declared by municipal law (Lei 9.093/1995 Art. 2), observed almost everywhere.
/// [`BrazilNational`] counts it as a business day (the cautious reading, see the module docs).
pub fn religious_holiday(date: NaiveDate) -> Option<Holiday> {
    (easter_offset(date)? == -2).then_some(Holiday {
        date,
        name: "Sexta-feira da Paixão",
        name_en: "Good Friday",
    })
}

/// The federal optional day off (ponto facultativo) on `date`, if any: Carnival Monday and
/// Tuesday, Corpus Christi. [`BrazilNational`] counts these as business days.
pub fn optional_day(date: NaiveDate) -> Option<Holiday> {
    let (name, name_en) = match easter_offset(date)? {
        -48 => ("Carnaval (segunda-feira)", "Carnival Monday"),
        -47 => ("Carnaval (terça-feira)", "Carnival Tuesday"),
        60 => ("Corpus Christi", "Corpus Christi"),
        _ => return None,
    };
    Some(Holiday {
        date,
        name,
        name_en,
    })
}

/// The national holidays of `year`, in date order.
pub fn holidays_in_year(year: i32) -> Vec<Holiday> {
    let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    start
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(is_national_holiday)
        .collect()
}

/// Brazil's national business days (built-in calendar `br_national`): closed on Saturdays,
/// Sundays and the national holidays of [`is_national_holiday`]; Carnival and Corpus Christi
/// (pontos facultativos) and Good Friday (a municipal religious holiday) are business days (the
/// cautious reading, see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BrazilNational;

impl BusinessCalendar for BrazilNational {
    fn is_closed(&self, date: NaiveDate) -> bool {
        is_weekend(date) || is_national_holiday(date).is_some()
    }
}

/// Carnival Tuesday of `year` (Easter − 47 days), for hosts that show it.
pub fn carnival_tuesday(year: i32) -> Option<NaiveDate> {
    easter_sunday(year)?.checked_sub_signed(Duration::days(47))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_2000_to_2035() {
        // Published Gregorian Easter Sundays.
        let known = [
            (2000, 4, 23),
            (2001, 4, 15),
            (2002, 3, 31),
            (2003, 4, 20),
            (2004, 4, 11),
            (2005, 3, 27),
            (2006, 4, 16),
            (2007, 4, 8),
            (2008, 3, 23),
            (2009, 4, 12),
            (2010, 4, 4),
            (2011, 4, 24),
            (2012, 4, 8),
            (2013, 3, 31),
            (2014, 4, 20),
            (2015, 4, 5),
            (2016, 3, 27),
            (2017, 4, 16),
            (2018, 4, 1),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (2031, 4, 13),
            (2032, 3, 28),
            (2033, 4, 17),
            (2034, 4, 9),
            (2035, 3, 25),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "{y}");
        }
    }

    #[test]
    fn never_panics_at_the_edges() {
        for y in [i32::MIN / 2, -1, 0, 1, 1583, 9999, 262_000] {
            let _ = easter_sunday(y);
            let _ = holidays_in_year(y);
        }
        let _ = is_national_holiday(NaiveDate::MAX);
        let _ = is_national_holiday(NaiveDate::MIN);
        let _ = optional_day(NaiveDate::MAX);
    }

    #[test]
    fn holidays_2026() {
        let names: Vec<(NaiveDate, &str)> = holidays_in_year(2026)
            .iter()
            .map(|h| (h.date, h.name))
            .collect();
        assert_eq!(
            names,
            vec![
                (d(2026, 1, 1), "Confraternização Universal"),
                (d(2026, 4, 21), "Tiradentes"),
                (d(2026, 5, 1), "Dia do Trabalho"),
                (d(2026, 9, 7), "Independência do Brasil"),
                (d(2026, 10, 12), "Nossa Senhora Aparecida"),
                (d(2026, 11, 2), "Finados"),
                (d(2026, 11, 15), "Proclamação da República"),
                (
                    d(2026, 11, 20),
                    "Dia Nacional de Zumbi e da Consciência Negra"
                ),
                (d(2026, 12, 25), "Natal"),
            ]
        );
    }

    #[test]
    fn consciencia_negra_only_from_2024() {
        assert!(is_national_holiday(d(2023, 11, 20)).is_none());
        assert!(is_national_holiday(d(2024, 11, 20)).is_some());
        assert_eq!(holidays_in_year(2023).len(), 8);
    }

    #[test]
    fn carnival_and_corpus_christi_are_optional_business_days() {
        // 2026: Easter 5 April → Carnival 16/17 February, Corpus Christi 4 June.
        assert_eq!(carnival_tuesday(2026), Some(d(2026, 2, 17)));
        for day in [d(2026, 2, 16), d(2026, 2, 17), d(2026, 6, 4)] {
            assert!(optional_day(day).is_some(), "{day}");
            assert!(is_national_holiday(day).is_none(), "{day}");
            assert!(BrazilNational.is_open(day), "{day}");
        }
        assert_eq!(optional_day(d(2026, 2, 18)), None);
        // Good Friday (Lei 9.093/1995 Art. 2: declared by municipal law) counts as a business
        // day: Thu 2 April 2026 + 1 business day → Fri 3 April (issue 26; it was Mon 6 April).
        assert!(BrazilNational.is_open(d(2026, 4, 3)));
        assert!(is_national_holiday(d(2026, 4, 3)).is_none());
        assert_eq!(
            religious_holiday(d(2026, 4, 3)).map(|h| h.name_en),
            Some("Good Friday")
        );
        assert_eq!(religious_holiday(d(2026, 4, 2)), None);
        assert_eq!(
            BrazilNational.add_business_days(d(2026, 4, 2), 1),
            Some(d(2026, 4, 3))
        );
    }
}
