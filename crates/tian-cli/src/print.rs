//! How results look on the terminal: JSON for programs, plain Chinese text
//! for people.

use serde::Serialize;
use tian_core::domain::dates::format_cn;
use tian_core::{BackupInfo, Dashboard, Dossier, Naming, SearchHit, TimelineEntry};

pub fn one<T: Serialize>(value: &T, json: bool, human: impl Fn(&T) -> String) -> String {
    if json {
        serde_json::to_string_pretty(value).expect("domain values serialise")
    } else {
        human(value)
    }
}

pub fn many<T: Serialize>(values: &[T], json: bool, human: impl Fn(&T) -> String) -> String {
    if json {
        serde_json::to_string_pretty(values).expect("domain values serialise")
    } else if values.is_empty() {
        "（没有符合条件的记录）".to_owned()
    } else {
        values.iter().map(human).collect::<Vec<_>>().join("\n")
    }
}

/// The Chinese word a domain enum serialises as.
fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn deadline(d: &Dossier) -> String {
    d.deadline
        .map(|dl| {
            let extended = if dl.extended { "，已延期" } else { "" };
            format!("  {}期限 {}（{}{extended}）", dl.kind_label(), format_cn(dl.due), dl.describe())
        })
        .unwrap_or_default()
}

/// The list, a proposal a line.
pub fn dossier_lines(dossiers: &[Dossier], json: bool) -> String {
    let naming = Naming::of(dossiers);
    many(dossiers, json, |d| dossier_line(d, naming))
}

fn dossier_line(d: &Dossier, naming: Naming) -> String {
    let p = &d.proposal;
    format!(
        "{}  [{}]{}  {}\n        提案者：{}  主办：{}  督办：{}",
        naming.number(d),
        p.stage,
        deadline(d),
        p.title,
        p.proposer,
        p.lead_units.join("、"),
        p.leaders().collect::<Vec<_>>().join("、"),
    )
}

pub fn dossier(d: &Dossier) -> String {
    let p = &d.proposal;
    let mut out = format!(
        "{}\n第{}号（{}）  提案者：{}（{}）  阶段：{}{}\n",
        p.title,
        p.number,
        p.session,
        p.proposer,
        p.proposer_kind.label(),
        p.stage,
        deadline(d)
    );
    if !d.next_needed.is_empty() {
        out += &format!("下一步：{}\n", d.next_needed);
    }
    out += &format!("\n内容摘要：{}\n\n建议（落实 {}%）：\n", p.summary, d.progress.percent);
    for (i, s) in p.suggestions.iter().enumerate() {
        let status = d.suggestion_status.iter().find(|st| st.index as usize == i + 1);
        let mark = status.map(|st| format!("〔{}〕", st.status.label())).unwrap_or_default();
        out += &format!("  {}. {mark}{}\n", i + 1, s);
    }
    out += &format!(
        "\n市政府领导：{}\n市政协领导：{}\n市政府主办部门：{}\n市政协协办部门：{}",
        p.gov_leaders.join(" "),
        p.cppcc_leaders.join(" "),
        p.lead_units.join(" "),
        p.co_committees.join(" "),
    );
    if let Some(category) = &p.category {
        out += &format!("\n类别：{category}");
    }
    if let Some(a) = &d.assignment {
        out += &format!("\n\n交办：{}", format_cn(a.date));
    }
    for c in &d.contacts {
        out += &format!("\n沟通：{} {} {}", format_cn(c.date), word(&c.method), c.content);
    }
    for a in &d.activities {
        out += &format!("\n督办活动：{} {} {}", format_cn(a.date), word(&a.kind), a.summary);
    }
    // 审查结论 other than 立案: what became of it, and why.
    if let Some(r) = &d.review {
        let into = r.merged_into.as_ref().map(|n| format!("，并入第{n}号提案")).unwrap_or_default();
        out += &format!("\n\n审查结论：{}{into}（{}）", r.outcome.stage(), r.reason);
    }
    for m in &d.merged_here {
        out += &format!("\n并入本件：第{}号 {}（{}）", m.number, m.title, m.proposer);
    }
    for r in &d.replies {
        out += &format!(
            "\n答复：{} {} {}（第{}轮）{}",
            format_cn(r.date),
            r.unit,
            r.class.map_or("会办意见".to_owned(), |c| format!("{}类", c.letter())),
            r.round,
            match (r.lead, r.public) {
                (false, _) => String::new(),
                (true, true) => " 公开".to_owned(),
                (true, false) => format!(" 不公开：{}", r.private_reason),
            }
        );
        if let Some(arrival) = d.arrivals.iter().find(|a| a.reply == r.id) {
            out += &format!("\n  {}", arrival_text(arrival));
        }
    }
    for f in &d.feedback {
        out += &format!("\n反馈：{} {} {}", format_cn(f.date), f.result.label(), f.comment);
        let form = f.form.describe();
        if !form.is_empty() {
            out += &format!("\n      征询意见表：{form}");
        }
    }
    for e in &d.extensions {
        let decision = match &e.decision {
            None => "待审批".to_owned(),
            Some(x) if x.approved => {
                format!("{}同意，延期至{}", format_cn(x.date), x.due.map(format_cn).unwrap_or_default())
            }
            Some(x) => format!("{}不同意：{}", format_cn(x.date), x.note),
        };
        out += &format!(
            "\n延期申请：{} {} 申请延期至{}（{}）  {decision}  编号 {}",
            format_cn(e.date),
            e.unit,
            format_cn(e.requested_to),
            e.reason,
            e.id
        );
    }
    for b in &d.hand_backs {
        out += &format!("\n退回：{} {}（{}交办）{}", format_cn(b.date), b.unit, format_cn(b.assigned), b.reason);
    }
    if d.feedback_overdue {
        out += &format!("\n待反馈逾期：反馈期限 {}", d.feedback_due.map(format_cn).unwrap_or_default());
    }
    if let Some(c) = &d.closure {
        out += &format!("\n办结：{} {} {}", format_cn(c.date), c.kind.label(), c.summary);
    }
    if let Some(w) = &d.withdrawal {
        out += &format!("\n撤案：{} {}", format_cn(w.date), w.reason);
    }
    out
}

