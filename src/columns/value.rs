//! What a cell holds: a typed value, so each surface writes it its own way
//! (people read `1,000–2,000`, CSV gets `1000,2000`), and a mark that says
//! where it comes from.

use crate::base::date::Date;
use crate::base::money::Range;
use crate::base::safe_text::shown;
use crate::engine::{BreakEvenRange, Factor, MonthsToBreakEven, Verdict};
use crate::plan::{Measured, Offers, Source};
use crate::text::figures;
use crate::text::format as fmt;

/// A cell: its value and where the value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Inherited, assumed, or the row's own.
    pub mark: Mark,
}

/// Where a cell's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Set on the row, or computed.
    Own,
    /// Not set on the row: taken from the plan, the model or the tier.
    Inherited,
    /// Set on the row, but an assumption rather than a published figure.
    Assumption,
    /// An explicit 0 where a cost is expected: honoured (a sunk cost), but
    /// flagged, since it makes that side free.
    Zero,
    /// Dated older than the plan's age limit (`stale_after_days`).
    Stale,
}

impl Mark {
    /// The sign written after a marked value, on screen and in reports.
    pub fn sign(self) -> &'static str {
        match self {
            Mark::Own | Mark::Inherited => "",
            Mark::Assumption => "*",
            Mark::Zero => "!",
            Mark::Stale => "~",
        }
    }

    /// A figure's mark from where it comes from and how old it is: stale
    /// outranks assumed (both call for a look, the age for a new figure).
    pub fn of_source(source: &Source, stale: bool) -> Self {
        if stale {
            Mark::Stale
        } else if source.is_assumed() {
            Mark::Assumption
        } else {
            Mark::Own
        }
    }
}

impl<'a> Cell<'a> {
    /// The row's own value.
    pub fn own(value: Value<'a>) -> Self {
        Self {
            value,
            mark: Mark::Own,
        }
    }

    /// A value inherited when `inherited`, else the row's own.
    pub fn inherited_if(inherited: bool, value: Value<'a>) -> Self {
        Self {
            value,
            mark: if inherited {
                Mark::Inherited
            } else {
                Mark::Own
            },
        }
    }
}

