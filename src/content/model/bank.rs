//! The question bank: catalog, questions and cases, with the lookups the quiz engine needs.

use std::collections::HashMap;

use super::{Case, Catalog, Exam, Question, Topic};

/// Everything the quiz engine needs: the catalog, the questions and the case studies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bank {
    catalog: Catalog,
    questions: Vec<Question>,
    cases: Vec<Case>,
    labs: Vec<crate::content::Lab>,
    by_id: HashMap<String, usize>,
}

impl Bank {
    /// Builds a bank; when an id repeats, lookups find the first one (the validator reports it).
    pub fn new(catalog: Catalog, questions: Vec<Question>, cases: Vec<Case>) -> Self {
        let mut by_id = HashMap::with_capacity(questions.len());
        for (i, q) in questions.iter().enumerate() {
            by_id.entry(q.id.clone()).or_insert(i);
        }
        Bank {
            catalog,
            questions,
            cases,
            labs: Vec::new(),
            by_id,
        }
    }

    /// The same bank holding the playable labs (those that validated without errors).
    #[must_use]
    pub fn with_labs(mut self, labs: Vec<crate::content::Lab>) -> Self {
        self.labs = labs;
        self
    }

    /// Every playable lab, in curriculum order (`order`, then by title).
    pub fn labs(&self) -> &[crate::content::Lab] {
        &self.labs
    }

    /// The playable lab with this id.
    pub fn lab(&self, id: &str) -> Option<&crate::content::Lab> {
        self.labs.iter().find(|l| l.id == id)
    }

    /// The lab that shows a question's concept: the one it names, else the first lab (in the
    /// labs' order) that teaches one of its topics.
    pub fn lab_for(&self, question: &Question) -> Option<&crate::content::Lab> {
        match &question.lab {
            Some(id) => self.lab(id),
            None => self
                .labs
                .iter()
                .find(|l| l.topics.iter().any(|t| question.topics.contains(t))),
        }
    }

    /// The exam catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Every question, in load order (files sorted by path, items in file order).
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Every case study.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// The exam with this id.
    pub fn exam(&self, id: &str) -> Option<&Exam> {
        self.catalog.exam(id)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    /// The case study with this id.
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// Questions tagged for an exam.
    pub fn questions_for_exam<'a>(&'a self, exam: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.is_for_exam(exam))
    }

    /// Questions tagged for one domain of an exam (task tags inside it count).
    pub fn questions_for_domain<'a>(
        &'a self,
        exam: &'a str,
        domain: &'a str,
    ) -> impl Iterator<Item = &'a Question> {
        self.questions
            .iter()
            .filter(move |q| q.is_for_domain(exam, domain))
    }

    /// Questions filed under a topic.
    pub fn questions_for_topic(&self, topic: Topic) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(move |q| q.topics.contains(&topic))
    }

    /// Questions that belong to a case study, in load order.
    pub fn questions_for_case<'a>(&'a self, case: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions
            .iter()
            .filter(move |q| q.case.as_deref() == Some(case))
    }
}
