//! Reading: "raw" structs whose fields keep their spans, converted into the
//! plan's own. Their fields are the keys of `plan::keys` (a test holds them
//! to it).

use super::fields::{Count, Fraction, Money, Number, Volume};
use super::spans::{RowSpans, Spans};
use crate::base::date::Date;
use crate::base::money::Estimate;
use crate::plan::{
    AppliesTo, Billing, Deployment, Drivers, GpuTier, Hardware, Measured, Model, OffPeak, Offers,
    Overhead, Plan, Rate, RequestShape, ScalesWith, Scenario, Section, Settings, Source, Table,
    TierPricing,
};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    #[allow(dead_code)]
    schema: u32,
    name: Spanned<String>,
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    gpu_tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    models: Vec<Spanned<RawModel>>,
    #[serde(default)]
    overheads: Vec<Spanned<RawOverhead>>,
    #[serde(default)]
    scenarios: Vec<Spanned<RawScenario>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSettings {
    days_per_month: Option<Spanned<Number>>,
    deployment: Option<Deployment>,
    estimate: Option<Estimate>,
    include_overheads: Option<bool>,
    output_share: Option<Spanned<Fraction>>,
    stale_after_days: Option<Spanned<Count>>,
    api_discount: Option<Spanned<Fraction>>,
    contingency: Option<Spanned<Fraction>>,
    horizon_months: Option<Spanned<Count>>,
    migration: Option<Spanned<Number>>,
    currency: Option<Spanned<String>>,
    usd_rate: Option<Spanned<Number>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    id: Spanned<String>,
    gpus: String,
    cloud_monthly: Option<Spanned<Money>>,
    on_prem_monthly: Option<Spanned<Money>>,
    #[serde(default)]
    cost_is: Source,
    cost_as_of: Option<Date>,
    gpu_count: Option<Spanned<Count>>,
    cloud_gpu_hour: Option<Spanned<Money>>,
    spot_gpu_hour: Option<Spanned<Money>>,
    #[serde(default)]
    rate: Rate,
    spot_allowance: Option<Spanned<Fraction>>,
    #[serde(default)]
    billing: Billing,
    active_hours: Option<Spanned<Number>>,
    scale_buffer: Option<Spanned<Fraction>>,
    scale_up_minutes: Option<Spanned<Number>>,
    replicas_per_instance: Option<Spanned<Count>>,
    purchase: Option<Spanned<Money>>,
    amortization_months: Option<Spanned<Count>>,
    residual: Option<Spanned<Money>>,
    upkeep_per_year: Option<Spanned<Fraction>>,
    cost_of_capital: Option<Spanned<Fraction>>,
    cloud_most_likely: Option<Spanned<Number>>,
    on_prem_most_likely: Option<Spanned<Number>>,
    tokens_per_day: Option<Spanned<Volume>>,
    tokens_per_second: Option<Spanned<Number>>,
    p99_limit_ms: Option<Spanned<Number>>,
    #[serde(default)]
    capacity_is: Source,
    capacity_as_of: Option<Date>,
    measured: Option<RawMeasured>,
    gpu_type: Option<String>,
    backend: Option<String>,
    precision: Option<String>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeasured {
    tokens_per_second: Number,
    max_concurrency: Option<Count>,
    p99_ttft_ms: Option<Number>,
    p99_tpot_ms: Option<Number>,
    p99_e2el_ms: Option<Number>,
    input_tokens: Option<Number>,
    output_tokens: Option<Number>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModel {
    name: Spanned<String>,
    output_per_mtok: Option<Spanned<Number>>,
    input_per_mtok: Option<Spanned<Number>>,
    cached_input_per_mtok: Option<Spanned<Number>>,
    batch_discount: Option<Spanned<Fraction>>,
    api_discount: Option<Spanned<Fraction>>,
    input_is: Option<Source>,
    #[serde(default)]
    output_is: Source,
    prices_as_of: Option<Date>,
    offers: Option<RawOffers>,
    tier: Spanned<String>,
    #[serde(default)]
    tier_is: Source,
    self_host_monthly: Option<Spanned<Money>>,
    architecture: Option<String>,
    off_peak_discount: Option<Spanned<Fraction>>,
    off_peak_from: Option<Spanned<Number>>,
    off_peak_to: Option<Spanned<Number>>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOffers {
    pick: String,
    #[serde(default)]
    provider: String,
    providers: Count,
    output_per_mtok: Money,
    input_per_mtok: Money,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOverhead {
    name: Spanned<String>,
    monthly: Option<Spanned<Money>>,
    hours_per_week: Option<Spanned<Money>>,
    hourly_rate: Option<Spanned<Money>>,
    watts_per_gpu: Option<Spanned<Number>>,
    pue: Option<Spanned<Number>>,
    price_per_kwh: Option<Spanned<Money>>,
    fte: Option<Spanned<Number>>,
    fte_monthly: Option<Spanned<Money>>,
    one_off: Option<Spanned<Money>>,
    scales_with: Option<ScalesWith>,
    most_likely: Option<Spanned<Number>>,
    applies_to: AppliesTo,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    name: Spanned<String>,
    tokens_per_day: Spanned<Volume>,
    model: Spanned<String>,
    tier: Option<Spanned<String>>,
    deployment: Option<Deployment>,
    output_share: Option<Spanned<Fraction>>,
    peak_to_average: Option<Spanned<Number>>,
    target_utilization: Option<Spanned<Fraction>>,
    spare_replicas: Option<Spanned<Count>>,
    regions: Option<Spanned<Count>>,
    monthly_growth: Option<Spanned<Fraction>>,
    cached_input_share: Option<Spanned<Fraction>>,
    batch_share: Option<Spanned<Fraction>>,
    peak_hours: Option<Spanned<Number>>,
    availability: Option<Spanned<Fraction>>,
    hourly_profile: Option<Vec<f64>>,
    traffic_is: Option<Source>,
    input_tokens_per_request: Option<Spanned<Number>>,
    output_tokens_per_request: Option<Spanned<Number>>,
    ttft_p99_ms: Option<Spanned<Number>>,
    tpot_p99_ms: Option<Spanned<Number>>,
    #[serde(default)]
    note: String,
}

impl RawPlan {
    pub(super) fn into_plan(self, spans: &mut Spans) -> Plan {
        Plan {
            name: spans.take(Section::TopLevel, "name", self.name),
            settings: self.settings.into_settings(spans),
            gpu_tiers: rows(
                spans,
                Table::GpuTiers,
                0,
                self.gpu_tiers,
                RawTier::into_tier,
            ),
            models: rows(spans, Table::Models, 0, self.models, RawModel::into_model),
            overheads: rows(
                spans,
                Table::Overheads,
                0,
                self.overheads,
                RawOverhead::into_overhead,
            ),
            scenarios: rows(
                spans,
                Table::Scenarios,
                0,
                self.scenarios,
                RawScenario::into_scenario,
            ),
        }
    }
}

/// The rows of a table, numbered from `first`, each converted with the
/// spans of its fields kept under `table[i].field`, and its own span under
/// `table[i]`.
fn rows<R, T>(
    spans: &mut Spans,
    table: Table,
    first: usize,
    raw: Vec<Spanned<R>>,
    convert: fn(R, &mut RowSpans) -> T,
) -> Vec<T> {
    raw.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let section = Section::Row(table, first + i);
            spans.insert(section, "", r.span());
            convert(r.into_inner(), &mut RowSpans { spans, section })
        })
        .collect()
}

impl RawSettings {
    fn into_settings(self, spans: &mut Spans) -> Settings {
        let defaults = Settings::default();
        Settings {
            days_per_month: self.days_per_month.map_or(defaults.days_per_month, |v| {
                spans.take(Section::Settings, "days_per_month", v)
            }),
            deployment: self.deployment.unwrap_or(defaults.deployment),
            estimate: self.estimate.unwrap_or(defaults.estimate),
            include_overheads: self.include_overheads.unwrap_or(defaults.include_overheads),
            output_share: self.output_share.map_or(defaults.output_share, |v| {
                spans.take(Section::Settings, "output_share", v)
            }),
            stale_after_days: self
                .stale_after_days
                .map_or(defaults.stale_after_days, |v| {
                    spans.take(Section::Settings, "stale_after_days", v)
                }),
            api_discount: self.api_discount.map_or(defaults.api_discount, |v| {
                spans.take(Section::Settings, "api_discount", v)
            }),
            contingency: self.contingency.map_or(defaults.contingency, |v| {
                spans.take(Section::Settings, "contingency", v)
            }),
            horizon_months: self.horizon_months.map_or(defaults.horizon_months, |v| {
                spans.take(Section::Settings, "horizon_months", v)
            }),
            migration: self.migration.map_or(defaults.migration, |v| {
                spans.take(Section::Settings, "migration", v)
            }),
            currency: self.currency.map_or(defaults.currency, |v| {
                spans.take(Section::Settings, "currency", v)
            }),
            usd_rate: self.usd_rate.map_or(defaults.usd_rate, |v| {
                spans.take(Section::Settings, "usd_rate", v)
            }),
        }
    }
}

impl RawTier {
    fn into_tier(self, s: &mut RowSpans) -> GpuTier {
        let tokens_per_second: Option<f64> = self
            .tokens_per_second
            .map(|v| s.take("tokens_per_second", v));
        GpuTier {
            id: s.take("id", self.id),
            gpus: self.gpus,
            // Left out means not given: shown as missing, never as 0.
            cloud_monthly: self.cloud_monthly.map(|v| s.take("cloud_monthly", v)),
            on_prem_monthly: self.on_prem_monthly.map(|v| s.take("on_prem_monthly", v)),
            cost_is: self.cost_is,
            cost_as_of: self.cost_as_of,
            pricing: TierPricing {
                gpu_count: self.gpu_count.map(|v| s.take("gpu_count", v)),
                cloud_gpu_hour: self.cloud_gpu_hour.map(|v| s.take("cloud_gpu_hour", v)),
                spot_gpu_hour: self.spot_gpu_hour.map(|v| s.take("spot_gpu_hour", v)),
                rate: self.rate,
                spot_allowance: s.or("spot_allowance", self.spot_allowance, 0.0),
                billing: self.billing,
                active_hours: self.active_hours.map(|v| s.take("active_hours", v)),
                scale_buffer: s.or("scale_buffer", self.scale_buffer, 0.0),
                scale_up_minutes: s.or("scale_up_minutes", self.scale_up_minutes, 0.0),
                replicas_per_instance: self
                    .replicas_per_instance
                    .map(|v| s.take("replicas_per_instance", v)),
                purchase: self.purchase.map(|v| s.take("purchase", v)),
                amortization_months: self
                    .amortization_months
                    .map(|v| s.take("amortization_months", v)),
                residual: self.residual.map(|v| s.take("residual", v)),
                upkeep_per_year: s.or("upkeep_per_year", self.upkeep_per_year, 0.0),
                cost_of_capital: s.or("cost_of_capital", self.cost_of_capital, 0.0),
                cloud_most_likely: self
                    .cloud_most_likely
                    .map(|v| s.take("cloud_most_likely", v)),
                on_prem_most_likely: self
                    .on_prem_most_likely
                    .map(|v| s.take("on_prem_most_likely", v)),
            },
            tokens_per_second,
            // Measured throughput gives the capacity unless a figure is
            // written too (then both must agree, see `validate`); neither
            // is a capacity of 0, which the rules refuse.
            tokens_per_day: match self.tokens_per_day {
                Some(v) => s.take("tokens_per_day", v),
                None => tokens_per_second.map_or(0, crate::plan::tokens_per_day_at),
            },
            p99_limit_ms: self.p99_limit_ms.map(|v| s.take("p99_limit_ms", v)),
            capacity_is: self.capacity_is,
            capacity_as_of: self.capacity_as_of,
            measured: self.measured.map(|m| Measured {
                tokens_per_second: m.tokens_per_second.0,
                max_concurrency: m.max_concurrency.map(|c| c.0),
                p99_ttft_ms: m.p99_ttft_ms.map(|v| v.0),
                p99_tpot_ms: m.p99_tpot_ms.map(|v| v.0),
                p99_e2el_ms: m.p99_e2el_ms.map(|v| v.0),
                input_tokens: m.input_tokens.map(|v| v.0),
                output_tokens: m.output_tokens.map(|v| v.0),
            }),
            hardware: Hardware {
                gpu_type: self.gpu_type,
                backend: self.backend,
                precision: self.precision,
            },
            note: self.note,
        }
    }
}

impl RawModel {
    fn into_model(self, s: &mut RowSpans) -> Model {
        let output = self.output_per_mtok.map(|v| s.take("output_per_mtok", v));
        // Only the output price was published for most models; an absent
        // input price is taken to equal it, and marked so. Neither given is
        // a model not priced yet.
        let (input, input_is) = match (self.input_per_mtok, output) {
            (Some(v), _) => (
                Some(s.take("input_per_mtok", v)),
                self.input_is.unwrap_or_default(),
            ),
            (None, Some(_)) => (output, self.input_is.unwrap_or(Source::Assumption)),
            (None, None) => (None, self.input_is.unwrap_or_default()),
        };
        Model {
            name: s.take("name", self.name),
            input_per_mtok: input,
            output_per_mtok: output,
            cached_input_per_mtok: self
                .cached_input_per_mtok
                .map(|v| s.take("cached_input_per_mtok", v)),
            batch_discount: s.or("batch_discount", self.batch_discount, 0.0),
            api_discount: self.api_discount.map(|v| s.take("api_discount", v)),
            input_is,
            output_is: self.output_is,
            prices_as_of: self.prices_as_of,
            offers: self.offers.map(|o| {
                Box::new(Offers {
                    pick: o.pick,
                    provider: o.provider,
                    providers: o.providers.0,
                    output_per_mtok: o.output_per_mtok.0,
                    input_per_mtok: o.input_per_mtok.0,
                })
            }),
            tier: s.take("tier", self.tier),
            tier_is: self.tier_is,
            self_host_monthly: self
                .self_host_monthly
                .map(|v| s.take("self_host_monthly", v)),
            architecture: self.architecture,
            architecture_config: None,
            off_peak: off_peak(
                self.off_peak_discount
                    .map(|v| s.take("off_peak_discount", v)),
                self.off_peak_from.map(|v| s.take("off_peak_from", v)),
                self.off_peak_to.map(|v| s.take("off_peak_to", v)),
            ),
            note: self.note,
        }
    }
}

/// A window from its keys, when any is given; a part left out is NaN, for
/// the plan's rules to name (a discount alone is no window).
fn off_peak(discount: Option<f64>, from: Option<f64>, to: Option<f64>) -> Option<OffPeak> {
    (discount.is_some() || from.is_some() || to.is_some()).then(|| OffPeak {
        discount: discount.unwrap_or(0.0),
        from: from.unwrap_or(f64::NAN),
        to: to.unwrap_or(f64::NAN),
    })
}

impl RawOverhead {
    fn into_overhead(self, s: &mut RowSpans) -> Overhead {
        let name = s.take("name", self.name);
        let mut opt = |key: &'static str,
                       v: Option<Spanned<Money>>|
         -> Option<crate::base::money::Range> { v.map(|v| s.take(key, v)) };
        let monthly = opt("monthly", self.monthly);
        let hours_per_week = opt("hours_per_week", self.hours_per_week);
        let hourly_rate = opt("hourly_rate", self.hourly_rate);
        let price_per_kwh = opt("price_per_kwh", self.price_per_kwh);
        let fte_monthly = opt("fte_monthly", self.fte_monthly);
        let one_off = opt("one_off", self.one_off);
        let mut num = |key: &'static str, v: Option<Spanned<Number>>| -> Option<f64> {
            v.map(|v| s.take(key, v))
        };
        let drivers = Drivers {
            hours_per_week,
            hourly_rate,
            watts_per_gpu: num("watts_per_gpu", self.watts_per_gpu),
            pue: num("pue", self.pue),
            price_per_kwh,
            fte: num("fte", self.fte),
            fte_monthly,
            one_off,
        };
        Overhead {
            name,
            monthly,
            drivers,
            scales_with: self.scales_with,
            most_likely: num("most_likely", self.most_likely),
            applies_to: self.applies_to,
            note: self.note,
        }
    }
}

impl RawScenario {
    fn into_scenario(self, s: &mut RowSpans) -> Scenario {
        let d = Scenario::new("", 0, "");
        Scenario {
            name: s.take("name", self.name),
            tokens_per_day: s.take("tokens_per_day", self.tokens_per_day),
            model: s.take("model", self.model),
            tier: self.tier.map(|v| s.take("tier", v)),
            deployment: self.deployment,
            output_share: self.output_share.map(|v| s.take("output_share", v)),
            peak_to_average: s.or("peak_to_average", self.peak_to_average, d.peak_to_average),
            target_utilization: s.or(
                "target_utilization",
                self.target_utilization,
                d.target_utilization,
            ),
            spare_replicas: s.or("spare_replicas", self.spare_replicas, d.spare_replicas),
            regions: s.or("regions", self.regions, d.regions),
            monthly_growth: s.or("monthly_growth", self.monthly_growth, d.monthly_growth),
            cached_input_share: s.or(
                "cached_input_share",
                self.cached_input_share,
                d.cached_input_share,
            ),
            batch_share: s.or("batch_share", self.batch_share, d.batch_share),
            peak_hours: self.peak_hours.map(|v| s.take("peak_hours", v)),
            availability: self.availability.map(|v| s.take("availability", v)),
            hourly_profile: self.hourly_profile,
            traffic_is: self.traffic_is,
            requests: RequestShape {
                input_tokens: self
                    .input_tokens_per_request
                    .map(|v| s.take("input_tokens_per_request", v)),
                output_tokens: self
                    .output_tokens_per_request
                    .map(|v| s.take("output_tokens_per_request", v)),
                ttft_p99_ms: self.ttft_p99_ms.map(|v| s.take("ttft_p99_ms", v)),
                tpot_p99_ms: self.tpot_p99_ms.map(|v| s.take("tpot_p99_ms", v)),
            },
            note: self.note,
        }
    }
}

// ----- writing --------------------------------------------------------------

/// A part of a big plan: whole entries of its tables, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRows {
    #[serde(default)]
    gpu_tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    models: Vec<Spanned<RawModel>>,
    #[serde(default)]
    overheads: Vec<Spanned<RawOverhead>>,
    #[serde(default)]
    scenarios: Vec<Spanned<RawScenario>>,
}

