// Japanese words of certification shown on several pages (the one place they live).

export const QUEUE_STATES = ["ready", "waiting", "declined", "issued"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const QUEUE_STATE_LABELS: Record<QueueState, string> = {
  ready: "認定できます",
  waiting: "条件を満たしていません",
  declined: "見送り",
  issued: "認定済み",
};

export const QUEUE_SHOW = ["open", "issued", "all"] as const;
export type QueueShow = (typeof QUEUE_SHOW)[number];
export const QUEUE_SHOW_LABELS: Record<QueueShow, string> = {
  open: "未認定の人",
  issued: "認定済みの人",
  all: "すべて",
};

export const CERTIFICATE_STATUS_LABELS: Record<string, string> = {
  valid: "有効",
  suspended: "一時停止中",
  revoked: "取り消し",
};

export const PRINTED_FACT_LABELS: Record<string, string> = {
  course: "研修",
  cohort: "開催回",
  period: "期間",
  municipality: "自治体",
  engagement: "案件",
};
