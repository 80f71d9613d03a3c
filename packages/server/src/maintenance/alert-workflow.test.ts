import { PrognosError } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { applyWorkflow, isSnoozed, newWorkflow } from './alert-workflow';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof PrognosError ? err.code : String(err);
  }
  return undefined;
};

describe('alert workflow state machine', () => {
  const w0 = newWorkflow('a1', [], 1000);

  it('goes new → acknowledged → in_work → closed, keeping the label', () => {
    const ack = applyWorkflow(w0, { type: 'acknowledge', by: 'kim' }, 2000);
    expect(ack).toMatchObject({ status: 'acknowledged', updatedAt: 2000 });
    expect(w0.status).toBe('new');
    const linked = applyWorkflow(ack, { type: 'link_work_order', workOrderId: 'wo1' }, 2500);
    expect(linked).toMatchObject({ status: 'acknowledged', workOrderId: 'wo1' });
    const inWork = applyWorkflow(linked, { type: 'start_work', workOrderId: 'wo1' }, 3000);
    expect(inWork.status).toBe('in_work');
    const label = { outcome: 'confirmed' as const, by: 'lee', at: 4000, source: 'work_order' as const };
    const closed = applyWorkflow(inWork, { type: 'close', label }, 4000);
    expect(closed).toMatchObject({ status: 'closed', label, workOrderId: 'wo1' });
  });

  it('refuses every action on a closed alert and acknowledging work in progress (409)', () => {
    const closed = applyWorkflow(w0, { type: 'close' }, 2000);
    expect(closed.label).toBeUndefined();
    expect(code(() => applyWorkflow(closed, { type: 'acknowledge', by: 'kim' }, 3000))).toBe('ALERT_STATE_CONFLICT');
    expect(code(() => applyWorkflow(closed, { type: 'assign', assignee: 'x', by: 'kim' }, 3000))).toBe(
      'ALERT_STATE_CONFLICT',
    );
    expect(code(() => applyWorkflow(closed, { type: 'close' }, 3000))).toBe('ALERT_STATE_CONFLICT');
    const inWork = applyWorkflow(w0, { type: 'start_work', workOrderId: 'wo1' }, 2000);
    expect(code(() => applyWorkflow(inWork, { type: 'acknowledge', by: 'kim' }, 3000))).toBe('ALERT_STATE_CONFLICT');
    // acknowledging twice is harmless
    const ack = applyWorkflow(w0, { type: 'acknowledge', by: 'kim' }, 2000);
    expect(applyWorkflow(ack, { type: 'acknowledge', by: 'lee' }, 3000).status).toBe('acknowledged');
  });

  it('links one work order only', () => {
    const linked = applyWorkflow(w0, { type: 'link_work_order', workOrderId: 'wo1' }, 2000);
    expect(code(() => applyWorkflow(linked, { type: 'link_work_order', workOrderId: 'wo2' }, 3000))).toBe(
      'ALERT_STATE_CONFLICT',
    );
  });

  it('snoozes until a future time; closing ends the snooze', () => {
    expect(code(() => applyWorkflow(w0, { type: 'snooze', until: 500, reason: 'x', by: 'kim' }, 1000))).toBe(
      'BAD_REQUEST',
    );
    const s = applyWorkflow(w0, { type: 'snooze', until: 5000, reason: 'planned stop', by: 'kim' }, 1000);
    expect(s).toMatchObject({ status: 'new', snoozedUntil: 5000, snoozeReason: 'planned stop' });
    expect(isSnoozed(s, 4999)).toBe(true);
    expect(isSnoozed(s, 5000)).toBe(false);
    const closed = applyWorkflow(s, { type: 'close' }, 2000);
    expect(closed.snoozedUntil).toBeUndefined();
    expect('snoozeReason' in closed).toBe(false);
    expect(isSnoozed(closed, 3000)).toBe(false);
  });

  it('assigns without changing the status', () => {
    expect(applyWorkflow(w0, { type: 'assign', assignee: 'lee', by: 'kim' }, 2000)).toMatchObject({
      status: 'new',
      assignee: 'lee',
    });
  });
});
