//! 图表: horizontal bar charts, laid out once as shapes in points
//! ([`Drawing`]). The PDF draws those shapes as vectors with real text; the
//! .docx and the window get the same shapes painted to a PNG, its labels
//! drawn from the faces' outlines, so no system font is needed either.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};
use ttf_parser::OutlineBuilder;

use crate::document::{Picture, Png};
use crate::fonts::{Faces, Style};
use crate::ExportError;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
}

/// Pixels per point: charts are drawn at 200 dpi so they print sharply.
const SCALE: f32 = 200.0 / 72.0;
const WIDTH_PT: f32 = 440.0;
const ROW_PT: f32 = 22.0;
const LABEL_PT: f32 = 130.0;
const TEXT_PT: f32 = 10.5;
const INK: (u8, u8, u8) = (0x22, 0x22, 0x22);
/// The committee's red, as on the window's charts.
const BAR: (u8, u8, u8) = (0xb7, 0x1c, 0x1c);

/// Leading of a label that runs to more than one line.
const LABEL_LEADING: f32 = TEXT_PT * 1.25;

/// `label` in lines that fit `width`: a long unit name wraps under itself
/// rather than running under its bar or being cut.
fn label_lines(faces: &Faces, label: &str, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in label.chars() {
        let line = lines.last_mut().expect("one line at least");
        let mut longer = line.clone();
        longer.push(c);
        // Closing brackets stay with what they close.
        if !line.is_empty() && text_width(faces, &longer, TEXT_PT) > width && !"）)、，".contains(c) {
            lines.push(c.to_string());
        } else {
            *line = longer;
        }
    }
    lines
}

/// A chart as shapes, in points from its top left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

/// One shape of a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A bar, filled in the committee's red.
    Bar { x: f32, y: f32, width: f32, height: f32 },
    /// A label or value in the body face at [`TEXT_PT`], its baseline at `y`.
    Text { x: f32, y: f32, text: String },
}

/// The bar's colour, as red, green and blue.
pub const BAR_COLOUR: (u8, u8, u8) = BAR;
/// The size labels and values are set in, points.
pub const LABEL_SIZE: f32 = TEXT_PT;

/// Lays out a horizontal bar chart: one row per bar, its label wrapped
/// right-aligned before it, the value written after it.
fn layout(faces: &Faces, bars: &[Bar]) -> Drawing {
    let labels: Vec<Vec<String>> = bars.iter().map(|b| label_lines(faces, &b.label, LABEL_PT - 8.0)).collect();
    let rows: Vec<f32> = labels.iter().map(|l| ROW_PT.max(l.len() as f32 * LABEL_LEADING + 8.0)).collect();
    let height = rows.iter().sum::<f32>().max(ROW_PT) + 8.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f32;
    let track = WIDTH_PT - LABEL_PT - 40.0;
    let mut shapes = Vec::new();
    let mut top = 4.0;
    for ((bar, lines), row) in bars.iter().zip(&labels).zip(&rows) {
        let baseline = top + row / 2.0 + TEXT_PT * 0.38;
        let first = baseline - (lines.len() - 1) as f32 * LABEL_LEADING / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let width = text_width(faces, line, TEXT_PT);
            let x = LABEL_PT - 8.0 - width.min(LABEL_PT - 8.0);
            shapes.push(Shape::Text { x, y: first + k as f32 * LABEL_LEADING, text: line.clone() });
        }
        let length = (bar.value as f32 / max * track).max(if bar.value > 0 { 1.5 } else { 0.0 });
        if length > 0.0 {
            let y = top + row / 2.0 - (ROW_PT - 8.0) / 2.0;
            shapes.push(Shape::Bar { x: LABEL_PT, y, width: length, height: ROW_PT - 8.0 });
        }
        shapes.push(Shape::Text { x: LABEL_PT + length + 5.0, y: baseline, text: bar.value.to_string() });
        top += row;
    }
    Drawing { width: WIDTH_PT, height, shapes }
}

