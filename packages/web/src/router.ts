/** A tiny hash router: #/, #/assets/:id, #/alerts, #/connectors. Hash routing needs no server-side fallback route. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'fleet' }
  | { page: 'asset'; id: string }
  | { page: 'alerts' }
  | { page: 'connectors' }
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { page: 'fleet' };
  if (path === '/alerts') return { page: 'alerts' };
  if (path === '/connectors') return { page: 'connectors' };
  const m = /^\/assets\/([^/]+)$/.exec(path);
  if (m?.[1]) {
    try {
      return { page: 'asset', id: decodeURIComponent(m[1]) };
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
};

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
