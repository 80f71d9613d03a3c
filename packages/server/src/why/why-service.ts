/** Gathers what a why panel needs from the stores and services, and builds it (why-builders.ts). */
import {
  type Alert,
  type FailureMode,
  type Procedure,
  PrognosError,
  type RankedFailureMode,
  type WhyPanel,
} from '@prognos/core';
import { rankFailureModes, rankInstrumentModes } from '@prognos/maintenance';
import type { AppContext } from '../http/context';
import { adviceFor } from '../quality/alert-text';
import { sensorAlertCause } from './sensor-cause';
import { buildAlertWhy, buildHealthWhy, buildRulWhy, type HealthWhyInput } from './why-builders';

type WhyContext = Pick<AppContext, 'metadata' | 'maintenance' | 'pipeline' | 'quality'>;

const H = 3_600_000;
/** How far back the latest RUL prediction is looked for. */
const RUL_LOOKBACK_MS = 30 * 24 * H;

/**
 * The stored current version of a failure mode's guided procedure. Procedures are optional here: a store without
 * them, or without this one, leaves the link to the mode's own steps.
 */
async function storedProcedure(ctx: WhyContext, fm: FailureMode | undefined): Promise<Procedure | undefined> {
  if (!fm) return undefined;
  try {
    return await ctx.metadata.getProcedure(fm.procedureId ?? fm.id);
  } catch {
    return undefined;
  }
}

async function libraryOf(ctx: WhyContext, assetType: string): Promise<Map<string, FailureMode>> {
  return new Map((await ctx.metadata.listFailureModes(assetType)).map((m) => [m.id, m]));
}

/** A reason in words: the advice's label, or its own name where the advice has none ("calibration overdue"). */
function reasonLabel(code: number, name: string): string {
  const label = adviceFor(code).label;
  return label === adviceFor(undefined).label ? name.toLowerCase().replace(/_/g, ' ') : label;
}

export async function alertWhy(ctx: WhyContext, alertId: string, now = Date.now()): Promise<WhyPanel> {
  const alert: Alert = await ctx.maintenance.workflows.alert(alertId);
  const asset = await ctx.metadata.getAsset(alert.assetId);
  const sensors = await ctx.metadata.listSensors(alert.assetId);
  const modes = await libraryOf(ctx, asset?.type ?? 'other');
  let ranked: RankedFailureMode[];
  let sensorCause: Parameters<typeof buildAlertWhy>[0]['sensorCause'];
  if (alert.kind === 'sensor') {
    const named = sensorAlertCause(alert);
    // The live reasons say more (and more exactly) than the title while the sensor is still untrusted.
    const live = named.sensors.flatMap((id) => {
      const s = sensors.find((x) => x.id === id);
      return s ? ctx.quality.view(s, now).reasons : [];
    });
    const reasons =
      live.length > 0
        ? live.map((r) => ({ code: r.code, label: reasonLabel(r.code, r.name), detail: r.detail }))
        : named.reasons;
    sensorCause = { ...named, reasons };
    ranked = rankInstrumentModes(reasons, [...modes.values()]);
  } else {
    ranked = (await ctx.maintenance.workflows.workflow(alert)).failureModes;
  }
  const top = ranked[0] ? modes.get(ranked[0].failureModeId) : undefined;
  return buildAlertWhy({
    alert,
    assetName: asset?.name ?? alert.assetId,
    sensors,
    ranked,
    modes,
    procedure: await storedProcedure(ctx, top),
    ...(sensorCause ? { sensorCause } : {}),
    now,
  });
}

export async function assetWhy(
  ctx: WhyContext,
  assetId: string,
  subject: 'health' | 'rul',
  now = Date.now(),
): Promise<WhyPanel> {
  const asset = await ctx.metadata.getAsset(assetId);
  if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
  const sensors = await ctx.metadata.listSensors(assetId);
  const modes = await libraryOf(ctx, asset.type);
  const health = ctx.pipeline.health(assetId) ?? (await ctx.metadata.latestHealth()).find((h) => h.assetId === assetId);
  const detail = ctx.pipeline.healthDetail(assetId);
  const drivers = detail?.drivers.length ? detail.drivers : (health?.contributions ?? []);
  const ranked = rankFailureModes(asset.type, drivers, sensors, [...modes.values()]);
  const history = subject === 'rul' ? await ctx.metadata.rulHistory(assetId, now - RUL_LOOKBACK_MS, now + H) : [];
  // The newest of the stored history and the monitor's live estimate.
  const rul = [history.at(-1), detail?.rul]
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .sort((a, b) => b.ts - a.ts)[0];
  const top = ranked[0] ? modes.get(ranked[0].failureModeId) : undefined;
  const detector = (await ctx.pipeline.models.activeSummary(assetId))?.detector;
  const input: HealthWhyInput = {
    assetId,
    assetName: asset.name,
    sensors,
    health,
    ...(detail ? { detail } : {}),
    ...(rul ? { rul } : {}),
    ranked,
    modes,
    procedure: await storedProcedure(ctx, top),
    ...(detector ? { detector } : {}),
    now,
  };
  return subject === 'health' ? buildHealthWhy(input) : buildRulWhy(input);
}
