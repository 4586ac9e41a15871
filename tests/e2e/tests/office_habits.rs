//! What every office program does, in the real window: Ctrl+F goes to the
//! search box and Esc clears it; a proposal is found by its number and by
//! its unit; 打印 (and Ctrl+P) opens a 打印预览 of what will print, whose
//! 打印 hands its pages to WebKit, which opens the system's print dialog.

use tian_e2e::Window;

fn search_box(window: &Window) -> String {
    window.script("return document.activeElement && document.activeElement.matches('input[data-testid=search-input]') ? 'search' : ''")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Ctrl+F pressed the moment the first rows show, before the app behind
/// them has loaded, still lands in the search box once it has.
#[test]
fn ctrl_f_pressed_on_the_first_screen_is_not_lost() {
    let window = Window::open();
    window.wait("the first rows", || (!window.find_all(".proposal-row").is_empty()).then_some(()));
    let app_was_up = window.script("return !!document.querySelector('input[data-testid=search-input]')").as_bool();
    window.press(&["Control", "f"]);
    window.wait("Ctrl+F to reach the search box", || (search_box(&window) == "search").then_some(()));
    eprintln!("Ctrl+F pressed with the app already up: {app_was_up:?}");
}

#[test]
fn ctrl_f_searches_by_number_and_unit_esc_clears_and_print_reaches_the_print_dialog() {
    let window = Window::open();
    window.wait_for_list(13);
    window.press(&["Control", "f"]);
    window.wait("Ctrl+F to reach the search box", || (search_box(&window) == "search").then_some(()));

    let input = &window.wait_for_count("input[data-testid=search-input]", 1)[0];
    input.type_text("第0045号");
    let hits = window.wait_for_count("[data-testid=search-results] .hit", 1);
    assert!(hits[0].text().starts_with("第0045号"), "{}", hits[0].text());
    window.press(&["Escape"]);
    window.wait("Esc to clear the search", || window.find_all("[data-testid=search-results]").is_empty().then_some(()));
    window.wait_for_list(13);

    input.type_text("市教育局");
    window.wait("0069 found by its lead unit", || {
        window
            .find_all("[data-testid=search-results] .hit")
            .iter()
            .any(|h| h.text().starts_with("第0069号"))
            .then_some(())
    });
    window.press(&["Escape"]);

    // 打印 on the proposal page: a 打印预览 of its 提案办理情况表, the pages
    // as they will print, and from there the system's print dialog.
    window.click(".proposal-0069 .title");
    window.click("[data-testid=print]");
    window.wait_for_text(".print-preview .el-dialog__title", |t| t.contains("共"));
    let pages: Vec<String> = window.find_all("[data-testid=preview-page]").iter().map(|p| p.text()).collect();
    assert!(pages[0].starts_with("第0069号提案办理情况表"), "{}", pages[0]);
    let all = pages.concat();
    assert!(all.contains("办理过程") && all.contains("导入提案"), "its 办理过程 too: {all}");
    assert!(!all.contains("请选择") && !all.contains("/ 13"), "none of the window's controls: {all}");
    window.screenshot("print-preview.png");
    window.click("[data-testid=preview-print]");
    let dialog = tian_e2e::wait_until(std::time::Duration::from_secs(20), "the print dialog", || {
        Some(window.xdotool(&["search", "--onlyvisible", "--name", "^(打印|Print)$"])).filter(|id| !id.is_empty())
    });
    window.screenshot("print-dialog.png");
    let dialog = dialog.lines().next().unwrap().to_owned();
    window.xdotool(&["windowfocus", "--sync", &dialog]);
    window.xdotool(&["key", "Escape"]);
    tian_e2e::wait_until(std::time::Duration::from_secs(10), "the print dialog to close", || {
        window.xdotool(&["search", "--onlyvisible", "--name", "^(打印|Print)$"]).is_empty().then_some(())
    });
}

#[test]
fn a_contact_entered_wrongly_is_corrected_then_deleted_and_the_deletion_taken_back() {
    use tian_core::domain::{Assignment, Contact, ContactMethod, UnitAssignment, UnitRole};
    let window = Window::open_on(|db| {
        let mut tian = tian_core::Tian::open(db).unwrap();
        let id = tian.resolve("0069", None).unwrap();
        let today = chrono::Local::now().date_naive();
        let lead = UnitAssignment {
            unit: "市教育局".into(),
            role: UnitRole::Lead,
            contact: String::new(),
            phone: String::new(),
        };
        tian.assign(&id, Assignment { date: today, units: vec![lead], mode: Default::default() }).unwrap();
        let contact = Contact {
            id: String::new(),
            date: today,
            method: ContactMethod::Phone,
            unit: Some("市教育局".into()),
            people: String::new(),
            content: "电话联系市民盟（记错了）".into(),
        };
        tian.add_contact(&id, contact).unwrap();
    });
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.click("#tab-records");
    window.click("[data-testid=correct-contact]");
    let content = &window.wait_for_count("textarea[data-testid=correct-content]", 1)[0];
    window.script("document.querySelector('textarea[data-testid=correct-content]').select(); return null");
    content.type_text("当面听取市民盟意见");
    window.click("[data-testid=save-correction]");
    window.wait("the corrected contact", || {
        window.find_all("[data-testid=records] p").iter().any(|p| p.text().contains("当面听取市民盟意见")).then_some(())
    });

    window.click("[data-testid=delete-contact]");
    window.answer("删除这条沟通记录", "删除");
    window.wait("the contact to go", || window.find_all("[data-testid=delete-contact]").is_empty().then_some(()));
    let undo = window.wait_for_text("[data-testid=undo]", |t| !t.is_empty());
    assert_eq!(undo, "撤销：删除沟通记录");
    window.click("[data-testid=undo]");
    window.answer("回到这一步之前的状态", "撤销");
    window.wait_for_count("[data-testid=delete-contact]", 1);
    window.click("#tab-timeline");
    let actions: Vec<String> =
        window.wait_for_count("[data-testid=timeline] .action", 6).iter().map(|e| e.text()).collect();
    assert_eq!(actions[3..], ["修改沟通记录", "删除沟通记录", "撤销：删除沟通记录"]);
}

#[test]
fn typed_but_unsaved_input_is_not_dropped_without_a_word() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0069号"));
    // A contact typed into the 交办 form, then Esc (back to the list): asked first.
    window.wait_for_count("input[placeholder='联系人']", 1)[0].type_text("张老师");
    window.click("[data-testid=proposal-detail] .title");
    window.press(&["Escape"]);
    let question = window.answer("尚未保存", "留下");
    assert!(question.contains("交办的承办单位和联系人"), "{question}");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0069号"));
    window.click("#tab-review");
    window.wait_for_count("textarea[data-testid=review-reason]", 1)[0].type_text("还在斟酌");
    window.click("[data-testid=next]");
    let question = window.answer("尚未保存", "留下");
    assert!(question.contains("审查意见") && question.contains("交办的承办单位和联系人"), "{question}");
    let number = window.wait_for_text("[data-testid=proposal-detail] .number", |t| !t.is_empty());
    assert!(number.starts_with("第0069号"), "stayed: {number}");
    window.click("[data-testid=next]");
    window.answer("尚未保存", "离开");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| !t.starts_with("第0069号"));
    // 上一件 goes back to 0069, and its 督办报告 button opens the report on it.
    window.click("[data-testid=previous]");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0069号"));
    window.click("[data-testid=open-report]");
    window.wait_for_text("[data-testid=report-preview]", |t| t.contains("第0069号") || t.contains("0069"));
}

