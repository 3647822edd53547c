import { strToU8, Zip, ZipPassThrough } from "fflate";
import { crc32 } from "node:zlib";
import type { Database } from "~/db.server";
import { getIssuer } from "~/features/issuer/issuer.server";
import { formatWareki, formatWestern, tokyoDateOf } from "~/lib/dates";
import { NotFoundError } from "~/lib/errors";
import { renderCertificatePdf } from "./certificate-pdf.server";
import { CERTIFICATE_TEXT, factRows, PUBLIC_STATUS_LABELS } from "./document-labels";
import { certificateById, certificateByNumber, certificatesByIds, type CertificateRecord } from "./records.server";
import { normalizeCertificateNumber } from "./verification";
import { hasRole, isStaff, type Actor } from "~/features/auth/actor";

// The certificate as a document: its PDF for the people entitled to it, a ZIP of many for
// staff, and the public verification of a number (issue 15, decision 0020).

const NOT_FOUND = "修了証が見つかりません。";

/**
 * Who may download a certificate: its holder, staff, and the trainer who supervised the OJT
 * placement the certificate stems from (issue 21). Another tie to the holder (a past or
 * current placement of their own, a course certificate of the same person) gives nothing.
 * Anyone else is told it does not exist (404), as for an unknown id, so ids cannot be probed
 * for certificates of other people.
 */
async function mayDownload(db: Database, certificate: CertificateRecord, viewer: Actor): Promise<boolean> {
  if (certificate.holder_id === viewer.id || isStaff(viewer)) return true;
  if (!hasRole(viewer, "trainer")) return false;
  // The placement named by the certificate itself, and only for a programme whose subject is
  // a placement (an enrolment's id could equal some placement's id).
  const supervised = await db
    .selectFrom("ojt_placements")
    .select("id")
    .where("id", "=", certificate.subject_id)
    .where("trainer_id", "=", viewer.id)
    .where("trainee_id", "=", certificate.holder_id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("certification_programmes")
          .select("id")
          .where("id", "=", certificate.programme_id)
          .where("subject", "=", "placement"),
      ),
    )
    .executeTakeFirst();
  return supervised !== undefined;
}

/** The PDF of one certificate for a signed-in viewer entitled to it, with its file name. */
export async function certificatePdfForViewer(
  db: Database,
  certificateId: number,
  viewer: Actor,
  origin: string,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const certificate = await certificateById(db, certificateId);
  if (!certificate || !(await mayDownload(db, certificate, viewer))) throw new NotFoundError(NOT_FOUND);
  const bytes = await renderCertificatePdf(certificate, await getIssuer(db), origin);
  return { fileName: `修了証_${certificate.number}.pdf`, bytes };
}

/** "ITC-2027-00001-AD8582_髙橋美咲.pdf": unique by number, readable by name, safe on any disk. */
export function zipEntryName(certificate: Pick<CertificateRecord, "number" | "holder_name">): string {
  const name = certificate.holder_name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f\s]+/g, "");
  return `${certificate.number}_${name || "holder"}.pdf`;
}

/** Info-ZIP Unicode Path extra field (APPNOTE 4.6.9): version 1, CRC-32 of the header name, UTF-8 name. */
export const UNICODE_PATH_EXTRA_ID = 0x7075;

/**
 * How an entry says its name is UTF-8 so that every unzipper reads it: fflate sets the UTF-8
 * flag (bit 11) for a non-ASCII name, but with "made by MS-DOS" (its default) Info-ZIP's unzip
 * converts the name from the DOS code page anyway and garbles it. "Made by Unix" with regular
 * file permissions (rw-r--r--) lets unzip trust the flag, Windows Explorer and macOS Archive
 * Utility read the flag, and the Unicode Path field carries the name again for older readers.
 */
export function zipEntryAttributes(name: string): { os: number; attrs: number; extra: Record<number, Uint8Array> } {
  const utf8 = strToU8(name);
  const field = new Uint8Array(5 + utf8.length);
  field[0] = 1;
  new DataView(field.buffer).setUint32(1, crc32(utf8), true);
  field.set(utf8, 5);
  return { os: 3, attrs: (0o100644 << 16) >>> 0, extra: { [UNICODE_PATH_EXTRA_ID]: field } };
}

/**
 * The PDFs of a staff selection as one ZIP, streamed: each PDF is rendered only when the
 * download is ready for more, so memory holds one PDF at a time whatever the selection's size.
 * PDFs are compressed already: the entries are stored, not deflated again.
 */
export async function certificatesZip(
  db: Database,
  ids: readonly number[],
  origin: string,
): Promise<{ count: number; stream: ReadableStream<Uint8Array> }> {
  const certificates = await certificatesByIds(db, [...ids]);
  if (certificates.length !== ids.length) {
    throw new NotFoundError(`選んだ修了証のうち${ids.length - certificates.length}件が見つかりません。`);
  }
  const issuer = await getIssuer(db);
  let next = 0;
  let ended = false;
  let zip: Zip;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      if (ended) return;
      const certificate = certificates[next++];
      if (!certificate) {
        ended = true;
        zip.end();
        return;
      }
      const pdf = await renderCertificatePdf(certificate, issuer, origin);
      const name = zipEntryName(certificate);
      const entry = new ZipPassThrough(name);
      Object.assign(entry, zipEntryAttributes(name));
      entry.mtime = new Date(certificate.issued_at);
      zip.add(entry);
      entry.push(pdf, true);
    },
    cancel() {
      ended = true;
      zip.terminate();
    },
  });
  return { count: certificates.length, stream };
}

/** What the public verification page shows: the printed facts and the status, nothing else. */
export type PublicCertificate = {
  number: string;
  holderName: string;
  programmeName: string;
  certificateTitle: string;
  facts: Array<{ label: string; value: string }>;
  issuedOn: string;
  issuedOnWareki: string;
  issuedOnWestern: string;
  issuerName: string;
  status: CertificateRecord["status"];
  statusLabel: string;
  /** When it was suspended or revoked (Tokyo calendar date), null while valid. */
  statusChangedWareki: string | null;
  statusChangedWestern: string | null;
  /** The reason, only when staff chose to publish it. */
  publicReason: string | null;
};

export type Verification = { found: true; certificate: PublicCertificate } | { found: false; message: string };

/** Looks a typed or linked number up. Anything that cannot be a number is simply not found. */
export async function verifyCertificate(db: Database, rawNumber: string): Promise<Verification> {
  const number = normalizeCertificateNumber(rawNumber);
  const certificate = number ? await certificateByNumber(db, number) : null;
  if (!certificate) return { found: false, message: CERTIFICATE_TEXT.notFound };
  const issuer = await getIssuer(db);
  const changed = certificate.status !== "valid" ? certificate.status_changed_at : null;
  return {
    found: true,
    // Field by field on purpose: a column added to the record later is not published by accident.
    certificate: {
      number: certificate.number,
      holderName: certificate.holder_name,
      programmeName: certificate.programme_name,
      certificateTitle: certificate.certificate_title,
      facts: factRows(certificate.printed_facts),
      issuedOn: certificate.issued_on,
      issuedOnWareki: formatWareki(certificate.issued_on),
      issuedOnWestern: formatWestern(certificate.issued_on),
      issuerName: issuer.association_name,
      status: certificate.status,
      statusLabel: PUBLIC_STATUS_LABELS[certificate.status],
      statusChangedWareki: changed ? formatWareki(changed) : null,
      statusChangedWestern: changed ? formatWestern(tokyoDateOf(changed)) : null,
      publicReason:
        certificate.status !== "valid" && certificate.status_reason_public ? certificate.status_reason : null,
    },
  };
}