pub fn timeline_entry(e: &TimelineEntry) -> String {
    // A received change is the sending office's, whatever its clerk is called there.
    let who = match &e.received_from {
        Some(from) => format!("{from}（{}，经交换包，签名已核实）", e.actor),
        None => e.actor.clone(),
    };
    let mut out = format!("{}  {}  {}", e.at, who, e.action);
    for c in &e.changes {
        match &c.before {
            Some(before) => out += &format!("\n    {}：{} → {}", c.field, before, c.after),
            None => out += &format!("\n    {}：{}", c.field, c.after),
        }
    }
    out
}

pub fn dashboard(d: &Dashboard) -> String {
    let counts =
        |cs: &[tian_core::Count]| cs.iter().map(|c| format!("{} {}", c.label, c.count)).collect::<Vec<_>>().join("，");
    let mut out = format!("共 {} 件\n各阶段：{}\n", d.total, counts(&d.figures.stages));
    out += &format!("办理情况：{}\n", d.figures.sentences().join(""));
    // Numbers repeat from session to session: named with it where the lists hold more than one.
    let naming = Naming::of(d.attention.iter().chain(&d.feedback_overdue).chain(&d.decisions_due));
    let number = |x: &Dossier| naming.number(x);
    if d.attention.is_empty() {
        out += "没有逾期或即将到期的提案。";
    } else {
        out += &format!("需要关注（{} 件）：", d.attention_total);
        for x in &d.attention {
            out += &format!("\n  {} {}{}", number(x), x.proposal.title, deadline(x));
        }
        out += &more(d.attention.len(), d.attention_total);
    }
    if d.feedback_overdue_total > 0 {
        out += &format!("\n待反馈逾期（{} 件）：", d.feedback_overdue_total);
    }
    for x in &d.feedback_overdue {
        let due = x.feedback_due.map(format_cn).unwrap_or_default();
        out += &format!("\n  {} {}  反馈期限 {due}", number(x), x.proposal.title);
    }
    out += &more(d.feedback_overdue.len(), d.feedback_overdue_total);
    if d.decisions_due_total > 0 {
        out += &format!("\n待决定（{} 件）：", d.decisions_due_total);
    }
    for x in &d.decisions_due {
        out += &format!("\n  {} {}  {}", number(x), x.proposal.title, x.next_needed);
    }
    out += &more(d.decisions_due.len(), d.decisions_due_total);
    out
}

