import { randomUUID } from 'node:crypto';
import type { WorkOrderDetail } from '@prognos/core';
import type { ChannelConfig } from './channel-config';
import type { NotificationMessage } from './render';

/**
 * What "send a test message" sends: plainly a test, so nobody acts on it. A CMMS channel gets a sample work order
 * in its real schema (status cancelled, id TEST-…), so the receiving side can check its mapping.
 */
export function testMessage(
  channel: ChannelConfig,
  baseUrl: string | undefined,
  now = Date.now(),
): NotificationMessage {
  const id = randomUUID();
  const text =
    `This is a test message from Prognos through the notification channel "${channel.id}" (${channel.kind}). ` +
    `It confirms that alerts and work orders (${channel.events.join(', ')}) will reach you here. No action is needed.` +
    (baseUrl ? `\n\nPrognos: ${baseUrl}` : '');
  const m: NotificationMessage = {
    id,
    event: 'test',
    at: now,
    assetId: 'TEST',
    subject: `[Prognos] Test message for channel ${channel.id}`,
    text,
    link: baseUrl,
  };
  if (channel.kind !== 'cmms') return m;
  const sample: WorkOrderDetail = {
    id: `TEST-${id.slice(0, 8)}`,
    assetId: 'TEST',
    title: 'Test work order (ignore)',
    description: text,
    status: 'cancelled',
    priority: 'low',
    createdAt: now,
    type: 'corrective',
    skill: 'mechanical',
    estimatedHours: 0,
    procedure: [{ text: 'No work: this order only tests the CMMS integration.' }],
    stepResults: [],
    parts: [],
    labour: [],
  };
  return { ...m, workOrder: sample };
}
