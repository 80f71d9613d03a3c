import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorFactory } from '../contract';
import { csvFactory } from '../csv';
import { mqttFactory } from '../mqtt';
import { loadConnectorsConfig, saveConnectorsConfig } from './load';
import { migrateConnectorsConfig } from './migrations';
import { ConnectorsConfigError, formatConfigIssue } from './types';
import { validateConnectorsConfig } from './validate';

/** A register-map schema in the shape of a Modbus entry, to check error paths into nested arrays. */
const registerFactory: ConnectorFactory = {
  kind: 'modbus',
  schema: {
    type: 'object',
    required: ['id', 'kind', 'host', 'registers'],
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      kind: { const: 'modbus' },
      enabled: { type: 'boolean' },
      name: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      registers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['address', 'type', 'sensor'],
          additionalProperties: false,
          properties: {
            address: { type: 'integer', minimum: 0 },
            type: { enum: ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] },
            sensor: { type: 'string' },
            scale: { type: 'number' },
          },
        },
      },
    },
  },
  create() {
    throw new Error('not used');
  },
};

const factories = [mqttFactory, csvFactory, registerFactory] as ConnectorFactory[];
const dir = mkdtempSync(join(tmpdir(), 'prognos-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yamlText = `
version: 1
connectors:
  - id: broker
    kind: mqtt
    url: mqtt://localhost:1883
    mappings:
      - topic: plant/{asset}/{sensor}
        sensor: "{asset}.{sensor}"
        valuePath: v
  - id: historian
    kind: csv
    folder: /var/lib/prognos/drop
    timezone: Europe/Berlin
  - id: old-line
    kind: modbus
    host: 10.0.0.5
    registers:
      - { address: 0, type: float32, sensor: P-1.T }
`;

describe('connectors configuration', () => {
  it('loads YAML from a file and JSON from text', () => {
    const p = join(dir, 'connectors.yaml');
    writeFileSync(p, yamlText);
    const a = loadConnectorsConfig(p, factories);
    expect(a).toMatchObject({ source: p, migrated: false, fromVersion: 1 });
    expect(a.config.connectors.map((c) => c.id)).toEqual(['broker', 'historian', 'old-line']);
    const b = loadConnectorsConfig(JSON.stringify(a.config), factories);
    expect(b.source).toBe('(text)');
    expect(b.config).toEqual(a.config);
  });

  it('names the field path and the problem for every error', () => {
    const res = validateConnectorsConfig(
      {
        version: 1,
        connectors: [
          { id: 'broker', kind: 'mqtt', url: 'http://x', mappings: [{ topic: 'a', sensor: 'b', valu: 'x' }] },
          { id: 'h', kind: 'csv' },
          { id: 'm', kind: 'modbus', host: 'x', port: 70000, registers: [{ address: 0, type: 'float', sensor: 's' }] },
          { id: 'broker', kind: 'sparkplug' },
          'nonsense',
        ],
      },
      factories,
    );
    expect(res.ok).toBe(false);
    expect(res.errors.map(formatConfigIssue)).toEqual([
      'connectors[0].url: must match pattern "^(mqtts?|wss?|tcp|ssl)://[^\\s]+$" (got "http://x")',
      'connectors[0].mappings[0].valu: is not a known field (did you mean "valuePath"?)',
      'connectors[1].folder: is required',
      'connectors[2].port: must be <= 65535 (got 70000)',
      'connectors[2].registers[0].type: must be one of bool, int16, uint16, int32, uint32, float32, float64 (got "float")',
      'connectors[3].kind: must be one of mqtt, csv, modbus (got "sparkplug")',
      'connectors[3].id: duplicate id "broker" (also used by connectors[0])',
      'connectors[4]: must be an object (got "nonsense")',
    ]);
  });

  it('reports syntax errors with line and column, and missing files', () => {
    const err = (() => {
      try {
        loadConnectorsConfig('version: 1\nconnectors:\n  - id: a\n   kind: mqtt\n', factories);
      } catch (e) {
        return e as ConnectorsConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConnectorsConfigError);
    expect(err!.errors[0]!.message).toMatch(/^syntax error at line \d+, column \d+/);
    expect(() => loadConnectorsConfig(join(dir, 'missing.yaml'), factories)).toThrow(/cannot read the file/);
  });

  it('migrates a version-0 file (no version, "type" instead of "kind", "disabled") and says so', () => {
    const p = join(dir, 'old.json');
    writeFileSync(
      p,
      JSON.stringify({
        connectors: [
          { id: 'historian', type: 'csv', folder: '/drop', disabled: true },
          { id: 'broker', type: 'mqtt', url: 'mqtt://h', mappings: [{ topic: 't/+', sensor: 'S.{1}' }] },
        ],
      }),
    );
    const loaded = loadConnectorsConfig(p, factories);
    expect(loaded.migrated).toBe(true);
    expect(loaded.fromVersion).toBe(0);
    expect(loaded.migrations).toHaveLength(1);
    expect(loaded.config).toEqual({
      version: 1,
      connectors: [
        { id: 'historian', kind: 'csv', folder: '/drop', enabled: false },
        { id: 'broker', kind: 'mqtt', url: 'mqtt://h', mappings: [{ topic: 't/+', sensor: 'S.{1}' }] },
      ],
    });
    // a bare list is version 0 too
    expect(migrateConnectorsConfig([{ id: 'x', type: 'csv', folder: '/d' }]).doc).toEqual({
      version: 1,
      connectors: [{ id: 'x', kind: 'csv', folder: '/d' }],
    });
  });

  it('refuses versions it does not know', () => {
    expect(validateConnectorsConfig({ version: 7, connectors: [] }, factories).errors).toEqual([
      { path: 'version', message: '7 is newer than this Prognos understands (1); upgrade Prognos' },
    ]);
    expect(validateConnectorsConfig({ version: 'one', connectors: [] }, factories).errors[0]!.path).toBe('version');
    expect(validateConnectorsConfig({ version: 1, connector: [] }, factories).errors.map(formatConfigIssue)).toEqual([
      'connector: is not a known field (expected "version" and "connectors")',
      'connectors: is required (a list of connector entries)',
    ]);
  });

  it('saves a configuration that loads back the same', () => {
    const cfg = loadConnectorsConfig(yamlText, factories).config;
    for (const name of ['saved.yaml', 'saved.json']) {
      const p = join(dir, name);
      saveConnectorsConfig(p, cfg);
      expect(loadConnectorsConfig(p, factories).config).toEqual(cfg);
    }
  });

  it('the examples in the README files validate', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const readme of ['../mqtt/README.md', '../csv/README.md', 'README.md']) {
      const text = readFileSync(join(here, readme), 'utf8');
      const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(blocks.length).toBeGreaterThan(0);
      for (const b of blocks) {
        const doc = b.startsWith('version:') ? b : `version: 1\nconnectors:\n${b.replace(/^/gm, '  ')}`;
        expect(loadConnectorsConfig(doc, factories).config.connectors.length).toBeGreaterThan(0);
      }
    }
  });
});
