import "server-only";
import { UserFacingError } from "../errors";

/**
 * How long an upload's body may take to arrive, from the request's start. Enforced here, on
 * the stream the upload route reads (Node's own request timeout behind `next start` is the
 * same five minutes, but a proxy or another server may differ); the storage sweep relies on
 * it to know when a staged file can no longer belong to a live upload.
 */
export const UPLOAD_REQUEST_TIMEOUT_MS = 5 * 60 * 1000;

export class UploadTimeoutError extends UserFacingError {
  static override readonly brand = "UploadTimeoutError";
  constructor() {
    const message = `The upload took longer than ${UPLOAD_REQUEST_TIMEOUT_MS / 60_000} minutes and was stopped. Try again.`;
    super(message, { file: [message] });
    this.name = "UploadTimeoutError";
  }
}

/**
 * The body as a stream that fails with UploadTimeoutError once `ms` have passed. The source is
 * let go, never cancelled: Next.js throws uncaught for each chunk that still arrives on a
 * cancelled request body (see readAtMost in ./storage.ts); the route closes the connection.
 */
export function withDeadline(
  body: ReadableStream<Uint8Array>,
  ms = UPLOAD_REQUEST_TIMEOUT_MS,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UploadTimeoutError()), ms);
  });
  expired.catch(() => {}); // observed by the read it interrupts; unobserved when the body ends first
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await Promise.race([reader.read(), expired]);
        if (done) {
          clearTimeout(timer);
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        clearTimeout(timer);
        reader.releaseLock();
        controller.error(error);
      }
    },
    cancel() {
      clearTimeout(timer);
      reader.releaseLock();
    },
  });
}
