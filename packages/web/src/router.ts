/**
 * A tiny hash router: #/, #/assets/:id, #/alerts, #/alerts/:id, #/connectors, #/quality, #/quality/sensors/:id,
 * #/models, #/work-orders, #/work-orders/:id, #/failure-modes, #/plan, #/registry, #/registry/parts,
 * #/registry/assets/:id (the registry with that asset's edit form open).
 * Hash routing needs no server-side fallback route.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'fleet' }
  | { page: 'asset'; id: string }
  | { page: 'alerts' }
  | { page: 'connectors' }
  | { page: 'quality' }
  | { page: 'sensor'; id: string }
  | { page: 'models' }
  | { page: 'alert'; id: string }
  | { page: 'work-orders' }
  | { page: 'work-order'; id: string }
  | { page: 'failure-modes' }
  | { page: 'plan' }
  | { page: 'registry'; tab: 'assets' | 'parts'; assetId?: string }
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { page: 'fleet' };
  if (path === '/alerts') return { page: 'alerts' };
  if (path === '/connectors') return { page: 'connectors' };
  if (path === '/quality') return { page: 'quality' };
  if (path === '/models') return { page: 'models' };
  if (path === '/work-orders') return { page: 'work-orders' };
  if (path === '/failure-modes') return { page: 'failure-modes' };
  if (path === '/plan') return { page: 'plan' };
  if (path === '/registry') return { page: 'registry', tab: 'assets' };
  if (path === '/registry/parts') return { page: 'registry', tab: 'parts' };
  const r = /^\/registry\/assets\/([^/]+)$/.exec(path);
  if (r?.[1]) {
    try {
      return { page: 'registry', tab: 'assets', assetId: decodeURIComponent(r[1]) };
    } catch {
      return { page: 'notfound', path };
    }
  }
  const w = /^\/(alerts|work-orders)\/([^/]+)$/.exec(path);
  if (w?.[2]) {
    try {
      const id = decodeURIComponent(w[2]);
      return w[1] === 'alerts' ? { page: 'alert', id } : { page: 'work-order', id };
    } catch {
      return { page: 'notfound', path };
    }
  }
  const m = /^\/(assets|quality\/sensors)\/([^/]+)$/.exec(path);
  if (m?.[2]) {
    try {
      const id = decodeURIComponent(m[2]);
      return m[1] === 'assets' ? { page: 'asset', id } : { page: 'sensor', id };
    } catch {
      return { page: 'notfound', path };
    }
  }
  return { page: 'notfound', path };
}

export const routes = {
  fleet: () => '#/',
  asset: (id: string) => `#/assets/${encodeURIComponent(id)}`,
  alerts: () => '#/alerts',
  connectors: () => '#/connectors',
  quality: () => '#/quality',
  sensor: (id: string) => `#/quality/sensors/${encodeURIComponent(id)}`,
  models: () => '#/models',
  alert: (id: string) => `#/alerts/${encodeURIComponent(id)}`,
  workOrders: () => '#/work-orders',
  workOrder: (id: string) => `#/work-orders/${encodeURIComponent(id)}`,
  failureModes: () => '#/failure-modes',
  plan: () => '#/plan',
  registry: (tab: 'assets' | 'parts' = 'assets', assetId?: string) =>
    tab === 'parts' ? '#/registry/parts' : assetId ? `#/registry/assets/${encodeURIComponent(assetId)}` : '#/registry',
};

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
