import { z } from "zod";
import type { Database } from "~/db.server";
import { PASSWORD_MIN_LENGTH } from "./auth.schema";
import { DEMO_PASSWORD } from "./demo-password.server";
import { createUser } from "./users.server";

/** The command line of `npm run admin:create`, validated like the forms. */
export const createFirstAdminInput = z.object({
  email: z
    .string({ error: "--email is required" })
    .trim()
    .pipe(z.email("--email is not an e-mail address"))
    .transform((s) => s.toLowerCase()),
  name: z.string({ error: "--name is required" }).trim().min(1, "--name is required").max(60),
  kana: z.string().trim().max(60).default("かんりしゃ"),
  prefecture: z
    .string()
    .regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, "--prefecture is a two-digit code, 01–47")
    .default("13"),
  password: z
    .string({ error: "give the password in ADMIN_PASSWORD or on stdin" })
    .min(PASSWORD_MIN_LENGTH, `the password needs at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(128)
    .refine((p) => p !== DEMO_PASSWORD, "the demo password is published: choose another"),
});

/** An admin (with the secretariat role, like the demo's) created from the command line. */
export function createAdmin(db: Database, input: z.infer<typeof createFirstAdminInput>) {
  return createUser(
    db,
    {
      email: input.email,
      password: input.password,
      name: input.name,
      nameKana: input.kana,
      prefectureCode: input.prefecture,
      organization: "",
      itcNumber: null,
      roles: ["admin", "staff"],
    },
    null,
  );
}