#[test]
fn units_sort_by_pinyin_ascending_first_and_the_list_is_as_left_on_coming_back() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(".proposal-table [role=columnheader][data-key=lead_unit]");
    // 生 (sheng) before 市 (shi) before 中 (zhong); 市财政局 (cai) first among 市.
    let rows = || -> Vec<String> {
        let texts = window.script("return [...document.querySelectorAll('.proposal-row')].map((r) => r.innerText)");
        texts
            .as_array()
            .map(|a| a.iter().map(|t| t.as_str().unwrap_or_default().to_owned()).collect())
            .unwrap_or_default()
    };
    let first = || rows().first().cloned().unwrap_or_default();
    window.wait("the list sorted by 主办部门", || first().contains("生态环境局").then_some(()));
    assert!(rows().get(1).is_some_and(|r| r.contains("市财政局")), "{:?}", rows());
    let heading = ".proposal-table [role=columnheader][data-key=lead_unit]";
    let order = || window.script(&format!("return document.querySelector('{heading}').getAttribute('aria-sort')"));
    assert_eq!(order(), "ascending");
    // The same heading again turns the order round: 中国（河北）… (zhong) comes first.
    window.click(heading);
    window.wait("the list sorted by 主办部门, last first", || first().contains("中国（河北）").then_some(()));
    assert_eq!(order(), "descending");
    window.click(heading);
    window.wait("the list sorted by 主办部门 again", || first().contains("生态环境局").then_some(()));

    window.click(".proposal-row .title");
    window.wait_for_count("[data-testid=proposal-detail]", 1);
    window.click("[data-testid=back]");
    window.wait_for_list(13);
    window.wait("the order kept on coming back", || first().contains("生态环境局").then_some(()));
}

