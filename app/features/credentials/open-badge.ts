import type { CertificateRecord } from "~/features/certification/records.server";

// An issued certificate as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), before
// signing. Only what the certificate froze at issue goes in (name, programme, title, date), so
// signing it again on each download gives the same claims.

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OPEN_BADGES_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

export const STATUS_PURPOSES = ["revocation", "suspension"] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

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
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${statusListUrl(origin, purpose)}#${certificate.status_list_index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: purpose,
      statusListIndex: String(certificate.status_list_index),
      statusListCredential: statusListUrl(origin, purpose),
    })),
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;
