// A real SMTP server for tests: smtp-server on a free loopback port, every message parsed with
// mailparser. Started and stopped by the suite that needs it; it can be told to refuse the next
// messages (a server down), so retries are tested against the real client.
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** The envelope's recipients, as the server was told them. */
  to: string[];
  from: string;
  parsed: ParsedMail;
  /** The raw message, headers included. */
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages in all have arrived (no sleeps: it waits on the arrivals). */
  waitFor(count: number): Promise<ReceivedMail[]>;
  /** Makes the next `count` messages fail with a 451 (a temporary refusal). */
  refuseNext(count: number): void;
  /** Holds the next message's acceptance until `until` settles (a send in flight). */
  holdNext(until: Promise<void>): void;
  /** Resolves when the held message has arrived and is being held. */
  arrived(): Promise<void>;
  clear(): void;
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let hold: Promise<void> | null = null;
  let heldArrived: () => void = () => {};
  let arrival = new Promise<void>((resolve) => (heldArrived = resolve));
  let waiters: { count: number; resolve: (mail: ReceivedMail[]) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => void accept());
      const accept = async () => {
        if (hold) {
          const until = hold;
          hold = null;
          heldArrived();
          await until;
        }
        if (refusals > 0) {
          refusals--;
          callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        void simpleParser(raw).then((parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            parsed,
            raw,
          });
          waiters = waiters.filter((w) => {
            if (received.length < w.count) return true;
            w.resolve([...received]);
            return false;
          });
          callback();
        }, callback);
      };
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve([...received])
        : new Promise((resolve) => waiters.push({ count, resolve })),
    refuseNext: (count) => {
      refusals = count;
    },
    holdNext: (until) => {
      hold = until;
      arrival = new Promise<void>((resolve) => (heldArrived = resolve));
    },
    arrived: () => arrival,
    clear: () => {
      received.length = 0;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
