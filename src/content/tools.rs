//! The third-party tools the bank may name, and how a question text is found to name one.
//!
//! A question that tests a third-party tool (Feast, `MLflow`, Evidently...) belongs only to exams
//! whose guides name that tool (the catalog's `tools`); otherwise it is drill material
//! (`drill_only`). This registry is the one list of such tools: the catalog's `tools` entries
//! must be names from it, and the tool-tag lint looks for its words.

/// A third-party tool and the words that name it in a question.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// The name the catalog's `tools` lists use.
    pub name: &'static str,
    /// Whole-word, case-sensitive spellings that name it (product name, package, CLI).
    pub words: &'static [&'static str],
    /// A vendor's managed service built on the tool, as `(exam id prefix, phrase)`: in a question
    /// tagged to that vendor's exams the phrase names the vendor's service, not the tool.
    pub managed: &'static [(&'static str, &'static str)],
}

/// Every third-party tool the lint knows, by name.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "Airflow",
        words: &["Airflow", "airflow"],
        managed: &[
            ("aws-", "Amazon Managed Workflows for Apache Airflow"),
            ("aws-", "Amazon MWAA"),
            ("gcp-", "Managed Service for Apache Airflow"),
        ],
    },
    Tool {
        name: "Alibi Detect",
        words: &["Alibi", "alibi-detect"],
        managed: &[],
    },
    Tool {
        name: "BentoML",
        words: &["BentoML", "bentoml"],
        managed: &[],
    },
    Tool {
        name: "DVC",
        words: &["DVC", "dvc"],
        managed: &[],
    },
    Tool {
        name: "Evidently",
        words: &["Evidently", "evidently"],
        managed: &[],
    },
    Tool {
        name: "Feast",
        words: &["Feast", "feast"],
        managed: &[],
    },
    Tool {
        name: "Great Expectations",
        words: &["Great Expectations", "great_expectations", "GX"],
        managed: &[],
    },
    Tool {
        name: "KServe",
        words: &["KServe", "kserve"],
        managed: &[],
    },
    Tool {
        name: "Kubeflow",
        words: &["Kubeflow", "KFP", "kfp"],
        managed: &[],
    },
    Tool {
        name: "MLflow",
        words: &["MLflow", "mlflow"],
        managed: &[
            ("aws-", "SageMaker AI managed MLflow"),
            ("aws-", "SageMaker AI MLflow"),
            ("aws-", "SageMaker AI with MLflow"),
        ],
    },
    Tool {
        name: "NannyML",
        words: &["NannyML", "nannyml"],
        managed: &[],
    },
    Tool {
        name: "Ray",
        words: &["Ray"],
        managed: &[],
    },
    Tool {
        name: "Seldon",
        words: &["Seldon"],
        managed: &[],
    },
    Tool {
        name: "TFX",
        words: &[
            "TFX",
            "TensorFlow Extended",
            "TensorFlow Data Validation",
            "TFDV",
            "TensorFlow Transform",
        ],
        managed: &[],
    },
    Tool {
        name: "Weights & Biases",
        words: &["Weights & Biases", "wandb"],
        managed: &[],
    },
];

/// The registered tool with this name.
pub fn tool(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// The registered names, for messages.
pub fn names() -> String {
    TOOLS.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}

/// The tools `text` names when read for a question tagged to `exam`, in registry order: a
/// vendor's managed service on a tool (`SageMaker AI MLflow` on an AWS exam) does not count.
pub fn named_in(text: &str, exam: &str) -> Vec<&'static str> {
    TOOLS
        .iter()
        .filter(|t| {
            let mut own = text.to_owned();
            for (prefix, phrase) in t.managed {
                if exam.starts_with(prefix) {
                    own = own.replace(phrase, " ");
                }
            }
            t.words.iter().any(|w| has_word(&own, w))
        })
        .map(|t| t.name)
        .collect()
}

/// Whether `word` occurs in `text` with no letter, digit or underscore on either side.
fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_is_found_as_a_whole_word_only() {
        assert_eq!(
            named_in("Run `feast materialize-incremental`.", "gcp-pmle"),
            ["Feast"]
        );
        assert_eq!(
            named_in("A feasting array of rays", "gcp-pmle"),
            Vec::<&str>::new()
        );
        assert_eq!(
            named_in("Ray on GKE and KFP", "gcp-pmle"),
            ["Kubeflow", "Ray"]
        );
    }

    #[test]
    fn a_vendors_managed_service_is_not_the_tool_on_that_vendors_exams() {
        let text = "Log the runs to SageMaker AI MLflow.";
        assert_eq!(named_in(text, "aws-mla-c01"), Vec::<&str>::new());
        assert_eq!(named_in(text, "gcp-pmle"), ["MLflow"]);
        let composer = "Schedule it on Managed Service for Apache Airflow.";
        assert_eq!(named_in(composer, "gcp-pmle"), Vec::<&str>::new());
    }

    #[test]
    fn names_are_unique() {
        let mut seen: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), TOOLS.len());
    }
}
