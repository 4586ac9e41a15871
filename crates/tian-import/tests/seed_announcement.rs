//! The importer against the real announcement of 十三届五次 (seed 000, kept
//! as the default data in `assets/`), and against the ways that file arrives
//! damaged or re-saved in the wild.

use tian_domain::{ProposerKind, Stage};
use tian_import::{parse_announcement, Announcement, ImportError};

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");

fn seed() -> Announcement {
    parse_announcement(SEED.as_bytes()).expect("the published announcement parses")
}

fn number(a: &Announcement, n: &str) -> tian_domain::Proposal {
    a.proposals.iter().find(|p| p.number == n).cloned().unwrap_or_else(|| panic!("no {n}"))
}

#[test]
fn the_default_data_is_the_published_seed_unchanged() {
    // When the team's seeds are beside the checkout, the embedded copy must not drift from them.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&shared) else { return };
    let seed_000 = entries
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("000_"))
        .expect("seed 000 is among the shared seeds");
    assert_eq!(std::fs::read_to_string(seed_000.path()).unwrap(), SEED);
}

#[test]
fn all_thirteen_proposals_are_read_in_published_order() {
    let a = seed();
    assert_eq!(a.session, "十三届五次");
    let numbers: Vec<_> = a.proposals.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["0069", "0458", "0020", "0045", "0174", "0273", "0276", "0464", "0377", "0396", "0044", "0077", "0150"]
    );
    assert!(a.proposals.iter().all(|p| p.session == "十三届五次" && p.stage == Stage::Registered));
}

#[test]
fn every_proposal_has_its_published_number_of_suggestions() {
    let a = seed();
    let counts: Vec<(&str, usize)> = a.proposals.iter().map(|p| (p.number.as_str(), p.suggestions.len())).collect();
    assert_eq!(
        counts,
        [
            ("0069", 6),
            ("0458", 7),
            ("0020", 4),
            ("0045", 5),
            ("0174", 5),
            ("0273", 4),
            ("0276", 11),
            ("0464", 4),
            ("0377", 12),
            ("0396", 4),
            ("0044", 4),
            ("0077", 3),
            ("0150", 10),
        ]
    );
}

#[test]
fn proposal_0069_reads_exactly_as_published() {
    let p = number(&seed(), "0069");
    assert_eq!(p.title, "关于大力发展智慧教育，加快推进我市基础教育现代化的建议");
    assert_eq!(p.proposer, "市民盟");
    assert_eq!(p.proposer_kind, ProposerKind::Organization);
    assert!(p.summary.starts_with("我市中小学智慧教育发展存在缺乏统筹规划和系统设计"));
    assert!(p.summary.ends_with("一线教师在智慧教育的专业培训方面欠缺等问题。"));
    assert_eq!(p.suggestions[0], "尽快制定相关标准和配套文件，为智慧教育建设提供基本依据。");
    assert!(p.suggestions[2].ends_with("推进优质学校与农村学校结对帮扶。"));
    assert!(p.suggestions[3].starts_with("促进“技”“教”深度融合。"));
    assert!(p.suggestions[5].ends_with("创新型的教师队伍。"));
    assert_eq!(p.gov_leaders, ["孟祥红"]);
    assert_eq!(p.cppcc_leaders, ["闫纯锴", "邓小梅"]);
    assert_eq!(p.lead_units, ["市教育局"]);
    assert_eq!(p.co_committees, ["教科卫体委员会"]);
    assert_eq!(p.category, None);
}

#[test]
fn proposal_0020_has_two_lead_units_and_its_page_break_is_mended() {
    let p = number(&seed(), "0020");
    assert_eq!(p.title, "关于加大科技投入推进科技强市的建议");
    assert_eq!(p.proposer, "市九三学社");
    assert_eq!(p.proposer_kind, ProposerKind::Organization);
    assert_eq!(p.lead_units, ["市财政局", "市科技局"]);
    assert_eq!(p.gov_leaders, ["蒋文红"]);
    assert_eq!(p.cppcc_leaders, ["闫纯锴"]);
    assert_eq!(
        p.suggestions[1],
        "进一步加大对科技创新扶持力度，制定一系列务实管用、操作性强的政策措施。借鉴上海、浙江、江苏等发达地区的做法，对科技企业的创新产品给予大力支持。"
    );
}

#[test]
fn proposal_0174_keeps_the_brackets_inside_its_lead_unit() {
    let p = number(&seed(), "0174");
    assert_eq!(p.title, "关于推进河北自贸试验区正定片区高质量发展创新的建议");
    assert_eq!(p.proposer, "市民革");
    assert_eq!(p.lead_units, ["中国（河北）自由贸易试验区正定片区管委会"]);
    assert_eq!(p.gov_leaders, ["蒋文红"]);
    assert_eq!(p.cppcc_leaders, ["武义青", "冯立业"]);
    assert_eq!(p.co_committees, ["财政经济委员会"]);
    assert!(p.suggestions[2].contains("加大1210模式（保税备货进口）跨境电商业务的开展力度。"));
}

