//! The report as a Word document (.docx) in the layout of GB/T 9704: the page,
//! margins and 22 × 28 grid are set in the section, and runs name the faces
//! the standard asks for (with the usual substitutes as alternative names) so
//! Word and WPS on an office PC use the committee's own fonts.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::document::{chinese_date, Block, FormRow, OfficialDocument, Picture, Table};
use crate::gbt9704::*;
use crate::ExportError;

/// The 版头's red as Word writes a colour.
fn red_hex() -> String {
    let (r, g, b) = RED;
    format!("{r:02X}{g:02X}{b:02X}")
}

/// Twentieths of a point, Word's unit for page geometry.
fn twips(points: f32) -> i64 {
    (points * 20.0).round() as i64
}

/// English Metric Units, for pictures.
fn emu(points: f32) -> i64 {
    (points * 12_700.0).round() as i64
}

/// Text as XML holds it (Word's document and the preview's SVG alike): the
/// characters markup gives meaning escaped, so no text is ever read as markup.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all; text stored before
            // the store refused them may still hold some.
            c if tian_domain::text::unsavable(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, face: &FaceName, half_points: u32, bold: bool) -> String {
    let bold = if bold { "<w:b/>" } else { "" };
    // 3号 characters are 16 pt, and 28 of them must fit 156 mm: each is
    // condensed by the difference. A character grid would say the same, but
    // LibreOffice then gives every character two cells.
    let condensed = if half_points == (BODY_SIZE * 2.0) as u32 {
        format!(r#"<w:spacing w:val="{}"/>"#, ((CHAR_PITCH - BODY_SIZE) * 20.0).floor() as i64)
    } else {
        String::new()
    };
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="{n}" w:eastAsia="{n}" w:hAnsi="{n}" w:hint="eastAsia"/>{bold}{condensed}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#,
        n = face.name,
        t = escape(text)
    )
}

