//! The real Tian window under Xvfb, as a clerk sees it on first start: the 13
//! key proposals of the default data, and proposal 0069 opened from the list.

use tian_e2e::Window;

#[test]
fn the_first_start_lists_thirteen_key_proposals_and_opens_0069() {
    let window = Window::open();

    window.wait_for_list(13);
    // The table lays out its columns after the rows exist; wait for the text a clerk reads.
    let first = window.wait_for_text(".proposal-row .number", |t| !t.is_empty());
    assert_eq!(first, "第0020号", "sorted by number");
    let count = window.wait_for_text("[data-testid=list-count]", |t| t.contains("13"));
    assert_eq!(count, "十三届五次 · 共 13 件");
    window.screenshot("list.png");

    window.click(".proposal-0069 .title");
    let title = window.wait_for_text("[data-testid=proposal-detail] .title", |t| !t.is_empty());
    assert_eq!(title, "关于大力发展智慧教育，加快推进我市基础教育现代化的建议");
    assert_eq!(window.wait_for_text("[data-testid=lead-units]", |t| !t.is_empty()), "市教育局");
    assert_eq!(window.wait_for_text("[data-testid=gov-leaders]", |t| !t.is_empty()), "孟祥红");
    assert_eq!(window.wait_for_text("[data-testid=cppcc-leaders]", |t| !t.is_empty()), "闫纯锴、邓小梅");
    assert_eq!(window.wait_for_text("[data-testid=proposal-detail] .stage-tag", |t| !t.is_empty()), "立案");
    let suggestions = window.wait_for_count("[data-testid=suggestions] li", 6);
    assert!(suggestions[0].text().starts_with("尽快制定相关标准和配套文件"));
    let shot = window.screenshot("proposal-0069.png");
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000, "the screenshot shows a rendered page");

    // 下一件 walks the list in its order: 0069 is followed by 0077.
    window.click("[data-testid=next]");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0077号"));
}

/// The first screen is drawn from the data the window hands over before the
/// app's script has loaded; the app then draws the list over it. Whatever
/// the clerk saw first must be what the app draws: the same heading, the
/// same columns, the same rows in the same places, or the screen would jump.
#[test]
fn the_first_screen_drawn_before_the_app_is_the_list_the_app_then_draws() {
    let window = Window::open();
    window.wait_for_list(13);
    // The search box is the app's own: by then it has taken the screen over.
    window.wait_for_count("[data-testid=search-input]", 1);
    let compared = window.script(
        "const canon = (n) => {
           if (n.nodeType === 3) { const t = n.textContent.replace(/\\s+/g, ' ').trim(); return t ? JSON.stringify(t) : null; }
           if (n.nodeType !== 1) return null;
           const attrs = [...n.attributes].filter((a) => !a.name.startsWith('data-v-')).map((a) =>
             a.name + '=' + JSON.stringify(a.name === 'class' ? a.value.split(/\\s+/).filter(Boolean).sort().join(' ')
               : a.name === 'style' ? n.style.cssText : a.value)).sort().join(' ');
           const tag = n.tagName.toLowerCase();
           return '<' + tag + ' ' + attrs + '>' + [...n.childNodes].map(canon).filter((k) => k !== null).join('') + '</' + tag + '>';
         };
         const first = window.__TIAN_FIRST_SCREEN__;
         if (!first) return { drawn: false };
         const live = document.querySelector('main.page');
         const parts = (root) => ({
           heading: canon(root.querySelector('.page-heading h1')) + canon(root.querySelector('[data-testid=list-count]')),
           tools: root.querySelector('.page-heading .tools').textContent.replace(/\\s+/g, ''),
           head: canon(root.querySelector('.vtable > .head')),
           table: [...root.querySelector('.vtable').attributes].map((a) => a.name + '=' + a.value).filter((a) => !a.startsWith('data-v-')).sort().join(' '),
           rows: Object.fromEntries([...root.querySelectorAll('.vtable > .body > .row')].map((r) => [r.getAttribute('aria-rowindex'), canon(r)])),
         });
         return { drawn: true, replaced: !document.contains(first), first: parts(first), live: parts(live) };",
    );
    assert_eq!(compared["drawn"], true, "the window handed its first screen over and the page drew it");
    assert_eq!(compared["replaced"], true, "the app drew the list in its place");
    let (first, live) = (&compared["first"], &compared["live"]);
    for part in ["heading", "tools", "head", "table"] {
        assert_eq!(first[part], live[part], "the {part} of the first screen and of the app's list");
    }
    let (first_rows, live_rows) = (first["rows"].as_object().unwrap(), live["rows"].as_object().unwrap());
    // The app may draw fewer rows once it has measured its box; all 13 are in both.
    let shared: Vec<_> = first_rows.keys().filter(|k| live_rows.contains_key(*k)).collect();
    assert_eq!(shared.len(), 13, "both drew all 13 rows: {:?} and {:?}", first_rows.keys(), live_rows.keys());
    for index in shared {
        assert_eq!(first_rows[index], live_rows[index], "row {index} as first drawn and as the app draws it");
    }
    assert!(
        first_rows.values().all(|r| r.as_str().unwrap().contains("proposal-row")),
        "every row drawn first is a proposal"
    );
}

