//! 断行: breaking text into lines the way Chinese typesetting does. Every
//! character may break except inside a run of Latin letters and digits; a
//! closing mark never starts a line (it hangs into the margin instead) and an
//! opening mark never ends one (避头尾).

use std::ops::Range;

use ttf_parser::GlyphId;

use crate::fonts::{Faces, Style};

/// One glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub style: Style,
    pub glyph: GlyphId,
    /// Advance in points, after justification.
    pub advance: f32,
    /// Bytes of the line's text this glyph draws.
    pub text: Range<usize>,
}

/// A line ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub glyphs: Vec<Placed>,
    /// Printed in red: the 发文机关标志 of a 版头.
    pub red: bool,
}

impl Line {
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// How a block of text is set.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub style: Style,
    pub size: f32,
    /// Full-width characters advance by this pitch (the 28-character grid);
    /// `None` sets them at their own width.
    pub pitch: Option<f32>,
    /// Stretch full lines to the measure so the right edge is straight.
    pub justify: bool,
}

const NO_LINE_START: &str = "，。、；：？！）》」』”’】〕〉…—·%,.;:?!)]}";
const NO_LINE_END: &str = "（《「『“‘【〔〈([{";

/// Breaks `text` into lines no wider than `width`, the first line `indent` narrower.
pub fn break_lines(faces: &Faces, text: &str, setting: Setting, width: f32, indent: f32) -> Vec<Line> {
    break_spans(faces, &[(text, setting.style)], setting, width, indent)
}

/// Like [`break_lines`] for a paragraph whose parts are set in different faces.
pub fn break_spans(faces: &Faces, spans: &[(&str, Style)], setting: Setting, width: f32, indent: f32) -> Vec<Line> {
    let text: String = spans.iter().map(|(t, _)| *t).collect();
    let text = text.as_str();
    let (placed, tokens) = tokens(faces, spans, setting);
    let mut lines = Vec::new();
    let mut current: Vec<Placed> = Vec::new();
    let mut used = 0.0;
    let mut start = 0usize;
    let measure = |lines: &Vec<Line>| if lines.is_empty() { width - indent } else { width };
    for token in tokens.into_iter().map(|r| &placed[r]) {
        let token_width: f32 = token.iter().map(|g| g.advance).sum();
        let first_char = text[token[0].text.clone()].chars().next().unwrap_or(' ');
        let fits = used + token_width <= measure(&lines) + 0.01;
        let hangs = NO_LINE_START.contains(first_char) && !current.is_empty();
        if fits || hangs || current.is_empty() {
            // A Latin run longer than the whole line is broken where it must be.
            if !fits && !hangs && token.len() > 1 {
                for g in token {
                    if used + g.advance > measure(&lines) + 0.01 && !current.is_empty() {
                        push_line(&mut lines, text, &mut current, &mut start, width, setting, false);
                        used = 0.0;
                    }
                    used += g.advance;
                    current.push(g.clone());
                }
                continue;
            }
            used += token_width;
            current.extend_from_slice(token);
            continue;
        }
        // An opening mark left at the end moves down with what it opens.
        let mut carried = Vec::new();
        while current.last().is_some_and(|g| text[g.text.clone()].chars().all(|c| NO_LINE_END.contains(c)))
            && current.len() > 1
        {
            carried.insert(0, current.pop().unwrap());
        }
        let target = measure(&lines);
        push_line(&mut lines, text, &mut current, &mut start, target, setting, true);
        used = carried.iter().chain(token.iter()).map(|g| g.advance).sum();
        current.extend(carried);
        current.extend_from_slice(token);
    }
    if !current.is_empty() {
        let target = measure(&lines);
        push_line(&mut lines, text, &mut current, &mut start, target, setting, false);
    }
    lines
}

fn push_line(
    lines: &mut Vec<Line>,
    text: &str,
    current: &mut Vec<Placed>,
    start: &mut usize,
    target: f32,
    setting: Setting,
    full: bool,
) {
    let mut glyphs = std::mem::take(current);
    let end = glyphs.last().map_or(*start, |g| g.text.end);
    let begin = glyphs.first().map_or(*start, |g| g.text.start);
    for g in &mut glyphs {
        g.text = g.text.start - begin..g.text.end - begin;
    }
    if full && setting.justify && glyphs.len() > 1 {
        let used: f32 = glyphs.iter().map(|g| g.advance).sum();
        let spare = target - used;
        if spare > 0.0 {
            let gaps = (glyphs.len() - 1) as f32;
            let last = glyphs.len() - 1;
            for g in &mut glyphs[..last] {
                g.advance += spare / gaps;
            }
        }
    }
    lines.push(Line { text: text[begin..end].to_owned(), glyphs, red: false });
    *start = end;
}

