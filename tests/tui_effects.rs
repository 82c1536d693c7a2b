//! `update` is pure: it asks for files and the clock (effects) and takes
//! their results back (`Action::Done`), so the planner's file handling is
//! tested here without a file in sight.

use inferplan::base::date::Date;
use inferplan::store::plan_file::{Saved, default_plan};
use inferplan::tui::app::effect::{Done, Effect, LoadFor};
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::popups::conflict::Conflict;
use inferplan::tui::app::popups::import::Review;
use inferplan::tui::app::popups::path::PathPrompt;
use inferplan::tui::app::{Action, App, Mode, PickFor, update};
use inferplan::tui::terminal::actions_for;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// Presses one key; what it asks of the files.
fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    let mut effects = Vec::new();
    for action in actions_for(app, Event::Key(KeyEvent::new(code, mods))) {
        effects.extend(update(app, action));
    }
    effects
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        let mods = match c.is_uppercase() {
            true => KeyModifiers::SHIFT,
            false => KeyModifiers::NONE,
        };
        effects.extend(press(app, KeyCode::Char(c), mods));
    }
    effects
}

fn done(app: &mut App, done: Done) -> Vec<Effect> {
    update(app, Action::Done(Box::new(done)))
}

/// A plan with a file that is nowhere: nothing may touch it.
fn on_a_file() -> (App, PathBuf) {
    let path = PathBuf::from("/nonexistent/inferplan-test/plan.toml");
    let app = App::on_file(default_plan(), path.clone(), 42);
    (app, path)
}

