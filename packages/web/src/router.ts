/**
 * A tiny hash router: #/, #/assets/:id, #/alerts, #/alerts/:id, #/connectors, #/quality, #/quality/sensors/:id,
 * #/models, #/work-orders, #/work-orders/:id, #/failure-modes, #/plan, #/registry, #/registry/parts,
 * #/registry/assets/:id (the registry with that asset's edit form open), #/procedures, #/procedures/:id, #/knowledge,
 * #/lessons, #/lessons/:id, #/training, #/training/attempts/:id, #/training/instructor, #/roi.
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
  | { page: 'procedures' }
  | { page: 'procedure'; id: string }
  | { page: 'knowledge'; q?: string }
  | { page: 'lessons' }
  | { page: 'lesson'; id: string }
  | { page: 'training' }
  | { page: 'training-attempt'; id: string }
  | { page: 'training-instructor' }
  | { page: 'roi' }
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath.replace(/\/+$/, '') || '/';
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
  if (path === '/procedures') return { page: 'procedures' };
  if (path === '/roi') return { page: 'roi' };
  if (path === '/knowledge') {
    const q = new URLSearchParams(query).get('q') ?? undefined;
    return q ? { page: 'knowledge', q } : { page: 'knowledge' };
  }
  if (path === '/lessons') return { page: 'lessons' };
  if (path === '/training') return { page: 'training' };
  if (path === '/training/instructor') return { page: 'training-instructor' };
  const x = /^\/(procedures|lessons|training\/attempts)\/([^/]+)$/.exec(path);
  if (x?.[2]) {
    try {
      const id = decodeURIComponent(x[2]);
      if (x[1] === 'procedures') return { page: 'procedure', id };
      if (x[1] === 'lessons') return { page: 'lesson', id };
      return { page: 'training-attempt', id };
    } catch {
      return { page: 'notfound', path };
    }
  }
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
  procedures: () => '#/procedures',
  procedure: (id: string) => `#/procedures/${encodeURIComponent(id)}`,
  knowledge: (q?: string) => (q ? `#/knowledge?q=${encodeURIComponent(q)}` : '#/knowledge'),
  lessons: () => '#/lessons',
  lesson: (id: string) => `#/lessons/${encodeURIComponent(id)}`,
  training: () => '#/training',
  trainingAttempt: (id: string) => `#/training/attempts/${encodeURIComponent(id)}`,
  trainingInstructor: () => '#/training/instructor',
  roi: () => '#/roi',
};

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
