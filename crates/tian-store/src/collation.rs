//! 拼音排序: the order a Chinese office sorts names and titles in.
//!
//! SQLite compares text by code point, which puts 市财政局 after 市科技局
//! for no reason a clerk knows. Each sortable text is kept beside its sort
//! key, its characters spelled in pinyin, so the list sorts through an index
//! as fast as by code point.

use pinyin::ToPinyin;

/// Ends each syllable: lower than any letter, so "an" sorts before "ang".
const SYLLABLE_END: char = '\u{1}';

/// The key `text` sorts by: each Chinese character as its pinyin (the
/// common reading), every other character lower-cased as it is, then the
/// text itself, so that homophones still sort one way every time.
pub(crate) fn sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() * 3);
    for (c, spelled) in text.chars().zip(text.to_pinyin()) {
        match spelled {
            Some(p) => key.push_str(p.plain()),
            None => key.extend(c.to_lowercase()),
        }
        key.push(SYLLABLE_END);
    }
    key.push('\u{0}');
    key.push_str(text);
    key
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn names_sort_as_a_chinese_office_sorts_them() {
        let mut units = ["市科技局", "市财政局", "市教育局", "市民政局", "市农业农村局"];
        units.sort_by_key(|u| sort_key(u));
        assert_eq!(units, ["市财政局", "市教育局", "市科技局", "市民政局", "市农业农村局"]);
        // A syllable that is the start of another sorts first: a, an, ang.
        let mut words = ["昂扬", "安全", "阿里"];
        words.sort_by_key(|w| sort_key(w));
        assert_eq!(words, ["阿里", "安全", "昂扬"]);
        assert!(sort_key("5G基站") < sort_key("关于"), "digits and letters before Chinese, as in a dictionary");
    }
}
