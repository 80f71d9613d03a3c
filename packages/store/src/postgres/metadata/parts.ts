/**
 * The MetadataStore port on PostgreSQL is built from two parts that own separate tables: the plant and its
 * monitoring data (PgCoreMetadata, core.ts) and the maintenance, know-how, training and procedure data
 * (PgMaintenanceMetadata, maintenance.ts). metadata-store.ts joins them into one MetadataStore.
 */
import type { MetadataStore } from '../../ports';

/** Plant structure, sensors, alerts, work orders, health, RUL, waveforms, failure modes and settings. */
export const CORE_METADATA_METHODS = [
  'upsertSite',
  'upsertArea',
  'upsertLine',
  'upsertAsset',
  'upsertComponent',
  'upsertSensor',
  'listSites',
  'listAreas',
  'listLines',
  'listAssets',
  'getAsset',
  'listComponents',
  'listSensors',
  'getSensor',
  'saveAlert',
  'getAlert',
  'listAlerts',
  'saveWorkOrder',
  'listWorkOrders',
  'saveHealth',
  'latestHealth',
  'healthHistory',
  'saveRul',
  'rulHistory',
  'saveRulModel',
  'listRulModels',
  'listRulModelVersions',
  'getRulModel',
  'activateRulModel',
  'saveRulEvaluation',
  'saveWaveform',
  'listWaveforms',
  'getWaveform',
  'saveFailureMode',
  'listFailureModes',
  'getFailureMode',
  'getSetting',
  'setSetting',
] as const;

/** Work-flow, maintenance planning inputs, procedures, know-how search and training. */
export const MAINTENANCE_METADATA_METHODS = [
  'saveAlertWorkflow',
  'getAlertWorkflow',
  'listAlertWorkflows',
  'addAlertComment',
  'listAlertComments',
  'saveWorkOrderDetail',
  'getWorkOrderDetail',
  'listWorkOrderDetails',
  'upsertSparePart',
  'listSpareParts',
  'getSparePart',
  'adjustSparePartStock',
  'deleteSparePart',
  'upsertTechnician',
  'listTechnicians',
  'deleteTechnician',
  'upsertMaintenanceWindow',
  'listMaintenanceWindows',
  'deleteMaintenanceWindow',
  'upsertPreventivePlan',
  'listPreventivePlans',
  'getPreventivePlan',
  'deletePreventivePlan',
  'saveProcedureVersion',
  'getProcedure',
  'listProcedures',
  'listProcedureVersions',
  'searchKnowledge',
  'saveTrainingAttempt',
  'getTrainingAttempt',
  'listTrainingAttempts',
  'saveTrainingAssignment',
  'getTrainingAssignment',
  'listTrainingAssignments',
] as const;

export type CoreMetadataPart = Pick<MetadataStore, (typeof CORE_METADATA_METHODS)[number]>;
export type MaintenanceMetadataPart = Pick<MetadataStore, (typeof MAINTENANCE_METADATA_METHODS)[number]>;

// Compile-time check that the two lists cover the port exactly (a method added to MetadataStore must be placed).
type Covered = (typeof CORE_METADATA_METHODS)[number] | (typeof MAINTENANCE_METADATA_METHODS)[number] | 'close';
const _complete: [Exclude<keyof MetadataStore, Covered>, Exclude<Covered, keyof MetadataStore>] extends [never, never]
  ? true
  : never = true;
void _complete;
