//! The A/B commands (`set_conversion`, `plan_ab_test`, `start_ab_test`) and the served day's
//! hook: conversions drawn per answered request, then the running test's daily look and its
//! stopping rule.

use std::collections::BTreeMap;

use rand::Rng;

use super::{AbTest, Arm, Look, Outcome, Plan, VariantDay};
use crate::stats::abtest::{compare, sample_size_per_arm};
use crate::world::event::Event;
use crate::world::traffic::DeploymentDay;
use crate::world::vocabulary::{AbPlanArgs, Stopping};
use crate::world::{World, rejected};

fn version(v: i64, what: &str) -> Result<u32, String> {
    u32::try_from(v)
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| format!("{what} must be a model version (1, 2, ...), got {v}"))
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn points(x: f64) -> String {
    format!("{:+.1}", x * 100.0)
}

impl World {
    pub(crate) fn set_conversion(&mut self, endpoint: &str, v: i64, rate: f64) -> Vec<Event> {
        if !self.serving.endpoints.contains_key(endpoint) {
            return rejected("set_conversion", format!("unknown endpoint {endpoint:?}"));
        }
        let v = match version(v, "version") {
            Ok(v) => v,
            Err(e) => return rejected("set_conversion", e),
        };
        if !(0.0..=1.0).contains(&rate) {
            return rejected(
                "set_conversion",
                format!("rate is a share of requests, 0 to 1, got {rate}"),
            );
        }
        self.serving
            .experiments
            .truth
            .entry(endpoint.to_string())
            .or_default()
            .insert(v, rate);
        vec![Event::Note {
            text: format!(
                "{endpoint}: each request version {v} answers now converts or not by a draw at \
                 its true rate, which no test sees; the daily lines count conversions per version"
            ),
        }]
    }

    pub(crate) fn plan_ab_test(&mut self, a: &AbPlanArgs) -> Vec<Event> {
        match self.try_plan(a) {
            Ok(events) => events,
            Err(reason) => rejected("plan_ab_test", reason),
        }
    }

    fn try_plan(&mut self, a: &AbPlanArgs) -> Result<Vec<Event>, String> {
        let e = self
            .serving
            .endpoints
            .get(&a.endpoint)
            .ok_or_else(|| format!("unknown endpoint {:?}", a.endpoint))?;
        let (control, treatment) = (
            version(a.control, "control")?,
            version(a.treatment, "treatment")?,
        );
        if control == treatment {
            return Err("control and treatment must be two different versions".into());
        }
        if let Some(t) = self.serving.experiments.tests.get(&a.endpoint)
            && t.running()
        {
            return Err(format!(
                "an A/B test is running on {}; a plan is fixed before the data, so a new one waits until it ends",
                a.endpoint
            ));
        }
        let n = sample_size_per_arm(a.baseline_rate, a.mde, a.alpha, a.power)?;
        let (sc, st) = (e.version_percent(control), e.version_percent(treatment));
        let per_day = f64::from(e.requests_per_day) * f64::from(sc.min(st)) / 100.0;
        let days = if per_day > 0.0 {
            format!(
                "at {} requests a day split {sc}/{st}, the smaller arm gets about {per_day:.0} a day: {} days",
                e.requests_per_day,
                (n as f64 / per_day).ceil()
            )
        } else {
            format!(
                "version {control} takes {sc}% and version {treatment} {st}% of live traffic: split it to see how many days that takes"
            )
        };
        self.serving.experiments.tests.insert(
            a.endpoint.clone(),
            AbTest {
                plan: Plan {
                    control,
                    treatment,
                    baseline: a.baseline_rate,
                    mde: a.mde,
                    alpha: a.alpha,
                    power: a.power,
                    n_per_arm: n,
                },
                stopping: None,
                first_day: 0,
                days: 0,
                control: Arm::default(),
                treatment: Arm::default(),
                last: None,
                outcome: None,
            },
        );
        Ok(vec![Event::Note {
            text: format!(
                "A/B plan on {}: version {treatment} against version {control}, baseline {}, minimum detectable effect {} points ({} to {}), alpha {}, power {}: {n} requests per arm; {days}",
                a.endpoint,
                pct(a.baseline_rate),
                points(a.mde),
                pct(a.baseline_rate),
                pct(a.baseline_rate + a.mde),
                a.alpha,
                a.power
            ),
        }])
    }

