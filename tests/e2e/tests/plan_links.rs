//! 相关规划部署 on a proposal's page: 0396 on air quality is offered the
//! implementation plan's task 25 on the energy structure first; the clerk
//! confirms it and it stays marked as confirmed.

use tian_e2e::Window;

#[test]
fn the_energy_task_is_offered_for_0396_and_confirmed_on_its_page() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(".proposal-0396 .title");
    window.wait_for_text("[data-testid=proposal-detail] .number", |t| t.starts_with("第0396号"));
    window.click_xpath("//div[contains(@class,'el-tabs__item')][contains(text(),'相关规划部署')]");
    let first = window.wait_for_text("[data-testid=plan-item]", |t| !t.is_empty());
    assert!(first.contains("任务25") && first.contains("加快调整能源结构"), "{first}");

    window.click("[data-testid=plan-item] [data-testid=confirm-plan]");
    let confirmed = window.wait_for_text("[data-testid=plan-item]", |t| t.contains("已确认"));
    assert!(confirmed.contains("任务25"), "{confirmed}");

    // The second offer is not about the proposal: 不相关 takes it off the page.
    let second = window.script(
        "return document.querySelectorAll('[data-testid=plan-item]')[1].querySelector('.label').textContent.trim()",
    );
    let second = second.as_str().unwrap().to_owned();
    window.click_xpath("(//*[@data-testid='plan-item'])[2]//button[@data-testid='reject-plan']");
    window.wait("the rejected task to leave the offers", || {
        let labels = window.script(
            "return [...document.querySelectorAll('[data-testid=plan-item] .label')].map((l) => l.textContent.trim())",
        );
        (!labels.as_array().unwrap().iter().any(|l| l == second.as_str())).then_some(())
    });
    // What was confirmed stays first and confirmed.
    let first = window.wait_for_text("[data-testid=plan-item]", |t| !t.is_empty());
    assert!(first.contains("已确认") && first.contains("任务25"), "{first}");
    window.screenshot("plan-links.png");
}
