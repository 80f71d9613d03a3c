import type { NotificationMessage } from './render';

/** One transport (HTTP, SMTP, MQTT). send() throws on failure; PermanentDeliveryError when a retry cannot help. */
export interface Sender {
  send(m: NotificationMessage): Promise<void>;
  close(): Promise<void>;
}

/** How long one attempt may take before it counts as failed (a hung peer must not stall its queue). */
export const ATTEMPT_TIMEOUT_MS = 15_000;
