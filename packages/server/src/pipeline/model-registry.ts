import { type AssetModel, deserializeAssetModel, isDetectorKind, serializeAssetModel } from '@prognos/analytics';
import { type ModelCreator, type ModelVersionSummary, PrognosError, type TrainJob } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';

export type { ModelCreator, ModelVersionSummary } from '@prognos/core';
/** A training job (the API's TrainJob). */
export type Job = TrainJob;

/** What is known about a version besides the model itself. */
export interface VersionMeta {
  createdBy: ModelCreator;
  note?: string;
  trainingSeconds: number;
  labels?: ModelVersionSummary['labels'];
}

type StoredVersion = Omit<ModelVersionSummary, 'active'>;

/** The per-asset index, stored as setting `models:<assetId>`. */
interface ModelIndex {
  version: 1;
  /** The active version (absent: none, e.g. after every version was unreadable). */
  active?: number;
  /** Next version number; never reused, so a version number always names the same model. */
  next: number;
  /** Oldest first. */
  versions: StoredVersion[];
}

/**
 * Versions kept per asset: enough to roll back through months of weekly retraining, few enough that the settings
 * table stays small (a model state is 10–200 kB, the MSET memory being the largest).
 */
export const MAX_MODEL_VERSIONS = 20;

const indexKey = (assetId: string) => `models:${assetId}`;
const stateKey = (assetId: string, version: number) => `model:${assetId}:v${version}`;
/** The pre-versioning key; it keeps holding the active model, so older builds and readers still find it. */
const legacyKey = (assetId: string) => `model:${assetId}`;

/** The summary of a model: its training record and the metrics the UI compares versions by. */
export function summarizeModel(model: AssetModel, version: number, meta: VersionMeta): StoredVersion {
  const cal = model.detector.calibration;
  const kind = model.detectorKind ?? model.detector.kind;
  return {
    assetId: model.assetId,
    version,
    detector: isDetectorKind(kind) ? kind : 'pca',
    trainedAt: model.trainedAt,
    trainedFrom: model.trainedFrom,
    trainedTo: model.trainedTo,
    rows: model.rows,
    sensors: model.sensors.map((s) => s.id),
    excluded: model.excluded.map((e) => ({ ...e })),
    metrics: {
      threshold: cal.threshold,
      falseAlarmRate: cal.falseAlarmRate,
      alertLevel: model.alert?.level ?? 1,
      alertBudgetPerYear: model.alert?.budgetPerYear ?? 0,
      heldOutWindows: model.alert?.samples ?? 0,
      trainingSeconds: meta.trainingSeconds,
    },
    ...(model.evaluation
      ? {
          evaluation: {
            ...model.evaluation,
            ...(model.envelope ? { envelope: { ...model.envelope } } : {}),
            driftAllowance: model.drift !== undefined,
          },
        }
      : {}),
    createdBy: meta.createdBy,
    ...(meta.note ? { note: meta.note } : {}),
    ...(meta.labels ? { labels: { ...meta.labels } } : {}),
  };
}

/**
 * The model versions of each asset, in the metadata store's settings: an index per asset (`models:<assetId>`,
 * summaries of the versions kept and which one is active) and one state per version (`model:<assetId>:v<N>`).
 * The active version is mirrored to the pre-versioning key `model:<assetId>`; a store that only has that key
 * (written before versions existed) is migrated on first read: its model becomes version 1, active.
 * Writes to one asset's index are serialised, so a training that finishes while someone activates a version
 * cannot lose either change.
 */
