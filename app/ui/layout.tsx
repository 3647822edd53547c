import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "~/features/auth/roles";
import { currentNavItem, navItemsFor, type NavCounts, type NavItem } from "./navigation";
import { Phrase } from "./phrase";

type HeaderUser = { id: string; name: string; roles: Role[] } | null;

export function SiteHeader({
  user,
  unread,
  navCounts = {},
}: {
  user: HeaderUser;
  unread: number;
  navCounts?: NavCounts;
}) {
  const items = navItemsFor(user?.roles ?? null);
  const { pathname } = useLocation();
  // On a phone the full menu would take up to five rows before any content: it folds into one
  // row naming the current section (a <details>, so it opens without JavaScript too).
  const compact = items.length > 2;
  const current = currentNavItem(items, pathname);
  return (
    <header className="border-b border-solid-gray-200 bg-white">
      <div className="mx-auto flex max-w-[90rem] flex-wrap items-center justify-between gap-2 px-4 py-3 md:px-6">
        <Wordmark to={user ? "/dashboard" : "/"} />
        {user ? (
          <div className="flex items-center gap-3 text-dns-16N-130">
            <Link to="/notifications" className="no-underline" aria-label={`お知らせ（未読${unread}件）`}>
              お知らせ
              {unread > 0 ? <span className="badge ml-1 bg-red-900 text-white">{unread}</span> : null}
            </Link>
            <span className="hidden sm:inline" data-testid="current-user">
              {user.name} さん
            </span>
            <SignOutButton className={compact ? "hidden md:block" : ""} />
          </div>
        ) : (
          <div className="flex items-center gap-3">
            <Link to="/login" className="btn btn-small">
              サインイン
            </Link>
            <Link to="/register" className="hidden sm:inline">
              新規登録
            </Link>
          </div>
        )}
      </div>
      {items.length > 0 ? (
        <nav aria-label="メインメニュー" className="bg-blue-1100">
          {compact ? (
            // Keyed by the path: a navigation closes the menu it was chosen from.
            <details key={pathname} className="group md:hidden">
              <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-4 py-2 text-dns-16B-130 text-white [&::-webkit-details-marker]:hidden">
                <span>
                  メニュー
                  {current ? <span className="ml-2 font-normal">（いまのページ：{current.label}）</span> : null}
                </span>
                <span aria-hidden="true" className="transition-transform group-open:rotate-180">
                  ▾
                </span>
              </summary>
              <ul className="grid grid-cols-2 gap-x-1 px-2 pb-2">
                {items.map((item) => (
                  <NavEntry key={item.to} item={item} navCounts={navCounts} />
                ))}
                {user ? (
                  <li className="col-span-2 px-2 pt-2">
                    <SignOutButton className="" />
                  </li>
                ) : null}
              </ul>
            </details>
          ) : null}
          <ul className={`mx-auto max-w-[90rem] flex-wrap gap-x-1 px-2 md:px-4 ${compact ? "hidden md:flex" : "flex"}`}>
            {items.map((item) => (
              <NavEntry key={item.to} item={item} navCounts={navCounts} />
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

function NavEntry({ item, navCounts }: { item: NavItem; navCounts: NavCounts }) {
  return (
    <li>
      <NavLink
        to={item.to}
        className={({ isActive }) =>
          `block px-3 py-2 text-dns-16B-130 text-white no-underline hover:bg-blue-1000 hover:text-white ${isActive ? "underline decoration-[3px] underline-offset-[6px]" : ""}`
        }
      >
        {item.label}
        {item.count && navCounts[item.count] ? (
          <span className="badge ml-1 bg-white text-blue-1100">
            {navCounts[item.count]}
            <span className="sr-only">件</span>
          </span>
        ) : null}
      </NavLink>
    </li>
  );
}

function SignOutButton({ className }: { className: string }) {
  return (
    <Form method="post" action="/logout" className={className}>
      <button type="submit" className="btn-secondary btn-small">
        サインアウト
      </button>
    </Form>
  );
}

/** The app's mark: a drawn bridge (management ⇄ IT) beside the name; the link reads as the name. */
function Wordmark({ to }: { to: string }) {
  return (
    <Link
      to={to}
      className="inline-flex items-center gap-2 text-std-20B-150 text-solid-gray-900 no-underline hover:text-key-1000"
    >
      <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false" className="shrink-0">
        <rect width="32" height="32" rx="7" fill="#0017c1" />
        <path d="M5 22h22M8 22v-5a8 8 0 0 1 16 0v5" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
        <circle cx="16" cy="9" r="2.4" fill="#ffd43d" />
      </svg>
      <span>
        <span className="text-key-900">ITC</span>研修ポータル
      </span>
    </Link>
  );
}

export function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-solid-gray-200 bg-solid-gray-50">
      <div className="mx-auto flex max-w-[90rem] flex-col gap-2 px-4 py-6 text-dns-14N-130 text-solid-gray-800 md:flex-row md:justify-between md:px-6">
        <p>ITC研修ポータル — ITコーディネータの研修・OJT・修了認定</p>
        <p className="flex gap-4">
          <Link to="/help">ご利用の手引き</Link>
          <Link to="/verify">修了証の確認</Link>
          <Link to="/account/password">パスワード変更</Link>
        </p>
      </div>
    </footer>
  );
}

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {roles.map((r) => (
        <span key={r} className="badge bg-blue-100 text-blue-1100">
          {ROLE_LABELS[r]}
        </span>
      ))}
    </span>
  );
}

export function PageHeader({ title, lead, actions }: { title: string; lead?: string; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 md:flex-row md:items-end md:justify-between">
      <div>
        <h1>
          <Phrase>{title}</Phrase>
        </h1>
        {lead ? <p className="mt-2 text-solid-gray-800">{lead}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-12 border border-dashed border-solid-gray-420 bg-solid-gray-50 p-6 text-center">
      <p className="text-std-16B-170">{title}</p>
      {children ? <div className="mt-2 text-dns-16N-130 text-solid-gray-800">{children}</div> : null}
    </div>
  );
}

export function FlashMessage({ message, tone = "success" }: { message?: string | null; tone?: "success" | "error" }) {
  if (!message) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`mb-6 rounded-8 border-l-4 p-4 ${tone === "error" ? "border-error-1 bg-red-50" : "border-success-1 bg-green-50"}`}
    >
      {message}
    </div>
  );
}
