import { describe, expect, it } from 'vitest';
import { parseHash, routes } from './router';

describe('hash router', () => {
  it('parses the four pages', () => {
    expect(parseHash('')).toEqual({ page: 'fleet' });
    expect(parseHash('#/')).toEqual({ page: 'fleet' });
    expect(parseHash('#/alerts')).toEqual({ page: 'alerts' });
    expect(parseHash('#/assets/P-101')).toEqual({ page: 'asset', id: 'P-101' });
    expect(parseHash(routes.connectors())).toEqual({ page: 'connectors' });
    expect(parseHash('#/connectors/')).toEqual({ page: 'connectors' });
  });

  it('parses the data-quality page and sensor detail', () => {
    expect(parseHash('#/quality')).toEqual({ page: 'quality' });
    expect(parseHash(routes.sensor('P-101.PT-01'))).toEqual({ page: 'sensor', id: 'P-101.PT-01' });
    expect(parseHash(routes.sensor('a/b c'))).toEqual({ page: 'sensor', id: 'a/b c' });
    expect(parseHash('#/quality/sensors')).toEqual({ page: 'notfound', path: '/quality/sensors' });
  });

  it('parses the models page', () => {
    expect(parseHash(routes.models())).toEqual({ page: 'models' });
    expect(parseHash('#/models/')).toEqual({ page: 'models' });
    expect(parseHash('#/models/x')).toEqual({ page: 'notfound', path: '/models/x' });
  });

  it('round-trips asset ids that need encoding', () => {
    expect(parseHash(routes.asset('Line 3/Pump #2'))).toEqual({ page: 'asset', id: 'Line 3/Pump #2' });
  });

  it('reports unknown paths', () => {
    expect(parseHash('#/nope')).toEqual({ page: 'notfound', path: '/nope' });
    expect(parseHash('#/assets/%E0%A4%A')).toEqual({ page: 'notfound', path: '/assets/%E0%A4%A' });
  });

  it('parses the maintenance pages', () => {
    expect(parseHash(routes.alert('A-1'))).toEqual({ page: 'alert', id: 'A-1' });
    expect(parseHash(routes.workOrders())).toEqual({ page: 'work-orders' });
    expect(parseHash(routes.workOrder('WO 7/a'))).toEqual({ page: 'work-order', id: 'WO 7/a' });
    expect(parseHash(routes.failureModes())).toEqual({ page: 'failure-modes' });
    expect(parseHash('#/plan/')).toEqual({ page: 'plan' });
    expect(parseHash('#/work-orders/a/b')).toEqual({ page: 'notfound', path: '/work-orders/a/b' });
  });

  it('parses the registry with its tab and the asset being edited', () => {
    expect(parseHash(routes.registry())).toEqual({ page: 'registry', tab: 'assets' });
    expect(parseHash(routes.registry('parts'))).toEqual({ page: 'registry', tab: 'parts' });
    expect(parseHash(routes.registry('assets', 'P 1/a'))).toEqual({
      page: 'registry',
      tab: 'assets',
      assetId: 'P 1/a',
    });
    expect(parseHash('#/registry/assets/%E0%A4%A')).toEqual({ page: 'notfound', path: '/registry/assets/%E0%A4%A' });
    expect(parseHash('#/registry/x')).toEqual({ page: 'notfound', path: '/registry/x' });
  });
});
