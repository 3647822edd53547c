import type { Database } from "~/db.server";
import type { SessionUser } from "~/features/auth/session.server";
import { hasRole } from "~/features/auth/roles";
import { certificateById } from "~/features/certification/records.server";
import { getIssuer } from "~/features/issuer/issuer.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/lib/errors";
import { criteriaLines, criteriaNarrative } from "./criteria-narrative";
import { CREDENTIAL_MESSAGES } from "./messages";
import { achievement, OPEN_BADGES_CONTEXT, openBadgeCredential, VC_V2_CONTEXT, type StatusPurpose } from "./open-badge";
import type { CredentialSetting } from "./setting.server";
import { signCredential } from "./sign.server";
import { statusBitstring, statusListCredential } from "./status-list.server";

// The certificate as a signed Open Badges 3.0 credential, and the signed status lists it points
// to. Signed on each request, not stored (decision 0021): the claims come from the certificate's
// frozen row, so every signing says the same; a proof takes a few milliseconds.

/** The signed credential of one certificate, for its holder and staff. */
export async function credentialForDownload(
  db: Database,
  certificateId: number,
  viewer: Pick<SessionUser, "id" | "roles">,
  setting: CredentialSetting,
  now: Date = new Date(),
) {
  const certificate = await certificateById(db, certificateId);
  if (!certificate) throw new NotFoundError(CREDENTIAL_MESSAGES.certificateNotFound);
  if (certificate.holder_id !== viewer.id && !hasRole(viewer, "staff", "admin"))
    throw new ForbiddenError(CREDENTIAL_MESSAGES.notYours);
  // A revoked certificate is not signed again; its earlier copies are marked by the status list.
  if (certificate.status === "revoked") throw new ConflictError(CREDENTIAL_MESSAGES.revoked);
  const [issuer, snapshot] = await Promise.all([
    getIssuer(db),
    db
      .selectFrom("certificates")
      .select("criteria_snapshot")
      .where("id", "=", certificate.id)
      .executeTakeFirstOrThrow(),
  ]);
  const unsigned = openBadgeCredential(
    certificate,
    { did: setting.key.did, name: issuer.association_name },
    setting.origin,
    { criteriaNarrative: criteriaNarrative(criteriaLines(snapshot.criteria_snapshot), certificate.programme_name) },
  );
  const signed = await signCredential(unsigned, setting.key, now);
  // OB 3.0 takes `proof` as a list (0..*; its JSON Schema says array). The same proof in a
  // one-element array is the same JSON-LD (a proof set), so the signature holds (decision 0028).
  const credential = { ...signed, proof: [signed.proof] };
  return {
    credential,
    fileName: `${CREDENTIAL_MESSAGES.fileNamePrefix}_${certificate.certificate_title}_${certificate.number}.json`,
  };
}

/** The signed Bitstring Status List of one purpose, as it stands now. */
export async function signedStatusList(
  db: Database,
  purpose: StatusPurpose,
  setting: CredentialSetting,
  now: Date = new Date(),
) {
  const bitstring = await statusBitstring(db, purpose);
  const list = statusListCredential({ purpose, origin: setting.origin, issuerDid: setting.key.did, bitstring, now });
  return signCredential(list, setting.key, now);
}

/**
 * The public description of what a programme's certificate attests (the id every credential's
 * achievement names), with the programme's current criteria. No personal data.
 */
export async function achievementDocument(db: Database, code: string, setting: CredentialSetting) {
  const programme = await db
    .selectFrom("certification_programmes")
    .select(["id", "code", "name", "certificate_title"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!programme) throw new NotFoundError(CREDENTIAL_MESSAGES.unknownAchievement);
  const [issuer, criteria] = await Promise.all([
    getIssuer(db),
    db
      .selectFrom("certification_criteria")
      .select(["kind", "params"])
      .where("programme_id", "=", programme.id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
  ]);
  return {
    "@context": [VC_V2_CONTEXT, OPEN_BADGES_CONTEXT],
    ...achievement(
      programme,
      { did: setting.key.did, name: issuer.association_name },
      setting.origin,
      criteriaNarrative(criteriaLines(criteria), programme.name),
    ),
  };
}