#[test]
fn the_window_backs_up_at_start_and_shows_it_on_the_backup_page() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=nav-backups]");
    let reason = window.wait_for_text("[data-testid=backup-table] .el-table__body tr .el-tag", |t| !t.is_empty());
    assert_eq!(reason, "启动");
    let rows = window.wait_for_count("[data-testid=backup-table] .el-table__body tr", 1);
    assert!(rows[0].text().contains("提案 13 件"), "{}", rows[0].text());
    window.screenshot("backups.png");
    window.click("[data-testid=create-backup]");
    window.wait_for_text(".el-message", |t| t.starts_with("已备份：提案 13 件"));
    window.wait_for_count("[data-testid=backup-table] .el-table__body tr", 2);

    // 复制到…: the backup as one file onto a stick, said where it went.
    let stick = tempfile::tempdir().unwrap();
    let file = stick.path().join("天备份.tianbak");
    window.click("[data-testid=copy-backup]");
    window.answer_file_dialog("复制备份到…", &file);
    let shown = window.wait_for_text("[data-testid=saved-path]", |t| !t.is_empty());
    assert_eq!(shown, file.display().to_string());
    let copies: Vec<_> = std::fs::read_dir(stick.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(copies, std::slice::from_ref(&file), "one file, no temporary left");
    assert_eq!(&std::fs::read(&file).unwrap()[..2], b"PK", "a zip file");

    // 从文件恢复…: the file is checked, what it holds is shown, and it restores.
    window.click("[data-testid=restore-from-file]");
    window.answer_file_dialog("选择备份文件", &file);
    let asked = window.answer("备份文件：", "恢复");
    assert!(asked.contains("提案 13 件") && asked.contains("天备份.tianbak"), "{asked}");
    window.wait_for_text(".el-message", |t| t.contains("已恢复"));
    window.wait_for_list(13);

    // 恢复… on a listed backup asks first, showing what it holds.
    window.click("[data-testid=nav-backups]");
    window.click_xpath("(//button[normalize-space(.)='恢复…'])[1]");
    let asked = window.answer("恢复后", "恢复");
    assert!(asked.contains("提案 13 件"), "{asked}");
    window.wait_for_text(".el-message", |t| t.contains("已恢复"));
    window.wait_for_list(13);
}

#[test]
fn typing_a_two_character_word_finds_it_everywhere_with_the_words_marked() {
    let window = Window::open();
    window.wait_for_list(13);
    window.wait_for_count("input[data-testid=search-input]", 1)[0].type_text("养老");
    // 养老 stands in 16 parts of the default data, all of them 0377's and 0464's
    // titles, summaries and suggestions: one row each, with the count.
    let hits = window.wait_for_count("[data-testid=search-results] .hit", 2);
    assert!(hits.iter().all(|h| h.text().starts_with("第0377号") || h.text().starts_with("第0464号")));
    let counts: Vec<u32> = window
        .find_all("[data-testid=hit-count]")
        .iter()
        .map(|c| c.text().trim_end_matches('处').parse().unwrap())
        .collect();
    assert_eq!(counts.iter().sum::<u32>(), 16, "{counts:?}");
    let first: String = hits[0].text().chars().take(6).collect();
    let marks: Vec<String> = window.find_all("[data-testid=search-results] mark").iter().map(|m| m.text()).collect();
    assert!(!marks.is_empty() && marks.iter().all(|m| m == "养老"), "{marks:?}");
    window.screenshot("search.png");
    window.click("[data-testid=search-results] .hit");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with(&first));
}
