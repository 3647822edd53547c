import { z } from "zod";

/** Up to this many certificates are zipped in one download. */
export const MAX_ZIP_SELECTION = 500;

/** A selection of certificates for one ZIP of their PDFs (the form sends `ids` repeatedly). */
export const CertificateSelectionSchema = z.object({
  ids: z
    .array(
      z
        .string()
        .regex(/^[1-9][0-9]{0,15}$/, "修了証の指定が正しくありません。")
        .transform(Number)
        .refine(Number.isSafeInteger, "修了証の指定が正しくありません。"),
      "修了証の指定が正しくありません。",
    )
    .min(1, "ダウンロードする修了証を1件以上選んでください。")
    .max(MAX_ZIP_SELECTION, `一度にダウンロードできるのは${MAX_ZIP_SELECTION}件までです。`)
    .transform((ids) => [...new Set(ids)]),
});
