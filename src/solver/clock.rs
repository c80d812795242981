//! Clock times and clock windows on the solver's time axis.
//!
//! The axis counts seconds from 00:00 of the plan's first day. A clock window whose end is not
//! after its start runs into the next day: 20:00–04:00 is `[72000, 100800]`, and 08:00–08:00 is
//! a full 24 hours.

use super::error::SolverError;
use super::model::TimeWindow;

/// Seconds since midnight of a clock time `H:MM` or `HH:MM[:SS]` (`24:00` allowed).
///
/// ```
/// use zouhang::solver::clock_s;
/// assert_eq!(clock_s("08:30").ok(), Some(30600.0));
/// assert_eq!(clock_s("7:05:09").ok(), Some(25509.0));
/// assert_eq!(clock_s("24:00").ok(), Some(86400.0));
/// assert!(clock_s("25:00").is_err());
/// assert!(clock_s("8点").is_err());
/// ```
pub fn clock_s(text: &str) -> Result<f64, SolverError> {
    let bad = || SolverError::Clock {
        text: text.to_string(),
    };
    // full-width colons are common in Chinese input
    let t = text.trim().replace('：', ":");
    let parts: Vec<&str> = t.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(bad());
    }
    let num = |s: &str, max: u32| -> Result<u32, SolverError> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: u32 = s.parse().map_err(|_| bad())?;
        if v > max {
            return Err(bad());
        }
        Ok(v)
    };
    let h = num(parts.first().copied().unwrap_or(""), 24)?;
    let m = num(parts.get(1).copied().unwrap_or(""), 59)?;
    let s = match parts.get(2) {
        Some(s) => num(s, 59)?,
        None => 0,
    };
    if h == 24 && (m, s) != (0, 0) {
        return Err(bad());
    }
    Ok(f64::from(h * 3600 + m * 60 + s))
}

/// The window from clock time `start` to clock time `end` on day 0; an `end` not after `start`
/// is on the next day.
///
/// ```
/// use zouhang::solver::{clock_window, TimeWindow};
/// assert_eq!(clock_window("20:00", "04:00").ok(), Some(TimeWindow::new(72000.0, 100800.0)));
/// assert_eq!(clock_window("08:00", "12:00").ok(), Some(TimeWindow::new(28800.0, 43200.0)));
/// assert_eq!(clock_window("08:00", "08:00").ok(), Some(TimeWindow::new(28800.0, 115200.0)));
/// ```
pub fn clock_window(start: &str, end: &str) -> Result<TimeWindow, SolverError> {
    let a = clock_s(start)?;
    let mut b = clock_s(end)?;
    if b <= a {
        b += 86_400.0;
    }
    Ok(TimeWindow::new(a, b))
}

/// Reads a clock window written as one text, `20:00–04:00`, with `-`, `–`, `—`, `~`, `～` or
/// `至` between the times.
///
/// ```
/// use zouhang::solver::{parse_clock_window, TimeWindow};
/// assert_eq!(parse_clock_window("20:00–04:00").ok(), Some(TimeWindow::new(72000.0, 100800.0)));
/// assert_eq!(parse_clock_window(" 9:00 至 17:30 ").ok(), Some(TimeWindow::new(32400.0, 63000.0)));
/// assert!(parse_clock_window("09:00").is_err());
/// ```
pub fn parse_clock_window(text: &str) -> Result<TimeWindow, SolverError> {
    let seps = ['-', '–', '—', '~', '～', '至'];
    let mut parts = text
        .split(|c| seps.contains(&c))
        .filter(|p| !p.trim().is_empty());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) => clock_window(a, b),
        _ => Err(SolverError::Clock {
            text: text.to_string(),
        }),
    }
}

/// `HH:MM` of a time on the axis, with `+1` (or `+N`) for later days and `-1` for earlier.
///
/// ```
/// use zouhang::solver::format_clock;
/// assert_eq!(format_clock(30600.0), "08:30");
/// assert_eq!(format_clock(93600.0), "02:00+1");
/// assert_eq!(format_clock(f64::INFINITY), "∞");
/// ```
pub fn format_clock(t_s: f64) -> String {
    if !t_s.is_finite() {
        return "∞".to_string();
    }
    let total_min = (t_s / 60.0).round() as i64;
    let day = total_min.div_euclid(1440);
    let in_day = total_min.rem_euclid(1440);
    let hm = format!("{:02}:{:02}", in_day / 60, in_day % 60);
    match day {
        0 => hm,
        d if d > 0 => format!("{hm}+{d}"),
        d => format!("{hm}{d}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn night_shift_crosses_midnight() {
        let w = clock_window("20:00", "04:00").ok();
        assert_eq!(w, Some(TimeWindow::new(72_000.0, 100_800.0)));
        let w = parse_clock_window("22:30～06:15").ok();
        assert_eq!(w, Some(TimeWindow::new(81_000.0, 108_900.0)));
    }

    #[test]
    fn full_width_colon_and_seconds() {
        assert_eq!(clock_s("08：00").ok(), Some(28_800.0));
        assert_eq!(clock_s("00:00:01").ok(), Some(1.0));
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        for t in [
            "",
            ":",
            "8",
            "08:60",
            "-1:00",
            "24:01",
            "ab:cd",
            "08:00:00:00",
            "１:00",
            "123:00",
        ] {
            assert!(clock_s(t).is_err(), "{t:?} should be rejected");
        }
        assert!(parse_clock_window("08:00-09:00-10:00").is_err());
        assert!(parse_clock_window("-").is_err());
    }

    #[test]
    fn format_round_trips_whole_minutes() {
        for m in [0u32, 59, 600, 1439] {
            let t = f64::from(m * 60);
            assert_eq!(clock_s(&format_clock(t)).ok(), Some(t));
        }
        assert_eq!(format_clock(-3600.0), "23:00-1");
    }
}