export class ModelRegistry {
  private locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly metadata: MetadataStore,
    private readonly maxVersions = MAX_MODEL_VERSIONS,
  ) {
    if (!(Number.isInteger(maxVersions) && maxVersions >= 1)) throw new RangeError('maxVersions must be ≥ 1');
  }

  /** Versions of an asset, newest first. */
  async list(assetId: string): Promise<ModelVersionSummary[]> {
    const index = await this.locked(assetId, () => this.index(assetId));
    return toSummaries(index).reverse();
  }

  /** The active version's summary, if any. */
  async activeSummary(assetId: string): Promise<ModelVersionSummary | undefined> {
    const index = await this.locked(assetId, () => this.index(assetId));
    return toSummaries(index).find((v) => v.active);
  }

  /** The active model and its summary; undefined when the asset has none. Throws when its state is unreadable. */
  async active(assetId: string): Promise<{ model: AssetModel; summary: ModelVersionSummary } | undefined> {
    return this.locked(assetId, async () => {
      const index = await this.index(assetId);
      if (index.active === undefined) return undefined;
      const summary = toSummaries(index).find((v) => v.active);
      if (!summary) return undefined;
      return { model: await this.loadState(assetId, summary.version), summary };
    });
  }

  /** One version's model. Throws MODEL_VERSION_NOT_FOUND for a version not kept. */
  async load(assetId: string, version: number): Promise<AssetModel> {
    return this.locked(assetId, async () => {
      const index = await this.index(assetId);
      if (!index.versions.some((v) => v.version === version))
        throw new PrognosError('MODEL_VERSION_NOT_FOUND', [assetId, version]);
      return this.loadState(assetId, version);
    });
  }

  /**
   * Stores a model as the asset's next version, active unless `activate` is false. Beyond `maxVersions` the oldest
   * inactive versions are dropped (never the active one).
   */
  async add(model: AssetModel, meta: VersionMeta, opts: { activate?: boolean } = {}): Promise<ModelVersionSummary> {
    const assetId = model.assetId;
    return this.locked(assetId, async () => {
      const index = await this.index(assetId);
      const version = index.next;
      const state = serializeAssetModel(model);
      await this.metadata.setSetting(stateKey(assetId, version), state);
      index.versions.push(summarizeModel(model, version, meta));
      index.next = version + 1;
      if (opts.activate !== false) {
        index.active = version;
        await this.metadata.setSetting(legacyKey(assetId), state);
      }
      await this.prune(assetId, index);
      await this.saveIndex(assetId, index);
      return toSummaries(index).find((v) => v.version === version) as ModelVersionSummary;
    });
  }

  /** Makes a kept version the active one (rollback or roll forward) and returns it with its model. */
  async activate(assetId: string, version: number): Promise<{ model: AssetModel; summary: ModelVersionSummary }> {
    return this.locked(assetId, async () => {
      const index = await this.index(assetId);
      if (!index.versions.some((v) => v.version === version))
        throw new PrognosError('MODEL_VERSION_NOT_FOUND', [assetId, version]);
      const model = await this.loadState(assetId, version);
      index.active = version;
      await this.metadata.setSetting(legacyKey(assetId), serializeAssetModel(model));
      await this.saveIndex(assetId, index);
      return { model, summary: toSummaries(index).find((v) => v.active) as ModelVersionSummary };
    });
  }

  private async loadState(assetId: string, version: number): Promise<AssetModel> {
    const text = await this.metadata.getSetting(stateKey(assetId, version));
    if (!text) throw new PrognosError('MODEL_VERSION_NOT_FOUND', [assetId, version]);
    return deserializeAssetModel(text);
  }

  /** Drops the oldest inactive versions beyond the cap (the store has no delete: their state is emptied). */
  private async prune(assetId: string, index: ModelIndex): Promise<void> {
    while (index.versions.length > this.maxVersions) {
      const i = index.versions.findIndex((v) => v.version !== index.active);
      if (i < 0) return;
      const [gone] = index.versions.splice(i, 1);
      await this.metadata.setSetting(stateKey(assetId, (gone as StoredVersion).version), '');
    }
  }

  /** The asset's index; migrates a pre-versioning model (`model:<assetId>`) to version 1 on first read. */
  private async index(assetId: string): Promise<ModelIndex> {
    const text = await this.metadata.getSetting(indexKey(assetId));
    if (text) {
      const parsed = JSON.parse(text) as ModelIndex;
      if (parsed?.version === 1 && Array.isArray(parsed.versions)) return parsed;
      throw new Error(`model index of asset ${assetId} is not readable`);
    }
    const index: ModelIndex = { version: 1, next: 1, versions: [] };
    const legacy = await this.metadata.getSetting(legacyKey(assetId));
    if (!legacy) return index;
    // Unreadable legacy state: no version 1; the caller trains a new baseline as before versions existed.
    let model: AssetModel;
    try {
      model = deserializeAssetModel(legacy);
    } catch {
      return index;
    }
    await this.metadata.setSetting(stateKey(assetId, 1), legacy);
    index.versions.push(
      summarizeModel(model, 1, {
        createdBy: 'startup',
        note: 'baseline stored before model versions existed',
        trainingSeconds: 0,
      }),
    );
    index.active = 1;
    index.next = 2;
    await this.saveIndex(assetId, index);
    return index;
  }

  private async saveIndex(assetId: string, index: ModelIndex): Promise<void> {
    await this.metadata.setSetting(indexKey(assetId), JSON.stringify(index));
  }

  /** Runs `fn` after every earlier call for the same asset has finished. */
  private locked<T>(assetId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(assetId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(assetId, tail);
    void tail.then(() => {
      if (this.locks.get(assetId) === tail) this.locks.delete(assetId);
    });
    return next;
  }
}

function toSummaries(index: ModelIndex): ModelVersionSummary[] {
  return index.versions.map((v) => ({ ...v, active: v.version === index.active }));
}
