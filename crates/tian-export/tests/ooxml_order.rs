//! Word reads a .docx against the ECMA-376 schema, whose property elements
//! are sequences: a child out of order (`w:jc` before `w:ind`) is what Word
//! answers with "发现无法读取的内容", though LibreOffice takes it. No Word is at
//! hand, so every part of a report is checked here against the sequences of
//! the elements the writer uses.

use std::io::Read;

use tian_export::{bar_chart, write_docx, Annex, Bar, Block, FormRow, OfficialDocument, Table};

/// The order of the children of each property element (ECMA-376 Part 1,
/// §17.3.1.26 pPr, §17.3.2.28 rPr, §17.6.17 sectPr, §17.4.60 tblPr,
/// §17.4.70 tcPr): the elements a child may be, in the order they must come.
const SEQUENCES: &[(&str, &[&str])] = &[
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference|footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
    ),
];

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Where each child of `element` breaks its sequence, if anywhere.
fn out_of_order(part: &str, element: roxmltree::Node, sequence: &[&str]) -> Vec<String> {
    let position = |name: &str| sequence.iter().position(|s| s.split('|').any(|alt| alt == name));
    let mut last = 0;
    let mut problems = Vec::new();
    for child in element.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(W)) {
        let name = child.tag_name().name();
        match position(name) {
            None => problems.push(format!("{part}: w:{name} may not stand in w:{}", element.tag_name().name())),
            Some(at) if at < last => problems.push(format!(
                "{part}: w:{name} comes after w:{} in w:{}",
                sequence[last],
                element.tag_name().name()
            )),
            Some(at) => last = at,
        }
    }
    problems
}

fn report() -> OfficialDocument {
    let table = Table {
        header: vec!["编号".into(), "案由".into(), "主办单位".into()],
        widths: vec![1.0, 4.0, 2.0],
        rows: vec![vec!["0069".into(), "关于大力发展智慧教育的建议".into(), "市教育局".into()]],
    };
    let chart = bar_chart("各主办单位的提案件数", &[Bar { label: "市教育局".into(), value: 3 }]).unwrap();
    let mut doc = OfficialDocument::new(
        "市政协十三届五次会议重点提案办理情况的督办报告".into(),
        "市政协提案委员会".into(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    );
    doc.number = Some("政协提案催〔2026〕3号".into());
    doc.recipient = Some("市政协主席会议".into());
    doc.blocks = vec![
        Block::Heading1("一、总体情况".into()),
        Block::Paragraph("按照重点提案督办工作安排，现将办理情况报告如下。".into()),
        Block::Heading2("（一）主要做法".into()),
        Block::Picture(chart),
        Block::Labelled { label: "主办单位：".into(), text: "市教育局".into() },
    ];
    // Every kind of block, in a landscape annex and a portrait one, so the
    // section breaks and the form are checked too.
    doc.annexes = vec![
        Annex { name: "一览表".into(), blocks: vec![Block::Table(table)], landscape: true },
        Annex {
            name: "征询意见表".into(),
            blocks: vec![Block::Form(vec![FormRow { label: "具体意见".into(), value: String::new(), lines: 6 }])],
            landscape: false,
        },
    ];
    doc
}

#[test]
fn every_property_element_of_a_report_keeps_the_schemas_order() {
    let docx = write_docx(&report()).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().to_owned();
        if !name.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        for node in tree.descendants().filter(|n| n.is_element() && n.tag_name().namespace() == Some(W)) {
            if let Some((_, sequence)) = SEQUENCES.iter().find(|(element, _)| *element == node.tag_name().name()) {
                checked += 1;
                problems.extend(out_of_order(&name, node, sequence));
            }
        }
    }
    assert!(checked > 20, "the report has property elements to check ({checked})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
