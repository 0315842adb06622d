//! XLSX files: a CSV spool rewritten as a workbook (see [`write`]).
//!
//! The rows come from the same `COPY` as a CSV download (text as stored,
//! not neutralised), so both formats hold the same values; only here are
//! they typed. The workbook is written in constant-memory mode (each row is
//! flushed to a temporary file once the next begins), so a million rows cost
//! no more memory than ten.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::datasets::{Dataset, Kind};
use crate::error::AppError;

/// Data rows one sheet holds: Excel's 1,048,576 rows less the header.
const SHEET_ROWS: u32 = 1_048_575;

/// The most characters Excel keeps in a cell.
const CELL_CHARS: usize = 32_767;

/// Replaces the end of a text too long for a cell, so that the cut shows.
const CUT: &str = " … [cut at Excel's limit of 32,767 characters; the CSV has the whole text]";

/// Excel's longest sheet name.
const SHEET_NAME_CHARS: usize = 31;

/// Writes the rows of `csv` (as [`super::spool`] wrote them) as a workbook:
/// an unlinked temporary file.
pub fn write(dataset: &Dataset, csv: &Arc<File>) -> Result<File, AppError> {
    let out = tempfile::tempfile().context("no temporary file for a workbook")?;
    let mut buffered = BufWriter::new(&out);
    write_workbook(dataset, ReadAt::new(csv), &mut buffered, SHEET_ROWS)?;
    buffered.flush().context("writing a workbook")?;
    drop(buffered);
    Ok(out)
}

/// Reads a file from its start whatever its shared offset: the spool's
/// `Arc<File>` may have been read by others, and `read_at` leaves the
/// offset alone.
struct ReadAt<'a> {
    file: &'a File,
    offset: u64,
}

impl<'a> ReadAt<'a> {
    fn new(file: &'a File) -> ReadAt<'a> {
        ReadAt { file, offset: 0 }
    }
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

/// The workbook of `csv` into `out`, with at most `sheet_rows` data rows a
/// sheet (a parameter so that tests can overflow a sheet with a few rows).
fn write_workbook<R: Read, W: Write + Send>(dataset: &Dataset, csv: R, out: W, sheet_rows: u32) -> anyhow::Result<()> {
    // At least a row a sheet, or the loop below would never end.
    let sheet_rows = sheet_rows.max(1);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csv);
    check_header(dataset, reader.headers().context("reading the spool's header")?)?;
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    // Past 4 GB a workbook needs ZIP64 (long texts times a million rows);
    // Excel and LibreOffice read it, and it costs 20 bytes otherwise.
    workbook.use_zip_large_file(true);
    let mut record = csv::StringRecord::new();
    let mut more = reader.read_record(&mut record).context("reading the spool")?;
    let mut sheet_number = 1;
    loop {
        let sheet = workbook.add_worksheet_with_constant_memory();
        start_sheet(sheet, dataset, sheet_number, &formats)?;
        let mut rows = 0;
        while more && rows < sheet_rows {
            rows += 1;
            write_row(sheet, rows, dataset, &record, &formats)?;
            more = reader.read_record(&mut record).context("reading the spool")?;
        }
        sheet.autofilter(0, 0, rows, last_column(dataset))?;
        if !more {
            break;
        }
        sheet_number += 1;
    }
    workbook.save_to_writer(out)?;
    Ok(())
}

/// The spool is ours, so a header other than the dataset's columns is a
/// bug; writing on would put values under the wrong names.
fn check_header(dataset: &Dataset, header: &csv::StringRecord) -> anyhow::Result<()> {
    if !header.iter().eq(dataset.column_names()) {
        bail!("the spool of {} has the header {:?}", dataset.name, header);
    }
    Ok(())
}

fn last_column(dataset: &Dataset) -> u16 {
    dataset.columns.len().saturating_sub(1) as u16
}

/// The formats cells share (Excel keeps one copy of each in the workbook).
struct Formats {
    header: Format,
    date: Format,
    timestamp: Format,
    /// Text a spreadsheet would take for a formula if retyped: the quote
    /// prefix keeps it text even when the cell is edited.
    quoted: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            timestamp: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            quoted: Format::new().set_quote_prefix(),
        }
    }
}

