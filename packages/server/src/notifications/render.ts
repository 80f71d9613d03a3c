import { randomUUID } from 'node:crypto';
import type { Alert, AlertSeverity, Asset, RankedFailureMode, WorkOrderDetail } from '@prognos/core';
import type { NotificationEvent } from './channel-config';

/** One notification, rendered once and sent through every channel that wants it. */
export interface NotificationMessage {
  /** Message id: the same on every attempt and channel (receivers use it to drop duplicates). */
  id: string;
  event: NotificationEvent | 'test';
  at: number;
  assetId: string;
  severity?: AlertSeverity;
  subject: string;
  /** Plain-language body (e-mail text; `text` of webhook and MQTT payloads). */
  text: string;
  link?: string;
  alert?: Alert;
  workOrder?: WorkOrderDetail;
  asset?: Pick<Asset, 'id' | 'name' | 'criticality'>;
  /** Name of the work order's failure mode, when the library knows it. */
  failureModeName?: string;
}

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** "2026-12-07 10:42 UTC": unambiguous for a technician on any shift and in any plant time zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "P-101 Feed pump 1" (the asset's name already carries its tag in the demo plant). */
export function assetLabel(assetId: string, asset?: Pick<Asset, 'name'>): string {
  if (!asset?.name) return assetId;
  return asset.name.includes(assetId) ? asset.name : `${assetId} ${asset.name}`;
}

/** "Abnormal vibration on P-101" → "abnormal vibration": the subject names the asset itself. */
export function alertWhat(alert: Alert, asset?: Pick<Asset, 'name'>): string {
  let t = alert.title.trim();
  for (const suffix of [` on ${alert.assetId}`, asset?.name ? ` on ${asset.name}` : '']) {
    if (suffix && t.endsWith(suffix)) t = t.slice(0, -suffix.length);
  }
  for (const prefix of [asset?.name ? `${asset.name}: ` : '', `${alert.assetId}: `]) {
    if (prefix && t.startsWith(prefix)) t = t.slice(prefix.length);
  }
  // lower-case the first word unless it is a tag ("P-101") or an acronym ("RMS")
  return /^[A-Z][a-z]/.test(t) ? t[0]?.toLowerCase() + t.slice(1) : t;
}

function link(baseUrl: string | undefined, page: 'alerts' | 'work-orders', id: string): string | undefined {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/#/${page}/${encodeURIComponent(id)}` : undefined;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

function failureModeLines(modes: readonly RankedFailureMode[]): string[] {
  if (modes.length === 0) return [];
  const out = ['', 'Most likely causes (failure-mode library, best match first):'];
  modes.slice(0, 3).forEach((m, i) => {
    const code = m.iso14224 ? `, ISO 14224 ${m.iso14224}` : '';
    out.push(`  ${i + 1}. ${m.name} (${m.component}${code}), match ${pct(m.score)}`);
    if (m.matched.length > 0) out.push(`     Seen: ${m.matched.join('; ')}`);
    if (m.recommendedActions.length > 0) out.push(`     What to do: ${m.recommendedActions.slice(0, 3).join('; ')}`);
  });
  return out;
}

export interface AlertRenderInput {
  event: 'alert.opened' | 'alert.escalated' | 'alert.closed';
  alert: Alert;
  asset?: Pick<Asset, 'id' | 'name' | 'criticality'>;
  failureModes?: readonly RankedFailureMode[];
  /** Severity before an escalation. */
  previousSeverity?: AlertSeverity;
  baseUrl?: string;
  now?: number;
}

export function renderAlert(x: AlertRenderInput): NotificationMessage {
  const { alert } = x;
  const who = assetLabel(alert.assetId, x.asset);
  const what = alertWhat(alert, x.asset);
  const url = link(x.baseUrl, 'alerts', alert.id);
  let subject: string;
  let head: string;
  if (x.event === 'alert.opened') {
    subject = `[Prognos] ${who}: ${what} (${alert.severity})`;
    head = `${who}: ${what}. A ${alert.severity} alert opened at ${formatUtc(alert.startedAt)}.`;
  } else if (x.event === 'alert.escalated') {
    subject = `[Prognos] ${who}: ${what} escalated to ${alert.severity}`;
    head = `${who}: ${what}. The alert went from ${x.previousSeverity ?? 'a lower severity'} to ${alert.severity} at ${formatUtc(alert.updatedAt)}.`;
  } else {
    subject = `[Prognos] ${who}: ${what} is back to normal (closed)`;
    head = `${who}: ${what}. The alert closed at ${formatUtc(alert.closedAt ?? alert.updatedAt)}; it was open since ${formatUtc(alert.startedAt)}.`;
  }
  const lines = [head, '', alert.explanation];
  if (x.event !== 'alert.closed') lines.push(...failureModeLines(x.failureModes ?? []));
  if (url) lines.push('', `Open the alert: ${url}`);
  return {
    id: randomUUID(),
    event: x.event,
    at: x.now ?? Date.now(),
    assetId: alert.assetId,
    severity: alert.severity,
    subject,
    text: lines.join('\n'),
    link: url,
    alert,
    asset: x.asset,
  };
}

export interface WorkOrderRenderInput {
  event: 'work_order.created' | 'work_order.updated' | 'work_order.completed';
  workOrder: WorkOrderDetail;
  asset?: Pick<Asset, 'id' | 'name' | 'criticality'>;
  /** Failure-mode names by id, when the library knows it. */
  failureModeName?: string;
  /** Spare-part names by id. */
  partNames?: ReadonlyMap<string, string>;
  baseUrl?: string;
  now?: number;
}

function procedureLines(wo: WorkOrderDetail): string[] {
  if (wo.procedure.length === 0) return [];
  const out = ['', 'Procedure:'];
  wo.procedure.forEach((s, i) => {
    const e = s.expected;
    const range =
      e && (e.min !== undefined || e.max !== undefined)
        ? ` (expect ${e.quantity} ${e.min !== undefined && e.max !== undefined ? `${e.min}–${e.max}` : e.max !== undefined ? `below ${e.max}` : `above ${e.min}`} ${e.unit})`
        : '';
    out.push(`  ${i + 1}. ${s.safety ? '[SAFETY] ' : ''}${s.text}${range}`);
  });
  return out;
}

export function renderWorkOrder(x: WorkOrderRenderInput): NotificationMessage {
  const wo = x.workOrder;
  const who = assetLabel(wo.assetId, x.asset);
  const due = wo.dueAt !== undefined ? `, due ${formatUtc(wo.dueAt)}` : '';
  const url = link(x.baseUrl, 'work-orders', wo.id);
  const lines: string[] = [];
  let subject: string;
  if (x.event === 'work_order.completed') {
    subject = `[Prognos] Work order ${wo.id} completed on ${who}: ${wo.title}`;
    lines.push(
      `Work order ${wo.id} on ${who} was completed${wo.completedAt ? ` at ${formatUtc(wo.completedAt)}` : ''}.`,
    );
    const f = wo.findings;
    if (f) {
      const mode = f.failureModeId ? ` (${x.failureModeName ?? f.failureModeId})` : '';
      lines.push(
        '',
        `Failure confirmed: ${f.failureConfirmed ? `yes${mode}` : 'no (false alarm)'}`,
        `Root cause: ${f.rootCause || '(not given)'}`,
        `Action taken: ${f.actionTaken || '(not given)'}`,
        `Downtime: ${f.downtimeHours} h${f.downtimeReason ? ` (${f.downtimeReason})` : ''}`,
      );
    }
  } else {
    const verb = x.event === 'work_order.created' ? 'New work order' : 'Work order updated';
    subject = `[Prognos] ${verb} ${wo.id} for ${who}: ${wo.title} (${wo.priority}${due})`;
    lines.push(`${verb} ${wo.id} for ${who}: priority ${wo.priority}${due}.`, '', wo.title);
    if (wo.description) lines.push(wo.description);
    if (wo.risk?.reason) lines.push('', `Why this priority: ${wo.risk.reason}`);
    if (wo.failureModeId) lines.push(`Suspected failure mode: ${x.failureModeName ?? wo.failureModeId}`);
    lines.push(
      `Estimated work: ${wo.estimatedHours} h, ${wo.skill} skill${wo.assignee ? `, assigned to ${wo.assignee}` : ''}.`,
    );
    if (wo.parts.length > 0)
      lines.push(
        `Parts: ${wo.parts.map((p) => `${p.quantity} × ${x.partNames?.get(p.partId) ?? p.partId}`).join(', ')}`,
      );
    lines.push(...procedureLines(wo));
  }
  if (url) lines.push('', `Open the work order: ${url}`);
  return {
    id: randomUUID(),
    event: x.event,
    at: x.now ?? Date.now(),
    assetId: wo.assetId,
    subject,
    text: lines.join('\n'),
    link: url,
    workOrder: wo,
    asset: x.asset,
    failureModeName: x.failureModeName,
  };
}

/** The JSON document of webhook and MQTT channels (schema prognos.notification/v1, see integrations/README.md). */
export function notificationPayload(m: NotificationMessage): Record<string, unknown> {
  return {
    schema: 'prognos.notification/v1',
    id: m.id,
    event: m.event,
    at: new Date(m.at).toISOString(),
    asset: m.asset ? { id: m.asset.id, name: m.asset.name } : { id: m.assetId },
    ...(m.severity ? { severity: m.severity } : {}),
    subject: m.subject,
    text: m.text,
    ...(m.link ? { link: m.link } : {}),
    ...(m.alert ? { alert: m.alert } : {}),
    ...(m.workOrder ? { workOrder: m.workOrder } : {}),
  };
}
