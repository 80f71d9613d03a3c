import type { Asset, AssetType, Component, Sensor } from '@prognos/core';
import { modelFor } from './models/index';
import type { PlantDefinition } from './types';

interface DemoAsset {
  id: string;
  lineId: string;
  name: string;
  type: AssetType;
  criticality: Asset['criticality'];
  downtimeCostPerHour: number;
  manufacturer: string;
  model: string;
  /** ISO date of the last calibration of its transmitters. */
  calibrated: string;
}

const ASSETS: readonly DemoAsset[] = [
  {
    id: 'P-101',
    lineId: 'L-UTIL',
    name: 'Cooling water pump 1',
    type: 'centrifugal_pump',
    criticality: 'A',
    downtimeCostPerHour: 4_000,
    manufacturer: 'Acme Pumps',
    model: 'ECP 80-200 / 30 kW',
    calibrated: '2025-01-14',
  },
  {
    id: 'P-102',
    lineId: 'L-UTIL',
    name: 'Cooling water pump 2',
    type: 'centrifugal_pump',
    criticality: 'B',
    downtimeCostPerHour: 1_500,
    manufacturer: 'Acme Pumps',
    model: 'ECP 80-200 / 30 kW',
    calibrated: '2025-01-14',
  },
  {
    id: 'M-201',
    lineId: 'L-EXTR',
    name: 'Extruder main drive motor',
    type: 'induction_motor',
    criticality: 'A',
    downtimeCostPerHour: 6_000,
    manufacturer: 'Voltra',
    model: 'IE3 280M-4 / 75 kW',
    calibrated: '2024-11-05',
  },
  {
    id: 'C-301',
    lineId: 'L-UTIL',
    name: 'Screw air compressor',
    type: 'air_compressor',
    criticality: 'A',
    downtimeCostPerHour: 3_000,
    manufacturer: 'Aerotek',
    model: 'RS55 VSD',
    calibrated: '2025-02-20',
  },
  {
    id: 'G-401',
    lineId: 'L-PACK',
    name: 'Conveyor drive gearbox',
    type: 'gearbox',
    criticality: 'B',
    downtimeCostPerHour: 2_500,
    manufacturer: 'Helix Drives',
    model: 'H2 25:1 / 22 kW',
    calibrated: '2024-09-30',
  },
  {
    id: 'F-501',
    lineId: 'L-UTIL',
    name: 'Exhaust fan',
    type: 'fan',
    criticality: 'C',
    downtimeCostPerHour: 400,
    manufacturer: 'Ventum',
    model: 'BC 630 / 15 kW',
    calibrated: '2024-12-02',
  },
  {
    id: 'S-601',
    lineId: 'L-MACH',
    name: 'Machining centre spindle',
    type: 'cnc_spindle',
    criticality: 'B',
    downtimeCostPerHour: 1_800,
    manufacturer: 'Precimill',
    model: 'MS-120 / 18 kW',
    calibrated: '2025-03-11',
  },
];

/**
 * The demo plant: one site, two areas, four lines and seven assets of six types, each with 6–7 sensors whose
 * ids are tags like "P-101.VIB-DE". Sensors, units, ranges and components come from the asset models, so
 * the plant always matches what the simulator produces.
 */
export function createDemoPlant(): PlantDefinition {
  const site = { id: 'SITE-1', name: 'Demo Works', timezone: 'UTC' };
  const areas = [
    { id: 'A-PROD', siteId: site.id, name: 'Production hall' },
    { id: 'A-UTIL', siteId: site.id, name: 'Utilities' },
  ];
  const lines = [
    { id: 'L-EXTR', areaId: 'A-PROD', name: 'Extrusion line' },
    { id: 'L-PACK', areaId: 'A-PROD', name: 'Packing line' },
    { id: 'L-MACH', areaId: 'A-PROD', name: 'Machining cell' },
    { id: 'L-UTIL', areaId: 'A-UTIL', name: 'Cooling water and compressed air' },
  ];
  const assets: Asset[] = [];
  const components: Component[] = [];
  const sensors: Sensor[] = [];
  for (const d of ASSETS) {
    const { calibrated, ...asset } = d;
    assets.push(asset);
    const model = modelFor(d.type);
    for (const c of model.components) {
      components.push({ id: `${d.id}.${c.suffix}`, assetId: d.id, name: c.name, type: c.type });
    }
    for (const s of model.signals) {
      sensors.push({
        id: `${d.id}.${s.name}`,
        assetId: d.id,
        ...(s.component ? { componentId: `${d.id}.${s.component}` } : {}),
        name: `${d.id} ${s.label}`,
        kind: s.kind,
        unit: s.unit,
        min: s.min,
        max: s.max,
        sampleRateHz: 1,
        lastCalibration: calibrated,
      });
    }
  }
  return { site, areas, lines, assets, components, sensors };
}

/** A plant cut down to one machine (its components and sensors): for tests and benches of a single asset. */
export function onlyAsset(plant: PlantDefinition, assetId: string): PlantDefinition {
  return {
    ...plant,
    assets: plant.assets.filter((a) => a.id === assetId),
    components: plant.components.filter((c) => c.assetId === assetId),
    sensors: plant.sensors.filter((s) => s.assetId === assetId),
  };
}
