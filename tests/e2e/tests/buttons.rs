//! Every button a clerk can click is clicked by a window test. Each page's
//! buttons and menu items (Vue's `el-button`, `button`, dropdown and menu
//! items with a click handler, in `ui/src`) are listed, and each must be
//! clicked somewhere in these tests: by its `data-testid`, or by its words
//! in a click by XPath. A new button without a window test fails here, and
//! so does one still in `NOT_YET_CLICKED` once a test clicks it, so the
//! list only shrinks. A button found by its words alone (取消, 保存) counts
//! as clicked wherever one with those words is: a test id tells them apart.

use std::path::{Path, PathBuf};

/// Buttons no window test clicks yet, as `页面文件: 按钮`; each a debt.
const NOT_YET_CLICKED: &[&str] = &[];

/// One clickable element of a page.
struct Button {
    file: String,
    testid: Option<String>,
    words: String,
}

impl Button {
    fn name(&self) -> String {
        format!("{}: {}", self.file, self.testid.clone().unwrap_or_else(|| self.words.clone()))
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The text of `s` between `open` and the next `close` after it, from `at`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<(&'a str, usize)> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some((&s[start..end], end + close.len()))
}

/// A tag's text without its markup and interpolations.
fn words(inner: &str) -> String {
    let mut out = String::new();
    let (mut in_tag, mut in_mustache) = (false, 0);
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '{' if chars.get(i + 1) == Some(&'{') => {
                in_mustache += 1;
                i += 1;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                in_mustache -= 1;
                i += 1;
            }
            c if !in_tag && in_mustache == 0 && !c.is_whitespace() => out.push(c),
            _ => {}
        }
        i += 1;
    }
    out
}

fn buttons() -> Vec<Button> {
    let root = tian_e2e::workspace_root().join("ui/src");
    let mut vue = Vec::new();
    files(&root, "vue", &mut vue);
    let mut found = Vec::new();
    for path in vue {
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(template) = text.find("<template") else { continue };
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for tag in ["el-button", "button", "el-dropdown-item", "el-menu-item"] {
            let mut rest = &text[template..];
            let open = format!("<{tag}");
            while let Some(at) = rest.find(&open) {
                let after = &rest[at + open.len()..];
                // `<el-button-group` and the like are other tags.
                if !after.starts_with(|c: char| c.is_whitespace() || c == '>') {
                    rest = after;
                    continue;
                }
                let Some(end) = after.find('>') else { break };
                let attrs = &after[..end];
                let close = format!("</{tag}>");
                let inner = after[end + 1..].find(&close).map_or("", |e| &after[end + 1..end + 1 + e]);
                if attrs.contains("@click") {
                    let testid = between(attrs, "data-testid=\"", "\"").map(|(t, _)| t.to_owned());
                    found.push(Button { file: file.clone(), testid, words: words(inner) });
                }
                rest = &after[end..];
            }
        }
    }
    found
}

fn clicked(button: &Button, tests: &str) -> bool {
    let by_id = button.testid.as_deref().is_some_and(|id| {
        // A test id built from data (`rename-${row.name}`) is clicked by its stem.
        let stem = id.trim_start_matches('`').split("${").next().unwrap_or(id);
        tests.contains(&format!("data-testid={stem}")) || tests.contains(&format!("data-testid='{stem}"))
    });
    // Words in an XPath click, compared without spaces: `'＋ 主办单位'`.
    let by_words = !button.words.is_empty() && tests.contains(&format!("'{}'", button.words));
    by_id || by_words
}

#[test]
fn every_button_on_every_page_is_clicked_by_a_window_test() {
    let mut sources = Vec::new();
    files(&tian_e2e::workspace_root().join("tests/e2e/tests"), "rs", &mut sources);
    let tests: String = sources
        .iter()
        .filter(|p| !p.ends_with("buttons.rs"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let all = buttons();
    assert!(all.len() > 50, "the pages' buttons are found: {}", all.len());
    let unclicked: Vec<String> = all.iter().filter(|b| !clicked(b, &tests)).map(Button::name).collect();
    let new: Vec<&String> = unclicked.iter().filter(|b| !NOT_YET_CLICKED.contains(&b.as_str())).collect();
    assert!(new.is_empty(), "buttons no window test clicks: {new:#?}");
    let paid: Vec<&&str> = NOT_YET_CLICKED.iter().filter(|b| !unclicked.iter().any(|u| u == *b)).collect();
    assert!(paid.is_empty(), "clicked now, take them off NOT_YET_CLICKED: {paid:#?}");
}
