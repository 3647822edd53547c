// Japanese labels of the payment settings, in one place.
export const ACCOUNT_TYPES = ["ordinary", "current"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = { ordinary: "普通", current: "当座" };

export const DUE_BASES = ["after_enrolment", "before_start"] as const;
export type DueBasis = (typeof DUE_BASES)[number];
export const DUE_BASIS_LABELS: Record<DueBasis, string> = {
  after_enrolment: "受講確定日から",
  before_start: "初回開催日の",
};
