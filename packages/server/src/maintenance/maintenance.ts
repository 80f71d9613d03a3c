/** The maintenance loop's services, wired together: the failure-mode library, alert workflows and work orders. */
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { AnalyticsPipeline, PipelineLog } from '../pipeline/analytics-pipeline';
import { FailureLibrary } from './failure-library';
import { ProcedureService } from './procedure-service';
import { Serial } from './serial';
import { WorkOrderService } from './work-order-service';
import { WorkflowService } from './workflow-service';

export interface Maintenance {
  library: FailureLibrary;
  workflows: WorkflowService;
  workOrders: WorkOrderService;
  procedures: ProcedureService;
  /** Seeds the library on first start and starts following the alert stream. */
  init(): Promise<void>;
  /** Waits for queued workflow and work-order changes (before the store closes). */
  drain(): Promise<void>;
}

export function createMaintenance(deps: {
  metadata: MetadataStore;
  bus: EventBus;
  pipeline: AnalyticsPipeline;
  log: PipelineLog;
}): Maintenance {
  const serial = new Serial();
  const library = new FailureLibrary(deps.metadata);
  const workflows = new WorkflowService({ ...deps, serial });
  const workOrders = new WorkOrderService({ ...deps, workflows, serial });
  const procedures = new ProcedureService({ metadata: deps.metadata, serial });
  return {
    library,
    workflows,
    workOrders,
    procedures,
    async init() {
      const added = await library.seed();
      if (added > 0) deps.log.info({ modes: added }, 'failure-mode library seeded');
      // Every mode without a versioned procedure gets one (version 1 from its own steps), also modes added later.
      const seeded = await procedures.seed();
      if (seeded > 0) deps.log.info({ procedures: seeded }, 'guided procedures seeded from the library');
      await workflows.init();
      // Workflow first: the rule reads the workflow (its ranked failure modes) the same event made.
      deps.bus.on('alert', workflows.onAlert);
      deps.bus.on('alert', workOrders.onAlert);
      deps.bus.on('work-order', workflows.onWorkOrder);
    },
    drain: () => serial.drain(),
  };
}
