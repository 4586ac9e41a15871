//! 排版: the document laid out on A4 pages by the rules of GB/T 9704 —
//! body text on the 22 × 28 grid, the title centred, tables that repeat
//! their header on every page, the signature and date at the end.

use std::sync::Arc;

use super::lines::{break_lines, break_spans, Line, Setting};
use crate::chart::{Drawing, Shape, BAR_COLOUR, LABEL_SIZE};
use crate::document::{chinese_date, Block, FormRow, OfficialDocument, Picture, Table};
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
    /// A filled rectangle (a chart's bar).
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: (u8, u8, u8),
    },
}

#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// 横排: A4 turned, for a wide annex.
    pub landscape: bool,
}

/// Where the text block sits on a page, in points.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
}

impl Frame {
    fn of(landscape: bool) -> Frame {
        if landscape {
            Frame { left: LANDSCAPE_MARGIN_LEFT, top: LANDSCAPE_MARGIN_TOP, width: TEXT_HEIGHT, height: TEXT_WIDTH }
        } else {
            Frame { left: MARGIN_LEFT, top: MARGIN_TOP, width: TEXT_WIDTH, height: TEXT_HEIGHT }
        }
    }
}

/// Lays the document out; page numbers included.
pub fn compose(doc: &OfficialDocument) -> Result<Vec<Page>, crate::ExportError> {
    let mut pages = Vec::new();
    compose_into(doc, |page| pages.push(page))?;
    Ok(pages)
}

/// Lays the document out, handing on each page, numbered, as soon as the
/// next one is begun (nothing goes back to an earlier page), so it can be
/// drawn while the rest is laid out.
pub fn compose_into(doc: &OfficialDocument, finished: impl FnMut(Page)) -> Result<(), crate::ExportError> {
    let mut c = Composer {
        faces: Faces::get()?,
        page: Page::default(),
        numbered: 0,
        finished: Box::new(finished),
        y: 0.0,
        frame: Frame::of(false),
    };
    if let Some(corner) = &doc.corner {
        c.paragraph(&[(corner, Style::Hei)], false, 0.0);
    }
    match (&doc.head, &doc.number) {
        (Some(head), number) => c.head(head, number.as_deref()),
        // 发文字号 stands above the title (GB/T 9704 §7.2.4), a blank line between.
        (None, Some(number)) => {
            c.centred(number);
            c.y += LINE_PITCH;
        }
        (None, None) => {}
    }
    c.title(&doc.title_lines);
    // 标题下空一行.
    c.y += LINE_PITCH;
    if let Some(recipient) = &doc.recipient {
        c.paragraph(&[(&format!("{recipient}："), Style::Body)], false, 0.0);
    }
    c.blocks(&doc.blocks);
    c.signature(&doc.annex_note(), &doc.issuer, &chinese_date(doc.date));
    if let Some(note) = &doc.note {
        // 附注: a line under the 成文日期, two characters in.
        c.room_for(LINE_PITCH);
        c.paragraph(&[(note, Style::Body)], false, 2.0 * CHAR_PITCH);
    }
    for (i, annex) in doc.annexes.iter().enumerate() {
        c.new_page_turned(annex.landscape);
        c.paragraph(&[(&doc.annex_label(i), Style::Hei)], false, 0.0);
        c.y += LINE_PITCH;
        c.title(&annex.title_lines());
        c.y += LINE_PITCH;
        c.blocks(&annex.blocks);
    }
    if let Some(record) = &doc.record {
        c.record(record);
    }
    c.hand_on(Page::default());
    Ok(())
}

struct Composer<'a> {
    faces: Arc<Faces>,
    /// The page being filled.
    page: Page,
    /// Pages handed on so far.
    numbered: u32,
    finished: Box<dyn FnMut(Page) + 'a>,
    /// How far down the text block the next thing goes.
    y: f32,
    /// The text block of the page being filled.
    frame: Frame,
}

