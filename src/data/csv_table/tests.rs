//! Unit tests of the CSV reader: missing values, forced text, header problems, numbers.
use super::*;

fn parse(text: &str) -> Result<CsvTable, CsvError> {
    CsvTable::parse("t.csv", text.as_bytes(), &ReadSpec::default())
}

#[test]
fn numbers_text_and_pandas_missing_values() {
    let t = parse("\u{feff}a,b\n1, 2.5 \nNA,x\n,\"y, z\"\n-inf,None\n").unwrap();
    assert_eq!(t.rows, 4);
    let ColumnValues::Numbers(a) = &t.columns[0].values else {
        panic!("a should be numbers")
    };
    assert_eq!(a[0], 1.0);
    assert!(a[1].is_nan() && a[2].is_nan());
    assert_eq!(a[3], f64::NEG_INFINITY);
    let ColumnValues::Text { codes, labels } = &t.columns[1].values else {
        panic!("b should be text")
    };
    // Re-read as text: labels exactly as written, missing values coded as missing.
    assert_eq!(labels, &[" 2.5 ", "x", "y, z"]);
    assert_eq!(codes, &[0, 1, 2, MISSING_CODE]);
}

#[test]
fn forced_text_columns_keep_numbers_as_labels() {
    let spec = ReadSpec {
        text_columns: vec!["a".into()],
        ..ReadSpec::default()
    };
    let t = CsvTable::parse("t.csv", b"a\n1\n2\n1\n", &spec).unwrap();
    assert_eq!(
        t.columns[0].values,
        ColumnValues::Text {
            codes: vec![0, 1, 0],
            labels: vec!["1".into(), "2".into()]
        }
    );
}

#[test]
fn header_problems_are_reported_with_their_place() {
    assert_eq!(
        parse("a,,c\n1,2,3\n").unwrap_err().to_string(),
        "t.csv: line 1: column 2: the header cell is empty; every column needs a name"
    );
    assert_eq!(
        parse("a,b,a\n1,2,3\n").unwrap_err().to_string(),
        "t.csv: line 1: column 3: the column name 'a' appears twice"
    );
    assert!(matches!(parse(""), Err(CsvError::Empty { .. })));
    assert!(matches!(parse("1,2\n"), Err(CsvError::NoHeader { .. })));
}

#[test]
fn numeric_requirement_names_line_column_and_value() {
    let spec = ReadSpec {
        numeric_columns: [("a".to_string(), " in ref.csv".to_string())].into(),
        ..ReadSpec::default()
    };
    let err = CsvTable::parse("cur.csv", b"a\n1\n\n2\nabc\n", &spec).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cur.csv: line 5, column 'a': 'abc' is not a number, but the column is numerical in ref.csv"
    );
}

proptest::proptest! {
    /// The fast path agrees bit for bit with a full, correctly rounding parser.
    #[test]
    fn plain_decimals_parse_exactly(
        int in 0u64..10_000_000,
        frac in 0u64..100_000_000,
        decimals in 0usize..9,
        negative in proptest::bool::ANY,
    ) {
        let frac = frac % 10u64.pow(decimals as u32);
        let text = if decimals == 0 {
            format!("{}{int}", if negative { "-" } else { "" })
        } else {
            format!("{}{int}.{frac:0decimals$}", if negative { "-" } else { "" })
        };
        let want: f64 = text.parse().unwrap();
        let got = parse_number(&text).unwrap();
        proptest::prop_assert_eq!(got.to_bits(), want.to_bits(), "{}", text);
    }
}

proptest::proptest! {
    /// A decimal read in place has the value a full parser gives its text and ends where its
    /// text ends, whatever follows it.
    #[test]
    fn decimal_prefixes_parse_exactly_and_end_at_their_last_digit(
        sign in proptest::sample::select(vec!["", "-", "+"]),
        int in "[0-9]{0,12}",
        frac in proptest::option::of("[0-9]{0,12}"),
        rest in proptest::sample::select(vec!["", ",", ",12.5,x", "\r\n", "e5", "abcdefghij", "x.5"]),
    ) {
        let number = match &frac {
            Some(f) => format!("{sign}{int}.{f}"),
            None => format!("{sign}{int}"),
        };
        let digits = int.len() + frac.as_ref().map_or(0, String::len);
        let text = format!("{number}{rest}");
        let got = super::field::parse_decimal_prefix(text.as_bytes());
        if digits == 0 || digits > 15 {
            proptest::prop_assert_eq!(got, None, "{}", text);
        } else {
            let want: f64 = number.parse().unwrap();
            let (value, end) = got.unwrap();
            proptest::prop_assert_eq!(value.to_bits(), want.to_bits(), "{}", text);
            proptest::prop_assert_eq!(end, number.len(), "{}", text);
        }
    }
}

#[test]
fn general_numbers_fall_back_to_the_full_parser() {
    for (text, want) in [
        ("1e5", 1e5),
        ("1.", 1.0),
        (".5", 0.5),
        ("-0", -0.0),
        ("12345678901234567890", 12_345_678_901_234_567_890.0),
        ("0.1234567890123456789", 0.123_456_789_012_345_68),
        (" 7 ", 7.0),
        ("inf", f64::INFINITY),
    ] {
        assert_eq!(
            parse_number(text).unwrap().to_bits(),
            want.to_bits(),
            "{text}"
        );
    }
    for text in [".", "-", "1.2.3", "1,5", "abc", ""] {
        assert_eq!(parse_number(text), None, "{text}");
    }
}

#[test]
fn invalid_utf8_is_reported() {
    let err = CsvTable::parse("t.csv", b"a\n\xff\n", &ReadSpec::default()).unwrap_err();
    assert!(err.to_string().starts_with("t.csv: line 2"), "{err}");
}

#[test]
fn an_unterminated_quote_names_the_line_where_it_opened() {
    let err = parse("a,b\n1,2\n3,\"x\n4,5\n6,7\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "t.csv: line 3: a quoted field opened here is never closed (a missing closing \")"
    );
    // Closed quotes, doubled quotes and a quote inside an unquoted field are all fine.
    assert!(parse("a,b\n1,\"x\"\"y\nz\"\n2,ab\"c\n").is_ok());
}

#[test]
fn crlf_files_report_the_same_line_numbers_as_lf_files() {
    for text in [
        "a,b\n1,2\n3,4\n5\n",
        "a,b\r\n1,2\r\n3,4\r\n5\r\n",
        "a,b\r\n1,\"2\"\r\n3,4\r\n5\r\n",
    ] {
        let err = parse(text).unwrap_err().to_string();
        assert_eq!(
            err, "t.csv: line 4: expected 2 fields as in the header, found 1",
            "{text:?}"
        );
    }
}