/// What a list of the overview leaves out: it shows the most urgent only.
fn more(shown: usize, total: u32) -> String {
    match (total as usize).saturating_sub(shown) {
        0 => String::new(),
        rest => format!("\n  ……另有 {rest} 件未列出"),
    }
}

pub fn backup(b: &BackupInfo) -> String {
    let reason = word(&b.reason);
    format!(
        "{}  {}（{}）  {} KB  提案 {} 件（办结 {} 件），操作记录 {} 条，附件 {} 个{}{}",
        b.name,
        b.created,
        reason,
        b.bytes.div_ceil(1024),
        b.proposals,
        b.closed,
        b.operations,
        b.attachments,
        b.last_change.as_ref().map(|t| format!("，最后修改于 {t}")).unwrap_or_default(),
        b.identity.as_ref().map(|who| format!("；本机身份：{who}")).unwrap_or_default()
    )
}

/// "第0377号 [立案] 建议2：……编制好“十四五”【养老】发展规划……"
/// A snippet with its matches in 【】.
fn marked(fragments: &[tian_core::Fragment]) -> String {
    let text: String =
        fragments.iter().map(|f| if f.hit { format!("【{}】", f.text) } else { f.text.clone() }).collect();
    text.replace('\n', " ")
}

pub fn search_hit(h: &SearchHit) -> String {
    let elsewhere =
        if h.elsewhere.is_empty() { String::new() } else { format!("\n        另见：{}", h.elsewhere.join("、")) };
    format!(
        "第{}号  [{}]  {}（{}处）\n        {}：{}{elsewhere}",
        h.number,
        h.stage,
        h.title,
        h.matches,
        h.label,
        marked(&h.snippet)
    )
}

pub fn history_hit(h: &tian_core::HistoryHit) -> String {
    format!("{}年  {}\n        {}", h.year, h.title, marked(&h.snippet))
}

pub fn statistics(s: &tian_core::Statistics) -> String {
    let t = &s.totals;
    let mut out = format!(
        "{}全部提案（登记口径）：征集 {} 件，立案 {} 件（立案率 {}%），立案后已办结 {} 件（占立案 {}%），未办结 {} 件{}\n",
        s.session.as_deref().map_or(String::new(), |x| format!("{x}：")),
        t.collected,
        t.registered,
        s.registration_rate,
        t.closed,
        s.closure_rate,
        t.in_progress,
        if t.withdrawn > 0 { format!("，撤案 {} 件", t.withdrawn) } else { String::new() }
    );
    let line = |title: &str, counts: &[tian_core::Count]| {
        let items: Vec<String> = counts.iter().map(|c| format!("{} {}", c.label, c.count)).collect();
        format!("{title}：{}\n", if items.is_empty() { "—".to_owned() } else { items.join("，") })
    };
    out += &line("按类别", &s.by_category);
    out += &line("按提案者", &s.by_proposer_kind);
    out += &line("按主办单位", &s.by_lead_unit);
    out += &line("按答复类别", &s.by_answer_class);
    out += &line("按满意度", &s.by_satisfaction);
    out += &line("各阶段", &s.figures.stages);
    out += "交办办理情况：";
    out += &s.figures.sentences().join("\n");
    for problem in &s.inconsistencies {
        out += &format!("\n数据核对：{problem}");
    }
    out
}

pub fn ledger_preview(p: &tian_core::LedgerPreview) -> String {
    let mut out = String::from("列：");
    let columns: Vec<String> = p
        .columns
        .iter()
        .map(|c| match &c.column {
            Some(column) if *column == c.header => c.header.clone(),
            Some(column) => format!("{}→{column}", c.header),
            None => format!("{}（不导入）", c.header),
        })
        .collect();
    out += &columns.join("，");
    let new = p.rows.iter().filter(|r| r.new).count();
    let same = p.rows.iter().filter(|r| !r.new && r.changes.is_empty()).count();
    out += &format!(
        "\n可导入 {} 件（新增 {new} 件，更新 {} 件，未变 {same} 件）",
        p.rows.len(),
        p.rows.len() - new - same
    );
    for r in p.rows.iter().take(20) {
        let what = match (r.new, r.changes.as_slice()) {
            (true, _) => "（新）".to_owned(),
            (false, []) => "（未变）".to_owned(),
            (false, changes) => format!("（更新：{}）", changes.join("、")),
        };
        out += &format!("\n  {} 第{}号 {}{what}", r.session, r.number, r.title);
    }
    if p.rows.len() > 20 {
        out += &format!("\n  ……另有 {} 件", p.rows.len() - 20);
    }
    if p.problems.is_empty() {
        out += "\n确认导入请加 --yes。";
    } else {
        out += &format!("\n有 {} 处问题，改正之前不能导入：", p.problems.len());
        for problem in &p.problems {
            out += &format!("\n  第{}行：{}。", problem.row, problem.problem);
        }
    }
    out
}

