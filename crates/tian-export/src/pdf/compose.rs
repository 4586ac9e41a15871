//! 排版: the document laid out on A4 pages by the rules of GB/T 9704 —
//! body text on the 22 × 28 grid, the title centred, tables that repeat
//! their header on every page, the signature and date at the end.

use std::sync::Arc;

use super::lines::{break_lines, break_spans, Line, Setting};
use crate::document::{chinese_date, Block, OfficialDocument, Picture, Table};
use crate::fonts::{Faces, Style};
use crate::gbt9704::*;

/// Something drawn on a page, in page coordinates (points, origin top left).
#[derive(Debug, Clone)]
pub enum Item {
    /// A line of text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        line: Line,
    },
    Rule {
        from: (f32, f32),
        to: (f32, f32),
    },
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        png: Arc<Vec<u8>>,
    },
}

#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Lays the document out; page numbers included.
pub fn compose(doc: &OfficialDocument) -> Result<Vec<Page>, crate::ExportError> {
    let mut c = Composer { faces: Faces::get()?, pages: vec![Page::default()], y: 0.0 };
    c.title(&doc.title);
    for block in &doc.blocks {
        match block {
            Block::Heading1(text) => c.heading(text, Style::Hei),
            Block::Heading2(text) => c.heading(text, Style::Kai),
            Block::Paragraph(text) => c.paragraph(&[(text, Style::Body)], true),
            Block::Labelled { label, text } => c.paragraph(&[(label, Style::Hei), (text, Style::Body)], true),
            Block::Table(table) => c.table(table),
            Block::Picture(picture) => c.picture(picture),
        }
    }
    c.signature(&doc.issuer, &chinese_date(doc.date));
    c.page_numbers();
    Ok(c.pages)
}

struct Composer {
    faces: Arc<Faces>,
    pages: Vec<Page>,
    /// How far down the text block the next thing goes.
    y: f32,
}

fn grid(style: Style) -> Setting {
    Setting { style, size: BODY_SIZE, pitch: Some(CHAR_PITCH), justify: true }
}

/// The baseline that centres an em box of `size` in a band of `height`
/// starting at `top`; CJK faces put 0.88 em above the baseline.
fn baseline(top: f32, height: f32, size: f32) -> f32 {
    top + (height - size) / 2.0 + 0.88 * size
}

