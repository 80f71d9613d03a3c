/**
 * Who is acting in this browser: the name every workflow action is recorded under (`by`). The server has no
 * log-in yet, so the name is the user's own, kept in localStorage so it survives a reload.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'prognos.user';
const DEFAULT_USER = 'operator';
const listeners = new Set<() => void>();

function read(): string {
  try {
    return localStorage.getItem(KEY)?.trim() || DEFAULT_USER;
  } catch {
    return DEFAULT_USER;
  }
}

export function currentUser(): string {
  return read();
}

export function setCurrentUser(name: string): void {
  try {
    localStorage.setItem(KEY, name.trim());
  } catch {
    // Private mode without storage: the name lasts for this page only.
  }
  for (const fn of listeners) fn();
}

export function useCurrentUser(): string {
  return useSyncExternalStore((fn) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, read);
}
