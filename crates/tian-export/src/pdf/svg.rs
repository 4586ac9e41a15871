//! 打印预览: the pages exactly as [`compose`] lays them out for the PDF,
//! drawn as SVG for the window: every glyph at the place the PDF puts it,
//! so a line or a page breaks in the preview where it breaks on paper.

use std::fmt::Write;

use super::compose::{compose, Item};
use crate::document::OfficialDocument;
use crate::fonts::{Faces, Style};
use crate::gbt9704::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::ExportError;

/// One page of a document as the window previews it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PageImage {
    /// 横排: A4 turned, for a wide annex.
    pub landscape: bool,
    /// The page as an SVG document, in points.
    pub svg: String,
}

/// The families the window draws a style in: the face the PDF embeds first,
/// then the PC's faces GB/T 9704 names.
fn families(faces: &Faces, style: Style) -> String {
    let generic = if style == Style::Hei { "sans-serif" } else { "serif" };
    let own = faces.face(style).family();
    format!("'{}', {}, {generic}", crate::docx::escape(own).replace('\'', ""), style.css_families())
}

/// The document's pages as SVG, one per page.
pub fn page_images(doc: &OfficialDocument) -> Result<Vec<PageImage>, ExportError> {
    let faces = Faces::get()?;
    let mut images = Vec::new();
    for page in compose(doc)? {
        let (width, height) = if page.landscape { (PAGE_HEIGHT, PAGE_WIDTH) } else { (PAGE_WIDTH, PAGE_HEIGHT) };
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}pt\" height=\"{height}pt\">\
             <rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>"
        );
        for item in &page.items {
            // Writing into a String cannot fail.
            let _ = match item {
                Item::Text { x, y, size, line } => {
                    let mut at = *x;
                    let mut run_style = None;
                    for glyph in &line.glyphs {
                        if run_style != Some(glyph.style) {
                            if run_style.is_some() {
                                svg.push_str("</text>");
                            }
                            let weight = if matches!(glyph.style, Style::Title | Style::Hei) { "bold" } else { "normal" };
                            let (r, g, b) = if line.red { crate::gbt9704::RED } else { (0, 0, 0) };
                            let _ = write!(
                                svg,
                                "<text y=\"{y:.2}\" font-size=\"{size:.2}\" font-weight=\"{weight}\" fill=\"rgb({r},{g},{b})\" font-family=\"{}\">",
                                families(&faces, glyph.style)
                            );
                            run_style = Some(glyph.style);
                        }
                        let text = line.text.get(glyph.text.clone()).unwrap_or_default();
                        let _ = write!(svg, "<tspan x=\"{at:.2}\">{}</tspan>", crate::docx::escape(text));
                        at += glyph.advance;
                    }
                    if run_style.is_some() {
                        svg.push_str("</text>");
                    }
                    Ok(())
                }
                Item::Rule { from, to } => write!(
                    svg,
                    "<line x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"#000\" stroke-width=\"0.6\"/>",
                    from.0, from.1, to.0, to.1
                ),
                Item::Fill { x, y, width, height, colour: (r, g, b) } => write!(
                    svg,
                    "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{width:.2}\" height=\"{height:.2}\" fill=\"rgb({r},{g},{b})\"/>"
                ),
                Item::Image { x, y, width, height, png } => write!(
                    svg,
                    "<image x=\"{x:.2}\" y=\"{y:.2}\" width=\"{width:.2}\" height=\"{height:.2}\" href=\"data:image/png;base64,{}\"/>",
                    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, png.as_slice())
                ),
            };
        }
        svg.push_str("</svg>");
        images.push(PageImage { landscape: page.landscape, svg });
    }
    Ok(images)
}
