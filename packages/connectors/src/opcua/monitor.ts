import type { OpcuaConfig, OpcuaTag } from './config';
import { type UA, ua } from './ua';

export const DEFAULT_SAMPLING_MS = 500;
export const DEFAULT_QUEUE_SIZE = 10;

/** What the server is asked to do for one tag. */
export interface ItemPlan {
  index: number;
  samplingInterval: number;
  queueSize: number;
  /** 'server': the DataChangeFilter carries the deadband; 'none': no deadband. */
  deadbandType: 'none' | 'absolute' | 'percent';
  /** Deadband in raw units (absolute) or percent of EURange. */
  deadbandValue: number;
}

export function planItem(cfg: OpcuaConfig, tag: OpcuaTag, index: number): ItemPlan {
  const deadband = tag.deadband ?? 0;
  const type = deadband > 0 ? (tag.deadbandType ?? 'absolute') : 'none';
  return {
    index,
    samplingInterval: tag.samplingIntervalMs ?? cfg.samplingIntervalMs ?? DEFAULT_SAMPLING_MS,
    queueSize: tag.queueSize ?? cfg.queueSize ?? DEFAULT_QUEUE_SIZE,
    deadbandType: type,
    // The mapping's deadband is in the converted unit; the server compares raw values.
    deadbandValue: type === 'absolute' ? deadband / Math.abs(tag.scale ?? 1) : deadband,
  };
}

/**
 * Without a deadband the trigger is StatusValueTimestamp (Part 4 §7.22.2), so a new sample with the same value is
 * still reported: a flat line is information (a stuck transmitter), not a reason to go silent. With a deadband
 * the trigger is StatusValue, as the standard requires for deadband filters.
 */
function filterOf(p: ItemPlan): UA.DataChangeFilter | null {
  if (p.deadbandType === 'none') {
    return new ua.DataChangeFilter({
      trigger: ua.DataChangeTrigger.StatusValueTimestamp,
      deadbandType: ua.DeadbandType.None,
      deadbandValue: 0,
    });
  }
  return new ua.DataChangeFilter({
    trigger: ua.DataChangeTrigger.StatusValue,
    deadbandType: p.deadbandType === 'absolute' ? ua.DeadbandType.Absolute : ua.DeadbandType.Percent,
    deadbandValue: p.deadbandValue,
  });
}

/** Statuses a server answers when it does not support the requested filter: retry the item without one. */
let filterRefused: Set<number | undefined> | undefined;
const FILTER_REFUSED = (): Set<number | undefined> =>
  (filterRefused ??= new Set(
    [
      'BadMonitoredItemFilterUnsupported',
      'BadMonitoredItemFilterInvalid',
      'BadFilterNotAllowed',
      'BadDeadbandFilterInvalid',
    ].map((n) => (ua.StatusCodes as unknown as Record<string, { value: number }>)[n]?.value),
  ));

export type OnChange = (index: number, value: UA.DataValue) => void;

export interface MonitorResult {
  groups: UA.ClientMonitoredItemGroup[];
  /** Items the server accepted only without their filter (their deadband must then be applied client-side). */
  withoutFilter: number[];
  /** Items the server refused, with the reason. */
  failed: { index: number; status: string }[];
}

async function monitorGroup(
  subscription: UA.ClientSubscription,
  nodeIds: UA.NodeId[],
  plans: ItemPlan[],
  filter: UA.DataChangeFilter | null,
  onChange: OnChange,
): Promise<{ group: UA.ClientMonitoredItemGroup; statuses: UA.StatusCode[] }> {
  const first = plans[0] as ItemPlan;
  const group = await subscription.monitorItems(
    plans.map((p) => ({ nodeId: nodeIds[p.index], attributeId: ua.AttributeIds.Value })),
    { samplingInterval: first.samplingInterval, queueSize: first.queueSize, discardOldest: true, filter },
    ua.TimestampsToReturn.Both,
  );
  group.on('changed', (_item, dataValue, i) => onChange((plans[i] as ItemPlan).index, dataValue));
  return { group, statuses: group.monitoredItems.map((m) => m.statusCode) };
}

/**
 * Creates the monitored items, one request per set of identical parameters (a few requests for hundreds of
 * tags). node-opcua keeps the groups and recreates them on a new session after a reconnection.
 */
export async function monitorTags(
  subscription: UA.ClientSubscription,
  nodeIds: UA.NodeId[],
  plans: ItemPlan[],
  onChange: OnChange,
): Promise<MonitorResult> {
  const byParams = new Map<string, ItemPlan[]>();
  for (const p of plans) {
    const key = `${p.samplingInterval}|${p.queueSize}|${p.deadbandType}|${p.deadbandValue}`;
    const list = byParams.get(key);
    if (list) list.push(p);
    else byParams.set(key, [p]);
  }
  const out: MonitorResult = { groups: [], withoutFilter: [], failed: [] };
  const retry: ItemPlan[] = [];
  for (const list of byParams.values()) {
    const { group, statuses } = await monitorGroup(
      subscription,
      nodeIds,
      list,
      filterOf(list[0] as ItemPlan),
      onChange,
    );
    out.groups.push(group);
    statuses.forEach((s, i) => {
      const p = list[i] as ItemPlan;
      if (s.isGood()) return;
      if (p.deadbandType !== 'none' && FILTER_REFUSED().has(s.value)) retry.push(p);
      else out.failed.push({ index: p.index, status: s.name });
    });
  }
  for (const p of retry) {
    const { group, statuses } = await monitorGroup(subscription, nodeIds, [p], null, onChange);
    out.groups.push(group);
    const s = statuses[0] as UA.StatusCode;
    if (s.isGood()) out.withoutFilter.push(p.index);
    else out.failed.push({ index: p.index, status: s.name });
  }
  return out;
}