/// The text's glyphs, and its unbreakable pieces as ranges of them: a run
/// of Latin letters and digits, or one character. One vector for the whole
/// paragraph: a vector per character was most of the allocation in a
/// whole term's report.
fn tokens(faces: &Faces, spans: &[(&str, Style)], setting: Setting) -> (Vec<Placed>, Vec<Range<usize>>) {
    let mut placed: Vec<Placed> = Vec::with_capacity(spans.iter().map(|(t, _)| t.len() / 3 + 1).sum());
    let mut tokens: Vec<Range<usize>> = Vec::with_capacity(placed.capacity());
    let mut in_word = false;
    let mut offset = 0;
    for (text, span_style) in spans {
        for (at, c) in text.char_indices() {
            if c == '\n' || c == '\r' {
                continue;
            }
            let (style, glyph) = faces.resolve(*span_style, c);
            let natural = faces.face(style).advance(glyph) * setting.size;
            let full_width = natural >= setting.size * 0.9;
            let advance = match setting.pitch {
                Some(pitch) if full_width => pitch,
                _ => natural,
            };
            let at = offset + at;
            placed.push(Placed { style, glyph, advance, text: at..at + c.len_utf8() });
            // A figure keeps its decimal point and per cent sign: “33.3%” never breaks after “33.”.
            let word = c.is_ascii_alphanumeric() || (in_word && matches!(c, '.' | '%'));
            match tokens.last_mut() {
                Some(last) if word && in_word => last.end = placed.len(),
                _ => tokens.push(placed.len() - 1..placed.len()),
            }
            in_word = word;
        }
        offset += text.len();
    }
    (placed, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gbt9704::{BODY_SIZE, CHARS_PER_LINE, CHAR_PITCH, TEXT_WIDTH};

    fn body() -> Setting {
        Setting { style: Style::Body, size: BODY_SIZE, pitch: Some(CHAR_PITCH), justify: true }
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn a_body_line_holds_twenty_eight_characters() {
        let text = "提".repeat(60);
        let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 0.0);
        let counts: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
        assert_eq!(counts, [CHARS_PER_LINE as usize, CHARS_PER_LINE as usize, 4]);
        assert!((lines[0].width() - TEXT_WIDTH).abs() < 0.01);
    }

    #[test]
    fn the_first_line_is_indented_by_two_characters() {
        let text = "案".repeat(30);
        let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 2.0 * CHAR_PITCH);
        assert_eq!(lines[0].text.chars().count(), 26);
    }

    #[test]
    fn a_comma_never_starts_a_line_and_an_opening_quote_never_ends_one() {
        let text = format!("{}，下一行", "办".repeat(28));
        let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 0.0);
        assert!(lines[0].text.ends_with('，'), "{:?}", texts(&lines));
        assert_eq!(lines[1].text, "下一行");

        let text = format!("{}“引文”", "办".repeat(27));
        let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 0.0);
        assert_eq!(texts(&lines), [&"办".repeat(27)[..], "“引文”"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole_and_lines_are_justified() {
        let text = format!("{}CPTPP和RCEP", "规".repeat(26));
        let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 0.0);
        assert_eq!(texts(&lines), [&"规".repeat(26)[..], "CPTPP和RCEP"]);
        assert!((lines[0].width() - TEXT_WIDTH).abs() < 0.01, "full lines reach the right edge");
        assert!(lines[1].width() < TEXT_WIDTH);
    }

    #[test]
    fn a_percentage_stays_on_one_line() {
        // Wherever the line runs out, “33.3%” moves whole to the next line.
        for n in 20..28 {
            let text = format!("{}占33.3%。", "规".repeat(n));
            let lines = break_lines(&Faces::get().unwrap(), &text, body(), TEXT_WIDTH, 0.0);
            assert!(lines.iter().any(|l| l.text.contains("33.3%")), "{:?}", texts(&lines));
        }
    }
}
