import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeQuality, QualityReason, type Reading } from '@prognos/core';
import certificateManager from 'node-opcua-certificate-manager';
import opcua from 'node-opcua-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from './demo-plant';
import { type OpcuaServerHandle, opcuaTagMap, startOpcuaServer } from './opcua-server';
import { PlantSimulator } from './simulator';

const { AttributeIds, makeBrowsePath, MessageSecurityMode, OPCUAClient, StatusCodes, UserTokenType } = opcua;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** UnitId of a UN/CEFACT common code (OPC UA Part 8 §5.6.3), computed independently of the server's table. */
const unitIdOf = (code: string) => [...code].reduce((id, ch) => id * 256 + ch.charCodeAt(0), 0);

describe('simulator OPC UA server', () => {
  const plant = createDemoPlant();
  const sim = new PlantSimulator(plant, { seed: 3, randomStops: false });
  const latest = new Map<string, Reading>();
  const root = mkdtempSync(join(tmpdir(), 'prognos-opcua-server-'));
  const t0 = Date.UTC(2025, 5, 1, 8, 0, 0);
  let server: OpcuaServerHandle;
  let client: opcua.OPCUAClient;
  let session: opcua.ClientSession;

  const feed = (ts: number) => {
    for (const r of sim.step(ts)) latest.set(r.sensor, r);
    server.update();
  };
  const resolve = async (path: string) => {
    const res = await session.translateBrowsePath(makeBrowsePath('ObjectsFolder', path));
    expect(res.statusCode.name, path).toBe('Good');
    return res.targets?.[0]?.targetId.toString() as string;
  };

  beforeAll(async () => {
    server = await startOpcuaServer({
      port: await freePort(),
      plant,
      assets: ['P-101', 'M-201'],
      source: { latest: () => latest },
      securityModes: ['None', 'SignAndEncrypt'],
      users: [{ username: 'op', password: 'pw' }],
      pkiDir: join(root, 'pki'),
      updateIntervalMs: 10_000,
    });
    feed(t0);
    client = OPCUAClient.create({
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0 },
      clientCertificateManager: new certificateManager.OPCUACertificateManager({ rootFolder: join(root, 'client') }),
    });
    await client.connect(server.endpointUrl);
    session = await client.createSession();
  });
  afterAll(async () => {
    await session?.close().catch(() => {});
    await client?.disconnect();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lays out Objects/Plant/<line>/<asset>/<sensor> for the chosen assets only', async () => {
    expect(await resolve('/1:Plant/1:L-UTIL/1:P-101/1:TEMP-BRG')).toBe('ns=1;s=P-101.TEMP-BRG');
    expect(await resolve('/1:Plant/1:L-EXTR/1:M-201/1:SPEED')).toBe('ns=1;s=M-201.SPEED');
    const res = await session.translateBrowsePath(makeBrowsePath('ObjectsFolder', '/1:Plant/1:L-UTIL/1:C-301'));
    expect(res.statusCode.name).toBe('BadNoMatch');
    expect([...server.nodeIds.keys()].sort()).toEqual(
      plant.sensors
        .filter((s) => s.assetId === 'P-101' || s.assetId === 'M-201')
        .map((s) => s.id)
        .sort(),
    );
  });

  it('gives each sensor EngineeringUnits and EURange from its unit and range', async () => {
    const eu = await resolve('/1:Plant/1:L-UTIL/1:P-101/1:TEMP-BRG/0:EngineeringUnits');
    const range = await resolve('/1:Plant/1:L-UTIL/1:P-101/1:TEMP-BRG/0:EURange');
    const [euValue, rangeValue] = await session.read([
      { nodeId: eu, attributeId: AttributeIds.Value },
      { nodeId: range, attributeId: AttributeIds.Value },
    ]);
    const units = euValue?.value.value as { unitId: number; displayName: { text: string } };
    expect(units.unitId).toBe(unitIdOf('CEL'));
    expect(units.displayName.text).toBe('°C');
    const sensor = plant.sensors.find((s) => s.id === 'P-101.TEMP-BRG');
    expect(rangeValue?.value.value).toMatchObject({ low: sensor?.min, high: sensor?.max });
  });

  it('serves the latest simulated values with their source timestamps and quality as a status code', async () => {
    feed(t0 + 1000);
    const ids = ['P-101.FLOW', 'M-201.CURRENT'];
    let values = await session.read(ids.map((id) => ({ nodeId: `ns=1;s=${id}`, attributeId: AttributeIds.Value })));
    ids.forEach((id, i) => {
      expect(values[i]?.value.value).toBe(latest.get(id)?.value);
      expect(values[i]?.sourceTimestamp?.getTime()).toBe(t0 + 1000);
      expect(values[i]?.statusCode.name).toBe('Good');
    });
    latest.set('M-201.CURRENT', {
      sensor: 'M-201.CURRENT',
      ts: t0 + 1500,
      value: 0,
      quality: makeQuality('bad', QualityReason.SENSOR_FAILURE),
    });
    latest.set('P-101.FLOW', {
      sensor: 'P-101.FLOW',
      ts: t0 + 1500,
      value: 260,
      quality: makeQuality('suspect', QualityReason.OUT_OF_RANGE),
    });
    server.update();
    values = await session.read(ids.map((id) => ({ nodeId: `ns=1;s=${id}`, attributeId: AttributeIds.Value })));
    expect(values[0]?.statusCode.value).toBe(StatusCodes.UncertainEngineeringUnitsExceeded.value);
    expect(values[0]?.value.value).toBe(260);
    expect(values[1]?.statusCode.value).toBe(StatusCodes.BadSensorFailure.value);
    expect(values[1]?.sourceTimestamp?.getTime()).toBe(t0 + 1500);
  });

  it('offers None and SignAndEncrypt endpoints and checks username/password', async () => {
    const endpoints = await client.getEndpoints();
    const offered = endpoints.map(
      (e) => `${MessageSecurityMode[e.securityMode]}/${e.securityPolicyUri?.split('#')[1]}`,
    );
    expect(offered.sort()).toEqual([
      'None/None',
      'SignAndEncrypt/Aes128_Sha256_RsaOaep',
      'SignAndEncrypt/Aes256_Sha256_RsaPss',
      'SignAndEncrypt/Basic256Sha256',
    ]);
    const ok = await client.createSession({ type: UserTokenType.UserName, userName: 'op', password: 'pw' });
    await ok.close();
    await expect(
      client.createSession({ type: UserTokenType.UserName, userName: 'op', password: 'nope' }),
    ).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected/);
  });

  it('builds the connector entry for chosen assets', () => {
    const cfg = opcuaTagMap(plant, ['M-201'], 'opc.tcp://127.0.0.1:4840', 'new-line');
    expect(cfg).toMatchObject({ id: 'new-line', kind: 'opcua', endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    expect(cfg.tags).toContainEqual({
      nodeId: 'ns=1;s=M-201.SPEED',
      sensor: 'M-201.SPEED',
      unit: 'rpm',
      expectedIntervalMs: 1000,
    });
    expect(cfg.tags).toHaveLength(plant.sensors.filter((s) => s.assetId === 'M-201').length);
  });
});
