//! The faces a report is set in. GB/T 9704 names 仿宋, 小标宋, 黑体 and 楷体;
//! none of them may be redistributed, but office PCs have them (simfang.ttf
//! and the like). Each style takes, in this order:
//!
//! 1. the PC's own face, found by family name (FangSong/仿宋, SimHei/黑体,
//!    KaiTi/楷体, FZXiaoBiaoSong-B05S/方正小标宋简体, and the _GB2312 faces);
//! 2. the stand-in shipped with Tian's source (`assets/fonts`) or beside an
//!    installed program (`TIAN_FONTS`, `../share/tian/fonts`, `fonts/`):
//!    Noto Serif SC for 仿宋 and, bold, for 小标宋, Noto Sans SC Bold for 黑体,
//!    LXGW WenKai for 楷体;
//! 3. the same designs as the system has them (Debian's fonts-noto-cjk and
//!    fonts-lxgw-wenkai, which the .deb depends on instead of carrying 19 MB
//!    of fonts).
//!
//! Whatever is found is embedded in the PDF (only the glyphs used), so a
//! report prints the same everywhere.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use ttf_parser::{Face as Parsed, GlyphId};

use crate::ExportError;

/// The face for `style`: the PC's own, else the shipped stand-in, else the
/// stand-in's design from the system's fonts.
fn find_face(system: &fontdb::Database, stand_ins: Option<&Path>, style: Style) -> Option<Face> {
    let own = || system_face(system, style.own_families(), fontdb::Weight::NORMAL, false);
    let shipped = || {
        let (file, family) = style.stand_in_file();
        let data = std::fs::read(stand_ins?.join(file)).ok()?;
        Face::load(data, 0, family, true)
    };
    let (families, weight) = style.system_stand_in();
    own().or_else(shipped).or_else(|| system_face(system, families, weight, true))
}

/// The first of `families` the system has, in the weight nearest `weight`.
fn system_face(system: &fontdb::Database, families: &[&str], weight: fontdb::Weight, stand_in: bool) -> Option<Face> {
    families.iter().find_map(|family| {
        let query = fontdb::Query { families: &[fontdb::Family::Name(family)], weight, ..Default::default() };
        let id = system.query(&query)?;
        // The query matches names loosely; the face must really be this family.
        let named = system.face(id)?.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family));
        let (data, index) = system.with_face_data(id, |data, index| (data.to_vec(), index))?;
        named.then(|| Face::load(data, index, family, stand_in)).flatten()
    })
}

/// Where Tian's own stand-in faces are: `TIAN_FONTS`; beside an installed
/// program (`../share/tian/fonts` on Linux, `fonts` on Windows); or, for a
/// build from source, the repository's `assets/fonts` (not for a package,
/// built with `TIAN_PACKAGED` set, which must not reach into the folder it
/// was built in).
fn stand_in_folder() -> Option<PathBuf> {
    let exe_dir = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf));
    let source_tree = option_env!("TIAN_PACKAGED").is_none();
    let candidates = [
        std::env::var_os("TIAN_FONTS").map(PathBuf::from),
        exe_dir.as_ref().map(|d| d.join("../share/tian/fonts")),
        exe_dir.map(|d| d.join("fonts")),
        source_tree.then(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts")),
    ];
    candidates.into_iter().flatten().find(|dir| dir.join(Style::Body.stand_in_file().0).is_file())
}

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

impl Style {
    const ALL: [Style; 4] = [Style::Body, Style::Title, Style::Hei, Style::Kai];

    /// The PC's own faces for this style as a CSS font list, for the print preview.
    pub(crate) fn css_families(self) -> String {
        self.own_families().iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ")
    }

