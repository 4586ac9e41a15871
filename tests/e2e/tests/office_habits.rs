//! What every office program does, in the real window: Ctrl+F goes to the
//! search box and Esc clears it; a proposal is found by its number and by
//! its unit; 打印 (and Ctrl+P) hands the page to WebKit, which opens the
//! system's print dialog.

use tian_e2e::Window;

fn search_box(window: &Window) -> String {
    window.script("return document.activeElement && document.activeElement.matches('input[data-testid=search-input]') ? 'search' : ''")
        .as_str()
        .unwrap_or_default()
        .to_owned()
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

    // 打印 on the proposal page: WebKit shows the system's print dialog.
    window.click(".proposal-0069 .title");
    window.click("[data-testid=print]");
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
