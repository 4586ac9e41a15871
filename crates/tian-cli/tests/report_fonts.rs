//! The PC's own faces: a 仿宋 installed in the clerk's own font folder is the
//! face the report's body is set in and embeds; styles the PC lacks keep
//! their stand-ins.

use std::process::Command;

use read_fonts::types::NameId;
use read_fonts::FontRef;
use write_fonts::tables::name::{Name, NameRecord};
use write_fonts::{FontBuilder, OffsetMarker};

/// The font `data` renamed to `family` (its PostScript name too), as an
/// office PC's simfang.ttf names itself.
fn renamed(data: &[u8], family: &str) -> Vec<u8> {
    let font = FontRef::new(data).unwrap();
    let mut records: Vec<NameRecord> = [1u16, 4, 6, 16]
        .into_iter()
        .map(|id| NameRecord::new(3, 1, 0x409, NameId::new(id), OffsetMarker::new(family.to_owned())))
        .collect();
    records.sort();
    let mut builder = FontBuilder::new();
    builder.add_table(&Name::new(records)).unwrap();
    builder.copy_missing_tables(font);
    builder.build()
}

#[test]
fn a_fangsong_in_the_users_font_folder_is_the_body_face_the_pdf_embeds() {
    let home = tempfile::tempdir().unwrap();
    let fonts = home.path().join(".local/share/fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let stand_in = std::fs::read("../../assets/fonts/NotoSerifSC-Regular-GBK.ttf").unwrap();
    std::fs::write(fonts.join("simfang.ttf"), renamed(&stand_in, "FangSong")).unwrap();

    let pdf = home.path().join("督办报告.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_tian"))
        .arg("--db")
        .arg(home.path().join("tian.db"))
        .args(["report", "-o"])
        .arg(&pdf)
        .env("HOME", home.path())
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("+FangSong"), "the PC's own 仿宋 sets the body: {fonts}");
    assert!(fonts.contains("NotoSerifSC-Bold"), "the title keeps its stand-in, having no 小标宋 here: {fonts}");
    assert!(!fonts.contains("NotoSerifSC-Regular"), "the body's stand-in is not used: {fonts}");
}
