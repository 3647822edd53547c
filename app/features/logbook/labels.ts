// Japanese labels of the logbook (entries, sign-off, reference data), in one place.

export const ENTRY_STATUSES = ["submitted", "returned", "approved"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  submitted: "承認待ち",
  returned: "差戻し",
  approved: "承認済み",
};

export const REFERENCE_KINDS = ["taskKinds", "pglPhases", "micRoles"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export const REFERENCE_KIND_LABELS: Record<ReferenceKind, string> = {
  taskKinds: "作業の種類",
  pglPhases: "ITCプロセスガイドラインのフェーズ",
  micRoles: "自治体DX外部人材スキル標準の役割",
};

export const PGL_PROCESSES = ["recognition", "realization", "common"] as const;
export type PglProcess = (typeof PGL_PROCESSES)[number];
export const PGL_PROCESS_LABELS: Record<PglProcess, string> = {
  recognition: "IT経営認識プロセス",
  realization: "IT経営実現プロセス",
  common: "IT経営共通プロセス",
};

export const ENTRY_FIELD_LABELS: Record<string, string> = {
  workDate: "実施日",
  startTime: "開始時刻",
  endTime: "終了時刻",
  minutes: "時間",
  taskKindId: "作業の種類",
  pglPhaseId: "PGLのフェーズ",
  micRoleId: "MICスキル標準の役割",
  department: "担当部署",
  activity: "実施内容",
  contribution: "トレーニーの貢献",
  reflection: "トレーニーの振り返り",
  trainerFeedback: "トレーナーのフィードバック",
};

/** 90 → "1時間30分". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}分`;
  return m === 0 ? `${h}時間` : `${h}時間${m}分`;
}