#[test]
fn a_category_is_set_on_the_proposal_page_and_for_the_filtered_list() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.click("[data-testid=category]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='教育文化']");
    window.wait_for_text(".el-message", |t| t.contains("类别已设为“教育文化”"));
    window.click("#tab-timeline");
    window.wait("the category in the timeline", || {
        window.find_all("[data-testid=timeline] .action").iter().any(|a| a.text() == "设置类别：教育文化").then_some(())
    });

    window.script("document.querySelector('main.page').scrollTo(0, 0); return null");
    window.click("[data-testid=back]");
    window.wait_for_list(13);
    window.click("[data-testid=bulk-category]");
    window.click("[data-testid=bulk-category-value]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='社会民生']");
    window.click("[data-testid=bulk-category-apply]");
    window.wait_for_text("[data-testid=category-done]", |t| t.contains("已设置 13 件提案的类别"));
    let category_of = |number: &str| {
        let cell = format!(".proposal-{number} [role=cell]:nth-child(8)");
        window.wait_for_text(&cell, |t| !t.is_empty())
    };
    window.wait("the 类别 column", || (category_of("0045") == "社会民生").then_some(()));

    // Too many: taken back whole, each to what it was.
    window.click("[data-testid=category-undo]");
    window.wait_for_text(".el-message", |t| t.contains("已撤销：13 件提案的类别恢复原样"));
    window.wait("0069 back to 教育文化, 0045 to 未分类", || {
        (category_of("0069") == "教育文化" && category_of("0045") == "未分类").then_some(())
    });

    // Two rows ticked by hand: the dialog says so, and only they change.
    window.click(".proposal-0045 .pick");
    window.click(".proposal-0020 .pick");
    window.wait_for_text("[data-testid=picked-count]", |t| t == "已选 2 件");
    window.click("[data-testid=bulk-category]");
    window.wait_for_text("[data-testid=category-scope]", |t| t.contains("选中的 2 件"));
    window.click("[data-testid=bulk-category-value]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='科技创新']");
    window.click("[data-testid=bulk-category-apply]");
    window.wait_for_text("[data-testid=category-done]", |t| t.contains("已设置 2 件提案的类别"));
    window.click("[data-testid=category-filter]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='科技创新']");
    window.wait_for_list(2);
    assert_eq!(category_of("0020"), "科技创新");
    window.click("[data-testid=clear-picked]");
    window.wait("the selection cleared", || window.find_all("[data-testid=picked-count]").is_empty().then_some(()));
}