/// Names the sheet, writes the header row, freezes it and sizes the columns.
fn start_sheet(sheet: &mut Worksheet, dataset: &Dataset, number: u32, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(dataset.name, number))?;
    sheet.set_freeze_panes(1, 0)?;
    for (i, column) in dataset.columns.iter().enumerate() {
        let i = i as u16;
        sheet.set_column_width(i, column_width(column.kind, column.name))?;
        sheet.write_string_with_format(0, i, column.name, &formats.header)?;
    }
    Ok(())
}

/// `name`, then `name (2)`, `name (3)`… for the sheets a large export
/// continues on, cut to Excel's 31 characters.
fn sheet_name(name: &str, number: u32) -> String {
    let suffix = if number > 1 { format!(" ({number})") } else { String::new() };
    let keep = SHEET_NAME_CHARS.saturating_sub(suffix.chars().count());
    name.chars().take(keep).chain(suffix.chars()).collect()
}

/// A width (in characters) that shows a column's values and its header,
/// with room for the filter's arrow.
fn column_width(kind: Kind, header: &str) -> f64 {
    let header = header.chars().count() + 2;
    let width = match kind {
        Kind::Date => header.max(12),
        Kind::Timestamp => header.max(20),
        Kind::Integer => header.max(8),
        Kind::Boolean => header.max(7),
        Kind::Text => header.clamp(12, 40),
    };
    width as f64
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    dataset: &Dataset,
    record: &csv::StringRecord,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (i, (column, value)) in dataset.columns.iter().zip(record.iter()).enumerate() {
        write_cell(sheet, row, i as u16, Cell::parse(column.kind, value), formats)?;
    }
    Ok(())
}

/// A value of the spool as the workbook types it.
#[derive(Debug, Clone, PartialEq)]
enum Cell<'a> {
    Blank,
    Number(f64),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Boolean(bool),
    Text(&'a str),
}

