/**
 * The one place that loads node-opcua. It ships CommonJS, and named ESM imports of some of its symbols fail at
 * run time, so the default export is imported and destructured; types come from a type-only namespace import.
 */
import certificateManager from 'node-opcua-certificate-manager';
import opcua from 'node-opcua-client';

export type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
export type * as UA from 'node-opcua-client';

export const ua = opcua;
export const { OPCUACertificateManager: CertificateManager } = certificateManager;
