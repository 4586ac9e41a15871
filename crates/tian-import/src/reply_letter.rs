//! 复文版头: what a reply letter says of itself in its head and at its
//! foot (文号, 签发人 and 职务, 类别标注, 成文日期), read so the clerk only
//! confirms them. A letter without one of them simply leaves it blank; what is
//! found is offered, never trusted: the clerk's form still decides.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use tian_domain::AnswerClass;
use ts_rs::TS;

/// What a reply letter's head and foot say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LetterHead {
    /// 文号: 教提复〔2026〕12号.
    pub number: Option<String>,
    /// 签发人
    pub signer: Option<String>,
    /// 签发人职务, where the letter gives one beside the name.
    pub signer_post: Option<String>,
    /// 类别标注: A, B or C as printed at the top of the letter.
    pub class: Option<AnswerClass>,
    /// 成文日期: the last date at the foot of the letter.
    pub date: Option<NaiveDate>,
    /// 联系人 and phone, as the foot gives them (“（联系人：李华 0311-1234）”).
    pub contact: Option<String>,
}

/// 文号 anywhere in a line, and a line that is one. Compiled once: a
/// whole term's 督办报告 reads the head of some 3,500 letters, and
/// compiling these Unicode classes per letter was most of its time.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{1,12}[〔\[［][0-9]{4}[〕\]］]\s*[0-9]{1,5}\s*号").expect("pattern compiles")
});
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}]{1,12}[〔\[［][0-9]{4}[〕\]］]\s*[0-9]{1,5}\s*号$").expect("pattern compiles")
});
static SIGNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"签\s*发\s*人?\s*[:：]\s*(\p{Han}{2,4})(?:[（(](\p{Han}{2,12})[）)])?").expect("pattern compiles")
});
static CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*(?:(?:类别标注|答复类别|办理类别|类别)\s*[:：]?\s*)?([ABCDＡＢＣＤ])\s*类?\s*[）)]?$")
        .expect("pattern compiles")
});
static CONTACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"联系人\s*[:：]\s*([^）)]{1,40})").expect("pattern compiles"));
static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9〇零一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日")
        .expect("pattern compiles")
});

/// Lines of the head: the 文号, 签发人 and 类别标注 stand before the body.
const HEAD_LINES: usize = 12;

/// Reads the head and foot of a reply letter's text.
pub fn letter_head(text: &str) -> LetterHead {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let head = &lines[..lines.len().min(HEAD_LINES)];
    let found_signer = head.iter().find_map(|l| SIGNER.captures(l));
    LetterHead {
        number: head.iter().find_map(|l| NUMBER.find(l)).map(|m| m.as_str().split_whitespace().collect()),
        signer: found_signer.as_ref().and_then(|c| c.get(1)).map(|m| m.as_str().to_owned()),
        signer_post: found_signer.as_ref().and_then(|c| c.get(2)).map(|m| m.as_str().to_owned()),
        class: head.iter().find_map(|l| CLASS.captures(l)).and_then(|c| AnswerClass::parse(&fullwidth_to_ascii(&c[1]))),
        // The 成文日期 closes the letter; a 版记 line below it (印发, 抄送) is not it.
        date: lines
            .iter()
            .rev()
            .take(HEAD_LINES)
            .filter(|l| !["印发", "抄送", "抄报"].iter().any(|w| l.contains(w)))
            .find_map(|l| written_date(l)),
        contact: lines
            .iter()
            .rev()
            .take(HEAD_LINES)
            .find_map(|l| CONTACT.captures(l))
            .map(|c| c[1].trim().to_owned())
            .filter(|c| !c.is_empty()),
    }
}

/// 复文正文: the letter without its head (发文机关, 类别标注, 签发人, 文号,
/// 标题 and 称谓) and its foot (落款, 成文日期, 抄送, 印发, 联系人), the
/// lines joined, so a report quotes what the unit said and cites the 文号
/// and signer apart. A text with no head or foot is given back whole.
pub fn letter_body(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let head = letter_head(text);
    let is_head = |l: &str| {
        let short = l.chars().count() <= 40;
        NUMBER_LINE.is_match(l)
            || (l.contains("签发") && short)
            || (head.class.is_some() && short && l.chars().filter(|c| c.is_alphabetic()).count() <= 6 && l.contains(|c: char| "ABCDＡＢＣＤ".contains(c)))
            || (l.starts_with("关于") && (l.ends_with("答复") || l.ends_with("复函") || l.ends_with("的函")))
            // 称谓: “市民盟：”, a short line ending in a colon.
            || (short && (l.ends_with('：') || l.ends_with(':')) && !l.contains(['，', '。']))
    };
    // The body begins after the last head line met before the first sentence.
    let first_sentence =
        lines.iter().take(HEAD_LINES).position(|l| l.contains('。')).unwrap_or(lines.len().min(HEAD_LINES));
    let start = lines[..first_sentence].iter().rposition(|l| is_head(l)).map_or(0, |i| i + 1);
    let is_foot = |l: &str| {
        // “（联系人：李华 0311-1234）”, as the letters Tian drafts write it, too.
        ["抄送", "抄报", "印发", "联系人", "联系电话", "附件："]
            .iter()
            .any(|w| l.trim_start_matches(['（', '(']).starts_with(w))
            || (written_date(l).is_some() && l.chars().count() <= 30)
            // 落款: the unit's name, a short line with no sentence in it.
            || (l.chars().count() <= 20 && !l.contains(['，', '。', '；']))
    };
    let mut end = lines.len();
    while end > start && lines.len() - end < HEAD_LINES && is_foot(lines[end - 1]) {
        end -= 1;
    }
    // A short text taken for all head or foot (“正文”, a lone colon) is
    // quoted as it stands rather than as nothing.
    let body = lines[start..end].concat();
    if !body.chars().any(char::is_alphanumeric) {
        return lines.concat();
    }
    body
}

