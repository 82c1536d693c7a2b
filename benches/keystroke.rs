//! One keystroke that commits an edit, end to end: update (parse, check,
//! record, recompute the engine) and draw into a 160×48 frame, on a plan of
//! 2,000 models and 200 scenarios. Also prints the percentiles and the bytes
//! the crossterm backend writes for that keystroke (frames are diffed).
//! Run with `cargo bench --bench keystroke`.

use criterion::{Criterion, criterion_group, criterion_main};
use inferplan::store::plan_file::synthetic_plan;
use inferplan::tui::app::{Action, App, CellEditor, Mode, update};
use inferplan::tui::views::render;
use inferplan::tui::widgets::theme::Theme;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;
use tui_input::Input;

fn planner() -> App {
    let mut app = App::new(synthetic_plan(2000, 200), None);
    let _ = update(&mut app, Action::Resize(160, 48));
    // Scenario 100, Tokens/day column.
    let _ = update(&mut app, Action::SelectRow(100));
    let _ = update(&mut app, Action::MoveColumns(1));
    app
}

/// The keystroke: Enter on an edited volume, alternating so every commit changes the plan.
fn commit(app: &mut App, i: usize) {
    let text = if i.is_multiple_of(2) { "60M" } else { "70M" };
    app.mode = Mode::Editing(CellEditor {
        input: Input::new(text.into()),
        fresh: false,
        ..CellEditor::on("")
    });
    let _ = update(app, Action::Confirm);
}

fn keystroke(c: &mut Criterion) {
    let theme = Theme { color: true };
    let mut app = planner();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| render(f, &app, &theme)).unwrap();
    let mut i = 0;
    c.bench_function(
        "keystroke: commit edit + engine + draw 160x48, 2000 models/200 scenarios",
        |b| {
            b.iter(|| {
                i += 1;
                commit(&mut app, i);
                terminal.draw(|f| render(f, &app, &theme)).unwrap();
            })
        },
    );

    // The same keystroke on a scenario whose tier and model give their
    // hardware and architecture: its explanation carries the estimate.
    let mut estimated = planner();
    let row = estimated
        .plan
        .scenarios
        .iter()
        .position(|s| inferplan::engine::capacity::estimated(&estimated.plan, s).is_some())
        .expect("a scenario with an estimate");
    let _ = update(&mut estimated, Action::SelectRow(row));
    let mut j = 0;
    c.bench_function(
        "keystroke: commit edit + engine + draw 160x48, on a scenario with an estimated tier",
        |b| {
            b.iter(|| {
                j += 1;
                commit(&mut estimated, j);
                terminal.draw(|f| render(f, &estimated, &theme)).unwrap();
            })
        },
    );

    // The same, with every tier that names its GPU leaving its capacity
    // to the estimate: each recompute sizes the replicas by it.
    let mut sized = planner();
    for t in sized
        .plan
        .gpu_tiers
        .iter_mut()
        .filter(|t| t.hardware.gpu_type.is_some())
    {
        t.tokens_per_day = 0;
        t.tokens_per_second = None;
    }
    let _ = update(&mut sized, Action::SelectRow(row));
    let _ = update(&mut sized, Action::Resize(160, 48));
    let mut j = 0;
    c.bench_function(
        "keystroke: commit edit + engine + draw 160x48, tiers sized by the estimate",
        |b| {
            b.iter(|| {
                j += 1;
                commit(&mut sized, j);
                terminal.draw(|f| render(f, &sized, &theme)).unwrap();
            })
        },
    );

    let mut k = 0;
    c.bench_function("keystroke parts: update only", |b| {
        b.iter(|| {
            k += 1;
            commit(&mut app, k);
        })
    });
    c.bench_function("keystroke parts: draw only", |b| {
        b.iter(|| {
            terminal.draw(|f| render(f, &app, &theme)).unwrap();
        })
    });

    // The same keystroke with the explain panel open in place of the chart.
    let mut explained = app.clone();
    explained.explain = true;
    let mut j = 0;
    c.bench_function(
        "keystroke: commit edit + engine + draw, explain panel open",
        |b| {
            b.iter(|| {
                j += 1;
                commit(&mut explained, j);
                terminal.draw(|f| render(f, &explained, &theme)).unwrap();
            })
        },
    );

    c.bench_function("keystroke parts: explanation lines alone", |b| {
        b.iter(|| {
            inferplan::analysis::explain::screen_lines(
                &explained.plan,
                &explained.results,
                100,
                157,
            )
        })
    });
    c.bench_function("keystroke parts: explain() alone", |b| {
        b.iter(|| inferplan::analysis::explain::explain(&explained.plan, &explained.results, 100))
    });

    let mut models = app.clone();
    let _ = update(
        &mut models,
        Action::SelectTab(inferplan::tui::tab::Tab::Models),
    );
    c.bench_function("keystroke parts: draw only, Models tab (no chart)", |b| {
        b.iter(|| {
            terminal.draw(|f| render(f, &models, &theme)).unwrap();
        })
    });

    big_models_filtered(c, &mut terminal, &theme);

    c.bench_function(
        "keystroke parts: empty frame (terminal diff baseline)",
        |b| {
            b.iter(|| {
                terminal.draw(|_| {}).unwrap();
            })
        },
    );

    // Percentiles over single keystrokes.
    let mut samples: Vec<u128> = (0..3000)
        .map(|k| {
            let start = Instant::now();
            commit(&mut app, k);
            terminal.draw(|f| render(f, &app, &theme)).unwrap();
            start.elapsed().as_nanos()
        })
        .collect();
    samples.sort_unstable();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
    eprintln!(
        "keystroke over 3000 samples: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );

    // Bytes written to a real terminal backend for the same keystroke.
    let mut app = planner();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 160, 48)),
    };
    let written = Rc::new(Cell::new(0));
    let backend = CrosstermBackend::new(Counter(written.clone()));
    let mut real = Terminal::with_options(backend, options).unwrap();
    real.draw(|f| render(f, &app, &theme)).unwrap();
    let first = written.replace(0);
    commit(&mut app, 0);
    real.draw(|f| render(f, &app, &theme)).unwrap();
    eprintln!(
        "bytes written: first frame {first}, one committed edit {}",
        written.get()
    );
}

