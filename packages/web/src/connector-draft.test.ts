import { describe, expect, it } from 'vitest';
import {
  buildConfig,
  checkDraft,
  configErrors,
  connectionConfig,
  type Draft,
  emptyDraft,
  errorsByField,
  fieldOf,
  PREVIEW_SENSOR,
  suggestId,
} from './connector-draft';

function opcuaDraft(): Draft {
  const d = emptyDraft('opcua', ['opcua-1']);
  return {
    ...d,
    name: ' New line ',
    opcua: { ...d.opcua, endpointUrl: 'opc.tcp://plc:4840', username: 'op', password: 'pw' },
    selections: [
      { key: 'ns=2;s=A', tag: 'ns=2;s=A', name: 'A', assetId: 'P-101', sensor: 'P-101.VIB', scale: '', offset: '' },
      { key: 'ns=2;s=B', tag: 'ns=2;s=B', name: 'B', assetId: 'P-101', sensor: 'P-101.T', scale: '0.1', offset: '-40' },
    ],
  };
}

describe('connector draft', () => {
  it('suggests the first free id', () => {
    expect(suggestId('modbus', [])).toBe('modbus-1');
    expect(suggestId('opcua', ['opcua-1', 'opcua-2'])).toBe('opcua-3');
    expect(emptyDraft('opcua', ['opcua-1']).id).toBe('opcua-2');
  });

  it('builds an OPC UA entry with tags in selection order and numbers only where given', () => {
    expect(buildConfig(opcuaDraft())).toEqual({
      id: 'opcua-2',
      kind: 'opcua',
      name: 'New line',
      endpointUrl: 'opc.tcp://plc:4840',
      securityMode: 'None',
      username: 'op',
      password: 'pw',
      tags: [
        { nodeId: 'ns=2;s=A', sensor: 'P-101.VIB' },
        { nodeId: 'ns=2;s=B', sensor: 'P-101.T', scale: 0.1, offset: -40 },
      ],
    });
    const signed = opcuaDraft();
    signed.opcua.securityMode = 'SignAndEncrypt';
    signed.opcua.trustServerCertificate = true;
    expect(buildConfig(signed)).toMatchObject({ securityPolicy: 'Basic256Sha256', trustServerCertificate: true });
  });

  it('builds a Modbus entry with one default poll group', () => {
    const d = emptyDraft('modbus');
    d.modbus.host = ' 10.0.0.5 ';
    d.selections = [
      {
        key: '4:10',
        tag: 'input:10',
        name: 'Register 10',
        assetId: 'M-1',
        sensor: 'M-1.I',
        scale: '2',
        offset: '',
        modbus: { fn: 4, address: 10, type: 'float32', order: 'CDAB' },
      },
    ];
    expect(buildConfig(d)).toEqual({
      id: 'modbus-1',
      kind: 'modbus',
      host: '10.0.0.5',
      port: 502,
      unitId: 1,
      pollGroups: [
        {
          name: 'default',
          intervalMs: 1000,
          registers: [
            {
              function: 4,
              address: 10,
              type: 'float32',
              byteOrder: 'BE',
              wordOrder: 'LE',
              sensor: 'M-1.I',
              scale: 2,
            },
          ],
        },
      ],
    });
    // the preview entry is valid on its own: one placeholder register, never polled
    expect(connectionConfig(d)).toMatchObject({
      host: '10.0.0.5',
      pollGroups: [{ registers: [{ function: 3, address: 0, sensor: PREVIEW_SENSOR }] }],
    });
  });

  it('checks what it can before asking the server, in the server error shape', () => {
    const d = opcuaDraft();
    expect(checkDraft(d)).toEqual([]);
    d.id = 'has space';
    d.opcua.endpointUrl = 'http://plc';
    d.selections[1] = { ...(d.selections[1] as Draft['selections'][number]), sensor: 'P-101.VIB', scale: 'x' };
    const paths = checkDraft(d).map((e) => e.path);
    expect(paths).toEqual(['/id', '/endpointUrl', '/tags/1/sensor', '/tags/1/scale']);
    // a preview needs only the connection
    expect(checkDraft({ ...d, selections: [] }, { forPreview: true }).map((e) => e.path)).toEqual([
      '/id',
      '/endpointUrl',
    ]);
    const m = emptyDraft('modbus');
    m.modbus.port = '70000';
    m.modbus.unitId = 'one';
    expect(checkDraft(m, { forPreview: true }).map((e) => e.path)).toEqual(['/host', '/port', '/unitId']);
  });

  it('maps error paths of any common notation onto form fields', () => {
    expect(fieldOf('opcua', '/endpointUrl')).toBe('endpointUrl');
    expect(fieldOf('opcua', 'tags[3].sensor')).toBe('tag:3:sensor');
    expect(fieldOf('opcua', '/tags/0')).toBe('tag:0');
    expect(fieldOf('opcua', '/tags/0/nodeId')).toBe('tag:0');
    expect(fieldOf('modbus', '/pollGroups/0/registers/2/scale')).toBe('tag:2:scale');
    expect(fieldOf('modbus', 'pollGroups.0.registers.1.address')).toBe('tag:1');
    expect(fieldOf('modbus', '/pollGroups/0/intervalMs')).toBe('');
    expect(fieldOf('modbus', '/endpointUrl')).toBe('');
    expect(fieldOf('opcua', '')).toBe('');
    expect(fieldOf('modbus', 'connectors[2].pollGroups[0].registers[4].sensor')).toBe('tag:4:sensor');
    expect(fieldOf('modbus', 'connectors[0].host')).toBe('host');
    const grouped = errorsByField('opcua', [
      { path: '/id', message: 'a' },
      { path: '', message: 'b' },
      { path: '/id', message: 'c' },
    ]);
    expect(grouped.get('id')?.map((e) => e.message)).toEqual(['a', 'c']);
    expect(grouped.get('')?.length).toBe(1);
  });

  it('reads CONFIG_INVALID details defensively', () => {
    expect(configErrors({ errors: [{ path: '/port', message: 'must be <= 65535' }, { message: 3 }, 'junk'] })).toEqual([
      { path: '/port', message: 'must be <= 65535' },
      { path: '', message: '3' },
    ]);
    expect(configErrors(undefined)).toEqual([]);
    expect(configErrors({ errors: 'no' })).toEqual([]);
  });
});
