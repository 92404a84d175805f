//! The fast reader against the careful one: in memory, and from a file read in pieces.

use proptest::prelude::*;

use super::super::source::Source;
use super::super::{CsvTable, ReadSpec, read_header};

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6f64..1e6).prop_map(|v| format!("{v}")),
        (0u32..50).prop_map(|v| v.to_string()),
        Just(String::new()),
        Just("NA".to_string()),
        Just(" 2.5".to_string()),
        Just("12345678901.25".to_string()),
        prop::sample::select(vec!["red", "blue", "green", "inf", "-inf", "1e5"])
            .prop_map(String::from),
    ]
}

/// The fast reader on bytes in memory.
fn fast_bytes(text: &[u8], spec: &ReadSpec) -> Option<CsvTable> {
    let (header, body_start) = super::header_of("t.csv", text)?;
    super::parse(
        "t.csv",
        Source::Bytes(text),
        &header,
        body_start,
        spec,
        &|_| {},
    )
    .unwrap()
}

/// The fast reader on a file, in pieces of a few dozen bytes for a small file: lines cross
/// piece ends, and a long line spans several pieces.
fn fast_file(text: &[u8], spec: &ReadSpec) -> Option<CsvTable> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    super::read_file("t.csv", &file, text.len() as u64, spec, &|_| {}).unwrap()
}

fn careful(text: &[u8], spec: &ReadSpec) -> CsvTable {
    let bytes = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let header = read_header("t.csv", bytes).unwrap();
    CsvTable::parse_careful("t.csv", bytes, header, spec).unwrap()
}

proptest! {
    /// The parallel fast path reads every plain file exactly as the careful reader does,
    /// from memory and from a file read in pieces.
    #[test]
    fn fast_path_matches_careful_reader(
        rows in prop::collection::vec(prop::collection::vec(field(), 3), 1..60),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        final_eol in any::<bool>(),
        blank_at in 0usize..60,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{}a,b,c{eol}", if bom { "\u{feff}" } else { "" });
        for (i, r) in rows.iter().enumerate() {
            if i == blank_at {
                text.push_str(eol);
            }
            text.push_str(&r.join(","));
            if final_eol || i + 1 < rows.len() {
                text.push_str(eol);
            }
        }
        let spec = ReadSpec::default();
        let want = format!("{:?}", Some(careful(text.as_bytes(), &spec)));
        // Compared through Debug because NaN (a missing value) is not equal to itself.
        prop_assert_eq!(format!("{:?}", fast_bytes(text.as_bytes(), &spec)), want.clone());
        prop_assert_eq!(format!("{:?}", fast_file(text.as_bytes(), &spec)), want);
    }
}

#[test]
fn a_file_read_in_pieces_keeps_every_row_once_and_in_order() {
    // 2,000 rows of uneven length, one of them longer than any piece.
    let mut text = String::from("id,label\n");
    for i in 0..2_000 {
        let label = if i == 700 {
            "x".repeat(5_000)
        } else {
            "y".repeat(i % 37)
        };
        text.push_str(&i.to_string());
        text.push(',');
        text.push_str(&label);
        text.push('\n');
    }
    let spec = ReadSpec::default();
    let table = fast_file(text.as_bytes(), &spec).unwrap();
    assert_eq!(table.rows, 2_000);
    let super::super::ColumnValues::Numbers(ids) = &table.columns[0].values else {
        panic!("ids are numbers")
    };
    assert!(ids.iter().enumerate().all(|(i, &v)| v == i as f64));
    assert_eq!(
        format!("{table:?}"),
        format!("{:?}", careful(text.as_bytes(), &spec))
    );
}

#[test]
fn quotes_and_ragged_rows_go_to_the_careful_reader() {
    let spec = ReadSpec::default();
    for text in [
        &b"a,b\n\"1\",2\n"[..],
        b"a,b\n1,2,3\n",
        b"a,b\n1\n",
        b"a,b\n1,\xff\n",
        b"\"a\",b\n1,2\n",
        b"a,b",
    ] {
        assert!(fast_bytes(text, &spec).is_none(), "{text:?}");
        assert!(fast_file(text, &spec).is_none(), "{text:?}");
    }
}

#[test]
fn a_column_that_turns_to_text_past_the_probe_is_read_again_as_text() {
    // 8,000 rows (about 100 KiB): column `b` is numbers in the probed first 64 KiB, then
    // one label near the end; blank lines leave slots to close up.
    let mut text = String::from("a,b,c\n");
    for i in 0..8_000 {
        let b = if i == 7_500 {
            "n/a-ish".to_string()
        } else {
            (i % 13).to_string()
        };
        text.push_str(&i.to_string());
        text.push(',');
        text.push_str(&b);
        text.push_str(if i % 3 == 0 { ",red\n" } else { ",blue\n" });
        if i % 997 == 0 {
            text.push('\n');
        }
    }
    assert!(
        text.find("n/a-ish").unwrap() > 1 << 16,
        "the label lies past the probe"
    );
    let spec = ReadSpec::default();
    let table = fast_file(text.as_bytes(), &spec).unwrap();
    assert!(matches!(
        table.columns[1].values,
        super::super::ColumnValues::Text { .. }
    ));
    assert_eq!(table.rows, 8_000);
    assert_eq!(
        format!("{table:?}"),
        format!("{:?}", careful(text.as_bytes(), &spec))
    );
    // The same column named numeric is the careful reader's to report, with its line.
    let strict = ReadSpec {
        numeric_columns: std::iter::once(("b".to_string(), String::new())).collect(),
        ..ReadSpec::default()
    };
    assert!(fast_file(text.as_bytes(), &strict).is_none());
}
