import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailChannel } from './channel-config';
import { PermanentDeliveryError } from './delivery-queue';
import type { NotificationMessage } from './render';
import { resolveSecret } from './secrets';
import { ATTEMPT_TIMEOUT_MS, type Sender } from './sender';

/** Sends plain-text e-mail through an SMTP relay (nodemailer); one transport per channel. */
export class EmailSender implements Sender {
  private transport: Transporter | undefined;

  constructor(
    private readonly channel: EmailChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private transporter(): Transporter {
    if (this.transport) return this.transport;
    const s = this.channel.smtp;
    const password = resolveSecret(s.password, s.passwordEnv, this.env);
    this.transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure ?? s.port === 465,
      ...(s.user ? { auth: { user: s.user, pass: password ?? '' } } : {}),
      connectionTimeout: ATTEMPT_TIMEOUT_MS,
      greetingTimeout: ATTEMPT_TIMEOUT_MS,
      socketTimeout: ATTEMPT_TIMEOUT_MS,
    });
    return this.transport;
  }

  async send(m: NotificationMessage): Promise<void> {
    const transport = this.transporter();
    try {
      await transport.sendMail({
        from: this.channel.from,
        to: this.channel.to,
        subject: m.subject,
        text: m.text,
        headers: { 'X-Prognos-Event': m.event, 'X-Prognos-Delivery': m.id },
      });
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string; response?: string };
      const reason = e.response ? `${e.code ?? 'SMTP'}: ${e.response}` : `${e.code ? `${e.code}: ` : ''}${e.message}`;
      // SMTP 5yz replies are permanent failures (RFC 5321 §4.2.1): wrong recipient, relaying denied, bad login
      if (e.responseCode !== undefined && e.responseCode >= 500) throw new PermanentDeliveryError(reason);
      throw new Error(reason);
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
    this.transport = undefined;
  }
}
