//! Benchmarks of the terminal interface: one frame of each World view at 200x60 on a populated
//! World (the canary-rollback lab played to its end, then a monitored week with drift), drawn
//! into a test backend.
//!
//! Run with `cargo bench --bench tui`.

// criterion_group! generates undocumented items; setup failures should abort loudly.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlops_lab::tui::theme::Theme;
use mlops_lab::tui::views::{View, ViewState, render_view};
use mlops_lab::world::{Command, World};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn cmd(inline: &str) -> Command {
    #[derive(serde::Deserialize)]
    struct Wrap {
        c: Command,
    }
    toml::from_str::<Wrap>(&format!("c = {inline}")).unwrap().c
}

fn world() -> World {
    let lab = mlops_lab::content::find_lab("canary-rollback", &[]).unwrap();
    let mut w = World::new(lab.scenario, lab.seed);
    for s in &lab.steps {
        for c in &s.commands {
            w.apply(c.clone());
        }
    }
    for c in [
        r#"{ do = "configure_monitor", endpoint = "scoring", features = { age = { method = "ks" } } }"#,
        r#"{ do = "advance_days", days = 2 }"#,
        r#"{ do = "inject_drift", kind = "covariate", feature = "debt_to_income", shift = 1.5, over_days = 3 }"#,
        r#"{ do = "advance_days", days = 5 }"#,
    ] {
        w.apply(cmd(c));
    }
    w
}

fn bench_views(c: &mut Criterion) {
    let w = world();
    let theme = Theme::named("dark", false).unwrap();
    let mut g = c.benchmark_group("render_view_200x60");
    for (tab, view) in View::ALL.iter().enumerate() {
        let state = ViewState {
            tab,
            ..ViewState::default()
        };
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        g.bench_function(view.title(), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| render_view(f, Rect::new(0, 0, 200, 60), &w, &state, &theme))
                    .unwrap();
                black_box(terminal.backend().buffer().area);
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench_views);
criterion_main!(benches);
