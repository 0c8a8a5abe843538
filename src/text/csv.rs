//! CSV export (RFC 4180) for the register and the incident timeline, with a guard against
//! formula injection: these files are opened by HR and IT in Excel or LibreOffice, which run a
//! cell that begins with `=`, `+`, `-` or `@` (or a tab or CR before one) as a formula
//! (OWASP "CSV Injection"). Such a field is written with a leading `'`, which spreadsheets show
//! as text and do not evaluate; a reader that wants the raw value strips one leading `'`.

/// Whether a spreadsheet would read `s` as a formula.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Quote one CSV field (RFC 4180): a field that a spreadsheet would run as a formula gets a
/// leading `'`; fields containing a comma, a double quote, CR or LF, or leading/trailing
/// spaces are enclosed in double quotes with inner quotes doubled.
///
/// ```
/// use mamori::text::csv::csv_field;
/// assert_eq!(csv_field("a,b"), "\"a,b\"");
/// assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
/// assert_eq!(csv_field("-1"), "'-1");
/// ```
pub fn csv_field(s: &str) -> String {
    let guarded;
    let s = if formula_like(s) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    let needs = s.contains([',', '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ');
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Append one CSV record (RFC 4180): the fields quoted by [`csv_field`], comma-separated,
/// ended by CRLF.
pub fn push_csv_row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(f.as_ref()));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_written_as_text() {
        for (raw, want) in [
            ("=1+1", "'=1+1"),
            ("+81 3 1234", "'+81 3 1234"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("=A1,B1", "\"'=A1,B1\""),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_field(raw), want, "{raw}");
        }
        let mut row = String::new();
        push_csv_row(&mut row, &["id", "=cmd|' /C calc'!A0"]);
        assert_eq!(row, "id,'=cmd|' /C calc'!A0\r\n");
    }

    #[test]
    fn rfc4180_quoting_is_unchanged() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field(" lead"), "\" lead\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}