impl RawRows {
    pub(super) fn append_to(self, plan: &mut Plan, spans: &mut Spans) {
        let RawRows {
            gpu_tiers,
            models,
            overheads,
            scenarios,
        } = self;
        let at = plan.gpu_tiers.len();
        let more = rows(spans, Table::GpuTiers, at, gpu_tiers, RawTier::into_tier);
        plan.gpu_tiers.extend(more);
        let at = plan.models.len();
        let more = rows(spans, Table::Models, at, models, RawModel::into_model);
        plan.models.extend(more);
        let at = plan.overheads.len();
        let more = rows(
            spans,
            Table::Overheads,
            at,
            overheads,
            RawOverhead::into_overhead,
        );
        plan.overheads.extend(more);
        let at = plan.scenarios.len();
        let more = rows(
            spans,
            Table::Scenarios,
            at,
            scenarios,
            RawScenario::into_scenario,
        );
        plan.scenarios.extend(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::keys::{
        Key, MeasuredKey, ModelKey, OffersKey, OverheadKey, ScenarioKey, SettingsKey, TierKey,
    };
    use serde::de::{self, Visitor};

    /// A deserializer that only asks a struct for the fields it reads.
    struct Fields(Vec<&'static str>);

    #[derive(Debug)]
    struct Asked;

    impl std::fmt::Display for Asked {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("asked")
        }
    }

    impl std::error::Error for Asked {}

    impl de::Error for Asked {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Asked
        }
    }

    impl<'de> de::Deserializer<'de> for &mut Fields {
        type Error = Asked;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
            Err(Asked)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Asked> {
            self.0 = fields.to_vec();
            Err(Asked)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    fn read_by<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
        let mut fields = Fields(Vec::new());
        let _ = T::deserialize(&mut fields);
        let mut names = fields.0;
        names.sort_unstable();
        names
    }

    fn listed(keys: &[Key]) -> Vec<&'static str> {
        let mut names: Vec<&str> = keys.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn the_reader_reads_exactly_the_keys_the_lists_give() {
        assert_eq!(read_by::<RawSettings>(), listed(SettingsKey::KEYS));
        assert_eq!(read_by::<RawTier>(), listed(TierKey::KEYS));
        assert_eq!(read_by::<RawMeasured>(), listed(MeasuredKey::KEYS));
        assert_eq!(read_by::<RawModel>(), listed(ModelKey::KEYS));
        assert_eq!(read_by::<RawOffers>(), listed(OffersKey::KEYS));
        assert_eq!(read_by::<RawOverhead>(), listed(OverheadKey::KEYS));
        assert_eq!(read_by::<RawScenario>(), listed(ScenarioKey::KEYS));
        let mut top = read_by::<RawPlan>();
        top.retain(|k| !["gpu_tiers", "models", "overheads", "scenarios", "settings"].contains(k));
        assert_eq!(top, ["name", "schema"]);
    }
}
