//! 台账 as an Excel workbook: one row per proposal under a frozen, filterable
//! header, dates as real Excel dates written 2026年3月1日, overdue days in red.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

use crate::ExportError;

/// One cell of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    Number(f64),
    /// 逾期天数: shown in red when positive.
    DaysOverdue(i64),
    /// A share in per cent, 0–100.
    Percent(f64),
    /// A number to one decimal place (a score).
    Decimal(f64),
}

fn failed(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

/// The ledger as the bytes of an .xlsx file.
pub fn write_ledger(sheet: &str, headers: &[&str], widths: &[f64], rows: &[Vec<Cell>]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(failed)?;
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF3E5E5))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let text = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter).set_text_wrap();
    let date = text.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let number = text.clone().set_num_format("0");
    let late = number.clone().set_font_color(Color::RGB(0xC00000)).set_bold();
    let percent = text.clone().set_num_format("0.0\"%\"");
    let decimal = text.clone().set_num_format("0.0");
    for (col, header) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *header, &head).map_err(failed)?;
        ws.set_column_width(col as u16, widths.get(col).copied().unwrap_or(12.0)).map_err(failed)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Empty => ws.write_blank(r, c, &text).map(|_| ()),
                Cell::Text(s) => ws.write_string_with_format(r, c, within_a_cell(s).as_ref(), &text).map(|_| ()),
                Cell::Date(d) => {
                    let excel =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(failed)?;
                    ws.write_datetime_with_format(r, c, &excel, &date).map(|_| ())
                }
                Cell::Number(n) => ws.write_number_with_format(r, c, *n, &number).map(|_| ()),
                Cell::DaysOverdue(n) => {
                    ws.write_number_with_format(r, c, *n as f64, if *n > 0 { &late } else { &number }).map(|_| ())
                }
                Cell::Percent(p) => ws.write_number_with_format(r, c, *p, &percent).map(|_| ()),
                Cell::Decimal(n) => ws.write_number_with_format(r, c, *n, &decimal).map(|_| ()),
            }
            .map_err(failed)?;
        }
    }
    ws.set_freeze_panes(1, 3).map_err(failed)?;
    if !headers.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// The most characters a spreadsheet's cell holds (Excel's limit, 32,767
/// UTF-16 units). A longer text is cut there and says so, rather than one
/// long summary failing the whole ledger.
const CELL_UNITS: usize = 32_767;

fn within_a_cell(text: &str) -> std::borrow::Cow<'_, str> {
    const CUT: &str = "……（超出表格单元格的容量，以下从略）";
    if text.encode_utf16().count() <= CELL_UNITS {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = CELL_UNITS - CUT.encode_utf16().count();
    let mut units = 0;
    let kept: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= room
        })
        .collect();
    std::borrow::Cow::Owned(kept + CUT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_is_cut_and_says_so() {
        assert_eq!(within_a_cell("关于智慧教育的建议"), "关于智慧教育的建议");
        let long = "长".repeat(40_000);
        let cut = within_a_cell(&long);
        assert!(cut.encode_utf16().count() <= CELL_UNITS);
        assert!(cut.ends_with("以下从略）") && cut.starts_with("长长"));
        let astral = "𝟔".repeat(20_000);
        assert!(within_a_cell(&astral).encode_utf16().count() <= CELL_UNITS, "characters outside the BMP count twice");
    }
}
