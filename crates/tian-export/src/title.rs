//! 标题回行: GB/T 9704 asks that a title running over keeps its meaning
//! whole on each line (词意完整) and its lines in a trapezoid or diamond.
//! The title is cut into words first and broken only between them, into as
//! few lines as fit and as even as they can be; every format uses these lines.

/// Words that must not be split across lines, longest first where they overlap.
const WORDS: &[&str] = &[
    "征询意见表",
    "重点提案",
    "办理情况",
    "督办报告",
    "提案办理",
    "催办函",
    "市政协",
    "委员会",
    "政协",
    "会议",
    "提案",
    "办理",
    "情况",
    "督办",
    "报告",
    "关于",
    "答复",
    "意见",
];

/// Numerals that run together into one word: 十三届五次, 2026年.
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇一二三四五六七八九十百届次".contains(c)
}

/// The title cut into unbreakable words. Unknown runs of characters stay whole,
/// so a unit's name (市教育局) never breaks; punctuation sticks to its word.
fn words(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut unknown = String::new();
    let mut i = 0;
    let flush = |unknown: &mut String, out: &mut Vec<String>| {
        if !unknown.is_empty() {
            out.push(std::mem::take(unknown));
        }
    };
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if let Some(word) = WORDS.iter().find(|w| rest.starts_with(**w)) {
            flush(&mut unknown, &mut out);
            out.push((*word).to_owned());
            i += word.chars().count();
        } else if chars[i] == '第' || numeral(chars[i]) {
            // 第0069号 and 十三届五次 are one word each.
            flush(&mut unknown, &mut out);
            let mut word = String::from(chars[i]);
            i += 1;
            while i < chars.len() && (numeral(chars[i]) || (word.starts_with('第') && chars[i] == '号')) {
                word.push(chars[i]);
                i += 1;
                if word.ends_with('号') {
                    break;
                }
            }
            out.push(word);
        } else if "的和与及".contains(chars[i]) {
            flush(&mut unknown, &mut out);
            out.push(chars[i].to_string());
            i += 1;
        } else if "《“（".contains(chars[i]) {
            flush(&mut unknown, &mut out);
            unknown.push(chars[i]);
            i += 1;
        } else if "》”），、".contains(chars[i]) {
            unknown.push(chars[i]);
            flush(&mut unknown, &mut out);
            i += 1;
        } else {
            unknown.push(chars[i]);
            i += 1;
        }
    }
    flush(&mut unknown, &mut out);
    // Closing punctuation never starts a line, and a session keeps its
    // 会议 (十三届五次会议).
    let mut merged: Vec<String> = Vec::new();
    for w in out {
        match merged.last_mut() {
            Some(last) if w.starts_with(['》', '”', '）', '，', '、']) => last.push_str(&w),
            Some(last) if w == "会议" && last.ends_with('次') => last.push_str(&w),
            Some(last) if last.ends_with("市政协") && w.starts_with(numeral) => last.push_str(&w),
            _ => merged.push(w),
        }
    }
    merged
}

/// `title` in lines of at most `max` characters, broken between words into
/// the fewest lines, then the most even; a word longer than a line is the
/// only thing ever broken inside.
pub fn break_title(title: &str, max: f32) -> Vec<String> {
    let mut words = words(title.trim());
    if words.is_empty() {
        return vec![String::new()];
    }
    // A word longer than a line (a long unknown run) is cut into pieces.
    words = words
        .into_iter()
        .flat_map(|w| {
            if crate::gbt9704::grid_chars(&w) <= max {
                vec![w]
            } else {
                w.chars().collect::<Vec<_>>().chunks(max as usize).map(|c| c.iter().collect()).collect()
            }
        })
        .collect();
    let n = words.len();
    let split = |mask: u64| -> Vec<String> {
        let mut lines = vec![String::new()];
        for (i, w) in words.iter().enumerate() {
            if i > 0 && mask & (1 << (i - 1)) != 0 {
                lines.push(String::new());
            }
            lines.last_mut().expect("one line at least").push_str(w);
        }
        lines
    };
    // Titles are a handful of words, so every way of breaking them can be
    // tried; a runaway title falls back to breaking wherever a line is full.
    if n > 20 {
        let mut lines = vec![String::new()];
        for w in &words {
            if crate::gbt9704::grid_chars(lines.last().expect("a line")) + crate::gbt9704::grid_chars(w) > max {
                lines.push(String::new());
            }
            lines.last_mut().expect("a line").push_str(w);
        }
        return lines;
    }
    let score = |lines: &[String]| {
        let widths: Vec<f32> = lines.iter().map(|l| crate::gbt9704::grid_chars(l)).collect();
        let widest = widths.iter().copied().fold(0.0, f32::max);
        let narrowest = widths.iter().copied().fold(f32::MAX, f32::min);
        // Fewest lines, then the most even, then a trapezoid that widens downwards.
        let widening = widths.windows(2).all(|w| w[0] <= w[1]);
        (lines.len(), ((widest - narrowest) * 2.0) as u32, !widening)
    };
    (0..1u64 << (n - 1))
        .map(split)
        .filter(|lines| lines.iter().all(|l| crate::gbt9704::grid_chars(l) <= max))
        .min_by_key(|lines| score(lines))
        .unwrap_or_else(|| vec![words.concat()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_report_title_breaks_between_words_into_even_lines() {
        let lines = break_title("市政协十三届五次会议重点提案办理情况的督办报告", 18.0);
        assert_eq!(lines, ["市政协十三届五次会议", "重点提案办理情况的督办报告"].map(String::from));
    }

    #[test]
    fn no_line_breaks_inside_a_word_or_a_unit_name() {
        let title = "关于督促市教育局加快办理市政协十三届五次会议重点提案的催办函";
        let lines = break_title(title, 18.0);
        assert_eq!(lines.concat(), title);
        assert!(lines.len() == 2 && lines.iter().all(|l| crate::gbt9704::grid_chars(l) <= 18.0), "{lines:?}");
        for word in ["市教育局", "重点提案", "市政协十三届五次会议", "催办函"] {
            assert!(lines.iter().any(|l| l.contains(word)), "{word} split in {lines:?}");
        }
    }

    #[test]
    fn a_short_title_stays_on_one_line() {
        assert_eq!(break_title("第0069号重点提案督办报告", 18.0), ["第0069号重点提案督办报告"]);
    }
}
