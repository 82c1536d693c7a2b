//! Prices from catalogs into a plan's models: offers grouped by model across
//! sellers and catalogs, one picked, existing models updated (old → new) and
//! new ones added with a guessed tier.

use super::names;
use super::summary::Summary;
use super::{MAX_SANE_PRICE, Offer, Options, Outcome, Pick, Read, reasons};
use crate::base::money::Range;
use crate::plan::{Model, Offers, Plan, Source};
use crate::text::format as fmt;
use std::collections::HashMap;

/// The offers of one model, by its key.
struct Group {
    key: String,
    offers: Vec<Offer>,
}

pub(super) fn merge(
    plan: &Plan,
    read: Read,
    labels: &[String],
    per_token: bool,
    o: &Options,
) -> Outcome {
    let mut summary = Summary {
        sources: labels.to_vec(),
        skipped: read.skipped,
        ..Summary::default()
    };
    let share = fmt::percent(plan.settings.output_share);
    summary.method.push(match &o.pick {
        Pick::Provider(p) => format!(
            "each model's price from seller {p}, its spread at the plan's output share ({share})"
        ),
        other => format!(
            "{} of each model's sellers, priced at the plan's output share ({share})",
            other.word()
        ),
    });
    if per_token {
        summary.method.push(
            "USD per token to USD per million by moving the decimal point six places (no float drift)".into(),
        );
    }
    let share = plan.settings.output_share;
    let index: HashMap<String, usize> = plan
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| (names::key(&m.name), i))
        .collect();
    let groups = without_org_prefixes(group(read.offers, o, &mut summary), &index);
    flag_unknown_seller(&groups, &o.pick, &mut summary);
    let mut plan = plan.clone();
    let models_before = plan.models.len();
    for g in groups {
        let Some((chosen, offers)) = pick(&g, &o.pick, share) else {
            summary.skipped.add(reasons::NOT_SOLD, &g.offers[0].name);
            continue;
        };
        let label = &labels[chosen.file];
        match index.get(&g.key) {
            Some(&i) => update(&mut plan.models[i], chosen, offers, label, o, &mut summary),
            None => {
                let model = new_model(&plan, &g.key, chosen, offers, label, o, &mut summary);
                plan.models.push(model);
            }
        }
    }
    let guessed = plan.models[models_before..]
        .iter()
        .filter(|m| !m.tier.is_empty() && matches!(m.tier_is, Source::Guessed(_)))
        .count();
    if guessed > 0 {
        summary.flagged.insert(0, format!(
            "{} guessed from the parameter count in the name: check them (Models tab, Tier column, marked *)",
            super::summary::plural(guessed, "tier")
        ));
    }
    Outcome { plan, summary }
}

/// A seller asked for by name that sells none of the models: said, with
/// the sellers the files do have, most models first.
fn flag_unknown_seller(groups: &[Group], pick: &Pick, summary: &mut Summary) {
    let Pick::Provider(wanted) = pick else { return };
    let mut sellers: HashMap<&str, usize> = HashMap::new();
    for offer in groups.iter().flat_map(|g| &g.offers) {
        *sellers.entry(offer.provider.as_str()).or_default() += 1;
    }
    if groups.is_empty() || sellers.keys().any(|s| s.eq_ignore_ascii_case(wanted)) {
        return;
    }
    let mut known: Vec<(&str, usize)> = sellers.into_iter().collect();
    known.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let listed: Vec<&str> = known.iter().take(8).map(|(s, _)| *s).collect();
    let more = known.len().saturating_sub(listed.len());
    summary.flagged.push(format!(
        "no model is sold by {wanted}; the sellers here are {}{}",
        listed.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    ));
}

/// Offers grouped by model key in first-seen order, filtered by `--only`,
/// absurd prices flagged, one offer per seller (the cheapest).
fn group(offers: Vec<Offer>, o: &Options, summary: &mut Summary) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for offer in offers {
        let key = names::key(&offer.name);
        if key.is_empty() {
            summary.skipped.add(reasons::NO_MODEL_NAME, &offer.name);
            continue;
        }
        if let Some(pattern) = &o.only
            && !(matches(pattern, &key) || matches(pattern, &offer.name))
        {
            summary.skipped.count(reasons::NOT_MATCHED, 1);
            continue;
        }
        if offer.input == 0.0 && offer.output == 0.0 && !o.include_free {
            summary.skipped.add(
                reasons::FREE_LISTING,
                &format!("{} ({})", offer.name, offer.provider),
            );
            continue;
        }
        if offer.input > MAX_SANE_PRICE || offer.output > MAX_SANE_PRICE {
            summary.flagged.push(format!(
                "{} ({}): input {} and output {} $/M are above {}: skipped as a likely unit slip",
                offer.name,
                offer.provider,
                fmt::money(offer.input),
                fmt::money(offer.output),
                fmt::money(MAX_SANE_PRICE)
            ));
            summary.skipped.add(reasons::ABSURD, &offer.name);
            continue;
        }
        let g = *at.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                key,
                offers: Vec::new(),
            });
            groups.len() - 1
        });
        let offers = &mut groups[g].offers;
        match offers.iter_mut().find(|x| x.provider == offer.provider) {
            Some(same) => {
                summary.skipped.add(reasons::DUPLICATE, &offer.name);
                if (offer.output, offer.input) < (same.output, same.input) {
                    *same = offer;
                }
            }
            None => offers.push(offer),
        }
    }
    groups
}

