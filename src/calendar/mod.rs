//! Calendars: Japan's national holidays and administrative closed days, and the
//! `BusinessCalendar` trait for host-supplied calendars.
