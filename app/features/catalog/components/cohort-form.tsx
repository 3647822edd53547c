import type { z } from "zod";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useState, useSyncExternalStore } from "react";
import { PREFECTURES } from "~/lib/local-gov-code";
import { FieldError, FormErrors, SelectField, TextareaField, TextField } from "~/ui/form";
import type { CohortSchema } from "../catalog.schema";
import { ONLINE } from "~/features/vocabulary/course-kinds";
import {
  formatSessionLines,
  generateSessions,
  holidayWarnings,
  parseSessionLines,
  SESSION_LINE_EXAMPLE,
} from "../sessions";

export type CohortFormDefaults = Partial<{
  courseId: string;
  name: string;
  fiscalYear: string;
  area: string;
  venue: string;
  meetingUrl: string;
  capacity: string;
  enrollmentOpensOn: string;
  enrollmentClosesOn: string;
  cancellationDeadline: string;
  approvalRequired: string;
  lecturerId: string;
  subLecturerIds: string[];
  sessionsText: string;
}>;

const areaOptions = [
  { value: ONLINE, label: "オンライン" },
  ...PREFECTURES.map((p) => ({ value: p.code, label: p.name })),
];

const subscribeNothing = () => () => {};

/** Fills the sessions box for a multi-day cohort (an enhancement: shown once scripts run). */
function SessionGenerator({ onGenerate }: { onGenerate: (text: string) => void }) {
  const [first, setFirst] = useState("");
  const [count, setCount] = useState("6");
  const [interval, setInterval] = useState("7");
  const [start, setStart] = useState("10:00");
  const [end, setEnd] = useState("17:00");
  const [prefix, setPrefix] = useState("");
  const [message, setMessage] = useState("");
  return (
    <details className="mb-4 rounded-8 border border-solid-gray-200 p-3">
      <summary className="cursor-pointer text-std-16B-170">日程をまとめて作成（複数日の研修）</summary>
      <div className="mt-3 grid gap-3 sm:grid-cols-2 md:grid-cols-3">
        <label className="block">
          <span className="label">初日</span>
          <input type="date" className="input" value={first} onChange={(e) => setFirst(e.target.value)} />
        </label>
        <label className="block">
          <span className="label">日数</span>
          <input
            type="number"
            min={1}
            max={40}
            className="input"
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <label className="block">
          <span className="label">間隔</span>
          <select className="input" value={interval} onChange={(e) => setInterval(e.target.value)}>
            <option value="1">毎日</option>
            <option value="7">毎週</option>
            <option value="14">隔週</option>
          </select>
        </label>
        <label className="block">
          <span className="label">開始時刻</span>
          <input type="time" className="input" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label className="block">
          <span className="label">終了時刻</span>
          <input type="time" className="input" value={end} onChange={(e) => setEnd(e.target.value)} />
        </label>
        <label className="block">
          <span className="label">テーマ（各日に「n日目」を付けます）</span>
          <input className="input" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
        </label>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="button"
          className="btn-secondary btn-small"
          onClick={() => {
            const sessions = generateSessions({
              firstDate: first,
              count: Number(count),
              intervalDays: Number(interval),
              startTime: start,
              endTime: end,
              topicPrefix: prefix,
            });
            if (sessions.length === 0) {
              setMessage("初日と日数を入力してください。");
              return;
            }
            setMessage(`${sessions.length}日分の日程を入力欄に書き込みました。必要に応じて調整してください。`);
            onGenerate(formatSessionLines(sessions));
          }}
        >
          日程を書き込む
        </button>
        <span role="status">{message}</span>
      </div>
    </details>
  );
}

