// The form of each step the core may offer (`Offer`): one file a step.
import type { Component } from "vue";
import type { Offer } from "../../bindings/Offer";
import ActivityForm from "./ActivityForm.vue";
import AssignForm from "./AssignForm.vue";
import CloseForm from "./CloseForm.vue";
import ContactForm from "./ContactForm.vue";
import DecideForm from "./DecideForm.vue";
import ExtendForm from "./ExtendForm.vue";
import FeedbackForm from "./FeedbackForm.vue";
import HandBackForm from "./HandBackForm.vue";
import ReopenForm from "./ReopenForm.vue";
import ReplyForm from "./ReplyForm.vue";
import ReviewForm from "./ReviewForm.vue";
import WithdrawForm from "./WithdrawForm.vue";

export const forms: Record<Offer, Component> = {
  assign: AssignForm,
  // The same form, starting from the assignment in force.
  correctAssign: AssignForm,
  review: ReviewForm,
  contact: ContactForm,
  activity: ActivityForm,
  reply: ReplyForm,
  feedback: FeedbackForm,
  close: CloseForm,
  decide: DecideForm,
  extend: ExtendForm,
  withdraw: WithdrawForm,
  handBack: HandBackForm,
  reopen: ReopenForm,
};
