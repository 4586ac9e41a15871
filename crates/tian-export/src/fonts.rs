//! The CJK faces shipped in `assets/fonts/` and embedded in every PDF, so a
//! report prints the same on a PC without Chinese fonts. They stand in for
//! the faces GB/T 9704 names (none of which may be redistributed):
//! Noto Serif SC for 仿宋 and, bold, for 小标宋; Noto Sans SC Bold for 黑体;
//! LXGW WenKai for 楷体.

use std::sync::{Arc, OnceLock};

use ttf_parser::{Face as Parsed, GlyphId};

macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/", $name))
    };
}

static BODY: &[u8] = font_file!("NotoSerifSC-Regular-GBK.ttf");
static TITLE: &[u8] = font_file!("NotoSerifSC-Bold-GB2312.ttf");
static HEI: &[u8] = font_file!("NotoSansSC-Bold-GB2312.ttf");
static KAI: &[u8] = font_file!("LXGWWenKai-Medium-GB2312.ttf");

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// 仿宋 stand-in: body, tables, signature, page numbers.
    Body,
    /// 小标宋 stand-in: the title.
    Title,
    /// 黑体 stand-in: level-1 headings and bold labels.
    Hei,
    /// 楷体 stand-in: level-2 headings.
    Kai,
}

/// A parsed face and its krilla handle.
pub struct Face {
    parsed: Parsed<'static>,
    pub(crate) pdf: krilla::text::Font,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        let parsed = Parsed::parse(data, 0).expect("shipped font parses");
        let pdf = krilla::text::Font::new(krilla::Data::from(data), 0).expect("shipped font loads");
        Face { units_per_em: parsed.units_per_em() as f32, parsed, pdf }
    }

    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        self.parsed.glyph_index(c)
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// Feeds the glyph's outline, in font units, to `builder`.
    pub fn outline(&self, glyph: GlyphId, builder: &mut dyn ttf_parser::OutlineBuilder) -> Option<ttf_parser::Rect> {
        self.parsed.outline_glyph(glyph, builder)
    }

    /// Advance width in ems.
    pub fn advance(&self, glyph: GlyphId) -> f32 {
        self.parsed.glyph_hor_advance(glyph).unwrap_or(0) as f32 / self.units_per_em
    }
}

/// The four faces, loaded once per process.
pub struct Faces {
    body: Face,
    title: Face,
    hei: Face,
    kai: Face,
}

impl Faces {
    pub fn get() -> Arc<Faces> {
        static FACES: OnceLock<Arc<Faces>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                Arc::new(Faces {
                    body: Face::load(BODY),
                    title: Face::load(TITLE),
                    hei: Face::load(HEI),
                    kai: Face::load(KAI),
                })
            })
            .clone()
    }

    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Body => &self.body,
            Style::Title => &self.title,
            Style::Hei => &self.hei,
            Style::Kai => &self.kai,
        }
    }

    /// The face that draws `c` in `style`: the style's own face, else the body
    /// face, which carries the whole GBK repertoire; a character no shipped
    /// face has gets the body face's missing-glyph box (and stays in the text layer).
    pub fn resolve(&self, style: Style, c: char) -> (Style, GlyphId) {
        if let Some(g) = self.face(style).glyph(c) {
            return (style, g);
        }
        (Style::Body, self.body.glyph(c).unwrap_or(GlyphId(0)))
    }
}
