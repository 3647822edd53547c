import { hasRole, type Role } from "~/features/auth/roles";

// The engagement's municipal counterpart (who confirms OJT entries through an e-mailed link)
// is set by staff; a trainer only proposes it, and the proposal takes effect once staff accept
// it (issue 21 item 2, decision 0027). This file is the rule, without the database: what an
// edit of the contact does, by whom. The commands are in counterpart-contact.server.ts.

export type Contact = { name: string; department: string; email: string };

export const NO_CONTACT: Contact = { name: "", department: "", email: "" };

export const COUNTERPART_CONTACT_MESSAGES = {
  pendingNotice: "担当者の変更は事務局の承認待ちです",
  proposedHint:
    "トレーナーによる担当者の変更は、事務局が承認してから確認依頼に使われます。承認されるまでは、現在の担当者に依頼します。",
  staffOnly: "担当者の変更を承認・却下できるのは事務局です。",
  ownProposal: "自分が提案した担当者の変更は承認できません。",
  noProposal: "承認待ちの担当者の変更はありません。",
  staleProposal: "担当者の変更の提案は、その後変更または取り下げられました。ページを開き直して内容を確認してください。",
} as const;

type Row = {
  counterpart_name: string;
  counterpart_department: string;
  counterpart_email: string;
  counterpart_pending_name: string | null;
  counterpart_pending_department: string | null;
  counterpart_pending_email: string | null;
  counterpart_pending_by: string | null;
  counterpart_pending_at: string | null;
};

/** The contact confirmation requests go to (accepted by staff). */
export function acceptedContact(row: Row): Contact {
  return { name: row.counterpart_name, department: row.counterpart_department, email: row.counterpart_email };
}

/** A trainer's proposal waiting for staff, or null. */
export function pendingContact(row: Row): (Contact & { by: string | null; at: string }) | null {
  if (row.counterpart_pending_at == null) return null;
  return {
    name: row.counterpart_pending_name ?? "",
    department: row.counterpart_pending_department ?? "",
    email: row.counterpart_pending_email ?? "",
    by: row.counterpart_pending_by,
    at: row.counterpart_pending_at,
  };
}

/** The contact a form sent; a field the caller left out (seed, tests) keeps `fallback`'s value. */
export function contactOfInput(
  input: { counterpartName?: string; counterpartDepartment?: string; counterpartEmail?: string },
  fallback: Contact,
): Contact {
  return {
    name: input.counterpartName ?? fallback.name,
    department: input.counterpartDepartment ?? fallback.department,
    email: input.counterpartEmail ?? fallback.email,
  };
}

const same = (a: Contact, b: Contact) => a.name === b.name && a.department === b.department && a.email === b.email;
const plain = (c: Contact): Contact => ({ name: c.name, department: c.department, email: c.email });

export const CLEARED_PROPOSAL = {
  counterpart_pending_name: null,
  counterpart_pending_department: null,
  counterpart_pending_email: null,
  counterpart_pending_by: null,
  counterpart_pending_at: null,
} as const;

export type CounterpartEventAction =
  "engagement.counterpart_changed" | "engagement.counterpart_proposed" | "engagement.counterpart_withdrawn";

export type CounterpartChange = {
  /** Columns of `engagements` to set (none when nothing changes). */
  columns: Record<string, string | null>;
  /** The key for the edit's `changed` list. */
  changed?: "counterpart" | "counterpart_proposal";
  /** Added to the edit's audit details: before and after. */
  details: Record<string, unknown>;
  /** The contact's own audit event (its own row, same transaction). */
  event?: { action: CounterpartEventAction; details: Record<string, unknown> };
};

/**
 * What an edit of the contact does. Staff: the new contact takes effect at once (a waiting
 * proposal is superseded). Anyone else (the lead trainer): it is stored as a proposal for
 * staff to accept; sending the accepted contact again withdraws a waiting proposal; sending
 * the waiting proposal again changes nothing.
 */
export function counterpartChange(
  actor: { id: string; roles: readonly Role[] },
  before: Contact,
  pending: (Contact & { by: string | null }) | null,
  proposed: Contact,
  at: string,
): CounterpartChange {
  if (hasRole(actor, "staff", "admin")) {
    if (same(before, proposed)) return { columns: {}, details: {} };
    return {
      columns: {
        counterpart_name: proposed.name,
        counterpart_department: proposed.department,
        counterpart_email: proposed.email,
        ...(pending ? CLEARED_PROPOSAL : {}),
      },
      changed: "counterpart",
      details: { counterpart: { before: plain(before), after: plain(proposed) } },
      event: {
        action: "engagement.counterpart_changed",
        details: {
          before: plain(before),
          after: plain(proposed),
          ...(pending ? { supersededProposal: { ...plain(pending), by: pending.by } } : {}),
        },
      },
    };
  }
  if (same(pending ?? before, proposed)) return { columns: {}, details: {} };
  if (pending && same(before, proposed))
    return {
      columns: { ...CLEARED_PROPOSAL },
      changed: "counterpart_proposal",
      details: { counterpartProposal: { withdrawn: plain(pending) } },
      event: { action: "engagement.counterpart_withdrawn", details: { proposal: plain(pending) } },
    };
  return {
    columns: {
      counterpart_pending_name: proposed.name,
      counterpart_pending_department: proposed.department,
      counterpart_pending_email: proposed.email,
      counterpart_pending_by: actor.id,
      counterpart_pending_at: at,
    },
    changed: "counterpart_proposal",
    details: { counterpartProposal: { before: plain(before), proposed: plain(proposed) } },
    event: {
      action: "engagement.counterpart_proposed",
      details: {
        before: plain(before),
        proposed: plain(proposed),
        ...(pending ? { replaces: plain(pending) } : {}),
      },
    },
  };
}
