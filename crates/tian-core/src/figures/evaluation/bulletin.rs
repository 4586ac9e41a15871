//! 考评通报 and 考评表: the year's evaluation as the committee sends it to
//! the units, a GB/T 9704 document with the ranked table as its 附件, and
//! as a workbook the office can sort and sum.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tian_export::{Annex, Block, Cell, OfficialDocument, Table};
use ts_rs::TS;

use super::{Evaluation, UnitEvaluation};
use crate::figures::definitions::Share;
use crate::figures::report::dress;
use crate::{CoreError, Result, Tian};

/// 考评通报: which year, under which 文号, dated when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvaluationRequest {
    /// 考评年度; the latest year with 交办 when `None`.
    #[serde(default)]
    #[ts(optional)]
    pub year: Option<i32>,
    /// 发文字号 (政协提案〔2027〕1号); empty for none.
    #[serde(default)]
    pub number: String,
    /// 成文日期; today when `None`.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<NaiveDate>,
}

/// The columns of the ranked table, in the 通报's 附件 and the workbook;
/// the answer classes stand in one column, named by [`Evaluation::class_header`].
const COLUMNS: [&str; 14] = [
    "名次",
    "承办单位",
    "主办",
    "会办",
    "按期办复率",
    "逾期",
    "",
    "满意率",
    "态度满意",
    "面商率",
    "落实率",
    "延期/退回",
    "会办按时",
    "得分",
];

/// What the short headers stand for, under the table.
const TABLE_NOTE: &str = "注：主办、会办为件数；满意率为办理结果满意和基本满意率，态度满意为提案者对办理态度满意和基本满意的比率，落实率为建议落实率，会办按时为会办意见按时送交主办单位的比率；逾期含逾期答复和逾期未答复；“—”表示该项不适用，不计分。";

/// “75.0%”, or “—” where there was nothing to count over.
fn rate(share: Share, over: u32) -> String {
    if over == 0 {
        "—".to_owned()
    } else {
        format!("{}%", share.rate)
    }
}

/// Each class's count in the order of `letters`: “7/1/1”.
fn classes(u: &UnitEvaluation, letters: &[tian_domain::AnswerClass]) -> String {
    let count = |class| u.classes.iter().find(|c| c.class == class).map_or(0, |c| c.share.count);
    letters.iter().map(|class| count(*class).to_string()).collect::<Vec<_>>().join("/")
}

fn row(u: &UnitEvaluation, letters: &[tian_domain::AnswerClass]) -> Vec<String> {
    vec![
        u.rank.map_or("—".to_owned(), |r| r.to_string()),
        u.unit.clone(),
        u.led.to_string(),
        u.co_handled.to_string(),
        rate(u.on_time, u.led),
        u.late.to_string(),
        classes(u, letters),
        rate(u.satisfied, u.with_feedback),
        rate(u.attitude, u.with_attitude),
        rate(u.met, u.replied.count),
        u.carried_out.map_or("—".to_owned(), |r| format!("{r}%")),
        format!("{}/{}", u.extended, u.handed_back),
        rate(u.co_opinions, u.opinions_due),
        u.score.map_or("—".to_owned(), |s| format!("{s:.1}")),
    ]
}

impl Evaluation {
    /// The classes any unit's answers are counted under (the city's, and
    /// any other that occurs), in class order.
    fn class_letters(&self) -> Vec<tian_domain::AnswerClass> {
        let mut letters: Vec<_> = self.units.iter().flat_map(|u| u.classes.iter().map(|c| c.class)).collect();
        letters.sort_by_key(|c| c.letter());
        letters.dedup();
        letters
    }

    /// The header of the classes' column: “A/B/C类”.
    fn class_header(letters: &[tian_domain::AnswerClass]) -> String {
        format!("{}类", letters.iter().map(|c| c.letter().to_string()).collect::<Vec<_>>().join("/"))
    }

    fn header(letters: &[tian_domain::AnswerClass]) -> Vec<String> {
        let classes = Self::class_header(letters);
        COLUMNS.iter().map(|c| if c.is_empty() { classes.clone() } else { (*c).to_owned() }).collect()
    }

