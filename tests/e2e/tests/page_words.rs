//! Every page speaks Chinese: walking each screen (and each tab of a
//! proposal that has been through handling), no English word shows outside
//! a short list of names the clerk knows as they are (file formats, keys),
//! and no empty brackets stand where a value is missing.

use chrono::{Days, Local};
use tian_core::domain::{AnswerClass, Assignment, Contact, ContactMethod, UnitAssignment, UnitRole};
use tian_core::{ReplyInput, Tian};
use tian_e2e::Window;

/// Latin words a clerk reads as they are: file formats and keys, the names
/// of the fonts a report is set in, and "APP" as the proposals themselves write it.
const ALLOWED: &[&str] = &[
    "PDF", "Word", "docx", "xlsx", "txt", "Ctrl", "GB", "tianpkg", "tiankey", "SHA", "KB", "MB", "Noto", "Serif",
    "Sans", "CJK", "SC", "Bold", "LXGW", "WenKai", "APP",
];

/// The words of the page in view that are neither Chinese nor allowed, and any empty brackets.
fn strays(window: &Window) -> Vec<String> {
    // A key's fingerprint is hexadecimal, not words.
    let text = window
        .script(
            "const page = document.body.cloneNode(true);
             page.querySelectorAll('.fingerprint, .mono').forEach((e) => e.remove());
             document.body.appendChild(page); page.style.display = 'block';
             const text = page.innerText; page.remove(); return text;",
        )
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut found: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            if word.len() > 1 && !ALLOWED.contains(&word.as_str()) && !found.contains(&word) {
                found.push(word.clone());
            }
            word.clear();
        }
    }
    for empty in ["（）", "()"] {
        if text.contains(empty) {
            let at = text.find(empty).unwrap_or_default();
            let around: String = text[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
            found.push(format!("{around}{empty}"));
        }
    }
    found
}

#[test]
fn no_page_shows_english_words_or_empty_brackets() {
    let window = Window::open_on(|db| {
        let mut tian = Tian::open(db).unwrap();
        let id = tian.resolve("0020", None).unwrap();
        let day = Local::now().date_naive() - Days::new(20);
        let lead = |unit: &str| UnitAssignment {
            unit: unit.into(),
            role: UnitRole::Lead,
            contact: String::new(),
            phone: String::new(),
        };
        let units = vec![lead("市财政局"), lead("市科技局")];
        tian.assign(&id, Assignment { date: day, units, mode: tian_core::domain::LeadMode::Split }).unwrap();
        let contact = Contact {
            id: String::new(),
            date: day,
            method: ContactMethod::Meeting,
            unit: Some("市财政局".into()),
            people: "市九三学社".into(),
            content: "当面听取意见".into(),
        };
        tian.add_contact(&id, contact).unwrap();
        let reply = ReplyInput {
            unit: "市财政局".into(),
            date: day,
            class: Some(AnswerClass::B),
            number: "财提复〔2026〕3号".into(),
            signer: "王局长".into(),
            signer_post: "局长".into(),
            contact: String::new(),
            text: "已列入计划。".into(),
            text_file: None,
            attachments: vec![],
            public: true,
            private_reason: String::new(),
        };
        tian.add_reply(&id, reply).unwrap();
    });
    window.wait_for_list(13);
    let mut seen: Vec<(String, Vec<String>)> = Vec::new();
    let mut look = |window: &Window, page: &str| {
        std::thread::sleep(std::time::Duration::from_millis(600));
        let found = strays(window);
        if !found.is_empty() {
            seen.push((page.to_owned(), found));
        }
    };
    look(&window, "重点提案");
    window.click(".proposal-0020 .title");
    window.wait_for_count("[data-testid=proposal-detail]", 1);
    for tab in ["content", "plans", "records", "timeline"] {
        if !window.find_all(&format!("#tab-{tab}")).is_empty() {
            window.click(&format!("#tab-{tab}"));
            look(&window, &format!("提案·{tab}"));
        }
    }
    for nav in ["dashboard", "report", "statistics", "exchange", "backups", "settings"] {
        window.click(&format!("[data-testid=nav-{nav}]"));
        look(&window, nav);
    }
    assert!(seen.is_empty(), "{seen:#?}");
}
