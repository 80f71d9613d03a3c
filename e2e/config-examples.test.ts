import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorFactories, loadConnectorsConfig, validateConnectorsConfig } from '@prognos/connectors';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The configuration examples people copy must be valid: the example file and every YAML block of the README.
describe('documented connector configurations', () => {
  it('examples/connectors.yaml validates and covers every protocol', () => {
    const loaded = loadConnectorsConfig(join(root, 'examples/connectors.yaml'), connectorFactories);
    expect(new Set(loaded.config.connectors.map((c) => c.kind))).toEqual(
      new Set(['modbus', 'opcua', 'mqtt', 'sparkplug', 'csv']),
    );
  });

  it('every YAML block in the README validates', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      const res = validateConnectorsConfig(parse(b), connectorFactories);
      expect(res.errors, b.slice(0, 200)).toEqual([]);
    }
  });

  it('a broken entry is rejected with errors that name the field', () => {
    const res = validateConnectorsConfig(
      {
        version: 1,
        connectors: [
          {
            id: 'x',
            kind: 'modbus',
            host: 'h',
            pollGroups: [
              { name: 'g', intervalMs: 1000, registers: [{ function: 3, address: 0, type: 'float', sensor: 'A' }] },
            ],
          },
        ],
      },
      connectorFactories,
    );
    expect(res.ok).toBe(false);
    expect(res.errors.map((e) => e.path).join(' ')).toMatch(/connectors\[0\]\.pollGroups\[0\]\.registers\[0\]\.type/);
  });
});