    /// The ranked table, as the 通报's 附件 prints it.
    fn table(&self) -> Table {
        let letters = self.class_letters();
        Table {
            header: Self::header(&letters),
            widths: vec![0.6, 3.0, 0.8, 0.8, 1.0, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 0.8],
            rows: self.units.iter().map(|u| row(u, &letters)).collect(),
        }
    }

    /// Sums over the units: `part` of `whole`, as one rate.
    fn overall(&self, part: impl Fn(&UnitEvaluation) -> u32, whole: impl Fn(&UnitEvaluation) -> u32) -> Option<f64> {
        let whole: u32 = self.units.iter().map(&whole).sum();
        (whole > 0).then(|| tian_domain::percent(self.units.iter().map(part).sum(), whole))
    }

    /// 总体情况, in sentences.
    fn summary(&self) -> Vec<String> {
        let leads = self.units.iter().filter(|u| u.led > 0).count();
        let co = self.units.iter().filter(|u| u.co_handled > 0).count();
        let mut first = format!(
            "{}年共交办重点提案{}件，由{}个单位承办，其中主办单位{leads}个、会办单位{co}个。",
            self.year,
            self.assigned,
            self.units.len()
        );
        let rates: Vec<String> = [
            ("按期办复率", self.overall(|u| u.on_time.count, |u| u.led)),
            ("满意和基本满意率", self.overall(|u| u.satisfied.count, |u| u.with_feedback)),
            ("态度满意率", self.overall(|u| u.attitude.count, |u| u.with_attitude)),
            ("面商率", self.overall(|u| u.met.count, |u| u.replied.count)),
            ("会办意见按时率", self.overall(|u| u.co_opinions.count, |u| u.opinions_due)),
        ]
        .into_iter()
        .filter_map(|(name, r)| r.map(|r| format!("{name}{r}%")))
        .collect();
        if !rates.is_empty() {
            first.push_str(&format!("各单位合计，{}。", rates.join("，")));
        }
        let extended: u32 = self.units.iter().map(|u| u.extended).sum();
        let back: u32 = self.units.iter().map(|u| u.handed_back).sum();
        if extended + back > 0 {
            first.push_str(&format!("经批准延期答复{extended}次，退回改办{back}次。"));
        }
        vec![first]
    }

    /// 考评办法: the weights, as the committee set them.
    fn method(&self) -> String {
        let weighed: Vec<String> =
            self.weights.named().into_iter().filter(|(_, w)| *w > 0).map(|(name, w)| format!("{name}{w}分")).collect();
        format!(
            "考评以各单位{}年度承办的重点提案为对象，计分项目和分值为：{}，合计折合为百分制。某项对一个单位不适用的（如尚无提案者评价、没有会办任务），按其余各项的权重折算，不因未承担的工作加分或减分。",
            self.year,
            weighed.join("、")
        )
    }

    /// 考评结果, in sentences: the best, and those late.
    fn results(&self) -> Vec<String> {
        let mut out = Vec::new();
        let best: Vec<String> = self
            .units
            .iter()
            .filter(|u| u.rank.is_some_and(|r| r <= 3) && u.score.is_some_and(|s| s > 0.0))
            .map(|u| format!("{}（{:.1}分）", u.unit, u.score.unwrap_or_default()))
            .collect();
        if !best.is_empty() {
            out.push(format!("得分居前的单位是：{}。", best.join("、")));
        }
        let late: Vec<String> =
            self.units.iter().filter(|u| u.late > 0).map(|u| format!("{}（{}件）", u.unit, u.late)).collect();
        if !late.is_empty() {
            out.push(format!("有逾期答复或逾期未答复提案的单位{}个：{}。", late.len(), late.join("、")));
        }
        let slow: Vec<&str> =
            self.units.iter().filter(|u| u.co_opinions.count < u.opinions_due).map(|u| u.unit.as_str()).collect();
        if !slow.is_empty() {
            out.push(format!("会办意见未按时送交主办单位的单位：{}。", slow.join("、")));
        }
        out.push(format!("各单位考评结果见附件（统计截至{}）。", tian_domain::dates::format_cn(self.as_of)));
        out
    }
}

