//! One day's requests, drawn from the production distribution: the scenario's generator with the
//! active incidents applied. Covariate shifts change the inputs before the label is computed (so
//! `P(y | x)` holds), concept drift changes the label function, prior shift re-draws rows until
//! the label matches a label drawn at the new rate (so `P(x | y)` holds), and pipeline breakage
//! (unit change, missing values, schema change) damages the logged inputs after the fact.

use rand::Rng;
use rand_distr::StandardNormal;

use crate::data::scenario::Scenario;
use crate::data::table::{Column, ColumnData, ColumnType, MISSING_CODE, Table};
use crate::world::incidents::{Effect, Incident, SchemaChange};

/// Most re-draws for one row under a prior shift (keeps an extreme rate bounded).
const MAX_TRIES: usize = 10_000;

/// Draws `n` requests for absolute day `day`, timestamps spread over the day from `day_start`.
pub fn draw_day(
    scenario: Scenario,
    n: usize,
    day: i64,
    day_start: i64,
    incidents: &[Incident],
    rng: &mut impl Rng,
) -> Table {
    let specs = scenario.features();
    let active: Vec<(&Incident, f64)> = incidents
        .iter()
        .map(|i| (i, i.intensity(day)))
        .filter(|(_, t)| *t > 0.0)
        .collect();
    let prior = active.iter().find_map(|(i, t)| match i.effect {
        Effect::Prior { positive_rate } => Some((positive_rate, *t)),
        _ => None,
    });
    let mut cols: Vec<Vec<f64>> = specs.iter().map(|_| Vec::with_capacity(n)).collect();
    let mut labels = Vec::with_capacity(n);
    let mut row = vec![0.0; specs.len()];
    for _ in 0..n {
        let wanted = prior.and_then(|(r, t)| rng.gen_bool(t).then(|| u8::from(rng.gen_bool(r))));
        let mut label = 0;
        for _ in 0..MAX_TRIES {
            label = draw_row(scenario, &active, rng, &mut row);
            if wanted.is_none_or(|w| w == label) {
                break;
            }
        }
        labels.push(label);
        for (c, v) in cols.iter_mut().zip(&row) {
            c.push(*v);
        }
    }
    let mut columns: Vec<Column> = specs
        .iter()
        .zip(cols)
        .map(|(spec, values)| Column {
            name: spec.name.to_string(),
            data: match spec.kind {
                ColumnType::Numeric => ColumnData::Numeric(values),
                ColumnType::Categorical => ColumnData::Categorical {
                    codes: values.iter().map(|v| *v as u32).collect(),
                    levels: spec.levels.iter().map(|s| (*s).to_string()).collect(),
                },
            },
        })
        .collect();
    for (i, _) in &active {
        damage(&mut columns, &i.effect, n, rng);
    }
    let step = 86_400 / n.max(1) as i64;
    Table {
        entity_key: scenario.entity_key().to_string(),
        label_name: scenario.label_name().to_string(),
        entity_ids: (0..n)
            .map(|_| 100_000 + rng.gen_range(0..1_000_000))
            .collect(),
        event_ts: (0..n as i64).map(|k| day_start + k * step).collect(),
        labels,
        columns,
    }
}

/// One row with covariate shifts applied, and its label under the (possibly drifted) concept.
fn draw_row(
    scenario: Scenario,
    active: &[(&Incident, f64)],
    rng: &mut impl Rng,
    row: &mut [f64],
) -> u8 {
    let mut logit = scenario.sample(rng, row);
    let mut moved = false;
    for (i, t) in active {
        match i.effect {
            Effect::Shift { col, scale, add } => {
                row[col] = row[col] * (1.0 + (scale - 1.0) * t) + add * t;
                moved = true;
            }
            Effect::MoveToLevel {
                col,
                code,
                fraction,
            } if rng.gen_bool((fraction * t).min(1.0)) => {
                row[col] = f64::from(code);
                moved = true;
            }
            _ => {}
        }
    }
    if moved {
        logit = scenario.log_odds(row);
    }
    for (i, t) in active {
        if let Effect::Concept {
            col,
            effect,
            mean,
            sd,
            level,
        } = i.effect
        {
            let x = match level {
                Some(l) => f64::from(u8::from(row[col] == f64::from(l))),
                None => (row[col] - mean) / sd,
            };
            logit += t * effect * x;
        }
    }
    let logit = logit + 0.4 * rng.sample::<f64, _>(StandardNormal);
    let p = 1.0 / (1.0 + (-logit).exp());
    u8::from(rng.r#gen::<f64>() < p)
}

/// Applies a pipeline incident to the logged columns.
fn damage(columns: &mut Vec<Column>, effect: &Effect, n: usize, rng: &mut impl Rng) {
    match effect {
        Effect::Unit { column, factor } => {
            if let Some(ColumnData::Numeric(v)) = find(columns, column) {
                for x in v.iter_mut() {
                    *x *= factor;
                }
            }
        }
        Effect::Missing { column, fraction } => match find(columns, column) {
            Some(ColumnData::Numeric(v)) => {
                v.iter_mut()
                    .filter(|_| rng.gen_bool(*fraction))
                    .for_each(|x| *x = f64::NAN);
            }
            Some(ColumnData::Categorical { codes, .. }) => {
                codes
                    .iter_mut()
                    .filter(|_| rng.gen_bool(*fraction))
                    .for_each(|c| *c = MISSING_CODE);
            }
            None => {}
        },
        Effect::Schema {
            change,
            column,
            new_name,
        } => match change {
            SchemaChange::MissingColumn => columns.retain(|c| c.name != *column),
            SchemaChange::RenamedColumn => {
                if let (Some(c), Some(new)) =
                    (columns.iter_mut().find(|c| c.name == *column), new_name)
                {
                    c.name.clone_from(new);
                }
            }
            SchemaChange::NewColumn => columns.push(Column {
                name: column.clone(),
                data: ColumnData::Numeric((0..n).map(|_| rng.gen_range(0.0..1.0)).collect()),
            }),
        },
        _ => {}
    }
}

fn find<'a>(columns: &'a mut [Column], name: &str) -> Option<&'a mut ColumnData> {
    columns
        .iter_mut()
        .find(|c| c.name == name)
        .map(|c| &mut c.data)
}
