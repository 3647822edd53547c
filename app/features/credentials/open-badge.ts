import type { CertificateRecord } from "~/features/certification/records.server";

// An issued certificate as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), before
// signing. Only what the certificate froze at issue goes in (name, programme, title, date), so
// signing it again on each download gives the same claims.

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OPEN_BADGES_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/**
 * The published status lists. "message" is the one list new credentials point to (decision
 * 0028): two bits per certificate, valid / suspended / revoked. The one-bit "revocation" and
 * "suspension" lists stay for the credentials downloaded before, which name both (decision 0021).
 */
export const STATUS_PURPOSES = ["message", "revocation", "suspension"] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** Bits per certificate in the "message" list, and what each value means. */
export const MESSAGE_STATUS_SIZE = 2;
export const MESSAGE_STATUS_VALUE = { valid: 0, suspended: 1, revoked: 2 } as const;
export const MESSAGE_STATUS_MESSAGES = [
  { status: "0x0", message: "valid" },
  { status: "0x1", message: "suspended" },
  { status: "0x2", message: "revoked" },
  { status: "0x3", message: "unused" },
] as const;

/**
 * A certificate's index in the "message" list: its status_list_index past this offset, so that
 * the bit a one-bit reader takes for the entry (the bit at the index, not at index × 2) lies in
 * entries no certificate holds, where the list repeats "not valid" for it (status-list.server.ts).
 */
export const MESSAGE_LIST_FIRST_INDEX = 1_048_576;

export function messageListIndex(statusListIndex: number): number {
  return MESSAGE_LIST_FIRST_INDEX + statusListIndex;
}

export type CredentialIssuer = {
  /** did:key of the signing key. */
  did: string;
  /** The association's name (issuer_settings). */
  name: string;
};

export function statusListUrl(origin: string, purpose: StatusPurpose): string {
  return `${origin}/credentials/status/${purpose}`;
}

export function achievementUrl(origin: string, programmeCode: string): string {
  return `${origin}/credentials/achievements/${encodeURIComponent(programmeCode)}`;
}

export function issuerProfile(issuer: CredentialIssuer, origin: string) {
  return { id: issuer.did, type: ["Profile"], name: issuer.name, url: origin };
}

/** The achievement (what a programme's certificate attests), as credentials embed it. */
export function achievement(
  programme: { code: string; name: string; certificate_title: string },
  issuer: CredentialIssuer,
  origin: string,
  criteriaNarrative: string,
) {
  return {
    id: achievementUrl(origin, programme.code),
    type: ["Achievement"],
    achievementType: "Certificate",
    name: programme.name,
    description: `${issuer.name}が認定する「${programme.name}」の修了（${programme.certificate_title}）。`,
    criteria: { narrative: criteriaNarrative },
    creator: issuerProfile(issuer, origin),
  };
}

export function openBadgeCredential(
  certificate: CertificateRecord,
  issuer: CredentialIssuer,
  origin: string,
  criteria: { criteriaNarrative: string },
) {
  return {
    "@context": [VC_V2_CONTEXT, OPEN_BADGES_CONTEXT],
    id: `${origin}/verify/${encodeURIComponent(certificate.number)}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: certificate.certificate_title,
    issuer: issuerProfile(issuer, origin),
    validFrom: certificate.issued_at,
    awardedDate: certificate.issued_at,
    credentialSubject: {
      type: ["AchievementSubject"],
      name: certificate.holder_name,
      // OB 3.0 asks for an id or an identifier of the subject; the holder has no DID, so the
      // name printed on the certificate identifies them (in the clear, as on the paper).
      identifier: [
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: certificate.holder_name },
      ],
      achievement: achievement(
        {
          code: certificate.programme_code,
          name: certificate.programme_name,
          certificate_title: certificate.certificate_title,
        },
        issuer,
        origin,
        criteria.criteriaNarrative,
      ),
    },
    // One entry (OB 3.0 allows at most one): the two-bit "message" list says valid, suspended
    // or revoked, so a suspension stays distinct from a revocation (decision 0028).
    credentialStatus: {
      id: `${statusListUrl(origin, "message")}#${messageListIndex(certificate.status_list_index)}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "message",
      statusListIndex: String(messageListIndex(certificate.status_list_index)),
      statusListCredential: statusListUrl(origin, "message"),
      statusSize: MESSAGE_STATUS_SIZE,
      statusMessage: MESSAGE_STATUS_MESSAGES.map((m) => ({ ...m })),
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;