#[test]
fn the_right_click_menu_is_chinese_and_copies_and_pastes() {
    let window = Window::open();
    window.wait_for_list(13);
    let input = &window.wait_for_count("input[data-testid=search-input]", 1)[0];
    input.type_text("智慧教育");
    window.right_click("input[data-testid=search-input]");
    let items: Vec<String> =
        window.wait_for_count("[data-testid=context-menu] li", 4).iter().map(|li| li.text()).collect();
    assert_eq!(items, ["剪切", "复制", "粘贴", "全选"]);
    window.click_xpath("//ul[@data-testid='context-menu']/li[normalize-space(.)='全选']");
    let selected = || {
        window.script("const f = document.querySelector('input[data-testid=search-input]'); return f.selectionEnd - f.selectionStart")
    };
    window.wait("the text selected", || (selected() == 4).then_some(()));
    window.right_click("input[data-testid=search-input]");
    window.wait_for_count("[data-testid=context-menu] li:not(.off)", 4);
    window.click_xpath("//ul[@data-testid='context-menu']/li[normalize-space(.)='剪切']");
    let value = || window.script("return document.querySelector('input[data-testid=search-input]').value");
    window.wait("the text cut", || (value() == "").then_some(()));
    window.right_click("input[data-testid=search-input]");
    window.click_xpath("//ul[@data-testid='context-menu']/li[normalize-space(.)='粘贴']");
    window.wait("the text pasted back", || (value() == "智慧教育").then_some(()));

    // On a row of the list: 打开, 复制提案号, 复制案由 above the usual items.
    window.script("const f = document.querySelector('input[data-testid=search-input]'); f.value = ''; f.dispatchEvent(new Event('input', { bubbles: true })); return null;");
    window.wait_for_list(13);
    window.right_click(".proposal-0044 .title");
    let items: Vec<String> =
        window.wait_for_count("[data-testid=context-menu] li.action", 3).iter().map(|li| li.text()).collect();
    assert_eq!(items, ["打开", "复制提案号", "复制案由"]);
    window.click("[data-testid=row-copy-title]");
    let title = window.script("return document.querySelector('.proposal-0044 .title').getAttribute('title')");
    window.right_click("input[data-testid=search-input]");
    window.click_xpath("//ul[@data-testid='context-menu']/li[normalize-space(.)='粘贴']");
    window.wait("the 案由 pasted", || (value() == title).then_some(()));
    window.script("const f = document.querySelector('input[data-testid=search-input]'); f.value = ''; f.dispatchEvent(new Event('input', { bubbles: true })); return null;");
    window.wait_for_list(13);
    window.right_click(".proposal-0044 .title");
    window.click("[data-testid=row-open]");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0044号"));
}

#[test]
fn search_hits_are_reached_with_the_arrow_keys_and_opened_with_enter() {
    let window = Window::open();
    window.wait_for_list(13);
    let input = &window.wait_for_count("input[data-testid=search-input]", 1)[0];
    input.type_text("市");
    let hits = window.wait("several hits", || {
        let hits: Vec<String> = window.find_all("[data-testid=search-results] .hit").iter().map(|h| h.text()).collect();
        (hits.len() >= 3).then_some(hits)
    });
    let active = || {
        window.script(
            "const a = document.querySelector('[data-testid=search-results] .hit.active');
             return a ? [...a.parentNode.querySelectorAll('.hit')].indexOf(a) : -1;",
        )
    };
    // ↓ ↓ ↓ ↑: the second hit.
    input.type_text("\u{E015}\u{E015}\u{E015}\u{E013}");
    window.wait("the second hit moved to", || (active() == serde_json::json!(1)).then_some(()));
    input.type_text("\u{E007}");
    let number: String = hits[1].chars().take_while(|c| *c != '号').chain(['号']).collect();
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with(&number));
}