#[test]
fn saving_asks_for_a_write_and_takes_its_result() {
    let (mut app, path) = on_a_file();
    let _ = update(&mut app, Action::Resize(120, 40));
    typed(&mut app, "D"); // an unsaved change
    assert!(app.is_modified());
    let effects = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let [
        Effect::Save {
            path: to,
            check,
            then,
            save_as,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((to, *check, then, save_as), (&path, true, &None, &None));
    assert!(!path.exists(), "update wrote nothing");
    assert!(app.is_modified(), "not saved until the write says so");
    let saved = Saved {
        fingerprint: 7,
        notes: Vec::new(),
    };
    let after = done(
        &mut app,
        Done::Saved {
            path: path.clone(),
            result: Ok(saved),
            then: None,
            save_as: None,
        },
    );
    assert!(after.is_empty(), "{after:?}");
    assert!(!app.is_modified());
    assert_eq!(app.on_disk.as_ref().map(|d| d.fingerprint), Some(7));
    assert!(app.status.text.starts_with("saved "), "{:?}", app.status);
}

#[test]
fn a_file_changed_on_disk_asks_what_now_and_overwrite_saves_unchecked() {
    let (mut app, path) = on_a_file();
    typed(&mut app, "D");
    let effects = done(
        &mut app,
        Done::ChangedOnDisk {
            path: path.clone(),
            then: None,
        },
    );
    assert!(effects.is_empty());
    assert!(
        matches!(
            app.mode,
            Mode::Popup(Popup::Conflict(Conflict { then: None }))
        ),
        "{:?}",
        app.mode
    );
    let effects = typed(&mut app, "o");
    assert!(
        matches!(effects.as_slice(), [Effect::Save { check: false, .. }]),
        "{effects:?}"
    );
}

#[test]
fn quitting_with_changes_saves_first_then_quits_when_the_write_succeeds() {
    let (mut app, path) = on_a_file();
    typed(&mut app, "D");
    typed(&mut app, "q");
    assert!(matches!(app.mode, Mode::Popup(Popup::Unsaved(_))));
    let effects = typed(&mut app, "s");
    let [
        Effect::Save {
            then: Some(then), ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert!(!app.should_quit, "not before the write");
    let failed = done(
        &mut app,
        Done::Saved {
            path: path.clone(),
            result: Err("disk full".into()),
            then: Some(then.clone()),
            save_as: None,
        },
    );
    assert!(failed.is_empty());
    assert!(!app.should_quit, "a failed save keeps the planner open");
    assert!(app.status.is_error && app.status.text.contains("disk full"));
}

#[test]
fn opening_lists_the_library_from_what_the_listing_found() {
    let (mut app, _) = on_a_file();
    let effects = typed(&mut app, "o");
    assert_eq!(
        effects,
        [Effect::List {
            purpose: PickFor::OpenPlan
        }]
    );
    let effects = done(
        &mut app,
        Done::Listed {
            purpose: PickFor::OpenPlan,
            entries: Vec::new(),
        },
    );
    assert!(effects.is_empty());
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(picker.options.len(), 1, "only \"type a path\"");
}

#[test]
fn an_import_reads_its_file_and_the_clock_through_effects() {
    let (mut app, _) = on_a_file();
    typed(&mut app, "I");
    typed(&mut app, "prices.csv");
    let effects = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let [Effect::ReadImport { path, typed: t }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (path, t.as_str()),
        (&PathBuf::from("prices.csv"), "prices.csv")
    );
    let csv = "name,input_per_mtok,output_per_mtok\nQwen3-32B,0.10,0.30\n";
    let today: Date = "2026-12-03".parse().unwrap();
    let effects = done(
        &mut app,
        Done::ImportRead {
            path: path.clone(),
            typed: t.clone(),
            result: Ok(csv.into()),
            today,
            file_date: None,
        },
    );
    assert!(effects.is_empty());
    let Mode::Popup(Popup::Import(Review { outcome, .. })) = &app.mode else {
        panic!("{:?} / {:?}", app.mode, app.status)
    };
    assert!(outcome.summary.changes_anything());
    // A file that cannot be read keeps the prompt, saying why.
    let (mut app, _) = on_a_file();
    typed(&mut app, "I");
    typed(&mut app, "gone.csv");
    let _ = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let _ = done(
        &mut app,
        Done::ImportRead {
            path: "gone.csv".into(),
            typed: "gone.csv".into(),
            result: Err("cannot read gone.csv: No such file".into()),
            today,
            file_date: None,
        },
    );
    let Mode::Popup(Popup::Path(PathPrompt { editor, .. })) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(editor.input.value(), "gone.csv");
    assert!(editor.error.as_deref().unwrap().contains("cannot read"));
}

#[test]
fn a_plan_read_for_comparing_shows_the_compare_tab() {
    let (mut app, _) = on_a_file();
    let other = PathBuf::from("/nowhere/q3.toml");
    let effects = update(&mut app, Action::CompareFile(other.clone()));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Load {
            purpose: LoadFor::Compare { .. },
            ..
        }]
    ));
    let mut old = default_plan();
    old.name = "last quarter".into();
    let _ = done(
        &mut app,
        Done::Loaded {
            path: other,
            note: None,
            result: Ok((Box::new(old), 1)),
            purpose: LoadFor::Compare {
                said: None,
                typed: None,
            },
        },
    );
    assert_eq!(app.tab, inferplan::tui::tab::Tab::Compare);
    assert_eq!(app.compare.as_ref().unwrap().plan.name, "last quarter");
}

#[test]
fn save_as_onto_a_file_that_exists_asks_before_replacing_it() {
    use inferplan::tui::terminal::carry_out_all;
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    let theirs = dir.path().join("theirs.toml");
    std::fs::write(&mine, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
    std::fs::write(&theirs, "# another plan\n").unwrap();
    let (plan, fingerprint) = inferplan::store::plan_file::load_fingerprinted(&mine).unwrap();
    let mut app = App::on_file(plan, mine.clone(), fingerprint);
    let _ = update(&mut app, Action::Resize(120, 40));
    typed(&mut app, "D");

    let save_as_theirs = |app: &mut App| {
        let mut effects = press(app, KeyCode::Char('S'), KeyModifiers::SHIFT);
        effects.extend(press(app, KeyCode::Char('u'), KeyModifiers::CONTROL));
        effects.extend(typed(app, &theirs.display().to_string()));
        effects.extend(press(app, KeyCode::Enter, KeyModifiers::NONE));
        carry_out_all(app, effects);
    };
    save_as_theirs(&mut app);
    assert!(
        matches!(&app.mode, Mode::Popup(Popup::Replace(_))),
        "{:?}",
        app.mode
    );
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    assert!(frame.contains("replace theirs.toml?"), "{frame}");
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "# another plan\n",
        "nothing written while asking"
    );

    // n: back to the path as typed, the plan still on its own file.
    let effects = press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE);
    assert!(effects.is_empty());
    let Mode::Popup(Popup::Path(PathPrompt { editor, .. })) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(editor.input.value(), theirs.display().to_string());
    assert_eq!(app.path.as_deref(), Some(mine.as_path()));
    let _ = press(&mut app, KeyCode::Esc, KeyModifiers::NONE);

    // y: replaced.
    save_as_theirs(&mut app);
    let effects = press(&mut app, KeyCode::Char('y'), KeyModifiers::NONE);
    carry_out_all(&mut app, effects);
    assert!(app.status.text.starts_with("saved "), "{:?}", app.status);
    assert_eq!(app.path.as_deref(), Some(theirs.as_path()));
    let saved = inferplan::store::plan_file::load(&theirs).unwrap();
    assert_eq!(saved, app.plan);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        inferplan::plan::DEFAULT_PLAN_TOML
    );
}

