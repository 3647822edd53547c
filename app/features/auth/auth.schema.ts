import { z } from "zod";
import { PREFECTURES } from "~/lib/local-gov-code";
import { optionalCodeField, optionalText, requiredText } from "~/lib/schema";
import { hiraganaReadingField } from "~/lib/text";
import { choiceParam, pageParam, searchTextParam } from "~/lib/list-query";

export const PASSWORD_MIN_LENGTH = 12;

const email = z
  .string({ error: "メールアドレスを入力してください。" })
  .trim()
  .min(1, "メールアドレスを入力してください。")
  .max(254, "メールアドレスが長すぎます。")
  .pipe(z.email("メールアドレスの形式が正しくありません。"))
  .transform((s) => s.toLowerCase());

const newPassword = z
  .string({ error: "パスワードを入力してください。" })
  .min(PASSWORD_MIN_LENGTH, `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`)
  .max(128, "パスワードは128文字以内にしてください。");

function bothStrings(value: unknown, a: string, b: string): boolean {
  const v = value as Record<string, unknown> | null;
  return typeof v?.[a] === "string" && typeof v?.[b] === "string";
}

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "パスワードを入力してください。" }).min(1, "パスワードを入力してください。").max(128),
  redirectTo: z.string().optional(),
});

const prefectureCodes = PREFECTURES.map((p) => p.code) as [string, ...string[]];

export const RegisterSchema = z
  .object({
    name: requiredText("氏名", 60),
    nameKana: hiraganaReadingField(60),
    email,
    password: newPassword,
    passwordConfirm: z.string({ error: "確認のためもう一度パスワードを入力してください。" }),
    prefectureCode: z.enum(prefectureCodes, { error: "都道府県を選択してください。" }),
    organization: optionalText("所属", 100),
    itcNumber: optionalCodeField("ITC認定番号", {
      max: 20,
      pattern: /^[0-9A-Za-z-]{1,20}$/,
      message: "ITC認定番号は英数字とハイフン20文字以内で入力してください。",
    }),
  })
  // Run even when other fields failed, so that every message shows at once.
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "パスワードが一致しません。",
    when: (p) => bothStrings(p.value, "password", "passwordConfirm"),
  })
  .refine((v) => v.password.toLowerCase() !== v.email, {
    path: ["password"],
    message: "メールアドレスと同じパスワードは使えません。",
    when: (p) => bothStrings(p.value, "password", "email"),
  });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "現在のパスワードを入力してください。" })
      .min(1, "現在のパスワードを入力してください。"),
    newPassword,
    newPasswordConfirm: z.string({ error: "確認のためもう一度新しいパスワードを入力してください。" }),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "新しいパスワードが一致しません。",
    when: (p) => bothStrings(p.value, "newPassword", "newPasswordConfirm"),
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "現在と異なるパスワードにしてください。",
    when: (p) => bothStrings(p.value, "newPassword", "currentPassword"),
  });

export const UserSearchSchema = z.object({
  q: searchTextParam,
  role: choiceParam(["trainee", "trainer", "staff", "admin"]),
  page: pageParam,
});

export const ForgotPasswordSchema = z.object({ email });

export const SetPasswordSchema = z
  .object({
    newPassword,
    newPasswordConfirm: z.string({ error: "確認のためもう一度新しいパスワードを入力してください。" }),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "新しいパスワードが一致しません。",
    when: (p) => bothStrings(p.value, "newPassword", "newPasswordConfirm"),
  });

export const InviteUserSchema = z.object({
  intent: z.literal("invite"),
  name: z
    .string({ error: "氏名を入力してください。" })
    .trim()
    .min(1, "氏名を入力してください。")
    .max(60, "氏名は60文字以内で入力してください。"),
  nameKana: hiraganaReadingField(60),
  email,
  prefectureCode: z.enum(prefectureCodes, { error: "都道府県を選択してください。" }),
  organization: z
    .string()
    .trim()
    .max(100, "所属は100文字以内で入力してください。")
    .optional()
    .transform((s) => s ?? ""),
  // The admin role is never handed out by an invitation: it is granted, with confirmation.
  role: z.enum(["trainee", "trainer", "staff"], { error: "役割を選択してください。" }),
});

/** The actions of an admin on one user (/admin/users and /admin/users/$userId). */
export const UserActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("grant"),
    userId: z.string().min(1).max(64),
    role: z.enum(["trainee", "trainer", "staff", "admin"], { error: "役割を選択してください。" }),
    confirm: z.literal("yes").optional(),
  }),
  z.object({
    intent: z.literal("revoke"),
    userId: z.string().min(1).max(64),
    role: z.enum(["trainee", "trainer", "staff", "admin"], { error: "役割を選択してください。" }),
  }),
  z.object({ intent: z.enum(["deactivate", "reactivate", "send-reset"]), userId: z.string().min(1).max(64) }),
]);
