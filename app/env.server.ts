import { z } from "zod";
import { signingKeyProblem } from "./features/credentials/signing-key.server";

// The environment is validated once, at start-up, so a wrong setting fails fast with a
// message that names it instead of surfacing later as a confusing error.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  /** PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/dbname (decision 0014). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** PostgreSQL connections per server process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  /** Public origin, e.g. https://training.example.jp; used for links in e-mails and the Origin check. */
  APP_ORIGIN: z.url().optional(),
  /** Cookies are Secure in production unless this says otherwise (plain-HTTP intranet installs). */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Number of proxies in front of the app whose X-Forwarded-For can be trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("ITC研修ポータル <no-reply@example.jp>"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Server processes sharing the port; default one per CPU core (at most 4). 1 = no cluster. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Where uploaded files are kept (decision 0018): "folder" (FILE_STORAGE_DIR) or "database"
   * (chunks in the database, for several app servers). Default: the database on PostgreSQL,
   * the folder on SQLite.
   */
  FILE_STORAGE: z.enum(["folder", "database"]).optional(),
  /** The folder of FILE_STORAGE=folder; default `files/` beside the SQLite database. Never under public/. */
  FILE_STORAGE_DIR: z.string().min(1).optional(),
  /**
   * The Ed25519 key that signs the Open Badges credentials and status lists (decision 0021), as
   * multibase text (z…; `npm run credentials:key` makes one). Required with DATABASE_URL; on
   * SQLite, when unset, the first start creates data/credential-signing-key beside the database.
   */
  CREDENTIAL_SIGNING_KEY: z
    .string()
    .optional()
    .transform((text) => (text?.trim() ? text.trim() : undefined))
    .superRefine((text, ctx) => {
      const problem = text === undefined ? null : signingKeyProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Where the database is: the PostgreSQL URL when set, else the SQLite file. */
export function databaseLocation(e: Env = env()): string {
  return e.DATABASE_URL ?? e.DATABASE_PATH;
}

/** The database for log lines: a PostgreSQL URL without its password. */
export function describeDatabaseLocation(e: Env = env()): string {
  if (!e.DATABASE_URL) return e.DATABASE_PATH;
  try {
    const url = new URL(e.DATABASE_URL);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unparsable URL)";
  }
}

export function cookiesAreSecure(e: Env = env()): boolean {
  if (e.COOKIE_SECURE) return e.COOKIE_SECURE === "true";
  return e.NODE_ENV === "production";
}
