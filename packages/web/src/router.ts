/**
 * A tiny hash router: #/, #/assets/:id, #/alerts, #/connectors, #/quality, #/quality/sensors/:id, #/models.
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
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { page: 'fleet' };
  if (path === '/alerts') return { page: 'alerts' };
  if (path === '/connectors') return { page: 'connectors' };
  if (path === '/quality') return { page: 'quality' };
  if (path === '/models') return { page: 'models' };
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
};

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