/// A cell's value, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Free text: names, notes.
    Text(&'a str),
    /// One of a fixed set of words: a deployment, a basis.
    Word(&'static str),
    /// Tokens per day.
    Tokens(u64),
    /// A whole count: replicas, regions.
    Count(u64),
    /// A count at each end of the costs (replicas on an estimated
    /// capacity's band): one figure when they agree.
    Counts(crate::engine::PerEnd<u64>),
    /// USD per month.
    Money(Range),
    /// USD per million tokens.
    Price(f64),
    /// A fraction shown as a percentage.
    Share(f64),
    /// A plain ratio (peak to average).
    Ratio(f64),
    /// Which side is cheaper.
    Verdict(Verdict),
    /// Self-host over API cost.
    Factor(Factor),
    /// Break-even volume, both ends.
    BreakEven(BreakEvenRange),
    /// Months until break-even, both ends.
    Months(MonthsToBreakEven, MonthsToBreakEven),
    /// Where a figure comes from.
    Source(&'a Source),
    /// A calendar day.
    Date(Date),
    /// The sellers a price was picked from.
    Offers(&'a Offers),
    /// A benchmark run's latencies and load.
    Measured(&'a Measured),
    /// What an overhead follows from.
    Drivers(&'a crate::plan::Drivers),
    /// An API's off-peak discount and window.
    OffPeak(crate::plan::OffPeak),
    /// An estimate's band in three significant digits an end (tokens a
    /// day, milliseconds).
    Band(f64, f64),
    /// Not given, or not computable without what is not given: the words
    /// to show instead (never a 0). Empty cells in CSV.
    Missing(&'static str),
}

/// What a column sorts by: numbers by value, text by its lower case, and
/// missing values after both.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// A figure (a range by its middle).
    Number(f64),
    /// Words, lower-cased.
    Text(String),
    /// Not given or not computable.
    Missing,
}

impl Eq for SortKey {}

impl SortKey {
    /// True for a missing value.
    pub fn is_missing(&self) -> bool {
        matches!(self, SortKey::Missing)
    }

    /// Numbers before text before missing, when kinds differ.
    pub fn rank(&self) -> u8 {
        match self {
            SortKey::Number(_) => 0,
            SortKey::Text(_) => 1,
            SortKey::Missing => 2,
        }
    }
}

/// How the planner writes a figure in a column: to the cent throughout when
/// any figure in view has cents (one precision a column), and compact when
/// the full figures do not fit (never cut mid-figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Form {
    /// Money with two decimals, even on whole dollars.
    pub cents: bool,
    /// Money and factors in three significant digits (`80k–120k`).
    pub compact: bool,
}

impl Value<'_> {
    /// Appends the value as `form` says; values it does not concern are
    /// written as `write` writes them.
    pub fn write_as(&self, out: &mut String, form: Form) {
        match *self {
            Value::Money(r) if form.compact => fmt::push_compact_money_range(out, r),
            Value::Money(r) if form.cents => fmt::push_money_range_to_cents(out, r),
            Value::Factor(f) if form.compact => fmt::push_compact_factor(out, f),
            _ => self.write(out),
        }
    }

    /// What the value sorts by.
    pub fn sort_key(&self) -> SortKey {
        let mid = |r: Range| (r.low + r.high) / 2.0;
        match *self {
            Value::Tokens(n) | Value::Count(n) => SortKey::Number(n as f64),
            Value::Counts(n) => SortKey::Number((n.cheap as f64 + n.dear as f64) / 2.0),
            Value::Money(r) => SortKey::Number(mid(r)),
            Value::Price(x) | Value::Share(x) | Value::Ratio(x) => SortKey::Number(x),
            Value::Factor(f) => f.low.map_or(SortKey::Missing, SortKey::Number),
            Value::Date(d) => SortKey::Number(d.days() as f64),
            Value::Offers(o) => SortKey::Number(o.output_per_mtok.low),
            Value::Measured(m) => SortKey::Number(m.tokens_per_second),
            Value::OffPeak(o) => SortKey::Number(o.discount),
            Value::Band(low, high) => SortKey::Number((low + high) / 2.0),
            Value::Missing(_) => SortKey::Missing,
            _ => SortKey::Text(self.text().to_lowercase()),
        }
    }

    /// True for money with cents at either end.
    pub fn has_cents(&self) -> bool {
        matches!(*self, Value::Money(r) if fmt::has_cents(r.low) || fmt::has_cents(r.high))
    }

    /// True when a compact form exists.
    pub fn compacts(&self) -> bool {
        matches!(self, Value::Money(_) | Value::Factor(_))
    }

    /// Appends the value as people read it, on screen and in reports.
    pub fn write(&self, out: &mut String) {
        match *self {
            Value::Text(s) => out.push_str(&shown(s)),
            Value::Word(s) => out.push_str(s),
            Value::Tokens(n) => fmt::push_tokens(out, n as f64),
            Value::Count(n) => fmt::push_count(out, n),
            Value::Counts(n) => {
                fmt::push_count(out, n.cheap);
                if n.dear != n.cheap {
                    out.push('–');
                    fmt::push_count(out, n.dear);
                }
            }
            Value::Money(r) => fmt::push_money_range(out, r),
            Value::Price(x) => fmt::push_price(out, x),
            Value::Share(x) => fmt::push_percent(out, x),
            Value::Ratio(x) => fmt::push_hundredths(out, x),
            Value::Verdict(v) => out.push_str(v.label()),
            Value::Factor(f) => fmt::push_factor(out, f),
            Value::BreakEven(b) => fmt::push_break_even_range(out, b),
            Value::Months(low, high) => fmt::push_months_range(out, (low, high)),
            Value::Source(source) => out.push_str(&shown(&source.to_string())),
            Value::Date(d) => out.push_str(&d.to_string()),
            Value::Offers(o) => fmt::push_offers(out, o),
            Value::Measured(m) => fmt::push_measured(out, m),
            Value::Drivers(d) => out.push_str(&fmt::drivers(d)),
            Value::OffPeak(o) => out.push_str(&fmt::off_peak(&o)),
            Value::Band(low, high) => fmt::push_significant_range(out, low, high),
            Value::Missing(words) => out.push_str(words),
        }
    }

    /// The value as people read it.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    /// Appends the value as CSV cells (unquoted): plain numbers, money to
    /// the cent, two cells for a range, empty for "never"; none for a
    /// missing value (the writer fills the column's cells with empties).
    pub fn csv(&self, out: &mut Vec<String>) {
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
        match *self {
            // Names come from the plan: no formula may run in a spreadsheet.
            Value::Text(s) => out.push(crate::base::safe_text::neutralised(s).into_owned()),
            Value::Word(s) => out.push(s.to_string()),
            Value::Tokens(n) | Value::Count(n) => out.push(n.to_string()),
            // One cell: the dear end, the replicas the plan must be able to run.
            Value::Counts(n) => out.push(n.dear.to_string()),
            Value::Money(r) => {
                out.push(figures::cents(r.low).to_string());
                out.push(figures::cents(r.high).to_string());
            }
            Value::Price(x) | Value::Share(x) | Value::Ratio(x) => out.push(x.to_string()),
            Value::Verdict(v) => out.push(v.as_str().to_string()),
            Value::Factor(f) => {
                out.push(opt(f.low.map(figures::ratio)));
                out.push(opt(f.high.map(figures::ratio)));
            }
            Value::BreakEven(b) => {
                out.push(opt(figures::volume(b.low)));
                out.push(opt(figures::volume(b.high)));
            }
            Value::Months(low, high) => {
                for m in [low, high] {
                    out.push(figures::months(m).map_or(String::new(), |n| n.to_string()));
                }
            }
            Value::Source(_)
            | Value::Offers(_)
            | Value::Measured(_)
            | Value::Drivers(_)
            | Value::OffPeak(_) => {
                out.push(crate::base::safe_text::neutralised(&self.text()).into_owned())
            }
            Value::Date(d) => out.push(d.to_string()),
            Value::Band(low, high) => {
                out.push(low.round().to_string());
                out.push(high.round().to_string());
            }
            Value::Missing(_) => {}
        }
    }
}
