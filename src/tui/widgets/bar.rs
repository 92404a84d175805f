//! A text bar for a share (`███████░░░`), drawn with two characters so it reads without colour.

/// A bar `width` cells wide filled to `part / whole` (empty when `whole` is 0).
pub fn bar(part: u32, whole: u32, width: usize) -> String {
    let filled = if whole == 0 {
        0
    } else {
        ((f64::from(part) / f64::from(whole)) * width as f64).round() as usize
    };
    let filled = filled.min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// `70%`, or `-` when there is nothing to divide by.
pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.0}%", 100.0 * f64::from(part) / f64::from(whole))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion_and_never_overflow() {
        assert_eq!(bar(7, 10, 10), "███████░░░");
        assert_eq!(bar(0, 0, 4), "░░░░");
        assert_eq!(bar(5, 4, 4), "████");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 0), "-");
    }
}
