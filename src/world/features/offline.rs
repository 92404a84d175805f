//! The offline store's point-in-time-correct join, as Feast's `get_historical_features`: for an
//! entity row at time T, take the latest feature row of that entity with `event_ts <= T` and
//! `event_ts >= T - ttl` (the TTL counts back from each entity row's own T); otherwise nulls.

use std::collections::HashMap;

/// Feature rows per entity, sorted by event time (ties keep source order, so the later-written
/// row wins, as Feast's created-timestamp tie-break would).
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    rows: HashMap<u64, Vec<(i64, usize)>>,
}

impl EntityIndex {
    /// Indexes source rows by entity.
    pub fn new(entity_ids: &[u64], event_ts: &[i64]) -> Self {
        let mut rows: HashMap<u64, Vec<(i64, usize)>> = HashMap::new();
        for (i, (&e, &t)) in entity_ids.iter().zip(event_ts).enumerate() {
            rows.entry(e).or_default().push((t, i));
        }
        for v in rows.values_mut() {
            v.sort_by_key(|&(t, _)| t);
        }
        EntityIndex { rows }
    }

    /// The source row to join for `entity` at time `t`, or `None` (nulls).
    ///
    /// `ttl` of `None` means features never expire (Feast's `ttl=0`).
    pub fn lookup(&self, entity: u64, t: i64, ttl: Option<i64>) -> Option<usize> {
        let rows = self.rows.get(&entity)?;
        let after = rows.partition_point(|&(ts, _)| ts <= t);
        let &(ts, row) = rows.get(after.checked_sub(1)?)?;
        match ttl {
            Some(ttl) if ts < t - ttl => None,
            _ => Some(row),
        }
    }

    /// The latest row of each entity with event time in `[start, end]`, both ends included as in
    /// Feast's materialisation query (`event_timestamp BETWEEN start AND end`).
    pub fn latest_in_window(&self, start: i64, end: i64) -> Vec<(u64, i64, usize)> {
        let mut out: Vec<(u64, i64, usize)> = self
            .rows
            .iter()
            .filter_map(|(&e, rows)| {
                let after = rows.partition_point(|&(ts, _)| ts <= end);
                let &(ts, row) = rows.get(after.checked_sub(1)?)?;
                (ts >= start).then_some((e, ts, row))
            })
            .collect();
        out.sort_unstable();
        out
    }
}

/// Joins every entity row `(entity, T)`; returns the chosen source row per entity row.
pub fn point_in_time_join(
    index: &EntityIndex,
    entity_rows: &[(u64, i64)],
    ttl: Option<i64>,
) -> Vec<Option<usize>> {
    entity_rows
        .iter()
        .map(|&(e, t)| index.lookup(e, t, ttl))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn index() -> EntityIndex {
        // Entity 7 has feature rows at 0 h, 10 h and 10 h again (later row wins the tie).
        EntityIndex::new(&[7, 7, 8, 7], &[0, 10 * H, 5 * H, 10 * H])
    }

    #[test]
    fn ttl_window_boundaries_are_inclusive() {
        let idx = index();
        let ttl = Some(2 * H);
        // Exactly at the feature row's time: joined.
        assert_eq!(idx.lookup(7, 10 * H, ttl), Some(3));
        // Exactly ttl after the feature row: still joined (event_ts >= T - ttl).
        assert_eq!(idx.lookup(7, 12 * H, ttl), Some(3));
        // One second beyond the window: nulls.
        assert_eq!(idx.lookup(7, 12 * H + 1, ttl), None);
        // One second before a feature row: the earlier one, if still within its TTL.
        assert_eq!(idx.lookup(7, 10 * H - 1, ttl), None);
        assert_eq!(idx.lookup(7, 10 * H - 1, None), Some(0));
    }

    #[test]
    fn ttl_counts_from_each_entity_rows_time_not_now() {
        // Feast's documented example: an entity row 11 h after the feature row, TTL 2 h: nulls.
        let idx = index();
        let rows = [(8, 6 * H), (8, 16 * H), (8, 4 * H), (9, 100 * H)];
        let got = point_in_time_join(&idx, &rows, Some(2 * H));
        assert_eq!(got, vec![Some(2), None, None, None]);
    }

    #[test]
    fn never_joins_a_future_row() {
        let idx = index();
        assert_eq!(idx.lookup(7, -1, None), None);
        assert_eq!(idx.lookup(7, 9 * H, None), Some(0));
    }

    #[test]
    fn materialisation_window_includes_both_ends() {
        let idx = index();
        assert_eq!(
            idx.latest_in_window(0, 10 * H - 1),
            vec![(7, 0, 0), (8, 5 * H, 2)]
        );
        assert_eq!(
            idx.latest_in_window(0, 10 * H),
            vec![(7, 10 * H, 3), (8, 5 * H, 2)]
        );
        assert_eq!(idx.latest_in_window(5 * H, 5 * H), vec![(8, 5 * H, 2)]);
        assert_eq!(idx.latest_in_window(6 * H, 10 * H - 1), vec![]);
    }
}