/// A horizontal bar chart: its shapes, and the PNG painted from them.
pub fn bar_chart(caption: &str, bars: &[Bar]) -> Result<Picture, ExportError> {
    let faces = Faces::get()?;
    let drawing = layout(&faces, bars);
    let (w, h) = ((drawing.width * SCALE).round() as u32, (drawing.height * SCALE).round() as u32);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| ExportError::Picture(format!("{w}×{h} 像素")))?;
    pixmap.fill(Color::WHITE);
    for shape in &drawing.shapes {
        match shape {
            Shape::Bar { x, y, width, height } => {
                let rect =
                    Rect::from_xywh(x * SCALE, y * SCALE, width * SCALE, height * SCALE).expect("bar has a size");
                pixmap.fill_rect(rect, &paint(BAR), Transform::identity(), None);
            }
            Shape::Text { x, y, text } => draw_text(&mut pixmap, &faces, text, *x, *y, INK),
        }
    }
    let png = pixmap.encode_png().map_err(|e| ExportError::Picture(e.to_string()))?;
    Ok(Picture { png: Png(png), pixels: (w, h), caption: caption.to_owned(), drawing: Some(drawing) })
}

fn paint((r, g, b): (u8, u8, u8)) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    paint
}

fn text_width(faces: &Faces, text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            let (style, glyph) = faces.resolve(Style::Body, c);
            faces.face(style).advance(glyph) * size
        })
        .sum()
}

/// Draws `text` in the body face with its baseline at `y` (points).
fn draw_text(pixmap: &mut Pixmap, faces: &Faces, text: &str, x: f32, y: f32, colour: (u8, u8, u8)) {
    let mut pen = x;
    for c in text.chars() {
        let (style, glyph) = faces.resolve(Style::Body, c);
        let face = faces.face(style);
        let scale = TEXT_PT / face.units_per_em();
        let mut outline = Outline(PathBuilder::new());
        if face.outline(glyph, &mut outline).is_some() {
            if let Some(path) = outline.0.finish() {
                // Font units grow upwards; pixels grow downwards.
                let transform = Transform::from_row(scale * SCALE, 0.0, 0.0, -scale * SCALE, pen * SCALE, y * SCALE);
                pixmap.fill_path(&path, &paint(colour), FillRule::Winding, transform, None);
            }
        }
        pen += face.advance(glyph) * TEXT_PT;
    }
}

struct Outline(PathBuilder);

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_a_png_with_a_row_per_bar_and_ink_where_the_bars_are() {
        let bars = [Bar { label: "A类".into(), value: 4 }, Bar { label: "B类".into(), value: 2 }];
        let picture = bar_chart("答复类别", &bars).unwrap();
        assert_eq!(&picture.png.0[1..4], b"PNG");
        let pixmap = Pixmap::decode_png(&picture.png.0).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), picture.pixels);
        // The middle of the first bar is the committee's red; past the longest bar the row is white.
        let red = |x: f32, row: usize| {
            let y = ((4.0 + row as f32 * ROW_PT + ROW_PT / 2.0) * SCALE) as u32;
            let p = pixmap.pixel((x * SCALE) as u32, y).unwrap();
            (p.red(), p.green(), p.blue()) == BAR
        };
        let track = WIDTH_PT - LABEL_PT - 40.0;
        assert!(red(LABEL_PT + track * 0.9, 0), "the largest bar spans the track");
        assert!(red(LABEL_PT + track * 0.4, 1) && !red(LABEL_PT + track * 0.6, 1), "half the value, half the bar");
    }

    #[test]
    fn a_long_unit_name_wraps_within_the_label_column_and_its_row_grows() {
        let faces = Faces::get().unwrap();
        let name = "中国（河北）自由贸易试验区正定片区管委会";
        let lines = label_lines(&faces, name, LABEL_PT - 8.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.concat(), name, "nothing is cut");
        assert!(lines.iter().all(|l| text_width(&faces, l, TEXT_PT) <= LABEL_PT - 8.0 + TEXT_PT), "{lines:?}");
        let short = bar_chart("图", &[Bar { label: "市教育局".into(), value: 1 }]).unwrap();
        let long = bar_chart("图", &[Bar { label: name.into(), value: 1 }]).unwrap();
        assert!(long.pixels.1 > short.pixels.1, "the row of a wrapped name is taller");
        // No ink under the bar's start column left of the bars from a label running on.
        let pixmap = Pixmap::decode_png(&long.png.0).unwrap();
        let x = ((LABEL_PT - 3.0) * SCALE) as u32;
        let inked = (0..pixmap.height()).any(|y| pixmap.pixel(x, y).unwrap().red() < 200);
        assert!(!inked, "a label runs into the bars");
    }
}
