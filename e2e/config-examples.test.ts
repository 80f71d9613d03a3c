import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorFactories, loadConnectorsConfig, validateConnectorsConfig } from '@prognos/connectors';
import { validateNotificationsConfig } from '@prognos/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The configuration examples people copy must be valid: the example file and every YAML block of the README.
describe('documented configurations (connectors, notifications)', () => {
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
    let notificationBlocks = 0;
    for (const b of blocks) {
      const doc = parse(b) as Record<string, unknown>;
      if ('notifications' in doc) {
        // the notifications file: secrets come from the environment variables it names
        const env = Object.fromEntries(
          [...b.matchAll(/(?:password|secret|token)Env: (\w+)/g)].map((m) => [m[1], 'a-long-enough-test-secret']),
        );
        const res = validateNotificationsConfig(doc, env);
        expect(res.ok ? [] : res.errors, b.slice(0, 200)).toEqual([]);
        notificationBlocks++;
        continue;
      }
      const res = validateConnectorsConfig(doc, connectorFactories);
      expect(res.errors, b.slice(0, 200)).toEqual([]);
    }
    expect(notificationBlocks).toBeGreaterThan(0);
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
