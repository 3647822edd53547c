import type { FieldMetadata } from "@conform-to/react";
import { TextField } from "~/ui/form";

/** The new password and its confirmation: the password page and the e-mailed link pages. */
export function NewPasswordFields({
  newPassword,
  newPasswordConfirm,
}: {
  newPassword: FieldMetadata<any, any, any>;
  newPasswordConfirm: FieldMetadata<any, any, any>;
}) {
  return (
    <>
      <TextField
        meta={newPassword}
        label="新しいパスワード"
        type="password"
        autoComplete="new-password"
        required
        hint="12文字以上。長い文やフレーズがおすすめです。"
      />
      <TextField
        meta={newPasswordConfirm}
        label="新しいパスワード（確認）"
        type="password"
        autoComplete="new-password"
        required
      />
    </>
  );
}
