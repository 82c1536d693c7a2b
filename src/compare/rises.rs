//! `compare --fail-above PCT`: the costs that rose more than a share, for CI
//! (as Infracost users gate pull requests on cost).

use super::PlanDiff;
use crate::text::format as fmt;

/// One cost of one scenario that rose past the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Rise {
    /// The scenario.
    pub scenario: String,
    /// `API` or `self-host`.
    pub what: &'static str,
    /// `low` or `high`: which end of the range.
    pub end: &'static str,
    /// Before.
    pub old: f64,
    /// After.
    pub new: f64,
}

impl Rise {
    /// `B: growth-stage startup: self-host (low) 1,000 → 1,300 (+30.0 %)`.
    pub fn describe(&self) -> String {
        let pct = match self.old > 0.0 {
            true => format!(
                "+{} %",
                fmt::trim_decimals((self.new / self.old - 1.0) * 100.0, 1)
            ),
            false => "from 0".to_string(),
        };
        format!(
            "{}: {} ({}) {} → {} ({pct})",
            crate::base::safe_text::shown(&self.scenario),
            self.what,
            self.end,
            fmt::money(self.old),
            fmt::money(self.new)
        )
    }
}

/// Every API and self-host monthly cost (either end of its range, the
/// self-host one on the verdict's basis) that rose by more than `pct`
/// percent, scenario by scenario in the new plan's order. Costs compare to
/// the cent, as shown.
pub fn rises(diff: &PlanDiff, pct: f64) -> Vec<Rise> {
    let cents = crate::base::money::whole_cents;
    let mut out = Vec::new();
    for s in &diff.scenarios {
        let pairs = [
            ("API", s.old.api, s.new.api),
            (
                "self-host",
                s.old.self_host(diff.old.include_overheads),
                s.new.self_host(diff.new.include_overheads),
            ),
        ];
        for (what, old, new) in pairs {
            let (Some(old), Some(new)) = (old, new) else {
                continue;
            };
            for (end, o, n) in [("low", old.low, new.low), ("high", old.high, new.high)] {
                let limit = o * (1.0 + pct / 100.0);
                if cents(n) > cents(limit) {
                    out.push(Rise {
                        scenario: s.name.clone(),
                        what,
                        end,
                        old: o,
                        new: n,
                    });
                }
            }
        }
    }
    out
}
