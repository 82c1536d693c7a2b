//! An import read and checked in full, its summary shown: only `a` applies
//! it (one undo step); nothing changes until then. Before that, what the
//! command line's flags choose is chosen here too (which models, which
//! seller, free listings, new tiers, spot prices, a latency limit), each
//! change reading the file again into a fresh summary.

use super::{Kind, Popup, Screen, key_for};
use crate::import::{self, Format, Input, Options, Pick};
use crate::tui::app::history::Change;
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::{commit, editor_with, error, info, type_into};
use crate::tui::app::{Action, App, CellEditor, ImportOption, Mode};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::{Down, End, Enter, Esc, Home, PageDown, PageUp, Up};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The import waiting to be applied, its summary scrolled.
#[derive(Debug, Clone)]
pub struct Review {
    /// The plan with the import, and what it changed.
    pub outcome: Box<crate::import::Outcome>,
    /// Lines of the summary scrolled past.
    pub scroll: usize,
    /// The file as read and the options it was imported with, to import
    /// it again with others.
    pub source: Box<(Input, Options)>,
    /// An option being typed: which, and its text.
    pub typing: Option<(ImportOption, CellEditor)>,
    /// Why the options last typed gave no import (the summary shown is
    /// the one before).
    pub problem: Option<String>,
}

impl Review {
    /// A review of `outcome`, read from `input` with `options`.
    pub fn new(outcome: crate::import::Outcome, input: Input, options: Options) -> Self {
        Self {
            outcome: Box::new(outcome),
            scroll: 0,
            source: Box::new((input, options)),
            typing: None,
            problem: None,
        }
    }
}

/// How help titles these keys.
pub const TITLE: &str = "Reviewing an import";

const HERE: Context = Context::Popup(Kind::Import);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('a'), key(Enter)],        Action::ApplyImport,  "apply it (u undoes)"),
    bind(HERE, &[key(Down), ch('j')],         Action::MoveRows(1),  "scroll down"),
    bind(HERE, &[key(Up), ch('k')],           Action::MoveRows(-1), "scroll up"),
    bind(HERE, &[key(PageDown), ch(' ')],     Action::Page(1),      "a page down"),
    bind(HERE, &[key(PageUp)],                Action::Page(-1),     "a page up"),
    bind(HERE, &[key(Home), ch('g')],         Action::Home,         "to the top"),
    bind(HERE, &[key(End), ch('G')],          Action::End,          "to the end"),
    bind(HERE, &[ch('/')],                    Action::ImportOption(ImportOption::Only),         "only models whose name holds… (--only)"),
    bind(HERE, &[ch('p')],                    Action::ImportOption(ImportOption::Pick),         "which seller: cheapest, median or a name (--pick)"),
    bind(HERE, &[ch('f')],                    Action::ImportOption(ImportOption::IncludeFree),  "take listings priced 0 / 0 or not (--include-free)"),
    bind(HERE, &[ch('n')],                    Action::ImportOption(ImportOption::NewTiers),     "GPU offers: new tiers or not (--new-tiers)"),
    bind(HERE, &[ch('s')],                    Action::ImportOption(ImportOption::Spot),         "GPU offers: spot prices or on-demand (--spot)"),
    bind(HERE, &[ch('l')],                    Action::ImportOption(ImportOption::LatencyLimit), "benchmarks: the p99 latency limit, ms (--p99-e2el-ms)"),
    bind(HERE, &[key(Esc), ch('c'), ch('q')], Action::Cancel,       "cancel: nothing changes"),
];

