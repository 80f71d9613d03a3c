/**
 * Training mode: a library of scenarios built on the simulator, each played in a sandbox (its data is generated on
 * demand from the attempt's seed and never enters the plant's store), scored with feedback that teaches, with
 * assignments and a skills matrix.
 */
import type { MetadataStore } from '@prognos/store';

export interface TrainingDeps {
  metadata: MetadataStore;
  log: { info: (o: unknown, m?: string) => void; warn: (o: unknown, m?: string) => void };
}

export class TrainingService {
  constructor(readonly deps: TrainingDeps) {}
}