/// The Models tab of a 5,000-model plan with a filter typed (`/flash`,
/// 1,000 rows) and sorted by output price: an edit committed, a filter
/// key typed, and the sort flipped, each with its draw.
fn big_models_filtered(c: &mut Criterion, terminal: &mut Terminal<TestBackend>, theme: &Theme) {
    use inferplan::tui::tab::Tab;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code: KeyCode| {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        for action in inferplan::tui::terminal::actions_for(app, event) {
            let _ = update(app, action);
        }
    };
    let mut app = App::new(synthetic_plan(5000, 200), None);
    let _ = update(&mut app, Action::Resize(160, 48));
    let _ = update(&mut app, Action::SelectTab(Tab::Models));
    for ch in "/flash".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.rows_in_view(), 1000);
    let edit = |app: &mut App, i: usize| {
        let text = if i.is_multiple_of(2) { "0.31" } else { "0.32" };
        app.mode = Mode::Editing(CellEditor {
            input: Input::new(text.into()),
            fresh: false,
            ..CellEditor::on("")
        });
        let _ = update(app, Action::Confirm);
    };
    let mut i = 0;
    c.bench_function(
        "keystroke: commit edit + draw, Models tab of 5,000 models, filter + sort active",
        |b| {
            b.iter(|| {
                i += 1;
                edit(&mut app, i);
                terminal.draw(|f| render(f, &app, theme)).unwrap();
            })
        },
    );
    let mut typing = app.clone();
    press(&mut typing, KeyCode::Char('/'));
    let mut k = 0;
    c.bench_function(
        "keystroke: a filter key typed (a space narrows the view, Backspace takes it back) + draw, 5,000 models",
        |b| {
            b.iter(|| {
                k += 1;
                let code = if k % 2 == 0 {
                    KeyCode::Char(' ')
                } else {
                    KeyCode::Backspace
                };
                press(&mut typing, code);
                terminal.draw(|f| render(f, &typing, theme)).unwrap();
            })
        },
    );
    let mut samples: Vec<u128> = (0..3000)
        .map(|k| {
            let start = Instant::now();
            edit(&mut app, k);
            terminal.draw(|f| render(f, &app, theme)).unwrap();
            start.elapsed().as_nanos()
        })
        .collect();
    samples.sort_unstable();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
    eprintln!(
        "5,000 models, filter + sort, edit keystroke over 3000 samples: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}

/// Counts the bytes a backend writes.
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
