//! Scale from zero: a request that finds a deployment at zero replicas (its autoscaler allows
//! `min_replicas=0`) wakes it, as Knative's activator or a `SageMaker` inference component with
//! no copies does. One pod starts and loads the model for the policy's `cold_start_ms`; the
//! requests that arrive meanwhile wait for it, and a caller that would wait past the request
//! timeout gets an error instead.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::data::table::DAY;
use crate::world::event::Event;
use crate::world::serving::Deployment;

/// How long a caller waits for an answer before the request fails: 60 s, `SageMaker`
/// `InvokeEndpoint`'s limit for real-time and serverless endpoints.
pub const REQUEST_TIMEOUT_MS: f64 = 60_000.0;

/// A cold start in progress this hour: when it began and what it cost the callers.
#[derive(Debug, Clone, PartialEq)]
pub struct Wake {
    /// Seconds past the hour when the first request arrived and the pod began to start.
    began_s: f64,
    /// How long the start takes, ms.
    cold_ms: f64,
    /// Requests answered after waiting for the pod.
    waited: usize,
    /// The longest of those waits, ms.
    longest_ms: f64,
    /// Requests whose wait would have passed the timeout (failed).
    timed_out: usize,
}

/// This hour's wakes by deployment.
pub type Wakes = BTreeMap<String, Wake>;

impl Wake {
    /// The wait of a request arriving `at` seconds past the hour (0 once the pod is ready),
    /// counted in the wake's figures.
    pub fn wait_ms(&mut self, at: f64) -> f64 {
        let wait = ((self.began_s - at) * 1000.0 + self.cold_ms).max(0.0);
        if wait > REQUEST_TIMEOUT_MS {
            self.timed_out += 1;
        } else if wait > 0.0 {
            self.waited += 1;
            self.longest_ms = self.longest_ms.max(wait);
        }
        wait
    }

    /// The `Scaled` event that tells the hour's cold start, at the end of the hour.
    pub fn summary(&self, endpoint: &str, deployment: &str, hour_start: i64) -> Event {
        let at = hour_start % DAY + self.began_s as i64;
        let mut reason = format!(
            "scale from zero: a request at {:02}:{:02} found no pod running; one started and \
             loaded the model in {:.1} s, and {} request{} waited for it (longest {:.1} s)",
            at / 3600,
            at % 3600 / 60,
            self.cold_ms / 1000.0,
            self.waited,
            if self.waited == 1 { "" } else { "s" },
            self.longest_ms / 1000.0,
        );
        if self.timed_out > 0 {
            let _ = write!(
                reason,
                "; {} would have waited past the {:.0} s request timeout and failed",
                self.timed_out,
                REQUEST_TIMEOUT_MS / 1000.0
            );
        }
        Event::Scaled {
            endpoint: endpoint.to_string(),
            deployment: deployment.to_string(),
            from: 0,
            to: 1,
            reason,
        }
    }
}

/// Wakes `dep` for a request arriving `at` seconds past the hour when it runs no replica and
/// its autoscaler may scale to zero (once an hour: later requests wait on the same start).
pub fn wake_if_idle(dep: &mut Deployment, at: f64, wakes: &mut Wakes) -> bool {
    let Some(hpa) = dep.kube.hpa else {
        return false;
    };
    if hpa.min_replicas > 0 || dep.kube.replicas > 0 || wakes.contains_key(&dep.kube.name) {
        return false;
    }
    dep.kube.wake();
    wakes.insert(
        dep.kube.name.clone(),
        Wake {
            began_s: at,
            cold_ms: hpa.cold_start_ms,
            waited: 0,
            longest_ms: 0.0,
            timed_out: 0,
        },
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_during_the_start_wait_and_late_ones_do_not() {
        let mut w = Wake {
            began_s: 100.0,
            cold_ms: 40_000.0,
            waited: 0,
            longest_ms: 0.0,
            timed_out: 0,
        };
        assert_eq!(w.wait_ms(100.0), 40_000.0, "the first request waits it all");
        assert_eq!(w.wait_ms(130.0), 10_000.0);
        assert_eq!(w.wait_ms(150.0), 0.0, "the pod is ready");
        assert_eq!((w.waited, w.timed_out), (2, 0));
        let Event::Scaled { reason, from, .. } = w.summary("reports", "v1", 9 * 3600) else {
            panic!("a Scaled event");
        };
        assert_eq!(from, 0);
        assert!(reason.contains("at 09:01"), "{reason}");
        assert!(
            reason.contains("2 requests waited for it (longest 40.0 s)"),
            "{reason}"
        );
    }

    #[test]
    fn a_start_longer_than_the_timeout_fails_the_first_callers() {
        let mut w = Wake {
            began_s: 0.0,
            cold_ms: 180_000.0,
            waited: 0,
            longest_ms: 0.0,
            timed_out: 0,
        };
        for at in [0.0, 60.0, 119.0, 121.0, 200.0] {
            w.wait_ms(at);
        }
        assert_eq!(w.timed_out, 3, "0, 60 and 119 s would wait over 60 s");
        assert_eq!(w.waited, 1, "121 s waits 59 s");
        let Event::Scaled { reason, .. } = w.summary("reports", "v1", 0) else {
            panic!("a Scaled event");
        };
        assert!(
            reason.contains("3 would have waited past the 60 s"),
            "{reason}"
        );
    }
}