fn fullwidth_to_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// A date as letters write it: 2026年5月20日, or 二〇二六年五月二十日.
fn written_date(line: &str) -> Option<NaiveDate> {
    let c = WRITTEN_DATE.captures(line)?;
    let year = digits(&c[1])?;
    NaiveDate::from_ymd_opt(year as i32, numeral(&c[2])?, numeral(&c[3])?)
}

/// 二〇二六 → 2026, digit by digit.
fn digits(s: &str) -> Option<u32> {
    s.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?))
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '〇' | '零' => Some(0),
        _ => "一二三四五六七八九".chars().position(|d| d == c).map(|i| i as u32 + 1),
    }
}

/// 五 → 5, 十二 → 12, 二十 → 20, 三十一 → 31, or plain digits.
fn numeral(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    match s.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { digits(tens)? };
            let ones = if ones.is_empty() { 0 } else { digits(ones)? };
            Some(tens * 10 + ones)
        }
        None => digits(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "\
市教育局
A
签发人：王建国（局长）
教提复〔2026〕12号

关于市政协十三届五次会议第0069号提案的答复

市民盟：
    你们提出的《关于大力发展智慧教育的建议》收悉。2026年3月1日交办后，我局……

市教育局
2026年5月20日
（联系人：李华 0311-86681234）
";

    #[test]
    fn the_head_and_foot_of_a_reply_letter_are_read() {
        let head = letter_head(LETTER);
        assert_eq!(head.number.as_deref(), Some("教提复〔2026〕12号"));
        assert_eq!(head.signer.as_deref(), Some("王建国"));
        assert_eq!(head.signer_post.as_deref(), Some("局长"));
        assert_eq!(head.class, Some(AnswerClass::A));
        assert_eq!(head.date, NaiveDate::from_ymd_opt(2026, 5, 20), "the foot's date, not the one in the body");
        assert_eq!(head.contact.as_deref(), Some("李华 0311-86681234"));
    }

    #[test]
    fn the_body_is_the_letter_without_its_head_and_foot() {
        assert_eq!(letter_body(LETTER), "你们提出的《关于大力发展智慧教育的建议》收悉。2026年3月1日交办后，我局……");
        let inline = "B类\n财提复〔2026〕18号\n签发人：王建华（局长）\n九三学社市委：\n    一、关于资金。已安排专项资金。\n    二、下一步。继续推进。\n市财政局\n2026年6月1日\n抄送：市政协提案委员会";
        assert_eq!(letter_body(inline), "一、关于资金。已安排专项资金。二、下一步。继续推进。");
        // A pasted body alone stays whole, its last short line too.
        assert_eq!(letter_body("已安排专项资金。\n特此答复。"), "已安排专项资金。特此答复。");
        // Nothing is quoted as nothing: a one-line text, lone colons.
        assert_eq!(letter_body("正文"), "正文");
        assert_eq!(letter_body("：\n：\n已落实"), "：：已落实");
    }

    #[test]
    fn other_ways_of_writing_them_are_read_too() {
        let head = letter_head(
            "类别标注：Ｂ类\n签发人: 李明\n石财函［2026］ 7 号\n正文\n二〇二六年六月三十日\n抄送：市政协提案委员会\n市财政局办公室 2026年7月2日印发",
        );
        assert_eq!(head.number.as_deref(), Some("石财函［2026］7号"));
        assert_eq!((head.signer.as_deref(), head.signer_post), (Some("李明"), None));
        assert_eq!(head.class, Some(AnswerClass::B));
        assert_eq!(head.date, NaiveDate::from_ymd_opt(2026, 6, 30), "the 成文日期, not the 印发 date below it");
        assert_eq!(letter_head("（C类）\n正文").class, Some(AnswerClass::C));
        assert_eq!(letter_head("(A)\n正文").class, Some(AnswerClass::A));
    }

    #[test]
    fn a_letter_without_a_head_offers_nothing_and_nonsense_never_panics() {
        assert_eq!(letter_head("我局高度重视，认真研究办理。"), LetterHead::default());
        assert_eq!(letter_head("2026年13月45日\n二〇二六年十三月九十日").date, None);
        assert_eq!(letter_head("").class, None);
        let body_only = "第一，关于A类问题……\nA股市场";
        assert_eq!(letter_head(body_only).class, None, "a letter in a sentence is no 类别标注");
    }
}
