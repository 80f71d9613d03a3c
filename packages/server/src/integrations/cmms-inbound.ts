import { createHash, timingSafeEqual } from 'node:crypto';
import { PrognosError, type WorkOrderDetail, type WorkOrderFindings } from '@prognos/core';

/** What the CMMS may send back about one of our work orders (POST /api/integrations/cmms/work-orders/:id). */
export interface CmmsUpdate {
  /** The order's id in the CMMS (SAP PM order number, Maximo WONUM, …). */
  externalId?: string;
  status?: WorkOrderDetail['status'];
  assignee?: string;
  /** Required with status "done": what was found, and the downtime. */
  findings?: WorkOrderFindings;
}

/** The work-order operations the integration uses (the same service as the work-order API). */
export interface CmmsWorkOrderPort {
  get(id: string): Promise<WorkOrderDetail>;
  start(id: string, by: string): Promise<WorkOrderDetail>;
  complete(id: string, by: string, findings: WorkOrderFindings): Promise<WorkOrderDetail>;
  /** Records the CMMS's own id, the assignee, or a cancellation. */
  annotate(
    id: string,
    patch: { externalId?: string; assignee?: string; status?: 'cancelled' },
  ): Promise<WorkOrderDetail>;
}

/** Who the work-order history names for changes that came from the CMMS. */
export const CMMS_ACTOR = 'cmms';

/**
 * Constant-time token check (crypto.timingSafeEqual over SHA-256 digests, so neither the content nor the length
 * of the expected token leaks through response times).
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** "Bearer <token>" from the Authorization header, or the X-Prognos-Token header. */
export function tokenFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m?.[1];
  }
  const t = headers['x-prognos-token'];
  return typeof t === 'string' ? t : undefined;
}

/**
 * Applies a CMMS update through the work-order service: its id and assignee first, then the status change (start,
 * complete with findings, cancel). `suppressEcho` is called before each change that will emit a work-order event
 * (so the notifications do not send the CMMS its own update back) and returns how to undo that when the change
 * is refused.
 */
export async function applyCmmsUpdate(
  port: CmmsWorkOrderPort,
  id: string,
  u: CmmsUpdate,
  suppressEcho: () => () => void = () => () => {},
): Promise<WorkOrderDetail> {
  const guarded = async (fn: () => Promise<WorkOrderDetail>) => {
    const undo = suppressEcho();
    try {
      return await fn();
    } catch (err) {
      undo();
      throw err;
    }
  };
  let wo = await port.get(id);
  if (u.findings && u.status !== 'done')
    throw new PrognosError('BAD_REQUEST', [
      'findings are recorded when the work is done: send them with status "done"',
    ]);
  if (u.status === 'done' && !u.findings && wo.status !== 'done')
    throw new PrognosError('BAD_REQUEST', [
      'status "done" needs findings (failureConfirmed, rootCause, actionTaken, downtimeHours)',
    ]);
  const patch: { externalId?: string; assignee?: string; status?: 'cancelled' } = {};
  if (u.externalId !== undefined && u.externalId !== wo.externalId) patch.externalId = u.externalId;
  if (u.assignee !== undefined && u.assignee !== wo.assignee) patch.assignee = u.assignee;
  if (u.status === 'cancelled' && wo.status !== 'cancelled') {
    if (wo.status === 'done') throw new PrognosError('CONFLICT', [`work order ${id} is done and cannot be cancelled`]);
    patch.status = 'cancelled';
  }
  if (Object.keys(patch).length > 0) {
    wo = await guarded(() => port.annotate(id, patch));
  }
  if (u.status === 'open' && wo.status !== 'open')
    throw new PrognosError('CONFLICT', [`work order ${id} is ${wo.status.replace('_', ' ')} and cannot be reopened`]);
  if ((u.status === 'in_progress' || u.status === 'done') && wo.status === 'open') {
    wo = await guarded(() => port.start(id, u.assignee ?? CMMS_ACTOR));
  }
  if (u.status === 'done' && wo.status !== 'done' && u.findings) {
    const findings = u.findings;
    wo = await guarded(() => port.complete(id, CMMS_ACTOR, findings));
  }
  return wo;
}
