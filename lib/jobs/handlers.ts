import "server-only";
import { z } from "../zod";
import { runDigests } from "../mail/digests";
import { sendEmail } from "../mail/send";
import { runReminders } from "../reminders/run";
import { foldTrendDeltas } from "../trends/fold";
import { DIGESTS, FOLD_TRENDS, REMINDERS, SEND_EMAIL } from "./queues";

/** What a handler is told besides its job's data: the worker's clock (a TestClock in tests). */
export interface JobContext {
  now: Date;
  jobId: string;
}

const emailJob = z.object({ emailId: z.uuid() });

/** Each queue's handler. A job's data is parsed like any input: a malformed one fails, and is not retried forever. */
export const JOB_HANDLERS: Readonly<Record<string, (data: unknown, context: JobContext) => Promise<void>>> = {
  [SEND_EMAIL]: async (data) => sendEmail(emailJob.parse(data).emailId),
  [REMINDERS]: async (_data, { now }) => runReminders(now),
  [DIGESTS]: async (_data, { now }) => runDigests(now),
  [FOLD_TRENDS]: async (_data, { now }) => foldTrendDeltas(now),
};
