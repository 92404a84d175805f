//! The word-level vocabulary of the item-writing lints: tokens, stopwords, absolute words,
//! reasons and dated disclaimers, each matched on whole words so `install` is not `all`.

/// Words too common to carry meaning: left out of option overlap and of stem phrases.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "before", "being",
    "between", "both", "but", "by", "can", "do", "does", "each", "for", "from", "has", "have",
    "how", "if", "in", "into", "is", "it", "its", "may", "more", "most", "no", "not", "of", "on",
    "one", "or", "other", "our", "out", "over", "per", "s", "same", "should", "so", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "under", "up", "use", "uses", "using", "was", "we", "were", "what", "when", "which",
    "while", "who", "will", "with", "within", "without", "would", "you", "your",
];

/// Words that state a rule as absolute. A hyphenated compound (`read-only`, `all-reduce`) is one
/// word and does not count.
pub const ABSOLUTE: &[&str] = &[
    "always",
    "never",
    "only",
    "all",
    "none",
    "every",
    "guarantee",
    "guarantees",
    "guaranteed",
];

/// Phrases by which an option argues for itself.
pub const REASONS: &[&[&str]] = &[
    &["because"],
    &["so", "that"],
    &["ensuring"],
    &["which", "ensures"],
    &["in", "order", "to"],
];

/// Lower-case words of a text, split at anything that is not a letter or digit.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Lower-case words with hyphenated and apostrophe compounds kept whole (`read-only`).
fn compound_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a word is a stopword.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The distinct words of a text, sorted.
pub fn word_set(text: &str) -> std::collections::BTreeSet<String> {
    tokens(text).into_iter().collect()
}

/// The first absolute word of a text, if any.
pub fn absolute_word(text: &str) -> Option<String> {
    compound_tokens(text)
        .into_iter()
        .find(|w| ABSOLUTE.contains(&w.as_str()))
}

/// The first reason phrase of a text (`so that`), if any.
pub fn reason_phrase(text: &str) -> Option<String> {
    let words = tokens(text);
    find_phrase(&words, REASONS)
}

/// The first dated disclaimer of a text ("as of 2025", "currently", "at the time of writing").
pub fn dated_disclaimer(text: &str) -> Option<String> {
    const FIXED: &[&[&str]] = &[
        &["currently"],
        &["at", "the", "time", "of", "writing"],
        &["as", "of", "this", "writing"],
        &["as", "of", "today"],
        &["as", "of", "now"],
        &["at", "present"],
    ];
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words = tokens(text);
    if let Some(found) = find_phrase(&words, FIXED) {
        return Some(found);
    }
    let is_year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    words.windows(3).enumerate().find_map(|(i, w)| {
        if w[0] != "as" || w[1] != "of" {
            return None;
        }
        if is_year(&w[2]) {
            return Some(w.join(" "));
        }
        let year = words.get(i + 3)?;
        (MONTHS.contains(&w[2].as_str()) && is_year(year))
            .then(|| format!("{} {year}", w.join(" ")))
    })
}

fn find_phrase(words: &[String], phrases: &[&[&str]]) -> Option<String> {
    (0..words.len()).find_map(|i| {
        phrases.iter().find_map(|p| {
            let end = i + p.len();
            (end <= words.len() && words[i..end].iter().zip(p.iter()).all(|(a, b)| a == b))
                .then(|| p.join(" "))
        })
    })
}

/// The phrases of three consecutive words, none a stopword (`feature store online`).
pub fn phrases(text: &str) -> std::collections::BTreeSet<String> {
    tokens(text)
        .windows(3)
        .filter(|w| w.iter().all(|x| !is_stopword(x)))
        .map(|w| w.join(" "))
        .collect()
}

/// Jaccard similarity of two word sets; two empty sets are identical.
pub fn jaccard(
    a: &std::collections::BTreeSet<String>,
    b: &std::collections::BTreeSet<String>,
) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stopword_list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn absolute_words_are_whole_words_not_compounds() {
        assert_eq!(
            absolute_word("Always retrain nightly"),
            Some("always".into())
        );
        assert_eq!(absolute_word("Install the read-only replica"), None);
        assert_eq!(absolute_word("Use all-reduce across GPUs"), None);
        assert_eq!(absolute_word("Retrain only the head"), Some("only".into()));
    }

    #[test]
    fn reasons_and_disclaimers_are_found_as_phrases() {
        assert_eq!(
            reason_phrase("Add a cache so that reads are fast"),
            Some("so that".into())
        );
        assert_eq!(reason_phrase("Tune so the thatch holds"), None);
        assert_eq!(
            dated_disclaimer("As of 2025, the API is in preview."),
            Some("as of 2025".into())
        );
        assert_eq!(
            dated_disclaimer("as of March 2026 it is GA"),
            Some("as of march 2026".into())
        );
        assert_eq!(
            dated_disclaimer("The team currently retrains"),
            Some("currently".into())
        );
        assert_eq!(
            dated_disclaimer("As of version 3 the field is required"),
            None
        );
    }

    #[test]
    fn phrases_skip_stopwords_and_jaccard_is_shared_over_all() {
        let p = phrases("Enable the online feature store serving path");
        assert!(p.contains("online feature store") && p.contains("store serving path"));
        assert!(!p.iter().any(|x| x.contains("the")));
        let a = word_set("Deploy the model to an endpoint");
        let b = word_set("Deploy the model to a batch job");
        // {deploy, the, model, to} shared, of 9 words in all.
        assert!((jaccard(&a, &b) - 4.0 / 9.0).abs() < 1e-9);
    }
}