    /// The families of the PC's own face for this style, as Windows and
    /// the GB/T 9704 font packages name them.
    fn own_families(self) -> &'static [&'static str] {
        match self {
            Style::Body => &["FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312"],
            Style::Title => &["FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"],
            Style::Hei => &["SimHei", "黑体"],
            Style::Kai => &["KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312"],
        }
    }

    /// The stand-in's file among Tian's fonts, and its face as a clerk would name it.
    fn stand_in_file(self) -> (&'static str, &'static str) {
        match self {
            Style::Body => ("NotoSerifSC-Regular-GBK.ttf", "Noto Serif SC"),
            Style::Title => ("NotoSerifSC-Bold-GB2312.ttf", "Noto Serif SC Bold"),
            Style::Hei => ("NotoSansSC-Bold-GB2312.ttf", "Noto Sans SC Bold"),
            Style::Kai => ("LXGWWenKai-Medium-GB2312.ttf", "LXGW WenKai"),
        }
    }

    /// The stand-in's design as the system may have it, and its weight.
    fn system_stand_in(self) -> (&'static [&'static str], fontdb::Weight) {
        match self {
            Style::Body => (&["Noto Serif CJK SC", "Noto Serif SC"], fontdb::Weight::NORMAL),
            Style::Title => (&["Noto Serif CJK SC", "Noto Serif SC"], fontdb::Weight::BOLD),
            Style::Hei => (&["Noto Sans CJK SC", "Noto Sans SC"], fontdb::Weight::BOLD),
            Style::Kai => (&["LXGW WenKai", "霞鹜文楷", "Noto Serif CJK SC"], fontdb::Weight::NORMAL),
        }
    }
}

/// A parsed face and its krilla handle; a copy shares the font's bytes.
#[derive(Clone)]
pub struct Face {
    parsed: Parsed<'static>,
    pub(crate) pdf: krilla::text::Font,
    units_per_em: f32,
    /// The family it was found by, or the stand-in's file.
    family: String,
    /// Whether it stands in for the face GB/T 9704 names.
    stand_in: bool,
}

/// 报告用字: the face a style of the report is set in, as the window tells
/// the clerk before the report goes out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FaceUse {
    /// The face GB/T 9704 asks for and what it sets: "仿宋（正文）".
    pub role: String,
    /// The face found: "FangSong", "Noto Serif CJK SC" …
    pub family: String,
    /// Whether it stands in for the face asked for, which this PC lacks.
    pub stand_in: bool,
}

impl Face {
    /// The family it was found by, or the stand-in's family.
    pub(crate) fn family(&self) -> &str {
        &self.family
    }

    /// The face at `index` of the font file `data`, read once for the
    /// process's lifetime (its glyphs are needed by every report).
    fn load(data: Vec<u8>, index: u32, family: &str, stand_in: bool) -> Option<Face> {
        let data: &'static [u8] = Box::leak(data.into_boxed_slice());
        let parsed = Parsed::parse(data, index).ok()?;
        let pdf = krilla::text::Font::new(krilla::Data::from(data), index)?;
        Some(Face { units_per_em: parsed.units_per_em() as f32, parsed, pdf, family: family.to_owned(), stand_in })
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
    /// The four faces, found once per process.
    pub fn get() -> Result<Arc<Faces>, ExportError> {
        static FACES: OnceLock<Option<Arc<Faces>>> = OnceLock::new();
        FACES.get_or_init(|| Faces::find().map(Arc::new)).clone().ok_or(ExportError::NoFonts)
    }

    fn find() -> Option<Faces> {
        let mut system = fontdb::Database::new();
        system.load_system_fonts();
        let stand_ins = stand_in_folder();
        let find = |style| find_face(&system, stand_ins.as_deref(), style);
        let body = find(Style::Body)?;
        // A style with no face of its own borrows the body's, as a stand-in.
        let or_body = |style| {
            find(style).unwrap_or_else(|| {
                let mut borrowed = body.clone();
                borrowed.stand_in = true;
                borrowed
            })
        };
        Some(Faces { title: or_body(Style::Title), hei: or_body(Style::Hei), kai: or_body(Style::Kai), body })
    }

    /// Which face each style is set in, and which are stand-ins.
    pub fn uses(&self) -> Vec<FaceUse> {
        Style::ALL
            .into_iter()
            .map(|style| {
                let face = self.face(style);
                let role = match style {
                    Style::Body => "仿宋（正文）",
                    Style::Title => "小标宋（标题）",
                    Style::Hei => "黑体（一级标题）",
                    Style::Kai => "楷体（二级标题）",
                };
                FaceUse { role: role.to_owned(), family: face.family.clone(), stand_in: face.stand_in }
            })
            .collect()
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
