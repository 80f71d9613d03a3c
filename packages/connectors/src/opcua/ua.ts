/**
 * The one place that loads node-opcua. It ships CommonJS, and named ESM imports of some of its symbols fail at
 * run time, so the module object is used; types come from a type-only namespace import.
 * It is loaded lazily, on first use: node-opcua takes seconds to load and prints a warning, which every `prognos`
 * command and every process that never speaks OPC UA would otherwise pay.
 */
import { createRequire } from 'node:module';
import type * as CertificateManagerModule from 'node-opcua-certificate-manager';
import type * as UAModule from 'node-opcua-client';

export type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
export type * as UA from 'node-opcua-client';

const load = createRequire(import.meta.url);
let client: typeof UAModule | undefined;
let certs: typeof CertificateManagerModule | undefined;

export const ua: typeof UAModule = new Proxy({} as typeof UAModule, {
  get(_target, prop) {
    client ??= load('node-opcua-client') as typeof UAModule;
    return (client as unknown as Record<string | symbol, unknown>)[prop];
  },
});

/** node-opcua's OPCUACertificateManager class, loaded on first `new`. */
export const CertificateManager = new Proxy(
  (() => {}) as unknown as typeof CertificateManagerModule.OPCUACertificateManager,
  {
    construct(_target, args) {
      certs ??= load('node-opcua-certificate-manager') as typeof CertificateManagerModule;
      return new certs.OPCUACertificateManager(
        ...(args as ConstructorParameters<typeof CertificateManagerModule.OPCUACertificateManager>),
      );
    },
  },
);