/// Groups whose key is another's behind an organisation's name
/// (`meta-llama-3.3-70b`, `acme-llama-3.3-70b` beside `llama-3.3-70b`)
/// joined to it: sellers spell the org into the name or leave it out.
fn without_org_prefixes(groups: Vec<Group>, models: &HashMap<String, usize>) -> Vec<Group> {
    let known: std::collections::HashSet<String> = groups
        .iter()
        .map(|g| g.key.clone())
        .chain(models.keys().cloned())
        .collect();
    let bare = |key: &str| -> Option<String> {
        let (org, rest) = key.split_once('-')?;
        (org.chars().all(|c| c.is_ascii_alphabetic()) && known.contains(rest))
            .then(|| rest.to_string())
    };
    let mut out: Vec<Group> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for mut g in groups {
        if let Some(rest) = bare(&g.key) {
            g.key = rest;
        }
        match at.get(&g.key) {
            Some(&i) => {
                for offer in g.offers {
                    match out[i]
                        .offers
                        .iter_mut()
                        .find(|x| x.provider == offer.provider)
                    {
                        Some(same) if (offer.output, offer.input) < (same.output, same.input) => {
                            *same = offer
                        }
                        Some(_) => {}
                        None => out[i].offers.push(offer),
                    }
                }
            }
            None => {
                at.insert(g.key.clone(), out.len());
                out.push(g);
            }
        }
    }
    out
}

/// `*` wildcards anywhere; without one, a part of the name. Case-insensitive.
fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.to_lowercase(), name.to_lowercase());
    if !p.contains('*') {
        return n.contains(&p);
    }
    let parts: Vec<&str> = p.split('*').collect();
    let mut rest = n.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return part.is_empty() || rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    rest.is_empty()
}

/// The chosen offer and the spread of all of them.
fn pick<'a>(g: &'a Group, how: &Pick, share: f64) -> Option<(&'a Offer, Offers)> {
    let blended = |x: &Offer| share * x.output + (1.0 - share) * x.input;
    let mut sorted: Vec<&Offer> = g.offers.iter().collect();
    sorted.sort_by(|a, b| {
        blended(a)
            .total_cmp(&blended(b))
            .then_with(|| a.provider.cmp(&b.provider))
    });
    let chosen = match how {
        Pick::Cheapest => sorted[0],
        Pick::Median => sorted[(sorted.len() - 1) / 2],
        Pick::Provider(p) => *sorted.iter().find(|x| x.provider.eq_ignore_ascii_case(p))?,
    };
    let span = |f: fn(&Offer) -> f64| {
        let low = sorted.iter().map(|x| f(x)).fold(f64::INFINITY, f64::min);
        let high = sorted.iter().map(|x| f(x)).fold(0.0, f64::max);
        Range::new(low, high)
    };
    let offers = Offers {
        pick: match how {
            Pick::Provider(_) => "seller".into(),
            other => other.word(),
        },
        provider: chosen.provider.clone(),
        providers: sorted.len() as u32,
        output_per_mtok: span(|x| x.output),
        input_per_mtok: span(|x| x.input),
    };
    Some((chosen, offers))
}

/// `cheapest of 3 sellers: deepinfra; output 0.23–0.88`, `1 seller: groq`.
fn spread(o: &Offers) -> String {
    if o.providers == 1 {
        return format!("1 seller: {}", o.provider);
    }
    if o.pick == "seller" {
        return format!(
            "{}, chosen of {} sellers; output {}",
            o.provider,
            o.providers,
            fmt::money_range(o.output_per_mtok)
        );
    }
    format!(
        "{} of {} sellers: {}; output {}",
        o.pick,
        o.providers,
        o.provider,
        fmt::money_range(o.output_per_mtok)
    )
}