#[test]
fn a_plan_saved_outside_the_library_is_offered_when_opening_and_the_prompt_says_where_a_name_goes()
{
    use inferplan::tui::terminal::carry_out_all;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let mut app = App::new(default_plan(), None);
    app.library = Some(library.clone());
    let _ = update(&mut app, Action::Resize(120, 40));
    // The Save As prompt says where a bare name goes.
    let effects = press(&mut app, KeyCode::Char('S'), KeyModifiers::SHIFT);
    carry_out_all(&mut app, effects);
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    let said = format!(
        "a bare name (q3) is saved in the library: {}/q3.toml",
        library.display()
    );
    assert!(frame.contains(&said), "{:?}\n{frame}", app.mode);
    // Saved outside the library, then opened again from the list.
    let elsewhere = dir.path().join("q3-elsewhere.toml");
    let mut effects = press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    effects.extend(typed(&mut app, &elsewhere.display().to_string()));
    effects.extend(press(&mut app, KeyCode::Enter, KeyModifiers::NONE));
    carry_out_all(&mut app, effects);
    assert!(elsewhere.exists());
    let effects = typed(&mut app, "o");
    carry_out_all(&mut app, effects);
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let shown = elsewhere.display().to_string();
    assert!(
        picker
            .options
            .iter()
            .any(|(path, label)| *path == shown && label.ends_with("the open plan's file")),
        "{:?}",
        picker.options
    );
    let effects = press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    carry_out_all(&mut app, effects);
    // The open prompt says a name is looked up in the library.
    let effects = typed(&mut app, "o");
    carry_out_all(&mut app, effects);
    let effects = press(&mut app, KeyCode::Char('k'), KeyModifiers::NONE);
    carry_out_all(&mut app, effects);
    let effects = press(&mut app, KeyCode::Char('k'), KeyModifiers::NONE);
    carry_out_all(&mut app, effects);
    let effects = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    carry_out_all(&mut app, effects);
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    assert!(
        frame.contains("a path, or a plan of the library by name"),
        "{frame}"
    );
}

/// The planner reviewing an import of `file` (a fixture), read on 2026-12-03.
fn reviewing(file: &str) -> App {
    let (mut app, _) = on_a_file();
    typed(&mut app, "I");
    typed(&mut app, file);
    let _ = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let fixture = format!(
        "{}/tests/fixtures/import/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let _ = done(
        &mut app,
        Done::ImportRead {
            path: file.into(),
            typed: file.into(),
            result: Ok(std::fs::read_to_string(fixture).unwrap()),
            today: "2026-12-03".parse().unwrap(),
            file_date: None,
        },
    );
    app
}

fn summary(app: &App) -> &inferplan::import::Summary {
    let Mode::Popup(Popup::Import(Review { outcome, .. })) = &app.mode else {
        panic!("{:?} / {:?}", app.mode, app.status)
    };
    &outcome.summary
}

