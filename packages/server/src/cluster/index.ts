/**
 * The cluster worker on its own (`@prognos/server/cluster`): what `prognos worker` needs, without loading the
 * whole server (HTTP app, connectors, protocol stacks), so that a worker starts in about half the time.
 */
export { redactUrl } from '../config';
export { bootstrapCluster, type ClusterLayout, checkClusterId, DEFAULT_CLUSTER_ID } from './bootstrap';
export { LeaseManager, type LeaseTick } from './leases';
export { partitionClientId } from './session';
export { startWorker, type WorkerHandle, type WorkerSettings } from './worker';
export { resolveWorkerConfig, type WorkerConfig, type WorkerConfigInput } from './worker-config';
