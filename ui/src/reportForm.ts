// What the clerk typed on the report page (发文字号, 签发人, format), kept
// while the window is open: going to 设置 and back does not lose it.
import { ref } from "vue";
import type { ReportFormat } from "./bindings/ReportFormat";

export const reportForm = {
  number: ref(""),
  signer: ref(""),
  format: ref<ReportFormat>("pdf"),
};