fn grid(style: Style) -> Setting {
    Setting { style, size: BODY_SIZE, pitch: Some(CHAR_PITCH), justify: true }
}

/// The baseline that centres an em box of `size` in a band of `height`
/// starting at `top`; CJK faces put 0.88 em above the baseline.
fn baseline(top: f32, height: f32, size: f32) -> f32 {
    top + (height - size) / 2.0 + 0.88 * size
}

impl Composer<'_> {
    fn page(&mut self) -> &mut Page {
        &mut self.page
    }

    fn new_page(&mut self) {
        let landscape = self.page().landscape;
        self.new_page_turned(landscape);
    }

    fn new_page_turned(&mut self, landscape: bool) {
        self.hand_on(Page { items: Vec::new(), landscape });
        self.frame = Frame::of(landscape);
        self.y = 0.0;
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading1(text) => self.heading(text, Style::Hei),
                Block::Heading2(text) => self.heading(text, Style::Kai),
                Block::Paragraph(text) => self.paragraph(&[(text, Style::Body)], true, 2.0 * CHAR_PITCH),
                // GB/T 9704 keeps 黑体 for headings; a label is 仿宋 like its text.
                Block::Labelled { label, text } => {
                    self.paragraph(&[(label, Style::Body), (text, Style::Body)], true, 2.0 * CHAR_PITCH)
                }
                Block::Table(table) => self.table(table),
                Block::Picture(picture) => self.picture(picture),
                Block::Form(rows) => self.form(rows),
            }
        }
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > self.frame.height + 0.01 && self.y > 0.0 {
            self.new_page();
        }
    }

    /// Back onto the grid after something of free height (a table, a chart).
    fn snap_to_grid(&mut self) {
        let lines = (self.y / LINE_PITCH - 0.01).ceil();
        self.y = lines * LINE_PITCH;
        if self.y >= self.frame.height - 0.01 {
            self.new_page();
        }
    }

    /// One line in a grid band, `x` from the left of the text block.
    fn grid_line(&mut self, x: f32, size: f32, line: Line) {
        self.room_for(LINE_PITCH);
        let y = baseline(self.frame.top + self.y, LINE_PITCH, size);
        let x = self.frame.left + x;
        self.page().items.push(Item::Text { x, y, size, line });
        self.y += LINE_PITCH;
    }

    /// One line centred in the text block, in the body face.
    fn centred(&mut self, text: &str) {
        let setting = Setting { justify: false, ..grid(Style::Body) };
        for line in break_lines(&self.faces, text, setting, self.frame.width, 0.0) {
            let x = (self.frame.width - line.width()) / 2.0;
            self.grid_line(x, BODY_SIZE, line);
        }
    }

    /// The title in the lines [`crate::title::break_title`] chose, each centred.
    fn title(&mut self, lines: &[String]) {
        let setting = Setting { style: Style::Title, size: TITLE_SIZE, pitch: None, justify: false };
        for text in lines {
            for line in break_lines(&self.faces, text, setting, self.frame.width, 0.0) {
                let x = (self.frame.width - line.width()) / 2.0;
                self.grid_line(x, TITLE_SIZE, line);
            }
        }
    }

    /// A heading never ends a page: it moves on with at least a line of what it heads.
    fn heading(&mut self, text: &str, style: Style) {
        let lines = break_lines(&self.faces, text, grid(style), self.frame.width, 2.0 * CHAR_PITCH).len();
        self.room_for((lines + 1) as f32 * LINE_PITCH);
        self.paragraph(&[(text, style)], false, 2.0 * CHAR_PITCH);
    }

    fn paragraph(&mut self, spans: &[(&str, Style)], justify: bool, indent: f32) {
        let setting = Setting { justify, ..grid(spans[0].1) };
        let width = self.frame.width;
        for (i, line) in break_spans(&self.faces, spans, setting, width, indent).into_iter().enumerate() {
            self.grid_line(if i == 0 { indent } else { 0.0 }, BODY_SIZE, line);
        }
    }

    /// A form: bold-free 仿宋 labels left, values right, each row as tall as its room to write.
    fn form(&mut self, rows: &[FormRow]) {
        const PAD: f32 = 6.0;
        let leading = FORM_SIZE * 1.5;
        let widths = [self.frame.width * 0.26, self.frame.width * 0.74];
        let setting = |style| Setting { style, size: FORM_SIZE, pitch: None, justify: false };
        for row in rows {
            let label = break_lines(&self.faces, &row.label, setting(Style::Body), widths[0] - 2.0 * PAD, 0.0);
            let value: Vec<Line> = row
                .value
                .split('\n')
                .flat_map(|v| break_lines(&self.faces, v, setting(Style::Body), widths[1] - 2.0 * PAD, 0.0))
                .collect();
            let needed = label.len().max(value.len()).max(1) as f32 * leading + 2.0 * PAD;
            let height = needed.max(row.lines.max(1) as f32 * LINE_PITCH);
            self.room_for(height);
            let top = self.frame.top + self.y;
            let (left, right) = (self.frame.left, self.frame.left + self.frame.width);
            let mut items = vec![
                Item::Rule { from: (left, top), to: (right, top) },
                Item::Rule { from: (left, top + height), to: (right, top + height) },
                Item::Rule { from: (left, top), to: (left, top + height) },
                Item::Rule { from: (left + widths[0], top), to: (left + widths[0], top + height) },
                Item::Rule { from: (right, top), to: (right, top + height) },
            ];
            let label_top = top + (height - label.len() as f32 * leading) / 2.0;
            for (i, line) in label.into_iter().enumerate() {
                let x = left + (widths[0] - line.width()) / 2.0;
                let y = baseline(label_top + i as f32 * leading, leading, FORM_SIZE);
                items.push(Item::Text { x, y, size: FORM_SIZE, line });
            }
            let value_top = if row.lines > 1 { top + PAD } else { top + (height - value.len() as f32 * leading) / 2.0 };
            for (i, line) in value.into_iter().enumerate() {
                let y = baseline(value_top + i as f32 * leading, leading, FORM_SIZE);
                items.push(Item::Text { x: left + widths[0] + PAD, y, size: FORM_SIZE, line });
            }
            self.page().items.extend(items);
            self.y += height;
        }
        self.snap_to_grid();
    }

    fn table(&mut self, table: &Table) {
        const PAD_X: f32 = 3.0;
        const PAD_Y: f32 = 3.0;
        let leading = TABLE_SIZE * 1.4;
        let widths = table.column_widths(self.frame.width, TABLE_SIZE, 2.0 * PAD_X);
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
            if self.y + height > self.frame.height {
                self.new_page();
                self.row(&header, header_height, &widths, true);
            }
            self.row(&row, height, &widths, false);
        }
        self.snap_to_grid();
    }

    fn row(&mut self, cells: &[Vec<Line>], height: f32, widths: &[f32], centred: bool) {
        let leading = TABLE_SIZE * 1.4;
        let top = self.frame.top + self.y;
        let (left, right) = (self.frame.left, self.frame.left + self.frame.width);
        let mut x = left;
        let mut items = vec![
            Item::Rule { from: (left, top), to: (right, top) },
            Item::Rule { from: (left, top + height), to: (right, top + height) },
            Item::Rule { from: (left, top), to: (left, top + height) },
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
        let width = self.frame.width.min(TEXT_WIDTH);
        let height = width * picture.pixels.1 as f32 / picture.pixels.0.max(1) as f32;
        self.room_for(height + LINE_PITCH);
        let (x, y) = (self.frame.left + (self.frame.width - width) / 2.0, self.frame.top + self.y);
        match &picture.drawing {
            Some(drawing) => self.drawing(drawing, x, y, width / drawing.width),
            None => {
                let png = Arc::new(picture.png.0.clone());
                self.page().items.push(Item::Image { x, y, width, height, png });
            }
        }
        self.y += height;
        let setting = Setting { style: Style::Kai, size: TABLE_SIZE + 1.5, pitch: None, justify: false };
        for line in break_lines(&self.faces, &picture.caption, setting, self.frame.width, 0.0) {
            let x = self.frame.left + (self.frame.width - line.width()) / 2.0;
            let y = baseline(self.frame.top + self.y, LINE_PITCH * 0.8, setting.size);
            self.page().items.push(Item::Text { x, y, size: setting.size, line });
            self.y += LINE_PITCH * 0.8;
        }
        self.snap_to_grid();
    }

    /// A chart's shapes as vectors and text, its top left at (`x`, `y`), scaled by `scale`.
    fn drawing(&mut self, drawing: &Drawing, x: f32, y: f32, scale: f32) {
        let size = LABEL_SIZE * scale;
        let setting = Setting { style: Style::Body, size, pitch: None, justify: false };
        let mut items = Vec::new();
        for shape in &drawing.shapes {
            match shape {
                Shape::Bar { x: bx, y: by, width, height } => items.push(Item::Fill {
                    x: x + bx * scale,
                    y: y + by * scale,
                    width: width * scale,
                    height: height * scale,
                    colour: BAR_COLOUR,
                }),
                Shape::Text { x: tx, y: ty, text } => {
                    let line = break_lines(&self.faces, text, setting, f32::MAX, 0.0).remove(0);
                    items.push(Item::Text { x: x + tx * scale, y: y + ty * scale, size, line });
                }
            }
        }
        self.page().items.extend(items);
    }

    /// 附件说明, 发文机关署名 and 成文日期 (§7.3.4, §7.3.5.2). They never
    /// start a page alone: when they do not fit under the last body lines,
    /// the blank line before the signature goes first, and if that is not
    /// enough the last body line moves over with them.
    fn signature(&mut self, annexes: &[(f32, String)], issuer: &str, date: &str) {
        let setting = Setting { justify: false, ..grid(Style::Body) };
        let (issuer_right, date_right) = unsealed_signature(grid_chars(issuer), grid_chars(date));
        let issuer_lines = break_lines(&self.faces, issuer, setting, self.frame.width, 0.0);
        let date_line = break_lines(&self.faces, date, setting, self.frame.width, 0.0).remove(0);
        let annex_lines: Vec<(f32, Line)> = annexes
            .iter()
            .flat_map(|(chars, text)| {
                let inset = chars * CHAR_PITCH;
                break_lines(&self.faces, text, setting, self.frame.width - inset, 0.0)
                    .into_iter()
                    .map(move |l| (inset, l))
            })
            .collect();
        let blanks = if annex_lines.is_empty() { 1 } else { 2 };
        let lines = (annex_lines.len() + issuer_lines.len() + 1) as f32;
        let room = |c: &Composer, blanks: u32| c.y + (lines + blanks as f32) * LINE_PITCH <= c.frame.height + 0.01;
        let blanks = if room(self, blanks) {
            blanks
        } else if room(self, blanks - 1) {
            blanks - 1
        } else {
            self.carry_last_line();
            blanks
        };
        let mut blank_left = blanks;
        if !annex_lines.is_empty() {
            self.y += LINE_PITCH;
            blank_left -= 1;
            for (inset, line) in annex_lines {
                self.grid_line(inset, BODY_SIZE, line);
            }
        }
        self.y += blank_left as f32 * LINE_PITCH;
        for line in issuer_lines {
            let x = self.frame.width - issuer_right * CHAR_PITCH - line.width();
            self.grid_line(x.max(0.0), BODY_SIZE, line);
        }
        let x = self.frame.width - date_right * CHAR_PITCH - date_line.width();
        self.grid_line(x.max(0.0), BODY_SIZE, date_line);
    }

    /// 版头 (§7.2): the 发文机关标志 large and red, centred; under it the
    /// 发文字号 (a character in from the left) and the 签发人 (a character in
    /// from the right), or the 发文字号 alone, centred; then the red rule
    /// 4 mm under them, and two blank lines before the title.
    fn head(&mut self, head: &crate::document::DocumentHead, number: Option<&str>) {
        let mark = Setting { style: Style::Title, size: MARK_SIZE, pitch: None, justify: false };
        for mut line in break_lines(&self.faces, &head.mark, mark, self.frame.width, 0.0) {
            line.red = true;
            let x = (self.frame.width - line.width()).max(0.0) / 2.0;
            let height = MARK_SIZE * 1.3;
            let y = baseline(self.frame.top + self.y, height, MARK_SIZE);
            let x = self.frame.left + x;
            self.page().items.push(Item::Text { x, y, size: MARK_SIZE, line });
            self.y += height;
        }
        self.y += LINE_PITCH;
        self.snap_to_grid();
        let setting = Setting { justify: false, ..grid(Style::Body) };
        let signer = head.signer.trim();
        match (number, signer.is_empty()) {
            (Some(number), false) => {
                let left = break_lines(&self.faces, number, setting, self.frame.width, 0.0).remove(0);
                let label = break_lines(&self.faces, "签发人：", setting, self.frame.width, 0.0).remove(0);
                let kai = Setting { justify: false, ..grid(Style::Kai) };
                let name = break_lines(&self.faces, signer, kai, self.frame.width, 0.0).remove(0);
                let name_x = self.frame.width - CHAR_PITCH - name.width();
                let label_x = name_x - label.width();
                // Too long for one line: the 签发人 goes under the 文号, still on the right.
                let apart = CHAR_PITCH + left.width() + CHAR_PITCH > label_x;
                let left_edge = self.frame.left;
                let y = baseline(self.frame.top + self.y, LINE_PITCH, BODY_SIZE);
                self.page().items.push(Item::Text { x: left_edge + CHAR_PITCH, y, size: BODY_SIZE, line: left });
                if apart {
                    self.y += LINE_PITCH;
                }
                let y = baseline(self.frame.top + self.y, LINE_PITCH, BODY_SIZE);
                for (x, line) in [(label_x, label), (name_x, name)] {
                    self.page().items.push(Item::Text { x: left_edge + x, y, size: BODY_SIZE, line });
                }
                self.y += LINE_PITCH;
            }
            (Some(number), true) => self.centred(number),
            (None, false) => {
                let text = format!("签发人：{signer}");
                let line = break_lines(&self.faces, &text, setting, self.frame.width, 0.0).remove(0);
                self.grid_line(self.frame.width - CHAR_PITCH - line.width(), BODY_SIZE, line);
            }
            (None, true) => {}
        }
        let rule = self.frame.top + self.y + 4.0 * MM - LINE_PITCH / 2.0 + BODY_SIZE / 2.0;
        let red = Item::Fill { x: self.frame.left, y: rule, width: self.frame.width, height: 1.0, colour: RED };
        self.page().items.push(red);
        // The rule's line, then a blank one before the title, as the .docx sets them.
        self.y += 2.0 * LINE_PITCH;
    }

    /// 版记 (§7.4) at the foot of the last page, on a page of its own if
    /// the last has no room: 抄送 and 印发机关和印发日期 in 4号, a character in
    /// from each side, between rules (the first and last thicker).
    fn record(&mut self, record: &crate::document::DocumentRecord) {
        let pitch = LINE_PITCH;
        let setting = Setting { style: Style::Body, size: PAGE_NUMBER_SIZE, pitch: None, justify: false };
        let copy = record.copy_line();
        let rows = 1 + usize::from(copy.is_some());
        let height = rows as f32 * pitch;
        if self.y + height > self.frame.height + 0.01 {
            self.new_page();
        }
        let top = self.frame.top + self.frame.height - height;
        let (left, width) = (self.frame.left, self.frame.width);
        let rule = |y: f32, thick: bool| Item::Fill {
            x: left,
            y: y - if thick { 0.5 } else { 0.35 },
            width,
            height: if thick { 1.0 } else { 0.7 },
            colour: (0, 0, 0),
        };
        let mut items = vec![rule(top, true)];
        let mut y = top;
        let text_width = width - 2.0 * CHAR_PITCH;
        if let Some(copy) = copy {
            for line in break_lines(&self.faces, &copy, setting, text_width, 0.0).into_iter().take(1) {
                let baseline = baseline(y, pitch, PAGE_NUMBER_SIZE);
                items.push(Item::Text { x: left + CHAR_PITCH, y: baseline, size: PAGE_NUMBER_SIZE, line });
            }
            y += pitch;
            items.push(rule(y, false));
        }
        let at = baseline(y, pitch, PAGE_NUMBER_SIZE);
        if let Some(line) = break_lines(&self.faces, &record.printed_by, setting, text_width, 0.0).into_iter().next() {
            items.push(Item::Text { x: left + CHAR_PITCH, y: at, size: PAGE_NUMBER_SIZE, line });
        }
        if let Some(line) =
            break_lines(&self.faces, &record.printed_line(), setting, text_width, 0.0).into_iter().next()
        {
            let x = left + width - CHAR_PITCH - line.width();
            items.push(Item::Text { x, y: at, size: PAGE_NUMBER_SIZE, line });
        }
        items.push(rule(y + pitch, true));
        self.page().items.extend(items);
        self.y = self.frame.height;
    }

    /// Moves the last body line of this page to the top of a new one.
    fn carry_last_line(&mut self) {
        let at = self.page().items.iter().rposition(|i| matches!(i, Item::Text { size, .. } if *size == BODY_SIZE));
        let carried = at.map(|at| self.page().items.remove(at));
        self.new_page();
        if let Some(Item::Text { x, size, line, .. }) = carried {
            let y = baseline(self.frame.top, LINE_PITCH, size);
            self.page().items.push(Item::Text { x, y, size, line });
            self.y = LINE_PITCH;
        }
    }

    /// Numbers the page being filled and hands it on; `next` is filled now.
    fn hand_on(&mut self, next: Page) {
        let mut page = std::mem::replace(&mut self.page, next);
        let setting = Setting { style: Style::Body, size: PAGE_NUMBER_SIZE, pitch: None, justify: false };
        let frame = Frame::of(page.landscape);
        let y = frame.top + frame.height + PAGE_NUMBER_DROP + 0.35 * PAGE_NUMBER_SIZE;
        self.numbered += 1;
        let number = self.numbered;
        let line = break_lines(&self.faces, &page_number_text(number), setting, frame.width, 0.0).remove(0);
        let x = if page_number_on_right(number) {
            frame.left + frame.width - CHAR_PITCH - line.width()
        } else {
            frame.left + CHAR_PITCH
        };
        page.items.push(Item::Text { x, y, size: PAGE_NUMBER_SIZE, line });
        (self.finished)(page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn document(blocks: Vec<Block>) -> OfficialDocument {
        let mut doc = OfficialDocument::new(
            "市政协十三届五次会议重点提案办理情况的督办报告".into(),
            "市政协提案委员会".into(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        doc.blocks = blocks;
        doc
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
    fn a_long_title_breaks_between_words_widening_downwards() {
        let pages = compose(&document(vec![])).unwrap();
        let titles: Vec<String> = pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { size, line, .. } if *size == TITLE_SIZE => Some(line.text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(titles, ["市政协十三届五次会议", "重点提案办理情况的督办报告"]);
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