pub fn identity(i: &tian_core::Identity) -> String {
    format!("本机：{}（{}）\n密钥指纹：{}", i.name, i.role.label(), i.fingerprint)
}

/// After `tian init --from`: who this is now, whose key it trusts, and what
/// the clerk does next.
pub fn set_up(i: &tian_core::Identity, from: &tian_core::SetupPreview) -> String {
    format!(
        "{}\n已信任提案委员会“{}”的密钥，指纹：{}\n已取用单位名录（{}个单位）和办理规则。\n\
         请把本机密钥指纹读给提案委员会核对，并把本机密钥文件（tian key export -o {}.tiankey）交给提案委员会。",
        identity(i),
        from.committee,
        from.committee_fingerprint,
        from.units,
        i.name
    )
}

/// After `tian key setup-file`.
pub fn setup_file(s: &tian_core::SetupPreview, path: &std::path::Path) -> String {
    format!(
        "已为{}导出初始化文件：{}\n单位名录{}个单位，本机密钥指纹：{}\n请将文件交给{}，在其电脑上运行：tian init --from {}",
        s.unit,
        path.display(),
        s.units,
        s.committee_fingerprint,
        s.unit,
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    )
}

pub fn package_import(p: &tian_core::PackageImport) -> String {
    let mut out = vec![format!(
        "{}来自{}“{}”的交换包（{}导出，指纹 {}）：共 {} 项修改，其中 {} 项是新的，{} 个附件{}",
        if p.applied { "已导入" } else { "预览：" },
        p.sender.role.label(),
        p.sender.name,
        p.created,
        p.fingerprint,
        p.operations,
        p.new_operations,
        p.attachments,
        if p.seen_before { "（此前已导入过）" } else { "" }
    )];
    out.extend(package_number(p));
    for proposal in &p.proposals {
        out.push(format!("第{}号 {}", proposal.number, proposal.title));
        out.extend(proposal.changes.iter().map(|c| format!("  · {c}")));
    }
    if !p.refused.is_empty() {
        out.push(format!("拒绝了 {} 项无权进行的修改：", p.refused_total));
        out.extend(p.refused.iter().map(|r| format!("  × {}：{}", r.what, r.reason)));
        if p.refused_total as usize > p.refused.len() {
            out.push(format!("  ……另有 {} 项未列出", p.refused_total as usize - p.refused.len()));
        }
    }
    if p.withdrawn > 0 {
        out.push(format!("提案委员会未接受本机的 {} 处记录或修改，已撤回（原因见上）。", p.withdrawn));
    }
    if p.conflicts > 0 {
        out.push(format!("有 {} 处冲突待处理（tian conflicts）。", p.conflicts));
    }
    if p.receipts > 0 {
        out.push(format!("对方交回本机交换包的回执 {} 份（tian sync receipts）。", p.receipts));
    }
    if p.proofs_refused > 0 {
        out.push(format!(
            "交换包中有 {} 份回执或答复签名不是对方为本机出具的，或时间不合，未予保存。",
            p.proofs_refused
        ));
    }
    if !p.applied {
        out.push("以上为预览，没有写入任何内容。".into());
    }
    out.join("\n")
}

/// 交换包编号: which of the sender's packages this is, and which of the
/// earlier ones have not arrived.
fn package_number(p: &tian_core::PackageImport) -> Option<String> {
    let n = p.number?;
    let mut line = format!("这是{}发来的第{n}号交换包", p.sender.name);
    if !p.missing_before.is_empty() {
        line.push_str(&format!("；此前的{}尚未收到", tian_core::numbers_text(&p.missing_before)));
    }
    if p.out_of_order {
        line.push_str("；它晚于更后编号的交换包到达");
    }
    if p.number_repeated {
        line.push_str("；注意：此前已收到过另一个同编号的交换包（对方可能从备份恢复过），请与对方核实");
    }
    Some(line)
}

