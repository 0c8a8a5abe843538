//! Head counts that may be uncertain: an exact number or a range.
//!
//! JSON: `1200` (exact) or `{"min": 756, "max": 1001}` (a range; `"max": null` = no known
//! upper bound). An entirely unknown count is `Option<Count>::None` (JSON `null`) where a
//! count is optional, e.g. in `data.persons`.
//!
//! Thresholds compare the whole range (see `docs/breach.md`): a count is *above* a threshold
//! when its minimum is (certain) or its maximum is (a suspected case counts: 漏えい等が発生した
//! おそれ); it is *not above* when its maximum is not; otherwise undetermined.
//!
//! ```
//! use mamori::breach::Count;
//! let c: Count = serde_json::from_str(r#"{"min": 756, "max": 1001}"#).unwrap();
//! assert_eq!((c.min(), c.max()), (756, Some(1001)));
//! assert_eq!(Count::range(5, Some(5)), Count::exact(5));
//! assert_eq!(c.add(Count::exact(4)), Count::range(760, Some(1005)));
//! assert_eq!(serde_json::to_string(&Count::exact(7)).unwrap(), "7");
//! ```

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A head count: exact, or a range. JSON: `1200` or `{"min": 756, "max": 1001}`
/// (`"max": null` = no known upper bound). An unknown count is `Option<Count>::None` (JSON null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Count {
    /// Exactly this many.
    Exact(u64),
    /// At least `min`, at most `max` (`None` = no known upper bound).
    Range {
        /// Lower bound (inclusive).
        min: u64,
        /// Upper bound (inclusive); `null` = unbounded.
        #[serde(default)]
        max: Option<u64>,
    },
}

impl Count {
    /// An exact count.
    pub const fn exact(n: u64) -> Count {
        Count::Exact(n)
    }

    /// A range; `min == max` normalises to [`Count::Exact`]. A range with `min > max` is kept
    /// as given and rejected by request validation ([`Count::is_valid`]).
    pub fn range(min: u64, max: Option<u64>) -> Count {
        match max {
            Some(m) if m == min => Count::Exact(min),
            _ => Count::Range { min, max },
        }
    }

    /// The lower bound.
    pub const fn min(&self) -> u64 {
        match *self {
            Count::Exact(n) => n,
            Count::Range { min, .. } => min,
        }
    }

    /// The upper bound (`None` = unbounded).
    pub const fn max(&self) -> Option<u64> {
        match *self {
            Count::Exact(n) => Some(n),
            Count::Range { max, .. } => max,
        }
    }

    /// Whether the count is exact (a range with equal bounds counts as exact).
    pub const fn is_exact(&self) -> bool {
        match *self {
            Count::Exact(_) => true,
            Count::Range { min, max } => matches!(max, Some(m) if m == min),
        }
    }

    /// `min <= max` (always true for an exact count or an unbounded range).
    pub const fn is_valid(&self) -> bool {
        match *self {
            Count::Exact(_) => true,
            Count::Range { min, max } => match max {
                Some(m) => min <= m,
                None => true,
            },
        }
    }

    /// The sum of two counts (bounds add, saturating; unbounded stays unbounded). Also
    /// available as `a + b`.
    #[allow(clippy::should_implement_trait)] // the agreed name; `Add` delegates to it
    pub fn add(self, other: Count) -> Count {
        let min = self.min().saturating_add(other.min());
        let max = match (self.max(), other.max()) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            _ => None,
        };
        if self.is_exact() && other.is_exact() {
            Count::Exact(min)
        } else {
            Count::range(min, max)
        }
    }
}

/// Hand-written so that errors name what was wrong (`-5`, `1.5`, an unknown key) instead of
/// serde's "did not match any variant of untagged enum".
impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct V;
        const EXPECTED: &str =
            "a non-negative integer count or a range {\"min\": N, \"max\": N or null}";
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Count, E> {
                Ok(Count::Exact(n))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Count, E> {
                u64::try_from(n)
                    .map(Count::Exact)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Count, A::Error> {
                let mut min: Option<u64> = None;
                let mut max: Option<Option<u64>> = None;
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "min" if min.is_none() => min = Some(m.next_value()?),
                        "max" if max.is_none() => max = Some(m.next_value()?),
                        "min" | "max" => return Err(de::Error::duplicate_field("min/max")),
                        other => return Err(de::Error::unknown_field(other, &["min", "max"])),
                    }
                }
                let min = min.ok_or_else(|| de::Error::missing_field("min"))?;
                Ok(Count::Range {
                    min,
                    max: max.flatten(),
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl std::ops::Add for Count {
    type Output = Count;
    fn add(self, other: Count) -> Count {
        Count::add(self, other)
    }
}

impl From<u64> for Count {
    fn from(n: u64) -> Count {
        Count::Exact(n)
    }
}

impl fmt::Display for Count {
    /// `1200`, `756–1001`, or `at least 756`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min(), self.max()) {
            (a, Some(b)) if a == b => write!(f, "{a}"),
            (a, Some(b)) => write!(f, "{a}–{b}"),
            (a, None) => write!(f, "at least {a}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes() {
        let c: Count = serde_json::from_str("1200").unwrap();
        assert_eq!(c, Count::Exact(1200));
        let c: Count = serde_json::from_str(r#"{"min":3,"max":null}"#).unwrap();
        assert_eq!(c, Count::range(3, None));
        let c: Count = serde_json::from_str(r#"{"min":3}"#).unwrap();
        assert_eq!(c.max(), None);
        assert!(serde_json::from_str::<Count>("-1").is_err());
        assert!(serde_json::from_str::<Count>(r#"{"max":3}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Count::range(1, Some(2))).unwrap(),
            r#"{"min":1,"max":2}"#
        );
    }

    #[test]
    fn add_saturates_and_keeps_unbounded() {
        assert_eq!(
            Count::exact(u64::MAX).add(Count::exact(1)),
            Count::exact(u64::MAX)
        );
        assert_eq!(
            Count::range(1, None).add(Count::exact(2)),
            Count::range(3, None)
        );
        assert!(!Count::range(3, Some(2)).is_valid());
        assert_eq!(Count::range(4, Some(9)).to_string(), "4–9");
        assert_eq!(Count::range(4, None).to_string(), "at least 4");
    }
}
