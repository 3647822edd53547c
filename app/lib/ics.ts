// iCalendar (RFC 5545) export of a cohort's sessions, so participants can add them to
// Outlook, Google Calendar or an iPhone. Times are Tokyo wall-clock times with a VTIMEZONE,
// which keeps events at the right hour whatever the participant's device zone.

import { isIsoDate } from "./dates";

export interface IcsEvent {
  /** Globally unique and stable across exports, so re-importing updates instead of duplicating. */
  uid: string;
  date: string; // YYYY-MM-DD, Tokyo calendar date
  start: string; // HH:MM, Tokyo
  end: string; // HH:MM, Tokyo, after start on the same day
  summary: string;
  location?: string;
  description?: string;
}

export interface IcsInput {
  calendarName: string;
  events: IcsEvent[];
  /** DTSTAMP of every event; injectable for deterministic output. */
  now?: Date;
}

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const HHMM_RE = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 §3.3.11). Backslash first so added escapes are not doubled. */
function escapeText(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1). Splits only
 * between code points so no UTF-8 sequence is cut; continuation lines begin with one space,
 * which counts toward their 75 octets.
 */
function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

function utcStamp(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid DTSTAMP date");
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.[0-9]{3}/, "");
}

function localDateTime(date: string, hhmm: string): string {
  return `${date.replace(/-/g, "")}T${hhmm.replace(":", "")}00`;
}

function validateEvent(e: IcsEvent): void {
  if (!isIsoDate(e.date)) throw new RangeError(`Invalid event date: ${e.date}`);
  if (!HHMM_RE.test(e.start)) throw new RangeError(`Invalid start time: ${e.start}`);
  if (!HHMM_RE.test(e.end)) throw new RangeError(`Invalid end time: ${e.end}`);
  // Zero-padded HH:MM strings compare correctly as text.
  if (e.end <= e.start) throw new RangeError(`End ${e.end} is not after start ${e.start}`);
  if (e.uid.trim() === "") throw new RangeError("Event uid must not be empty");
}

/** Builds a complete .ics file (CRLF line ends, folded lines, trailing CRLF). */
export function buildIcs(input: IcsInput): string {
  const dtstamp = utcStamp(input.now ?? new Date());
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//ITC Training//JA",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(input.calendarName)}`,
    "X-WR-TIMEZONE:Asia/Tokyo",
    // Japan has no DST, so a single STANDARD component describes the zone completely.
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Tokyo",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
  ];

  for (const e of input.events) {
    validateEvent(e);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;TZID=Asia/Tokyo:${localDateTime(e.date, e.start)}`,
      `DTEND;TZID=Asia/Tokyo:${localDateTime(e.date, e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push("END:VEVENT");
  }

  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