#[test]
fn proposal_0276_is_by_the_member_song_xue_not_the_leader_song_xuegong() {
    let a = seed();
    let p = number(&a, "0276");
    assert_eq!(p.proposer, "宋学");
    assert_eq!(p.proposer_kind, ProposerKind::Member);
    assert_eq!(p.lead_units, ["市卫生健康委员会"]);
    assert_eq!(p.cppcc_leaders, ["范振增", "闫纯锴"]);
    assert_eq!(
        p.suggestions[10],
        "疾病预防控制机构要及时研判疫情风险，强化早期预警，综合各方专家评估意见，及时提出启动应急响应建议。"
    );
    assert!(number(&a, "0396").cppcc_leaders.contains(&"宋学恭".to_owned()));
}

#[test]
fn proposal_0464_and_0273_and_0044_read_across_their_page_breaks() {
    let a = seed();
    assert!(number(&a, "0464").suggestions[3].starts_with("发挥中医药优势，建设医养结合养老服务特色化发展模式。"));
    assert!(number(&a, "0273").summary.contains("突发公共卫生事件救治体系有待完善等问题"));
    assert!(number(&a, "0044").suggestions[0].contains("大力发展绿色、优质、特色农产品。"));
    let co = number(&a, "0377").co_committees;
    assert_eq!(co, ["社会和法制委员会（民族和宗教委员会）"]);
}

#[test]
fn gbk_bom_crlf_indentation_and_half_width_headers_read_the_same() {
    let expected = seed();
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(SEED);
    assert!(!lossy);
    assert_eq!(parse_announcement(&gbk).unwrap(), expected);

    let rewritten: String = SEED
        .lines()
        .map(|line| {
            let line = line.replace('（', "(").replace('）', ")").replace("提案者：", "提案者:");
            format!("\u{3000}\u{3000}{line}  \r\n")
        })
        .collect();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(rewritten.as_bytes());
    let reread = parse_announcement(&bytes).unwrap();
    assert_eq!(reread.proposals.len(), 13);
    for (a, b) in reread.proposals.iter().zip(&expected.proposals) {
        assert_eq!((&a.number, &a.proposer, a.suggestions.len()), (&b.number, &b.proposer, b.suggestions.len()));
        assert_eq!(a.gov_leaders, b.gov_leaders);
    }
}

#[test]
fn a_file_cut_off_mid_proposal_names_the_missing_line() {
    let cut = &SEED[..SEED.find("市政府主办部门：中国（河北）").unwrap()];
    let err = parse_announcement(cut.as_bytes()).unwrap_err();
    let ImportError::Malformed { line, problem, .. } = &err else { panic!("{err}") };
    assert!(problem.contains("第0174号") && problem.contains("市政府主办部门"), "{problem}");
    assert_eq!(*line, cut.lines().count(), "names the last line of the cut-off proposal");
    assert!(err.to_string().starts_with(&format!("第{line}行：")));
}

#[test]
fn a_missing_header_field_is_refused_with_its_line() {
    let broken = SEED.replacen("市政协领导：孟胜林\n", "", 1);
    let err = parse_announcement(broken.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("第0458号") && err.contains("市政协领导"), "{err}");
}

#[test]
fn stray_text_after_the_fields_is_refused_not_swallowed() {
    let broken =
        SEED.replacen("市政协协办部门：教科卫体委员会\n", "市政协协办部门：教科卫体委员会\n此处多了一行说明\n", 1);
    let err = parse_announcement(broken.as_bytes()).unwrap_err().to_string();
    let line = SEED.lines().position(|l| l == "市政协协办部门：教科卫体委员会").unwrap() + 2;
    assert!(err.starts_with(&format!("第{line}行：“此处多了一行说明”")), "{err}");
}

#[test]
fn a_title_without_session_and_other_documents_are_refused() {
    let err = parse_announcement("重点提案\n\n一、关于x的建议（第0001号 提案者：市民盟）".as_bytes()).unwrap_err();
    assert!(matches!(err, ImportError::Malformed { line: 1, .. }), "{err}");
    let plan = "石家庄市国民经济和社会发展第十四个五年规划\n第一章 发展基础\n";
    assert!(parse_announcement(plan.as_bytes()).is_err());
    assert_eq!(parse_announcement(b"\n \n"), Err(ImportError::Empty));
}

#[test]
fn garbage_bytes_are_refused_as_not_text() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_eq!(parse_announcement(&garbage), Err(ImportError::UnknownEncoding));
}

#[test]
fn a_number_twice_in_one_file_is_refused() {
    let twice = SEED.replacen("第0458号", "第0069号", 1);
    let err = parse_announcement(twice.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("第0069号提案在本文件中出现了两次"), "{err}");
}
