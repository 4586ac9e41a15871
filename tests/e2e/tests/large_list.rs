//! The window on two thousand generated proposals: the list opens with its
//! total and draws only the rows in view, scrolling to the end reads the last
//! page from the database, and the filters (overdue, answer class) narrow the
//! list and the search exactly as the core says they should.

use chrono::Local;
use tian_core::domain::AnswerClass;
use tian_core::{PageQuery, ProposalFilters, SearchQuery, Tian};
use tian_testkit::TestData;

use tian_e2e::Window;

const PROPOSALS: usize = 2000;

fn total(tian: &Tian, filters: ProposalFilters) -> u32 {
    tian.list_page(&PageQuery { filters, limit: 1, ..PageQuery::default() }).unwrap().total
}

#[test]
fn two_thousand_proposals_scroll_to_the_end_and_filter_by_lateness_and_answer_class() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("generated.db");
    let mut tian = Tian::open(&db).unwrap();
    tian.generate(PROPOSALS, 11, |_| ()).unwrap();
    // The window reckons deadlines from today, as this test's reading does.
    tian.set_today(Local::now().date_naive());
    let all = total(&tian, ProposalFilters::default()) as usize;
    assert_eq!(all, PROPOSALS + 13);
    let last = tian.list_page(&PageQuery { offset: all as u32 - 1, limit: 1, ..PageQuery::default() }).unwrap().rows;
    let overdue = total(&tian, ProposalFilters { overdue: true, ..ProposalFilters::default() });
    let class_c_only = ProposalFilters { answer_class: Some(AnswerClass::C), ..ProposalFilters::default() };
    let class_c = total(&tian, class_c_only.clone());
    // 的 stands in every title, so the search meets every proposal the filters leave.
    let hits = tian.search(&SearchQuery { text: "的".into(), filters: class_c_only, limit: 50 }).unwrap().len();
    assert!(overdue > 10 && class_c > 0 && hits > 0, "{overdue} {class_c} {hits}");
    drop(tian);

    let window = Window::open_on(|path| {
        std::fs::copy(&db, path).unwrap();
    });
    window.wait_for_list(all);
    let drawn = window.find_all(".proposal-row").len();
    assert!(drawn > 5 && drawn < 40, "the table draws the rows in view, not all {all}: {drawn}");

    // Scrolled to the bottom, as the clerk's wheel or scrollbar would: the
    // table scrolls natively. Scrolled again at each look, as the clerk
    // would scroll again: the first screen's table, drawn before the app
    // loads, may be the one a first scroll reached.
    let last_row = format!(".proposal-{}", last[0].number);
    window.wait(&format!("the last row {last_row}"), || {
        window.script("const table = document.querySelector('.proposal-table'); table.scrollTop = table.scrollHeight;");
        let start: String = last[0].title.chars().take(6).collect();
        // Every session has its 第1399号; the last row is the last session's. Its
        // text is read from the page, as it may sit half under the table's edge.
        let texts =
            window.script(&format!("return [...document.querySelectorAll('{last_row}')].map(r => r.textContent);"));
        texts.as_array()?.iter().filter_map(|t| t.as_str()).find(|t| t.contains(&start)).map(str::to_owned)
    });
    window.screenshot("large-list-end.png");

    // Halfway down, a proposal opened and closed again: the list is where
    // the clerk left it, every row in view read from the database.
    let in_view = || -> Option<Vec<String>> {
        let texts = window.script(
            "const table = document.querySelector('.proposal-table');
             const box = table.getBoundingClientRect();
             return [...table.querySelectorAll('[role=rowgroup] > [role=row]')]
               .filter(r => { const b = r.getBoundingClientRect(); return b.top >= box.top + 50 && b.bottom <= box.bottom; })
               .map(r => r.classList.contains('pending-row') ? '' : r.querySelector('.number').innerText);",
        );
        let rows: Vec<String> = texts.as_array()?.iter().map(|t| t.as_str().unwrap_or_default().to_owned()).collect();
        (!rows.is_empty() && rows.iter().all(|r| !r.is_empty())).then_some(rows)
    };
    window.script("const table = document.querySelector('.proposal-table'); table.scrollTop = 1000 * 58; return null;");
    let before = window.wait("the rows in view halfway down", in_view);
    window.script(
        "const table = document.querySelector('.proposal-table');
         const box = table.getBoundingClientRect();
         [...table.querySelectorAll('.proposal-row')].find(r => r.getBoundingClientRect().top >= box.top + 50)
           .querySelector('.title').click();
         return null;",
    );
    window.wait_for_count("[data-testid=proposal-detail]", 1);
    window.click("[data-testid=back]");
    window.wait_for_list(all);
    window.wait("the same rows in view on coming back", || in_view().filter(|rows| *rows == before));
    // A category set for the whole list reads it again in place: the rows in view are read, not left blank.
    window.click("[data-testid=bulk-category]");
    window.click("[data-testid=bulk-category-value]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='社会民生']");
    window.click("[data-testid=bulk-category-apply]");
    window.wait_for_text("[data-testid=category-done]", |t| t.contains(&format!("已设置 {all} 件提案的类别")));
    window.wait("the same rows in view, read again", || in_view().filter(|rows| *rows == before));
    let categories = window.script(
        "const table = document.querySelector('.proposal-table');
         const box = table.getBoundingClientRect();
         return [...table.querySelectorAll('[role=rowgroup] > [role=row]')]
           .filter(r => { const b = r.getBoundingClientRect(); return b.top >= box.top + 50 && b.bottom <= box.bottom; })
           .every(r => r.innerText.includes('社会民生'));",
    );
    assert_eq!(categories, serde_json::json!(true), "the rows in view read again with their new category");

    window.click("[data-testid=overdue-filter]");
    window.wait_for_list(overdue as usize);
    window.wait("only overdue rows", || {
        let rows = window.find_all(".proposal-row");
        (!rows.is_empty() && window.find_all(".proposal-row.overdue").len() == rows.len()).then_some(())
    });
    window.click("[data-testid=overdue-filter]");
    window.wait_for_list(all);

    window.click("[data-testid=class-filter]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='C类']");
    window.wait_for_list(class_c as usize);
    window.screenshot("large-list-filtered.png");

    window.wait_for_count("input[data-testid=search-input]", 1)[0].type_text("的");
    window.wait_for_count("[data-testid=search-results] .hit", hits);
}
