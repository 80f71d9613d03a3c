import { PrognosError, type WorkOrderDetail, type WorkOrderFindings } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { applyCmmsUpdate, type CmmsWorkOrderPort, tokenFrom, tokenMatches } from './cmms-inbound';

describe('CMMS token', () => {
  it('matches only the exact token, from the Bearer header or X-Prognos-Token', () => {
    expect(tokenMatches('0123456789abcdef', '0123456789abcdef')).toBe(true);
    expect(tokenMatches('0123456789abcdef', '0123456789abcdeg')).toBe(false);
    expect(tokenMatches('0123456789abcdef', '0123456789abcdef0')).toBe(false);
    expect(tokenMatches('0123456789abcdef', undefined)).toBe(false);
    expect(tokenFrom({ authorization: 'Bearer abc' })).toBe('abc');
    expect(tokenFrom({ authorization: 'Basic abc' })).toBeUndefined();
    expect(tokenFrom({ 'x-prognos-token': 'xyz' })).toBe('xyz');
  });
});

/** An in-memory port with the real service's one rule that matters here: completion needs it started. */
function memoryPort(wo: WorkOrderDetail) {
  let cur = wo;
  const calls: string[] = [];
  const port: CmmsWorkOrderPort = {
    get: async () => cur,
    start: async (_id, by) => {
      calls.push(`start:${by}`);
      cur = { ...cur, status: 'in_progress', assignee: cur.assignee ?? by };
      return cur;
    },
    complete: async (_id, _by, findings: WorkOrderFindings) => {
      calls.push('complete');
      if (findings.rootCause === 'refuse') throw new PrognosError('CONFLICT', ['refused']);
      cur = { ...cur, status: 'done', findings, completedAt: 1 };
      return cur;
    },
    annotate: async (_id, patch) => {
      calls.push(`annotate:${JSON.stringify(patch)}`);
      cur = { ...cur, ...patch };
      return cur;
    },
  };
  return { port, calls };
}

const wo: WorkOrderDetail = {
  id: 'WO-1',
  assetId: 'P-101',
  title: 't',
  description: '',
  status: 'open',
  priority: 'low',
  createdAt: 0,
  type: 'corrective',
  skill: 'mechanical',
  estimatedHours: 1,
  procedure: [],
  stepResults: [],
  parts: [],
  labour: [],
};
const findings: WorkOrderFindings = {
  failureConfirmed: true,
  rootCause: 'wear',
  actionTaken: 'replaced',
  downtimeHours: 2,
};

describe('applyCmmsUpdate', () => {
  it('records the external id and assignee, then starts and completes, suppressing one echo per change', async () => {
    const { port, calls } = memoryPort(wo);
    let echoes = 0;
    const out = await applyCmmsUpdate(
      port,
      'WO-1',
      { externalId: 'SAP-1', assignee: 'kim', status: 'done', findings },
      () => {
        echoes++;
        return () => {
          echoes--;
        };
      },
    );
    expect(calls).toEqual(['annotate:{"externalId":"SAP-1","assignee":"kim"}', 'start:kim', 'complete']);
    expect(out).toMatchObject({ status: 'done', externalId: 'SAP-1', assignee: 'kim', findings });
    expect(echoes).toBe(3);
  });

  it('changes nothing that is already so, and undoes the echo of a refused change', async () => {
    const { port, calls } = memoryPort({ ...wo, status: 'in_progress', externalId: 'SAP-1' });
    let echoes = 0;
    const suppress = () => {
      echoes++;
      return () => {
        echoes--;
      };
    };
    await applyCmmsUpdate(port, 'WO-1', { externalId: 'SAP-1', status: 'in_progress' }, suppress);
    expect(calls).toEqual([]);
    await expect(
      applyCmmsUpdate(port, 'WO-1', { status: 'done', findings: { ...findings, rootCause: 'refuse' } }, suppress),
    ).rejects.toThrow(/refused/);
    expect(echoes).toBe(0);
  });

  it('refuses findings without completion, completion without findings, and reopening', async () => {
    const { port } = memoryPort({ ...wo, status: 'in_progress' });
    await expect(applyCmmsUpdate(port, 'WO-1', { findings })).rejects.toThrow(/with status "done"/);
    await expect(applyCmmsUpdate(port, 'WO-1', { status: 'done' })).rejects.toThrow(/needs findings/);
    await expect(applyCmmsUpdate(port, 'WO-1', { status: 'open' })).rejects.toThrow(/cannot be reopened/);
  });
});
