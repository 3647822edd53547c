import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { notify } from "~/features/notifications/outbox.server";
import { addDays, formatDateJa, todayInTokyo } from "~/lib/dates";

// Reminders (issue 16, decision 0025): the day before each session, for a questionnaire still
// unanswered some days after the last session, and for an unpaid fee before the cohort starts.
// The job may run on every app server at once: each reminder is claimed by inserting its row
// into reminders_sent (primary key kind + enrolment + session) in the transaction that writes
// the notification, so exactly one claim — and one message — wins.

export type ReminderSettings = {
  session_reminder_time: string;
  questionnaire_after_days: number;
  fee_before_days: number;
  updated_at: string;
};

export type ReminderKind = "session" | "questionnaire" | "fee";

type Due = {
  kind: ReminderKind;
  enrollment_id: number;
  ref_id: number;
  user_id: string;
  title: string;
  body: string;
  link: string;
};

const tokyoClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Tokyo",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export async function getReminderSettings(db: Database): Promise<ReminderSettings> {
  return db
    .selectFrom("reminder_settings")
    .select(["session_reminder_time", "questionnaire_after_days", "fee_before_days", "updated_at"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
}

/** Reminders due at `now` that were never sent (one query per kind). */
export async function dueReminders(db: Database, now: Date = new Date()): Promise<Due[]> {
  const settings = await getReminderSettings(db);
  const today = todayInTokyo(now);
  const due: Due[] = [];

  // The day before a session, once the configured time has come (or later that day, if the
  // servers were down at that minute).
  if (tokyoClock.format(now) >= settings.session_reminder_time) {
    const tomorrow = addDays(today, 1);
    const rows = await db
      .selectFrom("cohort_sessions as s")
      .innerJoin("cohorts as c", "c.id", "s.cohort_id")
      .innerJoin("courses as k", "k.id", "c.course_id")
      .innerJoin("enrollments as e", "e.cohort_id", "c.id")
      .leftJoin("reminders_sent as r", (join) =>
        join.on("r.kind", "=", "session").onRef("r.enrollment_id", "=", "e.id").onRef("r.ref_id", "=", "s.id"),
      )
      .select([
        "e.id as enrollment_id",
        "e.user_id",
        "s.id as session_id",
        "s.date",
        "s.start_time",
        "s.end_time",
        "c.name",
        "c.venue",
        "k.title",
      ])
      .where("s.date", "=", tomorrow)
      .where("e.status", "=", "enrolled")
      .where("r.enrollment_id", "is", null)
      .orderBy("e.id")
      .orderBy("s.id")
      .execute();
    for (const r of rows) {
      due.push({
        kind: "session",
        enrollment_id: r.enrollment_id,
        ref_id: r.session_id,
        user_id: r.user_id,
        title: `明日は「${r.title}」の受講日です`,
        body: `${formatDateJa(r.date)} ${r.start_time}〜${r.end_time}\n${r.title}（${r.name}）${r.venue ? `\n会場：${r.venue}` : ""}\n\n会場の画面のQRコードで出席を受け付けます。`,
        link: "/my/training",
      });
    }
  }

  // The questionnaire, some days after the last session, while it can still be answered usefully.
  const rows = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .leftJoin("reminders_sent as r", (join) =>
      join.on("r.kind", "=", "questionnaire").onRef("r.enrollment_id", "=", "e.id").on("r.ref_id", "=", 0),
    )
    .select(["e.id as enrollment_id", "e.user_id", "c.name", "k.title"])
    .where("e.status", "=", "enrolled")
    .where("e.questionnaire_submitted_at", "is", null)
    .where("c.last_session_date", "<=", addDays(today, -settings.questionnaire_after_days))
    .where("c.last_session_date", ">=", addDays(today, -settings.questionnaire_after_days - 30))
    .where("r.enrollment_id", "is", null)
    .orderBy("e.id")
    .execute();
  for (const r of rows) {
    due.push({
      kind: "questionnaire",
      enrollment_id: r.enrollment_id,
      ref_id: 0,
      user_id: r.user_id,
      title: `「${r.title}」の受講アンケートにご回答ください`,
      body: `${r.title}（${r.name}）の受講アンケートがまだ届いていません。アンケートの提出は修了の条件です。マイ研修から回答できます。`,
      link: `/my/training/${r.enrollment_id}/questionnaire`,
    });
  }

  // An unpaid fee, some days before the first session.
  const unpaid = await db
    .selectFrom("enrollments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .leftJoin("reminders_sent as r", (join) =>
      join.on("r.kind", "=", "fee").onRef("r.enrollment_id", "=", "e.id").on("r.ref_id", "=", 0),
    )
    .select(["e.id as enrollment_id", "e.user_id", "e.fee_yen", "c.name", "c.first_session_date", "k.title"])
    .where("e.status", "=", "enrolled")
    .where("e.fee_yen", ">", 0)
    .where("e.paid_at", "is", null)
    .where("c.first_session_date", ">", today)
    .where("c.first_session_date", "<=", addDays(today, settings.fee_before_days))
    .where("r.enrollment_id", "is", null)
    .orderBy("e.id")
    .execute();
  for (const r of unpaid) {
    due.push({
      kind: "fee",
      enrollment_id: r.enrollment_id,
      ref_id: 0,
      user_id: r.user_id,
      title: `「${r.title}」の受講料の入金が確認できていません`,
      body: `${r.title}（${r.name}、${r.first_session_date ? formatDateJa(r.first_session_date) : ""}開始）の受講料 ${r.fee_yen.toLocaleString("ja-JP")}円の入金がまだ確認できていません。振込先と期限はマイ研修でご確認ください。行き違いの場合はご容赦ください。`,
      link: "/my/training",
    });
  }
  return due;
}

/**
 * Sends every reminder due at `now`, each exactly once: claims and notifications are written
 * in one transaction, and a claim another server already made is skipped.
 */
export async function sendDueReminders(db: Database, now: Date = new Date()): Promise<number> {
  const due = await dueReminders(db, now);
  if (due.length === 0) return 0;
  let sent = 0;
  for (let i = 0; i < due.length; i += 200) {
    const chunk = due.slice(i, i + 200);
    sent += await transaction(db, async (trx) => {
      const claimed = await trx
        .insertInto("reminders_sent")
        .values(
          chunk.map((d) => ({
            kind: d.kind,
            enrollment_id: d.enrollment_id,
            ref_id: d.ref_id,
            sent_at: now.toISOString(),
          })),
        )
        .onConflict((oc) => oc.columns(["kind", "enrollment_id", "ref_id"]).doNothing())
        .returning(["kind", "enrollment_id", "ref_id"])
        .execute();
      const won = new Set(claimed.map((c) => `${c.kind}:${c.enrollment_id}:${c.ref_id}`));
      for (const d of chunk) {
        if (!won.has(`${d.kind}:${d.enrollment_id}:${d.ref_id}`)) continue;
        await notify(trx, {
          userId: d.user_id,
          kind: `reminder.${d.kind}`,
          title: d.title,
          body: d.body,
          link: d.link,
        });
      }
      return won.size;
    });
  }
  return sent;
}

export async function saveReminderSettings(
  db: Database,
  input: { sessionReminderTime: string; questionnaireAfterDays: number; feeBeforeDays: number },
  actorId: string,
) {
  await transaction(db, async (trx) => {
    await trx
      .updateTable("reminder_settings")
      .set({
        session_reminder_time: input.sessionReminderTime,
        questionnaire_after_days: input.questionnaireAfterDays,
        fee_before_days: input.feeBeforeDays,
        updated_by: actorId,
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", 1)
      .execute();
    await audit(trx, {
      actorId,
      action: "reminders.settings",
      entityType: "reminder_settings",
      entityId: 1,
      details: { ...input },
    });
  });
}

const PERIODIC_EVERY_MS = 60_000;

/** The reminder job on the outbox worker's beat, at most once a minute per server. */
export function remindersPeriodicJob(db: Database) {
  let last = 0;
  return async () => {
    if (Date.now() - last < PERIODIC_EVERY_MS) return;
    last = Date.now();
    await sendDueReminders(db);
  };
}