impl<'a> Cell<'a> {
    /// Types `value` as its column's kind; what does not parse (which the
    /// query should never produce) stays text rather than failing.
    fn parse(kind: Kind, value: &'a str) -> Cell<'a> {
        if value.is_empty() {
            return Cell::Blank;
        }
        let typed = match kind {
            Kind::Text => None,
            Kind::Integer => integer(value).map(Cell::Number),
            Kind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().filter(in_excel).map(Cell::Date),
            Kind::Timestamp => NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%SZ")
                .ok()
                .filter(|t| in_excel(&t.date()))
                .map(Cell::Timestamp),
            Kind::Boolean => match value {
                "true" => Some(Cell::Boolean(true)),
                "false" => Some(Cell::Boolean(false)),
                _ => None,
            },
        };
        typed.unwrap_or(Cell::Text(value))
    }
}

/// An integer Excel holds exactly (its numbers are doubles: 2^53 at most;
/// beyond, the digits are kept as text).
fn integer(value: &str) -> Option<f64> {
    const EXACT: i64 = 1 << 53;
    value.parse::<i64>().ok().filter(|n| (-EXACT..=EXACT).contains(n)).map(|n| n as f64)
}

/// Whether Excel can show a date: its calendar runs from 1900 to 9999.
fn in_excel(date: &NaiveDate) -> bool {
    (1900..=9999).contains(&chrono::Datelike::year(date))
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: Cell<'_>, formats: &Formats) -> Result<(), XlsxError> {
    match cell {
        Cell::Blank => {}
        Cell::Number(n) => {
            sheet.write_number(row, col, n)?;
        }
        Cell::Date(d) => {
            sheet.write_datetime_with_format(row, col, d, &formats.date)?;
        }
        Cell::Timestamp(t) => {
            sheet.write_datetime_with_format(row, col, t, &formats.timestamp)?;
        }
        Cell::Boolean(b) => {
            sheet.write_boolean(row, col, b)?;
        }
        // Always a string, never a formula, whatever the text.
        Cell::Text(text) => {
            let text = fit(text);
            if matches!(super::neutralise(&text), Cow::Owned(_)) {
                sheet.write_string_with_format(row, col, text, &formats.quoted)?;
            } else {
                sheet.write_string(row, col, text)?;
            }
        }
    }
    Ok(())
}

/// `text`, or its start with [`CUT`] if Excel cannot hold it all (a long
/// audit entry): refusing the whole file for one cell would help no one.
fn fit(text: &str) -> Cow<'_, str> {
    if text.len() <= CELL_CHARS || text.chars().count() <= CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let keep = CELL_CHARS - CUT.chars().count();
    Cow::Owned(text.chars().take(keep).chain(CUT.chars()).collect())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Seek, SeekFrom};

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::export::datasets;

    fn checkpoints() -> &'static Dataset {
        datasets::find("checkpoints").unwrap()
    }

    /// A spool of `rows` checkpoints, as `COPY` writes them.
    fn spool(rows: usize) -> String {
        let dataset = checkpoints();
        let mut csv = dataset.column_names().collect::<Vec<_>>().join(",") + "\r\n";
        for i in 1..=rows {
            csv += &format!(
                "{i},Kordai {i},Кордай,,KG,Zhambyl,Жамбылская область,Жамбыл облысы,road,eaeu,planned,2026-12-31,,transport,\"=1+1\nline\",,2026-11-27T09:12:03Z\r\n"
            );
        }
        csv
    }

    fn width() -> usize {
        checkpoints().columns.len()
    }

    /// The position of a column of the checkpoints dataset.
    fn at(name: &str) -> usize {
        checkpoints().columns.iter().position(|c| c.name == name).unwrap()
    }

    fn workbook(csv: &str, sheet_rows: u32) -> Xlsx<Cursor<Vec<u8>>> {
        let mut out = Vec::new();
        write_workbook(checkpoints(), csv.as_bytes(), &mut out, sheet_rows).unwrap();
        Xlsx::new(Cursor::new(out)).unwrap()
    }

    #[test]
    fn values_are_typed_by_their_column() {
        let mut book = workbook(&spool(1), SHEET_ROWS);
        assert_eq!(book.sheet_names(), ["checkpoints"]);
        let range = book.worksheet_range("checkpoints").unwrap();
        assert_eq!(range.get_size(), (2, width()));
        assert_eq!(range.get((0, 0)), Some(&Data::String("id".into())));
        assert!(matches!(range.get((1, 0)), Some(Data::Float(n)) if *n == 1.0));
        assert_eq!(range.get((1, 2)), Some(&Data::String("Кордай".into())));
        assert!(matches!(range.get((1, 3)), Some(Data::Empty) | None), "NULL is a blank cell");
        let date = match range.get((1, at("planned_completion"))) {
            Some(Data::DateTime(d)) => d.as_datetime().unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(date.to_string(), "2026-12-31 00:00:00");
        let updated = match range.get((1, at("updated_at"))) {
            Some(Data::DateTime(d)) => d.as_datetime().unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(updated.to_string(), "2026-11-27 09:12:03");
        assert_eq!(range.get((1, at("notes"))), Some(&Data::String("=1+1\nline".into())), "text, not a formula");
        let formulas = book.worksheet_formula("checkpoints").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }

    #[test]
    fn rows_past_a_sheets_limit_continue_on_the_next_sheet_with_the_header() {
        let mut book = workbook(&spool(5), 2);
        assert_eq!(book.sheet_names(), ["checkpoints", "checkpoints (2)", "checkpoints (3)"]);
        let mut ids = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            assert_eq!(range.get((0, 0)), Some(&Data::String("id".into())), "{name}");
            ids.extend(range.rows().skip(1).map(|r| r[0].to_string()));
        }
        assert_eq!(ids, ["1", "2", "3", "4", "5"], "every row once, in order");

        let book = workbook(&spool(4), 2);
        assert_eq!(book.sheet_names().len(), 2, "no empty last sheet");
        let mut book = workbook(&spool(0), 2);
        assert_eq!(book.sheet_names(), ["checkpoints"]);
        assert_eq!(book.worksheet_range("checkpoints").unwrap().get_size(), (1, width()), "the header alone");
    }

    #[test]
    fn what_does_not_parse_as_its_kind_stays_text() {
        assert_eq!(Cell::parse(Kind::Integer, "-12"), Cell::Number(-12.0));
        assert_eq!(Cell::parse(Kind::Integer, "12a"), Cell::Text("12a"));
        assert_eq!(Cell::parse(Kind::Integer, "9007199254740993"), Cell::Text("9007199254740993"));
        assert_eq!(Cell::parse(Kind::Date, "infinity"), Cell::Text("infinity"));
        assert_eq!(Cell::parse(Kind::Date, "1812-06-24"), Cell::Text("1812-06-24"));
        assert_eq!(Cell::parse(Kind::Timestamp, "2026-11-27 09:12"), Cell::Text("2026-11-27 09:12"));
        assert_eq!(Cell::parse(Kind::Boolean, "false"), Cell::Boolean(false));
        assert_eq!(Cell::parse(Kind::Boolean, "t"), Cell::Text("t"));
        assert_eq!(Cell::parse(Kind::Text, "-1"), Cell::Text("-1"));
        assert_eq!(Cell::parse(Kind::Date, ""), Cell::Blank);
    }

    #[test]
    fn a_wrong_header_or_a_ragged_row_is_an_error_not_a_panic() {
        let mut out = Vec::new();
        assert!(write_workbook(checkpoints(), "id,name\r\n1,x\r\n".as_bytes(), &mut out, 10).is_err());
        let ragged = spool(0) + "1,Kordai\r\n";
        assert!(write_workbook(checkpoints(), ragged.as_bytes(), &mut out, 10).is_err());
    }

    #[test]
    fn texts_past_excels_cell_limit_are_cut_visibly() {
        assert_eq!(fit("short"), "short");
        let long = "я".repeat(CELL_CHARS + 1);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(cut.ends_with(CUT));
        assert_eq!(fit(&"я".repeat(CELL_CHARS)).chars().count(), CELL_CHARS, "two bytes a char, still fits");
    }

    /// Control characters and literal `_xHHHH_` are escaped by the writer
    /// (Excel's `_xHHHH_` escapes); this holds it to that.
    #[test]
    fn texts_read_back_as_stored_whatever_their_characters() {
        let texts = ["\tTab", "\rCR", "line\r\nbreak", "  spaced  ", "_x0041_ and _x00e9_", "a_x12_b", "Қордай ü 🚧"];
        let mut csv = spool(0);
        for (i, text) in texts.iter().enumerate() {
            let quoted = text.replace('"', "\"\"");
            let mut cells = vec![String::new(); width()];
            (cells[0], cells[1], cells[2]) = (i.to_string(), "a".into(), "b".into());
            cells[at("notes")] = format!("\"{quoted}\"");
            csv += &(cells.join(",") + "\r\n");
        }
        let mut book = workbook(&csv, SHEET_ROWS);
        let range = book.worksheet_range("checkpoints").unwrap();
        let got: Vec<_> = range.rows().skip(1).map(|r| r[at("notes")].to_string()).collect();
        assert_eq!(got, texts);
    }

    #[test]
    fn sheet_names_fit_excels_limit() {
        assert_eq!(sheet_name("audit", 1), "audit");
        assert_eq!(sheet_name("audit", 2), "audit (2)");
        let long = "a".repeat(40);
        assert_eq!(sheet_name(&long, 12).chars().count(), 31);
        assert!(sheet_name(&long, 12).ends_with(" (12)"));
    }

    #[test]
    fn the_spool_is_read_from_its_start_whatever_its_offset() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(spool(3).as_bytes()).unwrap();
        file.seek(SeekFrom::Start(7)).unwrap();
        let workbook = write(checkpoints(), &Arc::new(file)).unwrap();
        let mut bytes = vec![0; workbook.metadata().unwrap().len() as usize];
        workbook.read_exact_at(&mut bytes, 0).unwrap();
        let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.worksheet_range("checkpoints").unwrap().get_size(), (4, width()));
    }
}