#[test]
fn tab_reaches_the_list_after_the_search_box_and_arrows_and_enter_open_a_row() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click("input[data-testid=search-input]");
    window.press(&["Tab"]);
    let focused = || window.script("return document.activeElement && document.activeElement.getAttribute('role')");
    window.wait("the list to have the focus", || (focused() == serde_json::json!("table")).then_some(()));
    // The headings are passed over: the first row is marked, ↓ moves on, and
    // Enter opens the row marked; it does not sort.
    window.wait("the first row marked", || {
        window.find_all(".proposal-row.active-row").first().map(|r| r.text()).filter(|t| t.contains("第0020号"))
    });
    window.press(&["ArrowDown"]);
    window.wait("the second row marked", || {
        window.find_all(".proposal-row.active-row").first().map(|r| r.text()).filter(|t| t.contains("第0044号"))
    });
    let order = window
        .script("return document.querySelector('[role=columnheader][data-key=number]').getAttribute('aria-sort')");
    window.press(&["Enter"]);
    window.wait_for_text("[data-testid=proposal-detail]", |t| t.contains("第0044号"));
    window.click("[data-testid=back]");
    window.wait_for_list(13);
    let after = window
        .script("return document.querySelector('[role=columnheader][data-key=number]').getAttribute('aria-sort')");
    assert_eq!(order, after, "Enter opened the row and left the order as it was");

    // A heading the clerk clicked sorts again on its Space.
    let heading = ".proposal-table [role=columnheader][data-key=title]";
    window.click(heading);
    let sorted = || window.script(&format!("return document.querySelector('{heading}').getAttribute('aria-sort')"));
    window.wait("sorted by 案由", || (sorted() == serde_json::json!("ascending")).then_some(()));
    window.press(&["Space"]);
    window.wait("turned round by Space", || (sorted() == serde_json::json!("descending")).then_some(()));
}

#[test]
fn the_report_prints_from_its_preview_as_its_pdf_is_laid_out_with_the_landscape_table_whole() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=nav-report]");
    window.wait_for_count("[data-testid=print-report]:not(.is-disabled)", 1);
    window.press(&["Control", "p"]);
    let title = window.wait_for_text(".print-preview .el-dialog__title", |t| t.contains("共"));
    let pages = window.find_all("[data-testid=preview-page]");
    assert!(title.starts_with("打印预览：督办报告（共"), "{title}");
    let landscape = window.find_all("[data-testid=preview-page].landscape");
    assert!(!landscape.is_empty(), "the 一览表 on a turned page");
    assert!(
        landscape[0].text().contains("第0069号") || landscape.iter().any(|p| p.text().contains("0069")),
        "the table whole"
    );
    assert!(pages.len() >= 3, "{} pages", pages.len());
    window.screenshot("report-preview.png");
    window.click("[data-testid=preview-close]");
    window.wait("the preview to close", || {
        window.find_all(".print-preview .sheet").iter().all(|s| s.text().is_empty()).then_some(())
    });
}

/// The list keeps its filters when the clerk goes to another page and back
/// by the menu, and 清除筛选 shows every proposal again.
#[test]
fn filters_are_kept_across_pages_until_the_clerk_clears_them() {
    let window = Window::open();
    window.wait_for_list(13);
    window.wait_for_count("input[data-testid=proposer-filter]", 1)[0].type_text("市民盟\u{E007}");
    window.wait_for_list(3);
    window.click("[data-testid=nav-dashboard]");
    window.wait_for_count("[data-testid=stage-cards]", 1);
    window.click("[data-testid=nav-list]");
    window.wait_for_list(3);
    let typed = window.script("return document.querySelector('input[data-testid=proposer-filter]').value");
    assert_eq!(typed, serde_json::json!("市民盟"), "the filter still reads as the clerk set it");
    // 上一件 and 下一件 step through those three, in the list's order.
    let shown: Vec<String> = window.find_all(".proposal-row .number").iter().map(|e| e.text()).collect();
    window.click(".proposal-row .title");
    window.wait_for_text("[data-testid=position]", |t| t == "1 / 3");
    window.click("[data-testid=next]");
    window.wait_for_text("[data-testid=position]", |t| t == "2 / 3");
    window.click("[data-testid=next]");
    window.wait_for_text("[data-testid=position]", |t| t == "3 / 3");
    let last = window.wait_for_text("[data-testid=proposal-detail] .number", |t| !t.is_empty());
    assert!(shown.iter().any(|n| last.contains(n.trim())), "the last of the list: {last} in {shown:?}");
    window.click("[data-testid=back]");
    window.wait_for_list(3);
    window.click("[data-testid=clear-filters]");
    window.wait_for_list(13);
    window.wait("the filter box empty", || {
        let typed = window.script("return document.querySelector('input[data-testid=proposer-filter]').value");
        (typed == serde_json::json!("")).then_some(())
    });
    assert!(window.find_all("[data-testid=clear-filters]").is_empty(), "nothing left to clear");
}