fn update(
    m: &mut Model,
    chosen: &Offer,
    offers: Offers,
    label: &str,
    o: &Options,
    summary: &mut Summary,
) {
    let source = Source::Imported(label.to_string());
    let as_of = Some(chosen.as_of.unwrap_or(o.as_of));
    let mut changes = Vec::new();
    for (what, old, new) in [
        ("output", m.output_per_mtok, chosen.output),
        ("input", m.input_per_mtok, chosen.input),
    ] {
        if old != Some(new) {
            let old = old.map_or(fmt::NOT_GIVEN.to_string(), fmt::price);
            changes.push(format!("{what} {old} → {}", fmt::price(new)));
        }
    }
    // Every price comes from the seller chosen: a cached price the last
    // seller gave and this one does not is not kept beside its prices.
    if m.cached_input_per_mtok != chosen.cached_input {
        let price = |p: Option<f64>| p.map_or("as input".to_string(), fmt::price);
        changes.push(format!(
            "cached input {} → {}",
            price(m.cached_input_per_mtok),
            price(chosen.cached_input)
        ));
    }
    if m.off_peak != chosen.off_peak {
        let window =
            |o: Option<crate::plan::OffPeak>| o.map_or("none".to_string(), |o| fmt::off_peak(&o));
        changes.push(format!(
            "off-peak {} → {}",
            window(m.off_peak),
            window(chosen.off_peak)
        ));
    }
    let same_sources = m.output_is == source
        && m.input_is == source
        && m.prices_as_of == as_of
        && m.offers.as_deref() == Some(&offers);
    if changes.is_empty() && same_sources {
        summary.unchanged += 1;
        return;
    }
    if changes.is_empty() {
        changes.push("same prices, now with their source".into());
    }
    summary.changed.push(format!(
        "{}: {} $/M ({})",
        m.name,
        changes.join(", "),
        spread(&offers)
    ));
    flag_free(&m.name, chosen, summary);
    m.output_per_mtok = Some(chosen.output);
    m.input_per_mtok = Some(chosen.input);
    m.cached_input_per_mtok = chosen.cached_input;
    m.off_peak = chosen.off_peak;
    m.output_is = source.clone();
    m.input_is = source;
    m.prices_as_of = as_of;
    m.offers = Some(Box::new(offers));
}

fn new_model(
    plan: &Plan,
    key: &str,
    chosen: &Offer,
    offers: Offers,
    label: &str,
    o: &Options,
    summary: &mut Summary,
) -> Model {
    let (tier, tier_is) = tier_for(plan, key, chosen, label, summary);
    flag_free(key, chosen, summary);
    let source = Source::Imported(label.to_string());
    summary.added.push(format!(
        "{key}: input {}, output {} $/M{}, tier {} ({tier_is}) ({})",
        fmt::price(chosen.input),
        fmt::price(chosen.output),
        chosen.off_peak.map_or(String::new(), |o| format!(
            ", off-peak {}",
            fmt::off_peak(&o)
        )),
        if tier.is_empty() { "unassigned" } else { &tier },
        spread(&offers)
    ));
    Model {
        name: key.to_string(),
        input_per_mtok: Some(chosen.input),
        output_per_mtok: Some(chosen.output),
        cached_input_per_mtok: chosen.cached_input,
        batch_discount: 0.0,
        api_discount: None,
        input_is: source.clone(),
        output_is: source,
        prices_as_of: Some(chosen.as_of.unwrap_or(o.as_of)),
        offers: Some(Box::new(offers)),
        tier,
        tier_is,
        self_host_monthly: None,
        architecture: None,
        architecture_config: None,
        off_peak: chosen.off_peak,
        note: chosen.note.clone().unwrap_or_default(),
    }
}

/// A chosen price of 0 is said, never taken silently: it makes the API free.
fn flag_free(name: &str, chosen: &Offer, summary: &mut Summary) {
    let zero: Vec<&str> = [("input", chosen.input), ("output", chosen.output)]
        .into_iter()
        .filter(|(_, p)| *p == 0.0)
        .map(|(what, _)| what)
        .collect();
    if !zero.is_empty() {
        summary.flagged.push(format!(
            "{name}: {} priced 0 by {}, so the API costs nothing for it: check the seller (--pick another)",
            zero.join(" and "),
            chosen.provider
        ));
    }
}

/// A new model's tier: the one its file names, else one guessed from the
/// parameter count in its name, else none (flagged).
fn tier_for(
    plan: &Plan,
    key: &str,
    chosen: &Offer,
    label: &str,
    summary: &mut Summary,
) -> (String, Source) {
    if let Some(t) = &chosen.tier {
        if plan.tier(t).is_some() {
            return (t.clone(), Source::Imported(label.to_string()));
        }
        summary.flagged.push(format!(
            "{key}: tier {t} is not in the plan; left unassigned"
        ));
        return (
            String::new(),
            Source::Guessed(format!("tier {t} not in the plan")),
        );
    }
    let ids = || plan.gpu_tiers.iter().map(|t| t.id.as_str());
    let size = names::size(&chosen.name).or_else(|| names::size(key));
    match size.and_then(|(b, active)| names::guess_tier(b, ids()).map(|t| (t, b, active))) {
        Some((tier, billions, active)) => {
            let why = format!(
                "{}B{} in the name",
                fmt::trim_decimals(billions, 1),
                if active { " active" } else { "" }
            );
            (tier.to_string(), Source::Guessed(why))
        }
        None => {
            summary.flagged.push(format!(
                "{key}: no size in the name, so no tier: pick one (Models tab) before it gets a verdict"
            ));
            (String::new(), Source::Guessed("no size in the name".into()))
        }
    }
}
