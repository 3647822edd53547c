import { Link, useLocation } from "@remix-run/react";

/** Previous/next links that keep the current filters in the query string. */
export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    params.delete("notice");
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label="ページ送り" className="mt-6 flex items-center justify-center gap-4">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          前へ
        </Link>
      ) : (
        <span aria-hidden="true" className="text-solid-gray-600">
          前へ
        </span>
      )}
      <span>
        {page} / {pageCount} ページ
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          次へ
        </Link>
      ) : (
        <span aria-hidden="true" className="text-solid-gray-600">
          次へ
        </span>
      )}
    </nav>
  );
}
