import { createHmac } from 'node:crypto';
import { cmmsPayload } from '../integrations/cmms-payload';
import type { WebhookChannel } from './channel-config';
import { PermanentDeliveryError } from './delivery-queue';
import { type NotificationMessage, notificationPayload } from './render';
import { resolveSecret } from './secrets';
import { ATTEMPT_TIMEOUT_MS, type Sender } from './sender';

export const SIGNATURE_HEADER = 'x-prognos-signature';

/** "sha256=<hex>" of HMAC-SHA256(secret, body), the form GitHub webhooks use (RFC 2104 HMAC). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The body a webhook or CMMS channel POSTs for a message. */
export function webhookBody(channel: Pick<WebhookChannel, 'kind'>, m: NotificationMessage): string {
  if (channel.kind === 'cmms' && m.workOrder) {
    return JSON.stringify(
      cmmsPayload({
        event: m.event,
        messageId: m.id,
        at: m.at,
        workOrder: m.workOrder,
        asset: m.asset,
        failureModeName: m.failureModeName,
        link: m.link,
      }),
    );
  }
  return JSON.stringify(notificationPayload(m));
}

/** POSTs JSON to a URL; a CMMS channel sends the work order in its stable schema (integrations/cmms-payload.ts). */
export class WebhookSender implements Sender {
  constructor(
    private readonly channel: WebhookChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async send(m: NotificationMessage): Promise<void> {
    const body = webhookBody(this.channel, m);
    const headers: Record<string, string> = {
      ...this.channel.headers,
      'content-type': 'application/json',
      'user-agent': 'Prognos-Notifications/1',
      'x-prognos-event': m.event,
      'x-prognos-delivery': m.id,
    };
    const secret = resolveSecret(this.channel.secret, this.channel.secretEnv, this.env);
    if (secret) headers[SIGNATURE_HEADER] = signBody(secret, body);
    // fetch refuses URLs with credentials: they become Basic authentication (RFC 7617)
    const url = new URL(this.channel.url);
    if (url.username || url.password) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization ??= `Basic ${Buffer.from(user).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `cannot reach ${new URL(this.channel.url).host}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      );
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return;
    const reason = `HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
    // 4xx means the request itself is refused (bad URL, bad signature, bad schema): repeating it cannot succeed,
    // except 408 (timeout) and 429 (rate limited), which RFC 9110 / RFC 6585 mark as worth retrying.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new PermanentDeliveryError(reason);
    throw new Error(reason);
  }

  async close(): Promise<void> {}
}
