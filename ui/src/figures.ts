// 办理数字 as cards: the figures of `Figures` (tian-core's figures.rs), in
// the words the 督办报告 gives them. The statistics page and the 督办总览
// both draw these, so a figure reads the same wherever it stands.
import type { Figures } from "./bindings/Figures";

export interface FigureCard {
  label: string;
  value: string;
  note?: string;
}

export function figureCards(f: Figures): FigureCard[] {
  return [
    {
      label: "已交办",
      value: `${f.assigned}件`,
      note: `含已答复、已办结的${f.withdrawn ? `，另有撤案 ${f.withdrawn}件` : ""}`,
    },
    { label: "办复率", value: `${f.replied.rate}%`, note: `已答复 ${f.replied.count}/${f.assigned}件` },
    {
      label: "按期办复率",
      value: `${f.on_time.rate}%`,
      note: `逾期答复 ${f.late_replies}件，逾期未答复 ${f.overdue}件`,
    },
    { label: "办结率", value: `${f.closed.rate}%`, note: `已办结 ${f.closed.count}/${f.assigned}件` },
    {
      label: "正在办理",
      value: `${f.in_hand}件`,
      note: `尚未答复；另有再办理 ${f.rehandling}件，已答复待反馈或待办结 ${f.awaiting}件`,
    },
    {
      label: "满意和基本满意率",
      value: `${f.satisfied.rate}%`,
      // Under 分办 a verdict is on one unit's answer: counted in 份.
      note: `已反馈 ${f.with_feedback}${f.answers === f.replied.count ? "件" : "份答复"}`,
    },
    ...(f.contacted && f.met ? [{ label: "沟通率", value: `${f.contacted.rate}%`, note: `面商率 ${f.met.rate}%` }] : []),
    // 征询意见表: the verdict on the unit's attitude, apart from the result's.
    ...(f.attitude
      ? [{ label: "态度满意率", value: `${f.attitude.rate}%`, note: `结果满意和基本满意率 ${f.satisfied.rate}%` }]
      : []),
  ];
}