impl Composer {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = 0.0;
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > TEXT_HEIGHT + 0.01 && self.y > 0.0 {
            self.new_page();
        }
    }

    /// Back onto the grid after something of free height (a table, a chart).
    fn snap_to_grid(&mut self) {
        let lines = (self.y / LINE_PITCH - 0.01).ceil();
        self.y = lines * LINE_PITCH;
        if self.y >= TEXT_HEIGHT - 0.01 {
            self.new_page();
        }
    }

    /// One line in a grid band, `x` from the left of the text block.
    fn grid_line(&mut self, x: f32, size: f32, line: Line) {
        self.room_for(LINE_PITCH);
        let y = baseline(MARGIN_TOP + self.y, LINE_PITCH, size);
        self.page().items.push(Item::Text { x: MARGIN_LEFT + x, y, size, line });
        self.y += LINE_PITCH;
    }

    fn title(&mut self, title: &str) {
        let setting = Setting { style: Style::Title, size: TITLE_SIZE, pitch: None, justify: false };
        let measure = TEXT_WIDTH - 2.0 * CHAR_PITCH;
        let mut lines = break_lines(&self.faces, title, setting, measure, 0.0);
        // A title that runs over keeps its lines about equally long (梯形 or 菱形),
        // never a long line and two orphaned characters.
        if lines.len() > 1 {
            let total: f32 = lines.iter().map(Line::width).sum();
            let balanced = (total / lines.len() as f32 + TITLE_SIZE).min(measure);
            let rebroken = break_lines(&self.faces, title, setting, balanced, 0.0);
            if rebroken.len() == lines.len() {
                lines = rebroken;
            }
        }
        for line in lines {
            let x = (TEXT_WIDTH - line.width()) / 2.0;
            self.grid_line(x, TITLE_SIZE, line);
        }
        // 标题下空一行.
        self.y += LINE_PITCH;
    }

    /// A heading never ends a page: it moves on with at least a line of what it heads.
    fn heading(&mut self, text: &str, style: Style) {
        let lines = break_lines(&self.faces, text, grid(style), TEXT_WIDTH, 2.0 * CHAR_PITCH).len();
        self.room_for((lines + 1) as f32 * LINE_PITCH);
        self.paragraph(&[(text, style)], false);
    }

    fn paragraph(&mut self, spans: &[(&str, Style)], justify: bool) {
        let setting = Setting { justify, ..grid(spans[0].1) };
        let indent = 2.0 * CHAR_PITCH;
        for (i, line) in break_spans(&self.faces, spans, setting, TEXT_WIDTH, indent).into_iter().enumerate() {
            self.grid_line(if i == 0 { indent } else { 0.0 }, BODY_SIZE, line);
        }
    }

    fn table(&mut self, table: &Table) {
        const PAD_X: f32 = 3.0;
        const PAD_Y: f32 = 3.0;
        let leading = TABLE_SIZE * 1.4;
        let total: f32 = table.widths.iter().sum();
        let widths: Vec<f32> = table.widths.iter().map(|w| w / total * TEXT_WIDTH).collect();
        let lay = |faces: &Faces, cells: &[String], style: Style| -> (Vec<Vec<Line>>, f32) {
            let setting = Setting { style, size: TABLE_SIZE, pitch: None, justify: false };
            let lines: Vec<Vec<Line>> =
                cells.iter().zip(&widths).map(|(t, w)| break_lines(faces, t, setting, w - 2.0 * PAD_X, 0.0)).collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading + 2.0 * PAD_Y;
            (lines, height)
        };
        let (header, header_height) = lay(&self.faces, &table.header, Style::Hei);
        self.room_for(header_height * 2.0);
        self.row(&header, header_height, &widths, true);
        for cells in &table.rows {
            let (row, height) = lay(&self.faces, cells, Style::Body);
            if self.y + height > TEXT_HEIGHT {
                self.new_page();
                self.row(&header, header_height, &widths, true);
            }
            self.row(&row, height, &widths, false);
        }
        self.snap_to_grid();
    }

    fn row(&mut self, cells: &[Vec<Line>], height: f32, widths: &[f32], centred: bool) {
        let leading = TABLE_SIZE * 1.4;
        let top = MARGIN_TOP + self.y;
        let mut x = MARGIN_LEFT;
        let mut items = vec![
            Item::Rule { from: (MARGIN_LEFT, top), to: (MARGIN_LEFT + TEXT_WIDTH, top) },
            Item::Rule { from: (MARGIN_LEFT, top + height), to: (MARGIN_LEFT + TEXT_WIDTH, top + height) },
            Item::Rule { from: (MARGIN_LEFT, top), to: (MARGIN_LEFT, top + height) },
        ];
        for (lines, width) in cells.iter().zip(widths) {
            for (i, line) in lines.iter().enumerate() {
                let inset = if centred { (width - line.width()) / 2.0 } else { 3.0 };
                let y = baseline(top + 3.0 + i as f32 * leading, leading, TABLE_SIZE);
                items.push(Item::Text { x: x + inset, y, size: TABLE_SIZE, line: line.clone() });
            }
            x += width;
            items.push(Item::Rule { from: (x, top), to: (x, top + height) });
        }
        self.page().items.extend(items);
        self.y += height;
    }

    fn picture(&mut self, picture: &Picture) {
        let width = TEXT_WIDTH;
        let height = width * picture.pixels.1 as f32 / picture.pixels.0.max(1) as f32;
        self.room_for(height + LINE_PITCH);
        let png = Arc::new(picture.png.0.clone());
        let y = MARGIN_TOP + self.y;
        self.page().items.push(Item::Image { x: MARGIN_LEFT, y, width, height, png });
        self.y += height;
        let setting = Setting { style: Style::Kai, size: TABLE_SIZE + 1.5, pitch: None, justify: false };
        for line in break_lines(&self.faces, &picture.caption, setting, TEXT_WIDTH, 0.0) {
            let x = (TEXT_WIDTH - line.width()) / 2.0;
            let y = baseline(MARGIN_TOP + self.y, LINE_PITCH * 0.8, setting.size);
            self.page().items.push(Item::Text { x: MARGIN_LEFT + x, y, size: setting.size, line });
            self.y += LINE_PITCH * 0.8;
        }
        self.snap_to_grid();
    }

    /// 发文机关署名 and 成文日期: the date four characters in from the right,
    /// the issuer centred over it, after a blank line.
    fn signature(&mut self, issuer: &str, date: &str) {
        self.y += LINE_PITCH;
        self.room_for(2.0 * LINE_PITCH);
        let setting = Setting { justify: false, ..grid(Style::Body) };
        let date_line = break_lines(&self.faces, date, setting, TEXT_WIDTH, 0.0).remove(0);
        let date_x = TEXT_WIDTH - 4.0 * CHAR_PITCH - date_line.width();
        let centre = date_x + date_line.width() / 2.0;
        for line in break_lines(&self.faces, issuer, setting, TEXT_WIDTH, 0.0) {
            let x = (centre - line.width() / 2.0).clamp(0.0, TEXT_WIDTH - line.width());
            self.grid_line(x, BODY_SIZE, line);
        }
        self.grid_line(date_x, BODY_SIZE, date_line);
    }

    fn page_numbers(&mut self) {
        let setting = Setting { style: Style::Body, size: PAGE_NUMBER_SIZE, pitch: None, justify: false };
        let y = MARGIN_TOP + TEXT_HEIGHT + PAGE_NUMBER_DROP + 0.35 * PAGE_NUMBER_SIZE;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let number = i as u32 + 1;
            let line = break_lines(&self.faces, &page_number_text(number), setting, TEXT_WIDTH, 0.0).remove(0);
            let x = if page_number_on_right(number) {
                MARGIN_LEFT + TEXT_WIDTH - CHAR_PITCH - line.width()
            } else {
                MARGIN_LEFT + CHAR_PITCH
            };
            page.items.push(Item::Text { x, y, size: PAGE_NUMBER_SIZE, line });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn document(blocks: Vec<Block>) -> OfficialDocument {
        OfficialDocument {
            title: "关于十三届五次重点提案办理情况的督办报告".into(),
            blocks,
            issuer: "市政协提案委员会".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        }
    }

    fn body_lines(page: &Page) -> Vec<&Line> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { size, line, .. } if *size == BODY_SIZE => Some(line),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_full_page_holds_twenty_two_lines_of_twenty_eight_characters() {
        let paragraphs = (0..40).map(|_| Block::Paragraph("督".repeat(54))).collect();
        let pages = compose(&document(paragraphs)).unwrap();
        let second = body_lines(&pages[1]);
        assert_eq!(second.len(), LINES_PER_PAGE as usize);
        assert!(second.iter().all(|l| l.text.chars().count() <= CHARS_PER_LINE as usize));
        assert!(second.iter().any(|l| l.text.chars().count() == CHARS_PER_LINE as usize));
    }

    #[test]
    fn text_stays_inside_the_margins_and_page_numbers_alternate_sides() {
        let paragraphs = (0..40).map(|_| Block::Paragraph("办理".repeat(30))).collect();
        let pages = compose(&document(paragraphs)).unwrap();
        assert!(pages.len() >= 3);
        for page in &pages {
            for item in &page.items {
                if let Item::Text { x, y, size, line } = item {
                    if *size == PAGE_NUMBER_SIZE {
                        continue;
                    }
                    assert!(*x >= MARGIN_LEFT - 0.01, "{x}");
                    assert!(x + line.width() <= PAGE_WIDTH - MARGIN_RIGHT + BODY_SIZE, "only punctuation may hang");
                    assert!(*y > MARGIN_TOP && *y < PAGE_HEIGHT - MARGIN_BOTTOM, "{y}");
                }
            }
        }
        let number_x = |page: &Page| {
            page.items.iter().find_map(|i| match i {
                Item::Text { x, size, line, .. } if *size == PAGE_NUMBER_SIZE => Some((*x, line.text.clone())),
                _ => None,
            })
        };
        let (odd_x, odd_text) = number_x(&pages[0]).unwrap();
        let (even_x, even_text) = number_x(&pages[1]).unwrap();
        assert_eq!((odd_text.as_str(), even_text.as_str()), ("— 1 —", "— 2 —"));
        assert!(odd_x > PAGE_WIDTH / 2.0 && even_x < PAGE_WIDTH / 2.0);
    }

    #[test]
    fn a_long_title_breaks_into_lines_of_about_equal_length() {
        let pages = compose(&document(vec![])).unwrap();
        let titles: Vec<usize> = pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { size, line, .. } if *size == TITLE_SIZE => Some(line.text.chars().count()),
                _ => None,
            })
            .collect();
        assert_eq!(titles.len(), 2);
        assert!(titles[0].abs_diff(titles[1]) <= 2, "{titles:?}");
    }

    #[test]
    fn a_table_that_runs_over_repeats_its_header_on_the_next_page() {
        let table = Table {
            header: vec!["编号".into(), "案由".into()],
            widths: vec![1.0, 4.0],
            rows: (0..60).map(|i| vec![format!("{i:04}"), "关于推进大气环境质量持续改善的建议".into()]).collect(),
        };
        let pages = compose(&document(vec![Block::Table(table)])).unwrap();
        let has = |page: &Page, test: &dyn Fn(&str) -> bool| {
            page.items.iter().any(|i| matches!(i, Item::Text { line, .. } if test(&line.text)))
        };
        let with_rows: Vec<&Page> = pages.iter().filter(|p| has(p, &|t| t.starts_with("00"))).collect();
        assert!(with_rows.len() >= 2, "60 rows need more than a page");
        assert!(with_rows.iter().all(|p| has(p, &|t| t == "案由")));
    }
}
