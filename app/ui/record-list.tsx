import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { withFilters } from "~/lib/record-list";
import { SearchFilter } from "./filters";
import { Pagination } from "./pagination";

// One list component for the staff's and trainers' work lists (approvals, the renewal review
// queue, rosters, the certification queue): a GET name search, the count of what matches,
// export links for exactly what matches, the rows, and the page links. A list with a bulk
// action adds <BulkSelection> inside its form and a <RowCheckbox> per row. Decision 0041.
//
// Everything works without JavaScript: the search is a GET form, the exports are links, each
// row's box is a plain checkbox and "all N matching" is a checkbox submitted with the form
// (scope=matching, the search and the count shown), so the server finds the rows itself.
// Only "select all on this page" needs a script, so it appears once the page has hydrated.

/** A search as the labels quote it: a long one is cut, so the count stays one line or two. */
function quoted(q: string): string {
  const chars = [...q];
  return `「${chars.length > 30 ? `${chars.slice(0, 30).join("")}…` : q}」`;
}

export type RecordListExports = {
  /** Path of the CSV download; the current filters are added to it. */
  csv: string;
  /** Path of the .xlsx download; the current filters are added to it. */
  xlsx: string;
};

export function RecordList({
  searchLabel,
  searchPlaceholder,
  q,
  total,
  page,
  pageCount,
  hiddenFilters = {},
  exports,
  empty,
  children,
}: {
  /** Label of the search field, e.g. 「トレーニー名・自治体名で検索」. */
  searchLabel: string;
  searchPlaceholder?: string;
  /** The current search, as the server read it (lib/record-list listSearchText). */
  q: string;
  /** How many rows match the search (all pages). */
  total: number;
  page: number;
  pageCount: number;
  /** Other filters of the page (status tab, year) kept when searching. */
  hiddenFilters?: Record<string, string>;
  exports?: RecordListExports;
  /** Shown instead of the rows when nothing matches. */
  empty: ReactNode;
  /** The rows (a list or a table, with its form when there is a bulk action). */
  children: ReactNode;
}) {
  const location = useLocation();
  const clearHref = withFilters(location.pathname, location.search, { q: null });
  return (
    <div className="record-list" data-testid="record-list">
      <Form
        method="get"
        role="search"
        className="card mb-3 flex flex-col gap-3 p-4 sm:flex-row sm:items-end"
        aria-label="一覧の検索"
      >
        {Object.entries(hiddenFilters).map(([name, value]) =>
          value ? <input key={name} type="hidden" name={name} value={value} /> : null,
        )}
        <SearchFilter label={searchLabel} defaultValue={q} placeholder={searchPlaceholder} className="flex-1" />
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-secondary">
            検索
          </button>
          {q ? <Link to={clearHref}>検索をやめる</Link> : null}
        </div>
      </Form>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
        <p aria-live="polite" className="text-std-16B-170 break-all" data-testid="record-count">
          {q ? `${quoted(q)}に一致：${total}件` : `全${total}件`}
        </p>
        {exports && total > 0 ? (
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-dns-16N-130">
            <a href={withFilters(exports.csv, location.search)} download>
              {q ? "一致した分をCSVで出力" : "CSVで出力"}
            </a>
            <a href={withFilters(exports.xlsx, location.search)} download>
              {q ? "一致した分をExcel（.xlsx）で出力" : "Excel（.xlsx）で出力"}
            </a>
          </p>
        ) : null}
      </div>
      {total === 0 ? empty : children}
      <Pagination page={page} pageCount={pageCount} />
    </div>
  );
}

const noSubscription = () => () => {};

/** False on the server and while hydrating, true once the browser runs the page's script. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function rowBoxes(form: HTMLFormElement | null, itemName: string): HTMLInputElement[] {
  if (!form) return [];
  return Array.from(form.elements).filter(
    (el): el is HTMLInputElement => el instanceof HTMLInputElement && el.type === "checkbox" && el.name === itemName,
  );
}

/**
 * The selection controls of a bulk action, placed inside its form: "select all on this page"
 * (with JavaScript), "all N matching" (a submitted checkbox: scope=matching) and the search
 * and count the server checks the matching rows against (BulkScopeSchema).
 */
export function BulkSelection({
  itemName,
  q,
  total,
  rowsOnPage,
  noun,
}: {
  /** The name of the row checkboxes (RowCheckbox `name`). */
  itemName: string;
  q: string;
  /** How many rows match the search (all pages). */
  total: number;
  /** How many selectable rows this page shows. */
  rowsOnPage: number;
  /** What a row is, e.g. 「記録」, for the labels. */
  noun: string;
}) {
  const hydrated = useHydrated();
  const ref = useRef<HTMLDivElement>(null);
  const [allOnPage, setAllOnPage] = useState(false);
  const [matching, setMatching] = useState(false);

  // Keep "select all on this page" in step with the rows' own boxes.
  useEffect(() => {
    const form = ref.current?.closest("form") ?? null;
    if (!form) return;
    const sync = () => {
      const boxes = rowBoxes(form, itemName);
      setAllOnPage(boxes.length > 0 && boxes.every((b) => b.checked));
    };
    form.addEventListener("change", sync);
    sync();
    return () => form.removeEventListener("change", sync);
  }, [itemName, rowsOnPage]);

  const setPage = (checked: boolean) => {
    const form = ref.current?.closest("form") ?? null;
    for (const box of rowBoxes(form, itemName)) box.checked = checked;
    setAllOnPage(checked);
  };

  return (
    <div
      ref={ref}
      role="group"
      aria-label={`${noun}の選択`}
      className="mb-3 flex flex-col gap-2 rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-3 sm:flex-row sm:flex-wrap sm:items-center sm:gap-x-6"
    >
      <input type="hidden" name="q" value={q} />
      <input type="hidden" name="expected" value={total} />
      {hydrated && rowsOnPage > 0 ? (
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="size-6 shrink-0"
            checked={allOnPage || matching}
            disabled={matching}
            onChange={(e) => setPage(e.currentTarget.checked)}
            data-testid="select-page"
          />
          このページの{rowsOnPage}件をすべて選択
        </label>
      ) : null}
      {total > rowsOnPage ? (
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="scope"
            value="matching"
            className="size-6 shrink-0"
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              setMatching(checked);
              setPage(checked);
            }}
            data-testid="select-matching"
          />
          {q ? `${quoted(q)}に一致する${total}件すべてを対象にする` : `全${total}件すべてを対象にする`}
        </label>
      ) : null}
    </div>
  );
}

/** One row's box for a bulk action; `label` names the row for screen readers. */
export function RowCheckbox({
  name,
  value,
  id,
  label,
  className = "mt-1 size-6 shrink-0",
}: {
  name: string;
  value: string;
  id: string;
  /** Accessible name when the visible label is elsewhere (e.g. 「鈴木 美咲を選択」). */
  label?: string;
  className?: string;
}) {
  return <input type="checkbox" name={name} value={value} id={id} aria-label={label} className={className} />;
}
