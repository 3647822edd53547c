import { useSearchParams } from "@remix-run/react";
import { noticeMessage, type NoticePage } from "~/lib/notices";
import { FlashMessage } from "./layout";

/** The confirmation of `?notice=code` for this page (app/lib/notices.ts), or nothing. */
export function Notice({ page }: { page: NoticePage }) {
  const [searchParams] = useSearchParams();
  return <FlashMessage message={noticeMessage(page, searchParams.get("notice"))} />;
}
