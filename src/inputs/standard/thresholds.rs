//! A rule's thresholds: the failing limits, the warning band, and for yes/no metrics the value
//! required. One type, with the order its bounds must keep, where a value stands against them and
//! how people read them, so that loading, evaluation, sweeps, diffs and reports agree.

use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

use crate::inputs::diag::Code;
use crate::metric::{Limit, Unit, Value};

/// The thresholds of one rule. Files and reports write them as flat keys beside the rule's
/// others (`min`, `max`, `warn_min`, `warn_max`, `require`).
#[derive(Clone, Debug, Default, PartialEq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Thresholds {
    /// Fail when the value is below `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Limit>,
    /// Fail when the value is above `max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Limit>,
    /// Warn when the value is below `warn_min` (and not failing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_min: Option<Limit>,
    /// Warn when the value is above `warn_max` (and not failing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_max: Option<Limit>,
    /// For yes/no metrics: the value the rule requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require: Option<bool>,
}

/// One limit of a rule, named as files write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[derive(Serialize, Deserialize, clap::ValueEnum)]
#[derive(IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Bound {
    #[value(name = "min")]
    Min,
    #[value(name = "max")]
    Max,
    #[value(name = "warn_min")]
    WarnMin,
    #[value(name = "warn_max")]
    WarnMax,
}

impl Bound {
    /// In the order a standards file writes them.
    pub const ALL: [Bound; 4] = [Bound::Min, Bound::Max, Bound::WarnMin, Bound::WarnMax];

    /// The key in a standards file.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// Whether values below the bound break it (`min`, `warn_min`), rather than above.
    pub fn is_lower(self) -> bool {
        matches!(self, Bound::Min | Bound::WarnMin)
    }
}

/// Two bounds that must keep an order, and the diagnostic when they do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderBreak {
    pub lower: Bound,
    pub upper: Bound,
    /// `min-above-max` (equal is allowed) or `warn-band-outside-limits` (a warning band lies
    /// strictly inside the failing limits, so equal is not).
    pub code: Code,
}

/// The pairs of bounds that must be in order.
const ORDER: [(Bound, Bound, Code); 6] = [
    (Bound::Min, Bound::Max, Code::MinAboveMax),
    (Bound::WarnMin, Bound::WarnMax, Code::MinAboveMax),
    (Bound::Min, Bound::WarnMin, Code::WarnBandOutsideLimits),
    (Bound::WarnMax, Bound::Max, Code::WarnBandOutsideLimits),
    (Bound::WarnMin, Bound::Max, Code::WarnBandOutsideLimits),
    (Bound::Min, Bound::WarnMax, Code::WarnBandOutsideLimits),
];

/// Where a value stands against a rule's thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Pass,
    /// Only outside the warning band.
    Warn,
    Fail,
}

impl Thresholds {
    pub fn get(&self, bound: Bound) -> Option<&Limit> {
        match bound {
            Bound::Min => self.min.as_ref(),
            Bound::Max => self.max.as_ref(),
            Bound::WarnMin => self.warn_min.as_ref(),
            Bound::WarnMax => self.warn_max.as_ref(),
        }
    }

    pub fn set(&mut self, bound: Bound, limit: Limit) {
        *self.slot_mut(bound) = Some(limit);
    }

    fn slot_mut(&mut self, bound: Bound) -> &mut Option<Limit> {
        match bound {
            Bound::Min => &mut self.min,
            Bound::Max => &mut self.max,
            Bound::WarnMin => &mut self.warn_min,
            Bound::WarnMax => &mut self.warn_max,
        }
    }

    /// The bounds that are set, in file order.
    pub fn bounds(&self) -> impl Iterator<Item = (Bound, &Limit)> {
        Bound::ALL
            .into_iter()
            .filter_map(|bound| self.get(bound).map(|limit| (bound, limit)))
    }

    /// Every pair of set bounds out of order: `min` above `max`, or a warning band that does not
    /// lie strictly inside the failing limits.
    pub fn order_breaks(&self) -> Vec<OrderBreak> {
        ORDER
            .into_iter()
            .filter(|&(lower, upper, code)| {
                let (Some(low), Some(high)) = (self.get(lower), self.get(upper)) else {
                    return false;
                };
                low.compare(high).is_some_and(|order| {
                    if code == Code::MinAboveMax {
                        order.is_gt()
                    } else {
                        order.is_ge()
                    }
                })
            })
            .map(|(lower, upper, code)| OrderBreak { lower, upper, code })
            .collect()
    }

    /// `Fail` when the value breaks `min` or `max` (or differs from `require`), `Warn` when it is
    /// only outside the warning band, `Pass` otherwise. Limits are strict: a value equal to `max`
    /// passes.
    pub fn standing(&self, value: &Value) -> Standing {
        if let (Some(required), Value::Bool(actual)) = (self.require, value) {
            return if *actual == required {
                Standing::Pass
            } else {
                Standing::Fail
            };
        }
        let broken = |bound: Bound| {
            self.get(bound)
                .and_then(|limit| {
                    if bound.is_lower() {
                        limit.undercut_by(value)
                    } else {
                        limit.exceeded_by(value)
                    }
                })
                .unwrap_or(false)
        };
        if broken(Bound::Min) || broken(Bound::Max) {
            Standing::Fail
        } else if broken(Bound::WarnMin) || broken(Bound::WarnMax) {
            Standing::Warn
        } else {
            Standing::Pass
        }
    }

    /// Where a value stands when the true value is only known to be at least `value`: a `Fail`
    /// above `max` is certain, a `Pass` is certain only without upper limits, and anything else
    /// could go either way (`None`).
    pub fn standing_of_lower_bound(&self, value: &Value) -> Option<Standing> {
        if self
            .max
            .as_ref()
            .and_then(|max| max.exceeded_by(value))
            .unwrap_or(false)
        {
            return Some(Standing::Fail);
        }
        let upper_limited = self.max.is_some() || self.warn_max.is_some() || self.require.is_some();
        (!upper_limited && self.standing(value) == Standing::Pass).then_some(Standing::Pass)
    }

    /// The thresholds as people read them: `≤ +10.00 % (warn above +5.00 %)`.
    pub fn describe(&self, unit: Unit) -> String {
        if let Some(required) = self.require {
            return format!("= {}", if required { "yes" } else { "no" });
        }
        let mut parts = Vec::new();
        match (&self.min, &self.max) {
            (Some(min), Some(max)) => parts.push(format!(
                "{} … {}",
                unit.format_limit(min),
                unit.format_limit(max)
            )),
            (Some(min), None) => parts.push(format!("≥ {}", unit.format_limit(min))),
            (None, Some(max)) => parts.push(format!("≤ {}", unit.format_limit(max))),
            (None, None) => {}
        }
        let mut warns = Vec::new();
        if let Some(warn_min) = &self.warn_min {
            warns.push(format!("below {}", unit.format_limit(warn_min)));
        }
        if let Some(warn_max) = &self.warn_max {
            warns.push(format!("above {}", unit.format_limit(warn_max)));
        }
        if !warns.is_empty() {
            parts.push(format!("(warn {})", warns.join(", ")));
        }
        parts.join(" ")
    }
}