#[test]
fn the_import_review_chooses_what_the_flags_choose_and_previews_each_choice() {
    let mut app = reviewing("models-dev-sellers.json");
    let s = summary(&app);
    assert_eq!(s.skipped.get(inferplan::import::reasons::FREE_LISTING), 1);
    assert!(
        s.changed[0].contains("cheapest of 2 sellers: deepinfra"),
        "{:?}",
        s.changed
    );
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    assert!(
        frame.contains("as `inferplan import` every model --pick cheapest"),
        "{frame}"
    );
    // f: the free listing is taken, and flagged.
    typed(&mut app, "f");
    assert_eq!(
        summary(&app)
            .skipped
            .get(inferplan::import::reasons::FREE_LISTING),
        0
    );
    assert!(
        summary(&app)
            .flagged
            .iter()
            .any(|f| f.contains("priced 0 by acme-coding-plan"))
    );
    typed(&mut app, "f");
    // p: a seller by name; a bad one is refused where it is typed.
    typed(&mut app, "p");
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, "groq");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        summary(&app).changed[0].contains("groq"),
        "{:?}",
        summary(&app).changed
    );
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    assert!(frame.contains("--pick groq"), "{frame}");
    // /: only some models; none matching says so and keeps the summary.
    typed(&mut app, "/");
    typed(&mut app, "llama");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        summary(&app).changed.is_empty(),
        "{:?}",
        summary(&app).changed
    );
    // Nothing to apply: said, and the review stays for another choice.
    typed(&mut app, "a");
    assert!(
        app.status.text.contains("nothing in the file was taken"),
        "{:?}",
        app.status
    );
    assert!(matches!(app.mode, Mode::Popup(Popup::Import(_))));
    typed(&mut app, "/");
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    // Applied: the seller chosen, one undo step.
    let before = app.plan.clone();
    typed(&mut app, "a");
    let m = app.plan.model("Qwen3-32B").unwrap();
    assert_eq!(
        (
            m.output_per_mtok,
            m.offers.as_ref().unwrap().provider.as_str()
        ),
        (Some(0.59), "groq")
    );
    typed(&mut app, "u");
    assert_eq!(app.plan, before);
}

#[test]
fn a_long_import_summary_pages() {
    // 400 models from a big LiteLLM-shaped catalog: more lines than a
    // screen.
    let mut json = String::from("{");
    for i in 0..400 {
        json.push_str(&format!(
            "\"p/model-{i}-7b\": {{\"litellm_provider\": \"p\", \"mode\": \"chat\", \"input_cost_per_token\": 1e-7, \"output_cost_per_token\": 2e-7}},"
        ));
    }
    json.push_str("\"sample_spec\": {}}");
    let (mut app, _) = on_a_file();
    typed(&mut app, "I");
    typed(&mut app, "big.json");
    let _ = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let _ = done(
        &mut app,
        Done::ImportRead {
            path: "big.json".into(),
            typed: "big.json".into(),
            result: Ok(json),
            today: "2026-12-03".parse().unwrap(),
            file_date: None,
        },
    );
    let scroll = |app: &App| {
        let Mode::Popup(Popup::Import(Review {
            scroll, outcome, ..
        })) = &app.mode
        else {
            panic!("{:?}", app.mode)
        };
        (*scroll, outcome.summary.lines().len())
    };
    press(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(scroll(&app).0, 20);
    typed(&mut app, "G");
    let (at, lines) = scroll(&app);
    assert_eq!(at, lines - 1);
    let frame = inferplan::tui::terminal::render_to_text(&app, 120, 40);
    assert!(
        frame.contains("400 tiers guessed from the parameter count"),
        "{frame}"
    );
    typed(&mut app, "g");
    assert_eq!(scroll(&app).0, 0);
    press(&mut app, KeyCode::End, KeyModifiers::NONE);
    assert_eq!(scroll(&app).0, lines - 1);
}

#[test]
fn a_usage_log_imported_on_the_scenarios_tab_updates_the_scenario_selected_in_one_undo_step() {
    let (mut app, _) = on_a_file();
    // Scenario B, on the Scenarios tab.
    let _ = update(&mut app, Action::SelectRow(1));
    let before = app.plan.clone();
    let file = "azure_llm_inference_conv.csv";
    typed(&mut app, "I");
    typed(&mut app, file);
    let _ = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/usage/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let _ = done(
        &mut app,
        Done::ImportRead {
            path: file.into(),
            typed: file.into(),
            result: Ok(text),
            today: "2026-12-03".parse().unwrap(),
            file_date: None,
        },
    );
    let s = summary(&app).clone();
    assert!(s.method.iter().any(|l| l.contains("12 requests")), "{s:?}");
    assert!(
        s.changed[0].starts_with("scenario \"B: growth-stage startup\": tokens_per_day: 50M → "),
        "{s:?}"
    );
    // Nothing changes until it is applied; then one undo step takes it back.
    assert_eq!(app.plan, before);
    typed(&mut app, "a");
    let b = &app.plan.scenarios[1];
    assert_ne!(b.tokens_per_day, 50_000_000);
    assert!(matches!(
        &b.traffic_is,
        Some(inferplan::plan::Source::Measured(_))
    ));
    typed(&mut app, "u");
    assert_eq!(app.plan, before);
}