/// 首行缩进两字, in characters for Word and WPS and in twips for readers that
/// ignore character units.
fn indent() -> String {
    format!(r#"<w:ind w:firstLine="{}" w:firstLineChars="200"/>"#, twips(2.0 * CHAR_PITCH))
}

/// Word's line pitch in whole twips, rounded down: 22 lines of a rounded-up
/// pitch overrun the text block and LibreOffice then sets only 21.
fn line_pitch() -> i64 {
    (LINE_PITCH * 20.0).floor() as i64
}

/// `extra` (keepNext and the like) placed where the schema wants it in a
/// paragraph's properties: after the style, before everything else.
fn with_keep(properties: &str, extra: &str) -> String {
    match properties.find("/>").filter(|_| properties.starts_with("<w:pStyle")) {
        Some(end) => format!("{}{extra}{}", &properties[..end + 2], &properties[end + 2..]),
        None => format!("{extra}{properties}"),
    }
}

struct Body {
    xml: String,
    pictures: Vec<Vec<u8>>,
    /// Width of the text block of the section being written: a landscape
    /// annex's tables span the turned page.
    width: f32,
}

impl Body {
    fn paragraph(&mut self, properties: &str, runs: &str) {
        self.xml.push_str(&format!("<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"));
    }

    /// 版头 (§7.2): the 发文机关标志 large and red; the 发文字号 a character
    /// in from the left and the 签发人 (in 楷体) a character in from the
    /// right on one line, over the red rule; a blank line before the title.
    fn head(&mut self, head: &crate::document::DocumentHead, number: Option<&str>) {
        let body = (BODY_SIZE * 2.0) as u32;
        let mark = run(&head.mark, &TITLE_FACE, (MARK_SIZE * 2.0) as u32, false).replacen(
            "<w:sz ",
            &format!(r#"<w:color w:val="{}"/><w:sz "#, red_hex()),
            1,
        );
        self.paragraph(r#"<w:snapToGrid w:val="0"/><w:jc w:val="center"/>"#, &mark);
        self.paragraph("", "");
        let rule =
            format!(r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{}"/></w:pBdr>"#, red_hex());
        let signer = head.signer.trim();
        let signed = if signer.is_empty() {
            String::new()
        } else {
            run("签发人：", &BODY_FACE, body, false) + &run(signer, &HEADING2_FACE, body, false)
        };
        let number = number.map(|n| run(n, &BODY_FACE, body, false)).unwrap_or_default();
        let one_char = twips(CHAR_PITCH);
        let (tabs, runs, jc) = match (number.is_empty(), signed.is_empty()) {
            (false, true) => (String::new(), number, "center"),
            _ => (
                format!(r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#, twips(self.width) - 2 * one_char),
                format!("{number}<w:r><w:tab/></w:r>{signed}"),
                "left",
            ),
        };
        let ind =
            if jc == "left" { format!(r#"<w:ind w:left="{one_char}" w:right="{one_char}"/>"#) } else { String::new() };
        self.paragraph(&format!(r#"{rule}{tabs}{ind}<w:jc w:val="{jc}"/>"#), &runs);
        self.paragraph("", "");
    }

    /// 版记 (§7.4) at the foot of the last page: 抄送 and 印发机关和印发日期
    /// in 4号 between rules, the first and last thicker. The lines share one
    /// frame placed by its distance from the top of the text block, which
    /// Word, WPS and LibreOffice all honour (LibreOffice keeps a floating
    /// table in the flow).
    fn record(&mut self, record: &crate::document::DocumentRecord) {
        let size = (PAGE_NUMBER_SIZE * 2.0) as u32;
        let width = twips(self.width);
        let one_char = twips(CHAR_PITCH);
        let copy = record.copy_line();
        let count = 1 + i64::from(copy.is_some());
        let height = if self.width > TEXT_WIDTH { TEXT_WIDTH } else { TEXT_HEIGHT };
        let from_top = twips(height) - count * line_pitch();
        let frame = format!(
            r#"<w:framePr w:w="{width}" w:hSpace="0" w:vSpace="0" w:wrap="notBeside" w:hAnchor="margin" w:vAnchor="margin" w:x="0" w:y="{from_top}"/>"#
        );
        let rule =
            |edge: &str, sz: u32| format!(r#"<w:{edge} w:val="single" w:sz="{sz}" w:space="1" w:color="000000"/>"#);
        let spacing = format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:ind w:left="{one_char}" w:right="{one_char}"/>"#,
            line_pitch() - 40
        );
        if let Some(copy) = copy {
            let borders = format!("<w:pBdr>{}{}</w:pBdr>", rule("top", 12), rule("bottom", 4));
            self.paragraph(&format!("{frame}{borders}{spacing}"), &run(&copy, &BODY_FACE, size, false));
        }
        let top = if count == 1 { rule("top", 12) } else { String::new() };
        let borders = format!("<w:pBdr>{top}{}</w:pBdr>", rule("bottom", 12));
        let tabs = format!(r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#, width - 2 * one_char);
        let printed = run(&record.printed_by, &BODY_FACE, size, false)
            + "<w:r><w:tab/></w:r>"
            + &run(&record.printed_line(), &BODY_FACE, size, false);
        self.paragraph(&format!("{frame}{borders}{tabs}{spacing}"), &printed);
    }

    /// A title in 2号小标宋, centred, in the lines [`crate::title::break_title`] chose.
    fn title(&mut self, lines: &[String]) {
        let size = (TITLE_SIZE * 2.0) as u32;
        let runs: Vec<String> = lines.iter().map(|l| run(l, &TITLE_FACE, size, false)).collect();
        self.paragraph(r#"<w:pStyle w:val="Title"/><w:jc w:val="center"/>"#, &runs.join("<w:r><w:br/></w:r>"));
    }

    fn block(&mut self, block: &Block) {
        let body = (BODY_SIZE * 2.0) as u32;
        match block {
            Block::Heading1(text) => self.paragraph(
                &format!(r#"<w:pStyle w:val="Heading1"/>{}"#, indent()),
                &run(text, &HEADING1_FACE, body, false),
            ),
            Block::Heading2(text) => self.paragraph(
                &format!(r#"<w:pStyle w:val="Heading2"/>{}"#, indent()),
                &run(text, &HEADING2_FACE, body, false),
            ),
            Block::Paragraph(text) => {
                self.paragraph(&format!(r#"{}<w:jc w:val="both"/>"#, indent()), &run(text, &BODY_FACE, body, false))
            }
            // GB/T 9704 keeps 黑体 for first-level headings; a label is 仿宋, bold.
            Block::Labelled { label, text } => self.paragraph(
                &format!(r#"{}<w:jc w:val="both"/>"#, indent()),
                &(run(label, &BODY_FACE, body, true) + &run(text, &BODY_FACE, body, false)),
            ),
            Block::Table(table) => self.table(table),
            Block::Picture(picture) => self.picture(picture),
            Block::Form(rows) => self.form(rows),
        }
    }

    /// A form: label cells in bold 仿宋, value cells tall enough to write in.
    fn form(&mut self, rows: &[FormRow]) {
        let size = (FORM_SIZE * 2.0) as u32;
        let label_width = twips(self.width * 0.26);
        let value_width = twips(self.width) - label_width;
        let border = r#"w:val="single" w:sz="8" w:space="0" w:color="000000""#;
        self.xml.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{label_width}"/><w:gridCol w:w="{value_width}"/></w:tblGrid>"#,
            label_width + value_width,
        ));
        // Single-spaced inside rows of a set height, as the PDF lays them:
        // wider spacing grew each row in LibreOffice and pushed the
        // signature onto a second page.
        let paragraph =
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>"#;
        for row in rows {
            let height = (row.lines.max(1) as f32 * LINE_PITCH * 20.0) as i64;
            let values: String = row
                .value
                .split('\n')
                .map(|line| {
                    format!(
                        r#"<w:p><w:pPr>{paragraph}<w:jc w:val="left"/></w:pPr>{}</w:p>"#,
                        run(line, &BODY_FACE, size, false)
                    )
                })
                .collect();
            self.xml.push_str(&format!(
                r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{label_width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{paragraph}<w:jc w:val="center"/></w:pPr>{}</w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="{value_width}" w:type="dxa"/><w:vAlign w:val="{}"/></w:tcPr>{values}</w:tc></w:tr>"#,
                run(&row.label, &BODY_FACE, size, true),
                if row.lines > 1 { "top" } else { "center" },
            ));
        }
        self.xml.push_str("</w:tbl>");
    }

    fn table(&mut self, table: &Table) {
        // 60 twips of cell margin each side: 6 points, as the PDF pads its cells.
        let widths: Vec<i64> = table.column_widths(self.width, TABLE_SIZE, 6.0).into_iter().map(twips).collect();
        let size = (TABLE_SIZE * 2.0) as u32;
        let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
        self.xml.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
            widths.iter().sum::<i64>()
        ));
        for w in &widths {
            self.xml.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
        }
        self.xml.push_str("</w:tblGrid>");
        let cell_paragraph = format!(r#"<w:pStyle w:val="TableText"/>{TABLE_PARAGRAPH}"#);
        let row = |cells: &[String], header: bool, xml: &mut String| {
            xml.push_str(if header {
                r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#
            } else {
                r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#
            });
            for (cell, width) in cells.iter().zip(&widths) {
                let (face, jc) = if header { (&HEADING1_FACE, "center") } else { (&BODY_FACE, "left") };
                xml.push_str(&format!(
                    r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{cell_paragraph}<w:jc w:val="{jc}"/></w:pPr>{}</w:p></w:tc>"#,
                    run(cell, face, size, false)
                ));
            }
            xml.push_str("</w:tr>");
        };
        row(&table.header, true, &mut self.xml);
        for cells in &table.rows {
            row(cells, false, &mut self.xml);
        }
        self.xml.push_str("</w:tbl>");
    }

    fn picture(&mut self, picture: &Picture) {
        self.pictures.push(picture.png.0.clone());
        let n = self.pictures.len();
        let width = TEXT_WIDTH;
        let height = width * picture.pixels.1 as f32 / picture.pixels.0.max(1) as f32;
        let (cx, cy) = (emu(width), emu(height));
        let drawing = format!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="图表{n}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdPicture{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        );
        self.paragraph(r#"<w:snapToGrid w:val="0"/><w:jc w:val="center"/>"#, &drawing);
        self.paragraph(
            r#"<w:snapToGrid w:val="0"/><w:jc w:val="center"/>"#,
            &run(&picture.caption, &HEADING2_FACE, ((TABLE_SIZE + 1.5) * 2.0) as u32, false),
        );
    }
}

/// A section's page: portrait A4 in the standard's margins, or the same
/// text block turned on landscape A4. A section that is not the last is
/// written inside the paragraph that ends it; the next starts a new page.
fn section(landscape: bool) -> String {
    let (width, height, top, right, bottom, left) = if landscape {
        (
            PAGE_HEIGHT,
            PAGE_WIDTH,
            LANDSCAPE_MARGIN_TOP,
            LANDSCAPE_MARGIN_RIGHT,
            LANDSCAPE_MARGIN_BOTTOM,
            LANDSCAPE_MARGIN_LEFT,
        )
    } else {
        (PAGE_WIDTH, PAGE_HEIGHT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT)
    };
    let orient = if landscape { r#" w:orient="landscape""# } else { "" };
    format!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="{}" w:h="{}"{orient}/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{}" w:gutter="0"/><w:pgNumType w:fmt="decimal"/><w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr>"#,
        twips(width),
        twips(height),
        twips(top),
        twips(right),
        twips(bottom),
        twips(left),
        // The footer's bottom edge, so that the number's centre line falls 7 mm under the text block.
        twips(bottom - PAGE_NUMBER_DROP - PAGE_NUMBER_SIZE * 0.8),
        line_pitch(),
    )
}

/// The document as the bytes of a .docx file.
pub fn write_docx(doc: &OfficialDocument) -> Result<Vec<u8>, ExportError> {
    let body_size = (BODY_SIZE * 2.0) as u32;
    let mut body = Body { xml: String::new(), pictures: Vec::new(), width: TEXT_WIDTH };
    if let Some(corner) = &doc.corner {
        body.paragraph(r#"<w:jc w:val="left"/>"#, &run(corner, &HEADING1_FACE, body_size, false));
    }
    match (&doc.head, &doc.number) {
        (Some(head), number) => body.head(head, number.as_deref()),
        // 发文字号 stands above the title (GB/T 9704 §7.2.4), a blank line between.
        (None, Some(number)) => {
            body.paragraph(r#"<w:jc w:val="center"/>"#, &run(number, &BODY_FACE, body_size, false));
            body.paragraph("", "");
        }
        (None, None) => {}
    }
    body.title(&doc.title_lines);
    body.paragraph("", "");
    // 主送机关: flush left under the blank line, ending in a full-width colon.
    if let Some(recipient) = &doc.recipient {
        body.paragraph(r#"<w:jc w:val="left"/>"#, &run(&format!("{recipient}："), &BODY_FACE, body_size, false));
    }
    let mut last_body = None;
    for block in &doc.blocks {
        if !matches!(block, Block::Table(_) | Block::Picture(_) | Block::Form(_)) {
            last_body = Some(body.xml.len());
        }
        body.block(block);
    }
    // The last body lines, the 附件说明 and the signature keep together, so
    // the signature never starts a page alone.
    let keep = "<w:keepNext/><w:keepLines/>";
    if let Some(at) = last_body {
        let open = at + "<w:p><w:pPr>".len();
        let end = body.xml[open..].find("</w:pPr>").map_or(open, |e| open + e);
        let properties = with_keep(&body.xml[open..end], keep);
        body.xml.replace_range(open..end, &properties);
    }
    let note = doc.annex_note();
    if !note.is_empty() {
        body.paragraph(keep, "");
        for (inset, text) in note {
            body.paragraph(
                &format!(r#"{keep}<w:ind w:left="{}" w:leftChars="{}"/>"#, twips(inset * CHAR_PITCH), inset * 100.0),
                &run(&text, &BODY_FACE, body_size, false),
            );
        }
    }
    let date = chinese_date(doc.date);
    let (issuer_right, date_right) = unsealed_signature(grid_chars(&doc.issuer), grid_chars(&date));
    body.paragraph(keep, "");
    body.paragraph(
        &format!(
            r#"{keep}<w:ind w:right="{}" w:rightChars="{}"/><w:jc w:val="right"/>"#,
            twips(issuer_right * CHAR_PITCH),
            (issuer_right * 100.0).round()
        ),
        &run(&doc.issuer, &BODY_FACE, body_size, false),
    );
    body.paragraph(
        &format!(
            r#"<w:ind w:right="{}" w:rightChars="{}"/><w:jc w:val="right"/>"#,
            twips(date_right * CHAR_PITCH),
            (date_right * 100.0).round()
        ),
        &run(&date, &BODY_FACE, body_size, false),
    );
    if let Some(note) = &doc.note {
        body.paragraph(&indent(), &run(note, &BODY_FACE, body_size, false));
    }

    // Each annex starts a page; one that is landscape gets a section of its own.
    let mut landscape = false;
    for (i, annex) in doc.annexes.iter().enumerate() {
        let turn = annex.landscape != landscape;
        if turn {
            body.paragraph(&section(landscape), "");
            landscape = annex.landscape;
            body.width = if landscape { TEXT_HEIGHT } else { TEXT_WIDTH };
        }
        body.paragraph(
            if turn { r#"<w:jc w:val="left"/>"# } else { r#"<w:pageBreakBefore/><w:jc w:val="left"/>"# },
            &run(&doc.annex_label(i), &HEADING1_FACE, body_size, false),
        );
        body.paragraph("", "");
        body.title(&annex.title_lines());
        body.paragraph("", "");
        for block in &annex.blocks {
            body.block(block);
        }
    }
    if let Some(record) = &doc.record {
        body.record(record);
    }
    let section = section(landscape);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>{}{section}</w:body></w:document>"#,
        body.xml
    );

    let mut relationships = String::from(
        r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#,
    );
    for n in 1..=body.pictures.len() {
        relationships.push_str(&format!(
            r#"<Relationship Id="rIdPicture{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart{n}.png"/>"#
        ));
    }

    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), PACKAGE_RELS.into()),
        ("docProps/core.xml".into(), core_properties(doc).into_bytes()),
        ("word/document.xml".into(), document.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>"#
            )
            .into_bytes(),
        ),
        ("word/styles.xml".into(), styles().into_bytes()),
        ("word/settings.xml".into(), SETTINGS.into()),
        ("word/fontTable.xml".into(), font_table().into_bytes()),
        ("word/footer1.xml".into(), footer(true).into_bytes()),
        ("word/footer2.xml".into(), footer(false).into_bytes()),
    ];
    for (i, png) in body.pictures.into_iter().enumerate() {
        parts.push((format!("word/media/chart{}.png", i + 1), png));
    }

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(|e| ExportError::Docx(e.to_string()))?;
        zip.write_all(&bytes).map_err(|e| ExportError::Docx(e.to_string()))?;
    }
    Ok(zip.finish().map_err(|e| ExportError::Docx(e.to_string()))?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

/// Table text (the 表格 style) keeps its own small leading instead of the
/// page grid, and asks for no extra space between Chinese and digits, as
/// Word and WPS honour (LibreOffice adds it anyway; the column widths allow
/// for it, see `Table::column_widths`).
const TABLE_PARAGRAPH: &str = r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>"#;

/// Odd and even pages carry different footers (the number right or left).
const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>"#;

fn core_properties(doc: &OfficialDocument) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{}T00:00:00Z</dcterms:created></cp:coreProperties>"#,
        escape(&doc.title),
        escape(&doc.issuer),
        doc.date.format("%Y-%m-%d")
    )
}

fn styles() -> String {
    let body = (BODY_SIZE * 2.0) as u32;
    let fonts = |f: &FaceName| {
        format!(r#"<w:rFonts w:ascii="{n}" w:eastAsia="{n}" w:hAnsi="{n}" w:hint="eastAsia"/>"#, n = f.name)
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr>{body_fonts}<w:kern w:val="2"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:aliases w:val="正文"/><w:qFormat/><w:rPr>{body_fonts}<w:sz w:val="{body}"/><w:szCs w:val="{body}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{pitch}" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{title_fonts}<w:sz w:val="{title}"/><w:szCs w:val="{title}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:aliases w:val="一级标题"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>{h1_fonts}</w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:aliases w:val="二级标题"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr>{h2_fonts}</w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:aliases w:val="三级标题"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="表格"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{table_paragraph}</w:pPr><w:rPr><w:sz w:val="{table}"/><w:szCs w:val="{table}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/></w:pPr><w:rPr>{number_fonts}<w:sz w:val="{number}"/><w:szCs w:val="{number}"/></w:rPr></w:style></w:styles>"#,
        body_fonts = fonts(&BODY_FACE),
        title_fonts = fonts(&TITLE_FACE),
        h1_fonts = fonts(&HEADING1_FACE),
        h2_fonts = fonts(&HEADING2_FACE),
        number_fonts = fonts(&NUMBER_FACE),
        title = (TITLE_SIZE * 2.0) as u32,
        pitch = line_pitch(),
        number = (PAGE_NUMBER_SIZE * 2.0) as u32,
        table = (TABLE_SIZE * 2.0) as u32,
        table_paragraph = TABLE_PARAGRAPH,
    )
}

/// The faces by name, each with the substitute Word tries when it is missing.
fn font_table() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for face in [&TITLE_FACE, &BODY_FACE, &HEADING1_FACE, &HEADING2_FACE, &NUMBER_FACE] {
        xml.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
            face.name, face.fallback
        ));
    }
    xml.push_str("</w:fonts>");
    xml
}

/// “— 1 —” in 4号 宋体, one character in from the right (odd) or left (even) edge.
fn footer(odd: bool) -> String {
    let size = (PAGE_NUMBER_SIZE * 2.0) as u32;
    let placement = if odd {
        r#"<w:ind w:right="320"/><w:jc w:val="right"/>"#
    } else {
        r#"<w:ind w:left="320"/><w:jc w:val="left"/>"#
    };
    let text = |t: &str| run(t, &NUMBER_FACE, size, false);
    let field = |instruction: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            text("1")
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:pStyle w:val="Footer"/>{placement}</w:pPr>{}{}{}</w:p></w:ftr>"#,
        text("— "),
        field(" PAGE "),
        text(" —")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_never_read_as_markup() {
        assert_eq!(super::escape("<w:t>&\"案由\u{1}"), "&lt;w:t&gt;&amp;&quot;案由");
    }
}
