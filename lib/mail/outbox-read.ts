import "server-only";
import { desc, eq, lt } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { emails } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import { readEnv } from "../env";
import { ForbiddenError, NotFoundError } from "../errors";
import { z } from "../zod";
import { smtpConfigured } from "./transport";
import {
  CHANNEL_LABELS,
  EMAIL_STATUS_LABELS,
  type EmailKind,
  type EmailStatus,
  WEEKLY_DIGEST_LABEL,
} from "./vocabulary";

// The outbox (/admin/outbox): every email the app wrote, newest first, a page at a time by
// keyset on added_seq (the 10,000th page costs what the first does), and one email whole. Admins
// only: emails quote comments and reviews their recipients may read, and name who got them.

/** Emails on one page. */
export const OUTBOX_PAGE_SIZE = 50;

export const ONLY_ADMINS_READ_THE_OUTBOX = "Only admins read the outbox.";

const EMAIL_KIND_LABELS: Readonly<Record<EmailKind, string>> = {
  notification: "Notification",
  daily_digest: CHANNEL_LABELS.digest,
  weekly_digest: WEEKLY_DIGEST_LABEL,
};

const kindLabel = (kind: string) => EMAIL_KIND_LABELS[kind as EmailKind] ?? kind;
const statusLabel = (status: string) => EMAIL_STATUS_LABELS[status as EmailStatus] ?? status;

function assertCanReadOutbox(actor: Actor): void {
  if (!isAdmin(actor)) throw new ForbiddenError(ONLY_ADMINS_READ_THE_OUTBOX);
}

export interface OutboxItem {
  id: string;
  toAddress: string;
  subject: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  /** ISO timestamps. */
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxPage {
  emails: OutboxItem[];
  /** The added_seq to ask for older emails with (?before=), or null on the last page. */
  nextCursor: number | null;
  /** False: there is no SMTP server, and the emails are kept here. */
  smtpConfigured: boolean;
}

const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);
const cursorSchema = z.preprocess(first, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/** The page's ?before=; anything else than a positive whole number is the first page. */
export function parseOutboxCursor(before: unknown): number | null {
  const parsed = cursorSchema.safeParse(before);
  return parsed.success ? parsed.data : null;
}

/** One page, newest first, built and not run: those added before `cursor` (null: the newest). */
export function outboxPageQuery(db: Pick<Database, "select">, cursor: number | null, limit: number) {
  return db
    .select({
      id: emails.id,
      seq: emails.addedSeq,
      toAddress: emails.toAddress,
      subject: emails.subject,
      kind: emails.kind,
      status: emails.status,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    .where(cursor === null ? undefined : lt(emails.addedSeq, cursor))
    .orderBy(desc(emails.addedSeq))
    .limit(limit);
}

export async function listOutbox(actor: Actor, cursor: number | null = null): Promise<OutboxPage> {
  assertCanReadOutbox(actor);
  const rows = await outboxPageQuery(getDb(), cursor, OUTBOX_PAGE_SIZE + 1);
  const page = rows.slice(0, OUTBOX_PAGE_SIZE);
  return {
    emails: page.map((row) => ({
      id: row.id,
      toAddress: row.toAddress,
      subject: row.subject,
      kindLabel: kindLabel(row.kind),
      status: row.status,
      statusLabel: statusLabel(row.status),
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > OUTBOX_PAGE_SIZE ? page[page.length - 1]!.seq : null,
    smtpConfigured: smtpConfigured(),
  };
}

export interface EmailView extends OutboxItem {
  /** The message's headers as it is (or would be) sent, in order. */
  headers: { name: string; value: string }[];
  textBody: string;
  htmlBody: string;
  attempts: number;
  lastError: string | null;
}

const uuid = z.uuid();

/** One email, whole; NotFoundError for an id that is not one. */
export async function readEmail(actor: Actor, id: string): Promise<EmailView> {
  assertCanReadOutbox(actor);
  if (!uuid.safeParse(id).success) throw new NotFoundError("That email");
  const [row] = await getDb().select().from(emails).where(eq(emails.id, id));
  if (!row) throw new NotFoundError("That email");
  return {
    id: row.id,
    toAddress: row.toAddress,
    subject: row.subject,
    kindLabel: kindLabel(row.kind),
    status: row.status,
    statusLabel: statusLabel(row.status),
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    // As lib/mail/send.ts hands them to the SMTP server.
    headers: [
      { name: "From", value: readEnv().MAIL_FROM },
      { name: "To", value: row.toAddress },
      { name: "Subject", value: row.subject },
      ...(row.messageId ? [{ name: "Message-ID", value: row.messageId }] : []),
      { name: "List-Unsubscribe", value: `<${row.unsubscribeUrl}>` },
      { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
    ],
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    attempts: row.attempts,
    lastError: row.lastError,
  };
}