export function CohortForm({
  lastResult,
  defaultValue,
  trainers,
  courseOptions,
  courseLocked,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined | null;
  defaultValue: CohortFormDefaults;
  trainers: ReadonlyArray<{ id: string; name: string; organization: string }>;
  courseOptions: ReadonlyArray<{ id: number; code: string; title: string }>;
  courseLocked: boolean;
  submitLabel: string;
}) {
  const [form, fields] = useForm<z.input<typeof CohortSchema>, z.output<typeof CohortSchema>>({
    lastResult,
    defaultValue,
  });
  // True once scripts run in the browser (false in the server render): the generator needs them.
  const hydrated = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const sessionsText = typeof fields.sessionsText.value === "string" ? fields.sessionsText.value : "";
  const warnings = holidayWarnings(parseSessionLines(sessionsText).sessions);
  const subInitial = fields.subLecturerIds.initialValue;
  const subChecked = new Set(Array.isArray(subInitial) ? subInitial : subInitial ? [subInitial] : []);
  const trainerOptions = trainers.map((t) => ({ value: t.id, label: `${t.name}（${t.organization || "所属なし"}）` }));
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <FormErrors id={form.errorId} errors={form.errors} />
      {courseLocked ? (
        <input type="hidden" name={fields.courseId.name} value={String(fields.courseId.initialValue ?? "")} />
      ) : (
        <SelectField
          meta={fields.courseId}
          label="講座"
          required
          options={courseOptions.map((c) => ({ value: String(c.id), label: `${c.title}（${c.code}）` }))}
        />
      )}
      <div className="grid gap-x-6 md:grid-cols-2">
        <TextField meta={fields.name} label="開催回の名称" required hint="例：2026年度 第1回（5月）" />
        <TextField meta={fields.fiscalYear} label="年度" inputMode="numeric" hint="空欄なら初日の年度（4月始まり）" />
        <SelectField meta={fields.area} label="開催地" options={areaOptions} required />
        <TextField meta={fields.capacity} label="定員（人）" inputMode="numeric" required />
        <TextField meta={fields.venue} label="会場" hint="集合研修の場合は必須。例：金沢市 ○○センター 3階" />
        <TextField
          meta={fields.meetingUrl}
          label="オンライン参加用URL"
          type="url"
          hint="受講確定者にだけ表示されます"
        />
        <TextField meta={fields.enrollmentOpensOn} label="申込開始日" type="date" required />
        <TextField meta={fields.enrollmentClosesOn} label="申込締切日" type="date" required />
        <TextField
          meta={fields.cancellationDeadline}
          label="キャンセル期限"
          type="date"
          required
          hint="この日まで受講者が画面から取り消せます"
        />
        <SelectField meta={fields.lecturerId} label="講師" options={trainerOptions} placeholder="未定" />
      </div>
      <fieldset className="mb-5">
        <legend className="label">サブ講師</legend>
        {trainers.length === 0 ? (
          <p className="text-solid-gray-700">トレーナーITCが登録されていません。</p>
        ) : (
          <div className="grid gap-1 md:grid-cols-2">
            {trainers.map((t) => (
              <label key={t.id} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name={fields.subLecturerIds.name}
                  value={t.id}
                  defaultChecked={subChecked.has(t.id)}
                  className="size-5"
                />
                {t.name}
              </label>
            ))}
          </div>
        )}
        <FieldError meta={fields.subLecturerIds} />
      </fieldset>
      <label className="mb-6 flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          name={fields.approvalRequired.name}
          defaultChecked={fields.approvalRequired.initialValue === "on"}
          className="size-5"
        />
        申込を事務局の承認制にする（承認までは「承認待ち」として席を確保）
      </label>
      <h2 className="mb-2 text-std-18B-160">日程</h2>
      {hydrated ? (
        <SessionGenerator onGenerate={(text) => form.update({ name: fields.sessionsText.name, value: text })} />
      ) : null}
      <TextareaField
        meta={fields.sessionsText}
        label="日程（1行に1日）"
        required
        rows={8}
        hint={`「日付 開始-終了 テーマ」の形で1行に1日ずつ。例：${SESSION_LINE_EXAMPLE}`}
      />
      {warnings.length > 0 ? (
        <div role="status" className="mb-5 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3">
          <p className="font-bold">祝日・年末年始に重なる日程があります（このまま保存もできます）</p>
          <ul className="list-disc pl-6">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <button type="submit" className="btn">
        {submitLabel}
      </button>
    </Form>
  );
}