    pub(crate) fn start_ab_test(&mut self, endpoint: &str, stopping: Stopping) -> Vec<Event> {
        let Some(e) = self.serving.endpoints.get(endpoint) else {
            return rejected("start_ab_test", format!("unknown endpoint {endpoint:?}"));
        };
        let days_served = e.days_served;
        let Some(t) = self.serving.experiments.tests.get_mut(endpoint) else {
            return rejected(
                "start_ab_test",
                format!("no A/B plan on {endpoint}: plan_ab_test fixes the sample size first"),
            );
        };
        if t.running() {
            return rejected(
                "start_ab_test",
                format!("the A/B test on {endpoint} is already running"),
            );
        }
        for v in [t.plan.control, t.plan.treatment] {
            if e.version_percent(v) == 0 {
                return rejected(
                    "start_ab_test",
                    format!(
                        "version {v} takes no live traffic on {endpoint}: set_traffic to split requests between versions {} and {} first",
                        t.plan.control, t.plan.treatment
                    ),
                );
            }
        }
        t.stopping = Some(stopping);
        t.first_day = days_served;
        t.days = 0;
        t.control = Arm {
            version: t.plan.control,
            ..Arm::default()
        };
        t.treatment = Arm {
            version: t.plan.treatment,
            ..Arm::default()
        };
        t.last = None;
        t.outcome = None;
        let rule = match stopping {
            Stopping::FixedHorizon => {
                format!("it ends when both arms reach {} requests", t.plan.n_per_arm)
            }
            Stopping::FirstSignificant => format!(
                "it is read every day and stops at the first look with p < {}, shipping the arm ahead (or at {} requests per arm)",
                t.plan.alpha, t.plan.n_per_arm
            ),
        };
        vec![Event::Note {
            text: format!(
                "A/B test on {endpoint} started: requests count from the next day served; {rule}"
            ),
        }]
    }

    /// Draws the day's conversions on an endpoint with true rates: per version, the requests it
    /// answered (`versions[i]`, 0 for a failed request) and how many converted.
    pub(crate) fn draw_conversions(
        &self,
        endpoint: &str,
        versions: &[u32],
        rng: &mut impl Rng,
    ) -> BTreeMap<u32, (u64, u64)> {
        let mut out: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
        let Some(truth) = self.serving.experiments.truth.get(endpoint) else {
            return out;
        };
        for v in versions {
            if let Some(rate) = truth.get(v) {
                let c = out.entry(*v).or_default();
                c.0 += 1;
                c.1 += u64::from(rng.gen_bool(*rate));
            }
        }
        out
    }