/// 核验交换包: what importing would do, said before anything is written.
pub fn package_verification(p: &tian_core::PackageImport) -> String {
    let verdict = match (p.seen_before, p.refused_total) {
        (true, _) if p.new_operations == 0 => "这个交换包此前已导入过，再导入不会改变什么。".to_owned(),
        (true, _) => format!(
            "注意：此前已导入过同一编号的交换包，这一个却还有 {} 项本机没有的修改，请向对方核实后再导入。",
            p.new_operations
        ),
        (false, 0) => format!("签名有效，可以干净导入：{} 项新的修改，没有要拒绝的修改。", p.new_operations),
        (false, n) => {
            format!("签名有效；导入时将拒绝其中 {n} 项修改（见下），其余 {} 项新的修改可以导入。", p.new_operations)
        }
    };
    format!(
        "{verdict}
{}",
        package_import(p)
    )
}

/// 办理工作考评 as a ranked table, one line a unit.
pub fn evaluation(e: &tian_core::Evaluation) -> String {
    let weights: Vec<String> =
        e.weights.named().into_iter().filter(|(_, w)| *w > 0).map(|(name, w)| format!("{name}{w}")).collect();
    let mut out = vec![format!(
        "{}年度办理工作考评：交办 {} 件，{} 个承办单位（统计截至{}；权重：{}）",
        e.year,
        e.assigned,
        e.units.len(),
        format_cn(e.as_of),
        weights.join("、")
    )];
    if e.units.is_empty() {
        out.push("（这一年没有交办的提案）".to_owned());
    }
    let rate =
        |share: tian_core::Share, over: u32| if over == 0 { "—".to_owned() } else { format!("{}%", share.rate) };
    for u in &e.units {
        out.push(format!(
            "{:>3} {} 得分 {}｜主办 {} 会办 {}｜按期办复率 {}，逾期 {}｜满意和基本满意率 {}｜态度满意率 {}｜面商率 {}｜建议落实率 {}｜延期 {} 退回 {}｜会办意见按时率 {}",
            u.rank.map_or("—".to_owned(), |r| r.to_string()),
            u.unit,
            u.score.map_or("—".to_owned(), |s| format!("{s:.1}")),
            u.led,
            u.co_handled,
            rate(u.on_time, u.led),
            u.late,
            rate(u.satisfied, u.with_feedback),
            rate(u.attitude, u.with_attitude),
            rate(u.met, u.replied.count),
            u.carried_out.map_or("—".to_owned(), |r| format!("{r}%")),
            u.extended,
            u.handed_back,
            rate(u.co_opinions, u.opinions_due),
        ));
    }
    out.join("\n")
}

/// 档案核验, as a reader sees it.
pub fn archive_check(c: &tian_core::ArchiveCheck) -> String {
    let made = c.made_on.map(format_cn).unwrap_or_default();
    let head =
        format!("{}　{}档案（{}生成，{} 个文件）\n签名公钥指纹：{}", c.issuer, c.session, made, c.files, c.fingerprint);
    if c.intact {
        let compared = match c.fingerprint_matches {
            Some(true) => "，与给出的指纹一致",
            _ => "；签名者未经核对：请与移交时印出的指纹核对，一致才是原档案",
        };
        let proofs = match c.proofs_checked {
            0 => String::new(),
            n => format!("\n{n} 份答复的送达回执（提案委员会签名）和答复签名（承办单位签名）逐一核验有效。"),
        };
        format!("{head}\n档案完好：每个文件的 SHA-256 都与清单一致，清单的签名有效{compared}。{proofs}")
    } else {
        format!("{head}\n档案有问题：\n{}", c.problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))
    }
}

