//! The report as PDF: laid out by [`compose`] and drawn with krilla, which
//! embeds only the glyphs used from the shipped faces.

mod compose;
mod lines;
mod svg;

use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Data, Document};

pub use compose::{compose, compose_into, Item, Page};
pub use svg::{page_images, PageImage};

use crate::document::OfficialDocument;
use crate::fonts::Faces;
use crate::gbt9704::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::ExportError;

/// 版头 red, as the 发文机关标志 and its rule are printed.
fn red() -> krilla::color::rgb::Color {
    let (r, g, b) = crate::gbt9704::RED;
    krilla::color::rgb::Color::new(r, g, b)
}

/// The document as the bytes of a PDF file.
pub fn write_pdf(doc: &OfficialDocument) -> Result<Vec<u8>, ExportError> {
    let faces = Faces::get()?;
    let mut pdf = Document::new();
    pdf.set_metadata(
        krilla::metadata::Metadata::new()
            .title(doc.title.clone())
            .creator("天（Tian）提案督办".into())
            .language("zh-CN".into()),
    );
    // Laid out on a second thread while this one draws: a whole term's
    // report is some thousands of pages, and each half is a third of the
    // time. The second thread also cuts each line into the runs krilla
    // takes: this thread's drawing is the longer.
    std::thread::scope(|scope| {
        let (send, pages) = std::sync::mpsc::sync_channel(16);
        let composer = scope.spawn(move || compose_into(doc, |page| drop(send.send(ready(page)))));
        let drawn = pages.into_iter().try_for_each(|page| draw(&mut pdf, &faces, &page));
        composer.join().map_err(|_| ExportError::Pdf("排版中断".into()))??;
        drawn
    })?;
    pdf.finish().map_err(|e| ExportError::Pdf(format!("{e:?}")))
}

/// A laid-out page with its text cut into the runs krilla draws: per text
/// item, in order, its runs of one face each, so each font gets the glyphs
/// it draws.
struct ReadyPage {
    page: Page,
    runs: Vec<Vec<Run>>,
}

struct Run {
    x: f32,
    style: crate::fonts::Style,
    glyphs: Vec<KrillaGlyph>,
}

/// `page` with its lines cut into runs.
fn ready(page: Page) -> ReadyPage {
    let mut runs = Vec::new();
    for item in &page.items {
        let Item::Text { x, size, line, .. } = item else { continue };
        let mut start = *x;
        let mut line_runs = Vec::new();
        for run in line.glyphs.chunk_by(|a, b| a.style == b.style) {
            let glyphs = run
                .iter()
                .map(|g| KrillaGlyph {
                    glyph_id: GlyphId::new(g.glyph.0 as u32),
                    text_range: g.text.clone(),
                    x_advance: g.advance / size,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                })
                .collect();
            line_runs.push(Run { x: start, style: run[0].style, glyphs });
            start += run.iter().map(|g| g.advance).sum::<f32>();
        }
        runs.push(line_runs);
    }
    ReadyPage { page, runs }
}

/// Draws one laid-out page into `pdf`.
fn draw(pdf: &mut Document, faces: &Faces, ready: &ReadyPage) -> Result<(), ExportError> {
    let page = &ready.page;
    let (width, height) = if page.landscape { (PAGE_HEIGHT, PAGE_WIDTH) } else { (PAGE_WIDTH, PAGE_HEIGHT) };
    let settings = PageSettings::from_wh(width, height).expect("A4 is a valid page");
    let mut out = pdf.start_page_with(settings);
    let mut surface = out.surface();
    let mut runs = ready.runs.iter();
    for item in &page.items {
        match *item {
            Item::Text { y, size, ref line, .. } => {
                for run in runs.next().into_iter().flatten() {
                    let font = faces.face(run.style).pdf.clone();
                    if line.red {
                        surface.set_fill(Some(Fill { paint: red().into(), ..Default::default() }));
                    }
                    surface.draw_glyphs(Point::from_xy(run.x, y), &run.glyphs, font, &line.text, size, false);
                    surface.set_fill(Some(Fill::default()));
                }
            }
            Item::Rule { from, to } => {
                let mut path = PathBuilder::new();
                path.move_to(from.0, from.1);
                path.line_to(to.0, to.1);
                if let Some(path) = path.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke { width: 0.6, ..Default::default() }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill::default()));
                }
            }
            Item::Fill { x, y, width, height, colour: (r, g, b) } => {
                let mut path = PathBuilder::new();
                if let Some(rect) = krilla::geom::Rect::from_xywh(x, y, width, height) {
                    path.push_rect(rect);
                }
                if let Some(path) = path.finish() {
                    surface.set_fill(Some(Fill {
                        paint: krilla::color::rgb::Color::new(r, g, b).into(),
                        ..Default::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_fill(Some(Fill::default()));
                }
            }
            Item::Image { x, y, width, height, ref png } => {
                let image = krilla::image::Image::from_png(Data::from(png.as_ref().clone()), true)
                    .map_err(|e| ExportError::Picture(e.to_string()))?;
                surface.push_transform(&Transform::from_translate(x, y));
                surface.draw_image(image, Size::from_wh(width, height).expect("picture has a size"));
                surface.pop();
            }
        }
    }
    surface.finish();
    out.finish();
    Ok(())
}
