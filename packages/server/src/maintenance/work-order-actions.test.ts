import { PrognosError, type WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { addLabour, addPart, completeWorkOrder, recordStep, startWorkOrder } from './work-order-actions';

const wo: WorkOrderDetail = {
  id: 'wo1',
  assetId: 'P-101',
  title: 'Bearing',
  description: '',
  status: 'open',
  priority: 'high',
  createdAt: 0,
  type: 'predictive',
  failureModeId: 'fm-bearing',
  skill: 'mechanical',
  estimatedHours: 4,
  procedure: [{ text: 'Measure running', safety: false }, { text: 'Lock out', safety: true }, { text: 'Replace' }],
  stepResults: [],
  parts: [{ partId: 'BRG', quantity: 1 }],
  labour: [],
};
const findings = { failureConfirmed: true, rootCause: 'dry', actionTaken: 'replaced', downtimeHours: 3 };
const code = async (fn: () => unknown): Promise<string | undefined> => {
  try {
    await fn();
  } catch (err) {
    return err instanceof PrognosError ? err.code : String(err);
  }
  return undefined;
};

describe('work-order actions', () => {
  it('must be started before steps are recorded; parts and labour are taken before the start too', async () => {
    expect(await code(() => recordStep(wo, 0, { done: true, by: 'lee' }, 1))).toBe('WORK_ORDER_STATE_CONFLICT');
    expect(addPart(wo, 'BRG', 1).parts).toEqual([{ partId: 'BRG', quantity: 2 }]);
    expect(addLabour(wo, 'lee', 1, 1).labour).toHaveLength(1);
    // work recorded after the fact: completed without a start
    expect(completeWorkOrder(wo, findings, 1).status).toBe('done');
    const started = startWorkOrder(wo, 'lee');
    expect(started).toMatchObject({ status: 'in_progress', assignee: 'lee' });
    expect(startWorkOrder(started, 'kim')).toBe(started);
  });

  it('keeps later steps locked until the safety step before them is done (409)', async () => {
    let w = startWorkOrder(wo, 'lee');
    // a step before the safety step is free
    w = recordStep(w, 0, { done: true, value: 3.1, by: 'lee' }, 10);
    expect(await code(() => recordStep(w, 2, { done: true, by: 'lee' }, 11))).toBe('WORK_ORDER_SAFETY_STEP_PENDING');
    w = recordStep(w, 1, { done: false, note: 'waiting for electrician', by: 'lee' }, 12);
    expect(await code(() => recordStep(w, 2, { done: true, by: 'lee' }, 13))).toBe('WORK_ORDER_SAFETY_STEP_PENDING');
    w = recordStep(w, 1, { done: true, by: 'lee' }, 15);
    w = recordStep(w, 2, { done: true, by: 'lee' }, 16);
    expect(w.stepResults.map((r) => [r.step, r.done])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    expect(w.stepResults[0]).toEqual({ step: 0, done: true, value: 3.1, at: 10, by: 'lee' });
    expect(await code(() => recordStep(w, 3, { done: true, by: 'lee' }, 17))).toBe('BAD_REQUEST');
  });

  it('adds parts and labour and completes with findings naming the failure mode', async () => {
    let w = startWorkOrder(wo, 'lee');
    w = addPart(addPart(w, 'BRG', 1), 'SEAL', 2);
    expect(w.parts).toEqual([
      { partId: 'BRG', quantity: 2 },
      { partId: 'SEAL', quantity: 2 },
    ]);
    expect(wo.parts).toEqual([{ partId: 'BRG', quantity: 1 }]);
    expect(await code(() => addPart(w, 'BRG', 0))).toBe('BAD_REQUEST');
    w = addLabour(w, 'lee', 2.5, 20);
    expect(w.labour).toEqual([{ technician: 'lee', hours: 2.5, at: 20 }]);
    w = recordStep(w, 1, { done: true, by: 'lee' }, 21);
    const done = completeWorkOrder(w, findings, 30);
    expect(done).toMatchObject({
      status: 'done',
      completedAt: 30,
      findings: { ...findings, failureModeId: 'fm-bearing' },
    });
    expect(await code(() => completeWorkOrder(done, findings, 31))).toBe('WORK_ORDER_STATE_CONFLICT');
    expect(await code(() => addPart(done, 'BRG', 1))).toBe('WORK_ORDER_STATE_CONFLICT');
    expect(await code(() => startWorkOrder(done, 'lee'))).toBe('WORK_ORDER_STATE_CONFLICT');
    // not confirmed: no failure mode is credited
    const fa = completeWorkOrder(w, { ...findings, failureConfirmed: false }, 30);
    expect(fa.findings?.failureModeId).toBeUndefined();
  });
});
