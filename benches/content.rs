//! Load and validate all shipped content (target: under 50 ms), plus a synthetic bank of 1,000
//! questions so the numbers mean something before the shipped bank is large.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlops_lab::content::{self, Context, SourceFile};

fn synthetic_bank(questions: usize) -> Vec<SourceFile> {
    let exams = "format_version = 1\n[[exam]]\nid = \"demo-mle\"\nvendor = \"Demo\"\ntitle = \"Demo\"\n\
                 guide = \"2026-01\"\nstatus = \"active\"\nquestions = 50\nminutes = 120\npass_percent = 70\n\
                 [[exam.domain]]\nid = \"1\"\ntitle = \"All\"\nweight = 100\n[[exam.domain.task]]\nid = \"1.1\"\ntitle = \"One\"\n";
    let mut files = vec![SourceFile::new("questions/exams.toml", exams)];
    for f in 0..10 {
        let mut text = String::from("format_version = 1\n");
        for i in 0..questions / 10 {
            let n = f * (questions / 10) + i;
            let _ = write!(
                text,
                "\n[[question]]\nid = \"drift-{n:03}\"\ntype = \"single\"\ndifficulty = 2\ntopics = [\"drift\"]\n\
                 exams = [\"demo-mle:1.1\"]\nscenario = \"\"\"A team at company {n} sees a feature shift.\"\"\"\n\
                 prompt = \"What should the team do FIRST?\"\nexplanation = \"Measure before acting.\"\n\
                 references = [\"https://docs.example.com/{n}\"]\n"
            );
            for o in 0..4 {
                let _ = write!(
                    text,
                    "[[question.option]]\ntext = \"Option {o} of question {n}\"\ncorrect = {}\nwhy = \"Reason {o}.\"\n",
                    o == n % 4
                );
            }
        }
        files.push(SourceFile::new(format!("questions/bank-{f}.toml"), text));
    }
    files
}

fn bench(c: &mut Criterion) {
    c.bench_function("load and validate shipped content", |b| {
        b.iter(|| black_box(content::load_shipped(&[])));
    });
    let files = synthetic_bank(1000);
    c.bench_function("validate 1,000 synthetic questions", |b| {
        b.iter(|| black_box(content::validate(black_box(&files), &Context::default())));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
