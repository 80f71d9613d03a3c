import type { ChannelConfig } from './channel-config';
import { EmailSender } from './email-sender';
import { MqttSender } from './mqtt-sender';
import type { Sender } from './sender';
import { WebhookSender } from './webhook-sender';

/** One sender per channel kind; a CMMS channel is a webhook with the work-order schema. */
export function createSender(channel: ChannelConfig, env: NodeJS.ProcessEnv): Sender {
  switch (channel.kind) {
    case 'email':
      return new EmailSender(channel, env);
    case 'mqtt':
      return new MqttSender(channel, env);
    default:
      return new WebhookSender(channel, env);
  }
}