impl Tian {
    /// 考评通报: the year's evaluation as a document to the units, its
    /// ranked table as the 附件.
    pub(crate) fn evaluation_bulletin(&self, request: &EvaluationRequest) -> Result<OfficialDocument> {
        let evaluation = self.evaluation(request.year)?;
        if evaluation.units.is_empty() {
            return Err(CoreError::Invalid(format!("{}年没有交办的提案，无从考评。", evaluation.year)));
        }
        let settings = self.settings()?;
        let issuer = settings.issuer.trim();
        let about = format!("关于{}年度提案办理工作考评情况的通报", evaluation.year);
        let title = if issuer.is_empty() { about } else { format!("{issuer}{about}") };
        let mut doc = OfficialDocument::new(title, settings.issuer.clone(), request.date.unwrap_or(self.today));
        dress(&mut doc, &settings.report_form, &request.number, "");
        doc.recipient = Some("各承办单位".to_owned());
        doc.blocks.push(Block::Paragraph(format!(
            "为推动提案办理工作提质增效，根据提案办理工作考评办法，对{}年度交办的重点提案的办理工作进行了考评。现将有关情况通报如下。",
            evaluation.year
        )));
        doc.blocks.push(Block::Heading1("一、总体情况".into()));
        doc.blocks.extend(evaluation.summary().into_iter().map(Block::Paragraph));
        doc.blocks.push(Block::Heading1("二、考评办法".into()));
        doc.blocks.push(Block::Paragraph(evaluation.method()));
        doc.blocks.push(Block::Heading1("三、考评结果".into()));
        doc.blocks.extend(evaluation.results().into_iter().map(Block::Paragraph));
        doc.blocks.push(Block::Heading1("四、有关要求".into()));
        doc.blocks.push(Block::Paragraph(
            "各承办单位要对照考评结果，查找办理工作中的差距，把与提案者面商沟通、按期答复和建议落实作为办理的重点，推动提案办理从“答复型”向“落实型”转变。".into(),
        ));
        doc.annexes.push(Annex {
            name: format!("{}年度承办单位提案办理工作考评结果", evaluation.year),
            blocks: vec![Block::Table(evaluation.table()), Block::Paragraph(TABLE_NOTE.to_owned())],
            landscape: true,
        });
        Ok(doc)
    }

    /// 考评表: the year's evaluation as an .xlsx workbook, one row a unit,
    /// rates as numbers an office can sort; the units it lists.
    pub fn export_evaluation_workbook(&self, year: Option<i32>, path: &Path) -> Result<u32> {
        let evaluation = self.evaluation(year)?;
        let percent = |share: Share, over: u32| if over == 0 { Cell::Empty } else { Cell::Percent(share.rate) };
        let count = |n: u32| Cell::Number(f64::from(n));
        let letters = evaluation.class_letters();
        let rows: Vec<Vec<Cell>> = evaluation
            .units
            .iter()
            .map(|u| {
                vec![
                    u.rank.map_or(Cell::Empty, count),
                    Cell::Text(u.unit.clone()),
                    count(u.led),
                    count(u.co_handled),
                    percent(u.on_time, u.led),
                    count(u.late),
                    Cell::Text(classes(u, &letters)),
                    percent(u.satisfied, u.with_feedback),
                    percent(u.attitude, u.with_attitude),
                    percent(u.met, u.replied.count),
                    u.carried_out.map_or(Cell::Empty, Cell::Percent),
                    Cell::Text(format!("{}/{}", u.extended, u.handed_back)),
                    percent(u.co_opinions, u.opinions_due),
                    u.score.map_or(Cell::Empty, Cell::Decimal),
                ]
            })
            .collect();
        let widths = [6.0, 30.0, 9.0, 9.0, 11.0, 7.0, 10.0, 9.0, 11.0, 9.0, 11.0, 10.0, 11.0, 8.0];
        let sheet = format!("{}年度考评", evaluation.year);
        let header = Evaluation::header(&letters);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let bytes = tian_export::write_ledger(&sheet, &header, &widths, &rows)?;
        crate::write_file(path, &bytes)?;
        Ok(evaluation.units.len() as u32)
    }
}