    /// The day's conversion line and, when a test runs, its look and stopping rule.
    pub(crate) fn ab_day(
        &mut self,
        endpoint: &str,
        served_day: u32,
        counts: &BTreeMap<u32, (u64, u64)>,
        deployments: &[DeploymentDay],
    ) -> Vec<Event> {
        if counts.is_empty() {
            return Vec::new();
        }
        let p95 = |v: u32| {
            deployments
                .iter()
                .filter(|d| d.version == v && d.requests > 0)
                .map(|d| d.max_latency_p95_ms)
                .fold(0.0, f64::max)
        };
        let variants: Vec<VariantDay> = counts
            .iter()
            .map(|(v, (n, x))| VariantDay {
                version: *v,
                requests: *n,
                conversions: *x,
                latency_p95_ms: p95(*v),
            })
            .collect();
        let mut events = vec![Event::Conversions {
            endpoint: endpoint.to_string(),
            day: served_day,
            variants,
        }];
        let Some(t) = self.serving.experiments.tests.get_mut(endpoint) else {
            return events;
        };
        if !t.running() || served_day < t.first_day {
            return events;
        }
        for arm in [&mut t.control, &mut t.treatment] {
            let (n, x) = counts.get(&arm.version).copied().unwrap_or((0, 0));
            arm.requests += n;
            arm.conversions += x;
            if n > 0 {
                arm.worst_p95_ms = arm.worst_p95_ms.max(p95(arm.version));
            }
        }
        t.days += 1;
        let alpha = t.plan.alpha;
        t.last = compare(
            t.control.conversions,
            t.control.requests,
            t.treatment.conversions,
            t.treatment.requests,
            alpha,
        );
        events.push(Event::AbTestLook {
            endpoint: endpoint.to_string(),
            look: Look {
                day: t.days,
                control: t.control,
                treatment: t.treatment,
                n_per_arm: t.plan.n_per_arm,
                p_value: t.last.map(|c| c.p_value),
                ci: t.last.map(|c| (c.ci_low, c.ci_high)),
                alpha,
            },
        });
        events.extend(self.stop_if_due(endpoint));
        events
    }

    /// Ends the endpoint's running test when its rule says so: at the horizon, or under
    /// `first_significant` at a look with p below alpha, shipping the arm ahead.
    fn stop_if_due(&mut self, endpoint: &str) -> Vec<Event> {
        let mut events = Vec::new();
        let Some(t) = self.serving.experiments.tests.get_mut(endpoint) else {
            return events;
        };
        let alpha = t.plan.alpha;
        let n = t.plan.n_per_arm;
        let at_horizon = t.control.requests >= n && t.treatment.requests >= n;
        let significant = t.last.is_some_and(|c| c.p_value < alpha);
        let peeking = t.stopping == Some(Stopping::FirstSignificant);
        if !(at_horizon || peeking && significant) {
            return events;
        }
        let c = t.last;
        let (day, control, treatment) = (t.days, t.control, t.treatment);
        let winner = if treatment.rate() > control.rate() {
            treatment.version
        } else {
            control.version
        };
        let shipped = (!at_horizon).then_some(winner);
        t.outcome = Some(Outcome {
            day,
            at_horizon,
            shipped,
        });
        let read = c.map_or_else(
            || "no comparison (nothing converted)".to_string(),
            |c| {
                format!(
                    "version {} {} against version {} {}, difference {} points, {:.0}% CI [{}, {}], p = {:.3}",
                    treatment.version,
                    pct(c.treatment_rate),
                    control.version,
                    pct(c.control_rate),
                    points(c.difference),
                    (1.0 - alpha) * 100.0,
                    points(c.ci_low),
                    points(c.ci_high),
                    c.p_value
                )
            },
        );
        if at_horizon {
            let verdict = if significant {
                format!("significant at alpha {alpha}: the interval excludes 0")
            } else {
                format!("not significant at alpha {alpha}: the interval includes 0")
            };
            events.push(Event::Note {
                text: format!(
                    "A/B test on {endpoint} reached its planned {n} requests per arm on day {day}: {read}; {verdict}. The split stays until you change it"
                ),
            });
            return events;
        }
        events.push(Event::Note {
            text: format!(
                "A/B test on {endpoint} stopped early on day {day}, before its planned {n} requests per arm, at the first look with p < {alpha}: {read}; version {winner} ships to all traffic"
            ),
        });
        if let Some(e) = self.serving.endpoints.get_mut(endpoint)
            && let Some(d) = e
                .traffic
                .keys()
                .find(|d| {
                    e.deployments
                        .get(*d)
                        .is_some_and(|x| x.kube.version == winner)
                })
                .cloned()
        {
            e.rollout = None;
            e.traffic = BTreeMap::from([(d, 100)]);
            events.push(Event::TrafficShifted {
                endpoint: endpoint.to_string(),
                traffic: e.split(),
                mirror: e.mirror_split(),
                reason: format!("the A/B test stopped early: version {winner} was ahead"),
            });
        }
        events
    }
}