/// Which keys are live: its own, or the text keys while an option is typed.
pub fn context(review: &Review) -> Context {
    match review.typing {
        Some(_) => Context::Text,
        None => super::own(Kind::Import),
    }
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[
    Action::ApplyImport,
    Action::ImportOption(ImportOption::Only),
    Action::ImportOption(ImportOption::Pick),
    Action::Page(1),
    Action::Cancel,
];

/// Lines a page moves.
const PAGE: i64 = 20;

/// Applies, scrolls, changes an option, or cancels.
pub fn update(app: &mut App, mut review: Review, action: Action) {
    if let Some((option, editor)) = review.typing.take() {
        return typing(app, review, option, editor, action);
    }
    let last = review.outcome.summary.lines().len().saturating_sub(1) as i64;
    let at = review.scroll as i64;
    let to = |line: i64| line.clamp(0, last) as usize;
    match action {
        Action::ApplyImport => return apply(app, review),
        Action::MoveRows(n) => review.scroll = to(at + i64::from(n)),
        Action::Page(n) => review.scroll = to(at + PAGE * i64::from(n)),
        Action::Home => review.scroll = 0,
        Action::End => review.scroll = to(last),
        Action::ImportOption(option) => return choose(app, review, option),
        Action::Cancel => return info(app, "import cancelled: nothing changed"),
        _ => {}
    }
    app.mode = Mode::Popup(Popup::Import(review));
}

fn apply(app: &mut App, review: Review) {
    if !review.outcome.summary.changes_anything() {
        // Still open: another choice may take something.
        let why = match review.outcome.summary.unchanged {
            0 => "nothing to apply: nothing in the file was taken (see what was skipped)",
            _ => "nothing to apply: the plan already holds these figures",
        };
        info(app, why);
        app.mode = Mode::Popup(Popup::Import(review));
        return;
    }
    let outcome = review.outcome;
    let (changed, added) = (outcome.summary.changed.len(), outcome.summary.added.len());
    let what = format!("the import of {}", outcome.summary.sources.join(", "));
    let change = Change::Replace {
        before: Box::new(app.plan.clone()),
        after: Box::new(outcome.plan),
        what,
    };
    match commit(app, change) {
        Ok(()) => info(
            app,
            format!("imported: {changed} changed, {added} added — u undoes it all"),
        ),
        Err(e) => error(app, format!("the import was not applied: {e}")),
    }
}

/// A flag toggled at once; a text option asked for, its value as it is.
fn choose(app: &mut App, mut review: Review, option: ImportOption) {
    let o = &mut review.source.1;
    let flag = match option {
        ImportOption::IncludeFree => &mut o.include_free,
        ImportOption::NewTiers => &mut o.new_tiers,
        ImportOption::Spot => &mut o.spot,
        ImportOption::Only | ImportOption::Pick | ImportOption::LatencyLimit => {
            let value = match option {
                ImportOption::Only => o.only.clone().unwrap_or_default(),
                ImportOption::Pick => pick_text(&o.pick),
                _ => o.p99_e2el_ms.map_or(String::new(), |ms| ms.to_string()),
            };
            review.typing = Some((option, editor_with(&value)));
            app.mode = Mode::Popup(Popup::Import(review));
            return;
        }
    };
    *flag = !*flag;
    again(app, review);
}

fn pick_text(pick: &Pick) -> String {
    match pick {
        Pick::Cheapest => "cheapest".into(),
        Pick::Median => "median".into(),
        Pick::Provider(p) => p.clone(),
    }
}

/// Typing an option's value: Enter reads the file again with it, Esc
/// leaves it as it was.
fn typing(
    app: &mut App,
    mut review: Review,
    option: ImportOption,
    mut editor: CellEditor,
    action: Action,
) {
    match action {
        Action::Input(_) | Action::Paste(_) => {
            type_into(app, &mut editor, action);
            review.typing = Some((option, editor));
        }
        Action::Confirm => {
            let text = editor.input.value().trim().to_string();
            match set(&mut review.source.1, option, &text) {
                Ok(()) => return again(app, review),
                Err(e) => {
                    editor.error = Some(e);
                    review.typing = Some((option, editor));
                }
            }
        }
        Action::Cancel => {}
        _ => review.typing = Some((option, editor)),
    }
    app.mode = Mode::Popup(Popup::Import(review));
}

/// A typed option into the options, checked as the command line checks it.
fn set(o: &mut Options, option: ImportOption, text: &str) -> Result<(), String> {
    match option {
        ImportOption::Only => o.only = (!text.is_empty()).then(|| text.to_string()),
        ImportOption::Pick => {
            o.pick = Pick::parse(if text.is_empty() { "cheapest" } else { text })?
        }
        ImportOption::LatencyLimit if text.is_empty() => o.p99_e2el_ms = None,
        ImportOption::LatencyLimit => match crate::plan::parse::number(text) {
            Ok(ms) if ms > 0.0 => o.p99_e2el_ms = Some(ms),
            _ => return Err("a positive number of milliseconds, like 500; empty for none".into()),
        },
        _ => {}
    }
    Ok(())
}

/// The file imported again with the options as they are now: a fresh
/// summary, or the last one kept with why these gave none.
fn again(app: &mut App, mut review: Review) {
    let (input, options) = &*review.source;
    match import::import(
        Format::Auto,
        std::slice::from_ref(input),
        &app.plan,
        options,
    ) {
        Ok(outcome) => {
            review.outcome = Box::new(outcome);
            review.scroll = 0;
            review.problem = None;
        }
        Err(e) => review.problem = Some(e),
    }
    app.mode = Mode::Popup(Popup::Import(review));
}

/// The options as the command line would spell them.
fn flags(o: &Options) -> String {
    let mut out = vec![match &o.only {
        Some(p) => format!("--only {p}"),
        None => "every model".to_string(),
    }];
    out.push(format!("--pick {}", pick_text(&o.pick)));
    for (on, flag) in [
        (o.include_free, "--include-free"),
        (o.new_tiers, "--new-tiers"),
        (o.spot, "--spot"),
    ] {
        if on {
            out.push(flag.to_string());
        }
    }
    if let Some(ms) = o.p99_e2el_ms {
        out.push(format!("--p99-e2el-ms {ms}"));
    }
    out.join(" ")
}

/// The summary, scrolled, with its options and keys.
/// The import under review as the command line would run it.
fn as_command(review: &Review) -> String {
    let (input, options) = (&review.source.0, &review.source.1);
    let named = |flag: &str, name: &Option<String>| {
        name.as_ref()
            .map_or(String::new(), |n| format!(" --{flag} {n:?}"))
    };
    match Format::sniff(&input.text) {
        Some(Format::Usage) => format!(
            "as `inferplan import usage FILE{}`",
            named("scenario", &options.scenario)
        ),
        Some(Format::HfConfig) => format!(
            "as `inferplan import hf-config FILE{}`",
            named("model", &options.model)
        ),
        _ => format!("as `inferplan import` {}", flags(options)),
    }
}

pub fn draw(frame: &mut Frame, screen: Screen, _: &App, review: &Review, theme: &Theme) {
    let area = screen.body;
    let s = &review.outcome.summary;
    let title = format!(
        "Import: {} changed, {} added — nothing changes until you apply",
        s.changed.len(),
        s.added.len()
    );
    let width = area.width.saturating_sub(4).clamp(20, 120);
    let height = area.height.saturating_sub(2).max(7);
    let inner = frame_popup(frame, centered(area, width, height), &title);
    let keys = [
        (Action::ApplyImport, "apply (u undoes)"),
        (Action::ImportOption(ImportOption::Only), "only…"),
        (Action::ImportOption(ImportOption::Pick), "seller"),
        (Action::ImportOption(ImportOption::IncludeFree), "free"),
        (Action::Page(1), "page"),
        (Action::Cancel, "cancel"),
    ];
    let mut answers = Vec::new();
    for (action, what) in keys {
        let key = key_for(Kind::Import, &action);
        answers.push(Span::styled(format!(" {key} "), theme.active_tab()));
        answers.push(Span::raw(format!("{what}   ")));
    }
    // The option being typed after what it is (or why it was refused),
    // else the options as flags, or why the last ones gave no import.
    let typed = review.typing.as_ref().map(|(option, editor)| {
        let label = editor
            .error
            .clone()
            .unwrap_or_else(|| asks(*option).to_string());
        (format!("{label}: "), editor)
    });
    let options = match (&typed, &review.problem) {
        (Some((label, editor)), _) => Line::from(vec![
            Span::styled(label.clone(), theme.dim()),
            Span::raw(editor.input.value().to_string()),
        ]),
        (None, Some(p)) => Line::styled(p.clone(), theme.error()),
        (None, None) => Line::styled(as_command(review), theme.dim()),
    };
    let lines: Vec<Line> = s
        .lines()
        .into_iter()
        .skip(review.scroll)
        .map(|l| Line::raw(crate::base::safe_text::shown(&l).into_owned()))
        .collect();
    let row = |y: u16, height: u16| Rect { y, height, ..inner };
    let body = row(inner.y, inner.height.saturating_sub(3));
    let options_row = row(inner.bottom().saturating_sub(2), inner.height.min(1));
    let keys_row = row(inner.bottom().saturating_sub(1), inner.height.min(1));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(Paragraph::new(options), options_row);
    frame.render_widget(Paragraph::new(Line::from(answers)), keys_row);
    if let Some((label, editor)) = &typed {
        let x = options_row.x + (label.chars().count() + editor.input.visual_cursor()) as u16;
        if x < options_row.right() {
            frame.set_cursor_position(Position::new(x, options_row.y));
        }
    }
}

/// What a typed option asks for.
fn asks(option: ImportOption) -> &'static str {
    match option {
        ImportOption::Only => "only models whose name holds (* wildcards; empty for all)",
        ImportOption::Pick => "the seller: cheapest, median or a seller's name",
        _ => "the highest p99 latency of a run, ms (empty for none)",
    }
}