pub fn unit_desk(d: &tian_core::UnitDesk) -> String {
    let day = format_cn;
    let mut out = vec![format!("{}　会办 {} 件：", d.unit, d.co_handled.len())];
    for c in &d.co_handled {
        out.push(format!(
            "  第{}号 {}（主办：{}）{}",
            c.number,
            c.title,
            c.lead_units.join("、"),
            match c.opinion.replied {
                Some(on) => format!("会办意见{}已送{}", day(on), if c.opinion.late { "，逾期" } else { "" }),
                None => format!(
                    "会办意见应于{}前送主办单位{}",
                    day(c.opinion.due),
                    if c.opinion.late { "，已逾期" } else { "" }
                ),
            }
        ));
    }
    out.push(format!("复文 {} 份：", d.letters.len()));
    for l in &d.letters {
        let state = serde_json::to_value(l.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        out.push(format!(
            "  第{}号 {}{} {} {} {} [{}]{}",
            l.number,
            if l.lead { "答复" } else { "会办意见" },
            l.class.map(|c| format!("（{}类）", c.letter())).unwrap_or_default(),
            if l.doc_number.is_empty() { "—" } else { &l.doc_number },
            l.signer,
            day(l.date),
            state,
            l.path.as_deref().map(|p| format!(" {p}")).unwrap_or_default()
        ));
        if let Some(reason) = &l.refused_for {
            out.push(format!("    未接受的原因：{reason}"));
        }
    }
    let f = &d.figures;
    out.push(format!(
        "{}年交办本单位主办 {} 件：已答复 {} 件，办复率{}%；按期答复 {} 件，按期办复率{}%；逾期 {} 件",
        f.year, f.assigned, f.replied.count, f.replied.rate, f.on_time.count, f.on_time.rate, f.late
    ));
    let counts =
        |c: &[tian_core::Count]| c.iter().map(|c| format!("{} {}", c.label, c.count)).collect::<Vec<_>>().join("，");
    if !f.class_counts.is_empty() {
        out.push(format!("答复类别：{}", counts(&f.class_counts)));
    }
    if f.with_feedback > 0 {
        out.push(format!("提案者评价：{}；满意和基本满意率{}%", counts(&f.verdict_counts), f.satisfied.rate));
    }
    out.join("\n")
}

pub fn batch_import(b: &tian_core::BatchImport) -> String {
    let taken = b.packages.len() as u32 - b.failed;
    let mut out = vec![format!(
        "已导入 {taken} 个交换包{}：",
        if b.failed > 0 { format!("，{} 个未导入", b.failed) } else { String::new() }
    )];
    for s in &b.senders {
        out.push(format!(
            "  {}：{} 个交换包{}{}，{} 件提案，新修改 {} 项{}{}",
            s.sender,
            s.packages,
            if s.numbers.is_empty() { String::new() } else { format!("（{}）", tian_core::numbers_text(&s.numbers)) },
            if s.repeated > 0 { format!("（其中 {} 个此前已导入）", s.repeated) } else { String::new() },
            s.proposals,
            s.new_operations,
            if s.refused > 0 { format!("，拒绝 {} 项", s.refused) } else { String::new() },
            if s.missing.is_empty() {
                String::new()
            } else {
                format!("；仍未收到{}（其中的修改会随以后的交换包补来）", tian_core::numbers_text(&s.missing))
            }
        ));
    }
    for p in b.packages.iter().filter(|p| p.refused.is_some()) {
        out.push(format!("  × {}：{}", p.file, p.refused.as_deref().unwrap_or_default()));
    }
    if b.conflicts > 0 {
        out.push(format!("有 {} 处冲突待处理（tian conflicts）。", b.conflicts));
    }
    out.join("\n")
}

/// 交换台账: one line of numbered packages each way, and what is missing.
fn ledger(l: &tian_core::PackageLedger) -> Option<String> {
    if l.last_sent.is_none() && l.last_received.is_none() {
        return None;
    }
    let number = |n: Option<u32>| n.map_or("—".to_owned(), |n| format!("第{n}号"));
    let mut parts = vec![format!("  交换包：已发出至{}，已收到至{}", number(l.last_sent), number(l.last_received))];
    if !l.missing.is_empty() {
        parts.push(format!("缺对方的{}", tian_core::numbers_text(&l.missing)));
    }
    if !l.out_of_order.is_empty() {
        let late: Vec<String> = l.out_of_order.iter().map(|n| format!("第{n}号")).collect();
        parts.push(format!("{}晚于后号到达", late.join("、")));
    }
    if !l.lacking.is_empty() {
        parts.push(format!("对方缺本机的{}", tian_core::numbers_text(&l.lacking)));
    }
    if !l.unconfirmed.is_empty() {
        parts.push(format!("本机的{}对方尚未确认收到", tian_core::numbers_text(&l.unconfirmed)));
    }
    Some(parts.join("；"))
}

pub fn sync_status(s: &tian_core::SyncStatus) -> String {
    let mut out = vec![identity(&s.identity)];
    for peer in &s.peers {
        out.push(match &peer.revoked_on {
            Some(day) => format!("已吊销：{}（{}）指纹 {}，{day}吊销", peer.name, peer.role.label(), peer.fingerprint),
            None => format!(
                "信任：{}（{}）指纹 {}，对方尚未确认 {} 项修改；最近收到 {}，最近发出 {}{}",
                peer.name,
                peer.role.label(),
                peer.fingerprint,
                peer.unacknowledged,
                peer.last_received.as_deref().unwrap_or("—"),
                peer.last_sent.as_deref().unwrap_or("—"),
                peer.silent_days.map(|d| format!("；已 {d} 天未发来交换包")).unwrap_or_default()
            ),
        });
        out.extend(ledger(&peer.ledger));
    }
    out.push(format!("冲突：{} 处", s.conflicts));
    for p in &s.packages {
        out.push(format!(
            "{} {}{}{} {}：{} 项修改{}",
            chrono::DateTime::parse_from_rfc3339(&p.at)
                .map_or(p.at.clone(), |t| t.format("%Y年%-m月%-d日 %H:%M").to_string()),
            if p.direction == "sent" { "发给" } else { "收自" },
            p.peer,
            p.number.map(|n| format!("的第{n}号")).unwrap_or_default(),
            p.file_name,
            p.operations,
            match (p.direction.as_str(), p.confirmed) {
                ("sent", Some(true)) => "，对方已确认收到".to_owned(),
                ("sent", Some(false)) => "，对方尚未确认".to_owned(),
                ("sent", None) => String::new(),
                _ => format!("，新 {} 项，拒绝 {} 项", p.applied, p.refused),
            }
        ));
    }
    if let Some(last) = &s.last_import {
        out.push(format!(
            "最近一次导入：{}（{}）{}",
            last.label,
            last.at,
            if last.open {
                "，可用 tian sync undo 撤销"
            } else {
                "，其后已有新的修改或导出，不能再撤销"
            }
        ));
    }
    out.join("\n")
}

/// “送达：2026年3月25日 10:05（答复日期后24天，晚于规定的15天）；单位已签名”
fn arrival_text(a: &tian_core::Arrival) -> String {
    let days = match a.days_after {
        d if d < 0 => format!("早于答复日期{}天", -d),
        0 => "答复当日".to_owned(),
        d => format!("答复日期后{d}天"),
    };
    let signed = match a.signed {
        Some(true) => "；单位已签名",
        Some(false) => "；答复在单位签名后有改动",
        None => "；无单位签名",
    };
    let first = a.first_received_at.as_ref().map(|f| format!("；首次送达{f}，其后答复内容有改动")).unwrap_or_default();
    format!(
        "送达：{}（{}，{days}{first}）{}{signed}",
        a.received_at,
        match a.package_number {
            0 => "交换包".to_owned(),
            n => format!("第{n}号交换包"),
        },
        if a.late { " ⚠送达迟" } else { "" }
    )
}

pub fn receipt_ledger(l: &tian_core::ReceiptLedger) -> String {
    let mut out = Vec::new();
    for r in &l.receipts {
        out.push(format!(
            "回执：{}收到{}的第{}号交换包，{}，载有 {} 份答复{}{}",
            r.issuer,
            r.sender,
            r.number,
            r.received_at,
            r.answers,
            if r.issued_here { "（本机出具）" } else { "（对方出具）" },
            if r.valid { "，签名有效" } else { "，签名无效" }
        ));
    }
    if l.receipts.is_empty() {
        out.push("回执：尚无".to_owned());
    }
    for a in &l.answers {
        out.push(format!(
            "{} 第{}号 {} {}：答复日期 {}；{}",
            a.session,
            a.number,
            a.unit,
            if a.lead { "答复" } else { "会办意见" },
            format_cn(a.date),
            a.arrival.as_ref().map_or("未见回执（本机录入，或早于回执的交换包送来）".to_owned(), arrival_text)
        ));
    }
    let late = l.answers.iter().filter(|a| a.arrival.as_ref().is_some_and(|x| x.late)).count();
    out.push(format!("送达迟于答复日期超过{}天的：{late} 份", l.late_after_days));
    out.join("\n")
}

/// 导入结果, and the imported proposals like others, near-duplicates first.
pub fn import_report(r: &tian_core::ImportReport) -> String {
    let mut out = vec![r.message.clone()];
    if !r.similar.is_empty() {
        out.push(format!("其中 {} 件与已有提案相近（tian similar 号 查看）：", r.similar.len()));
        let same = r.similar.iter().filter(|f| f.similar.score >= 95).count();
        if same > 0 {
            out.push(format!("{same} 件与已有提案几乎相同（相似度95以上）：请确认所导入的文件和届次无误。"));
        }
        for found in &r.similar {
            out.push(format!("  {}第{}号 {}", found.session, found.number, found.title));
            out.push(format!("    {}", similar_proposal(&found.similar).replace('\n', "\n    ")));
        }
    }
    out.join("\n")
}

/// “相似度 72  十三届四次第1023号 关于…的建议（已办结，主办：市教育局，B类）”
pub fn similar_proposal(s: &tian_core::SimilarProposal) -> String {
    let which = match s.year {
        Some(year) => format!("往年提案（{year}年）"),
        None => format!("{}第{}号", s.session, s.number),
    };
    let mut facts: Vec<String> = Vec::new();
    facts.extend(s.stage.map(|stage| stage.label().to_owned()));
    if !s.lead_units.is_empty() {
        facts.push(format!("主办：{}", s.lead_units.join("、")));
    }
    facts.extend(s.class.map(|c| format!("{}类答复", c.letter())));
    let mut line = format!(
        "相似度 {:>3}  {}{which} {}{}",
        s.score,
        if s.near_duplicate { "【疑似重复】" } else { "" },
        s.title,
        if facts.is_empty() { String::new() } else { format!("（{}）", facts.join("，")) }
    );
    if !s.answer.is_empty() {
        line += &format!("\n      {}：{}", if s.year.is_some() { "办理情况" } else { "答复" }, s.answer);
    }
    line
}

pub fn conflict(c: &tian_core::Conflict) -> String {
    let mut out = vec![format!("第{}号 {}：{}的“{}”", c.number, c.title, c.record, c.field)];
    for (i, choice) in c.choices.iter().enumerate() {
        out.push(format!(
            "  {}. {}（{}，{}）{}{}",
            i + 1,
            choice.text,
            choice.from,
            choice.actor,
            choice.at,
            if choice.shown { "  ← 当前显示" } else { "" }
        ));
    }
    out.join("\n")
}

pub fn plan_suggestion(s: &tian_core::PlanSuggestion) -> String {
    let state = match s.state {
        Some(tian_core::domain::PlanLinkState::Confirmed) => "〔已确认〕",
        Some(tian_core::domain::PlanLinkState::Rejected) => "〔已排除〕",
        None => "",
    };
    format!("{state}{}  {}（{}，相关度 {:.1}）", s.item.label, s.item.title, s.item.document, s.score)
}

/// One unit of the 单位名录: 名称, 简称, 主办件数, and what became of it.
pub fn directory_unit(u: &tian_core::domain::DirectoryUnit) -> String {
    let mut line = format!(
        "{}\t{}\t主办 {} 件",
        u.name,
        if u.short_name.is_empty() { "—" } else { &u.short_name },
        u.lead_proposals
    );
    if let Some(new) = &u.renamed_to {
        line += &format!("\t已更名为{new}");
    }
    if u.has_key {
        line += "\t已信任交换密钥";
    }
    line
}

/// 逐段修改: each paragraph of the report's body under its key, marked
/// where rewritten and where its figures changed since.
pub fn report_paragraphs(paragraphs: &[tian_core::ReportParagraph], json: bool) -> String {
    many(paragraphs, json, |p| {
        let marks = match (p.edited, p.stale) {
            (true, true) => "【已修改，数字已变化，请核对】",
            (true, false) => "【已修改】",
            _ => "",
        };
        format!("{}{marks}\n  {}", p.key, p.text)
    })
}
