import { makeQuality, QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { opcuaFactory, parseOpcuaConfig, qualityFromStatus, validateOpcuaConfig } from './index';
import { planItem } from './monitor';
import { chooseEndpoint } from './security';
import { ua } from './ua';

const base = {
  id: 'line-2',
  kind: 'opcua',
  endpointUrl: 'opc.tcp://plc-7:4840',
  tags: [{ nodeId: 'ns=2;s=Pump1.Temp', sensor: 'P-1.TEMP', unit: 'degC' }],
};

describe('OPC UA config validation', () => {
  it('accepts a minimal and a full entry', () => {
    expect(validateOpcuaConfig(base)).toEqual([]);
    const full = {
      ...base,
      version: 1,
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Aes256_Sha256_RsaPss',
      trustServerCertificate: false,
      username: 'op',
      password: 'pw',
      samplingIntervalMs: 250,
      publishingIntervalMs: 1000,
      queueSize: 5,
      reconnect: { baseMs: 200, maxMs: 4000 },
      tags: [
        {
          nodeId: 'ns=2;i=1042',
          sensor: 'P-1.VIB',
          scale: 0.1,
          offset: 0,
          unit: 'mm/s',
          deadband: 0.05,
          deadbandType: 'absolute',
          expectedIntervalMs: 1000,
          samplingIntervalMs: 100,
          queueSize: 20,
        },
      ],
    };
    expect(validateOpcuaConfig(full)).toEqual([]);
    expect(parseOpcuaConfig(full).securityPolicy).toBe('Aes256_Sha256_RsaPss');
  });

  it('names the field and the problem', () => {
    const errors = validateOpcuaConfig({
      ...base,
      endpointUrl: 'http://plc-7',
      securityMode: 'Encrypt',
      username: 'op',
      tags: [{ nodeId: 'ns=2;s=A', sensor: 'S', samplingIntervalMs: -1, colour: 'red' }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'endpointUrl: must look like opc.tcp://host:port[/path]',
        'securityMode: must be one of "None", "Sign", "SignAndEncrypt"',
        'password: is required when username is set',
        'tags[0].samplingIntervalMs: must be >= 0',
        'tags[0].colour: is not a known field',
      ]),
    );
    expect(validateOpcuaConfig({ ...base, tags: undefined })).toEqual(['tags: is required']);
  });

  it('checks node ids, duplicate sensors and deadbands beyond the schema', () => {
    const errors = validateOpcuaConfig({
      ...base,
      securityMode: 'None',
      securityPolicy: 'Basic256Sha256',
      tags: [
        { nodeId: 'ns=2;q=broken', sensor: 'S1' },
        { nodeId: 'ns=2;s=B', sensor: 'S1', deadband: 1, scale: 0 },
        { nodeId: 'ns=2;s=C', sensor: 'S2', deadband: 150, deadbandType: 'percent' },
      ],
    });
    expect(errors).toEqual([
      'tags[0].nodeId: "ns=2;q=broken" is not an OPC UA node id (e.g. "ns=2;s=Pump1.Temp" or "ns=2;i=1042")',
      'tags[1].scale: must not be 0 when an absolute deadband is set',
      'tags[1].sensor: "S1" is already mapped by tags[0]',
      'tags[2].deadband: a percent deadband must be 0..100',
      'securityPolicy: only applies to securityMode Sign or SignAndEncrypt',
    ]);
    expect(() => opcuaFactory.create({ ...base, tags: [{ nodeId: 'x', sensor: '' }] } as never, ctx())).toThrow(
      /opcua connector config: tags\[0\]\.sensor: must NOT have fewer than 1 characters/,
    );
  });

  it('converts an absolute deadband to raw units and keeps percent as is', () => {
    const cfg = parseOpcuaConfig(base);
    expect(planItem(cfg, { nodeId: 'a', sensor: 'a', scale: 0.5, deadband: 2 }, 0)).toMatchObject({
      deadbandType: 'absolute',
      deadbandValue: 4,
      samplingInterval: 500,
      queueSize: 10,
    });
    expect(planItem(cfg, { nodeId: 'a', sensor: 'a', deadband: 5, deadbandType: 'percent' }, 1)).toMatchObject({
      deadbandType: 'percent',
      deadbandValue: 5,
    });
    expect(planItem(cfg, { nodeId: 'a', sensor: 'a' }, 2).deadbandType).toBe('none');
  });
});

function ctx() {
  return { dataDir: '/tmp', log: { info() {}, warn() {}, error() {} } };
}

describe('OPC UA status codes to quality', () => {
  const S = ua.StatusCodes;
  it.each([
    ['Good', S.Good, makeQuality('good')],
    ['GoodClamped', S.GoodClamped, makeQuality('good')],
    ['BadSensorFailure', S.BadSensorFailure, makeQuality('bad', QualityReason.SENSOR_FAILURE)],
    ['BadDeviceFailure', S.BadDeviceFailure, makeQuality('bad', QualityReason.DEVICE_FAILURE)],
    ['BadCommunicationError', S.BadCommunicationError, makeQuality('bad', QualityReason.COMM_FAILURE)],
    ['BadNotConnected', S.BadNotConnected, makeQuality('bad', QualityReason.COMM_FAILURE)],
    ['BadOutOfService', S.BadOutOfService, makeQuality('bad', QualityReason.DEVICE_FAILURE)],
    ['BadInternalError (unlisted)', S.BadInternalError, makeQuality('bad', QualityReason.DEVICE_FAILURE)],
    [
      'UncertainEngineeringUnitsExceeded',
      S.UncertainEngineeringUnitsExceeded,
      makeQuality('suspect', QualityReason.OUT_OF_RANGE),
    ],
    ['UncertainSensorNotAccurate', S.UncertainSensorNotAccurate, makeQuality('suspect', QualityReason.SENSOR_FAILURE)],
    ['UncertainLastUsableValue', S.UncertainLastUsableValue, makeQuality('suspect', QualityReason.GAP)],
    ['Uncertain', S.Uncertain, makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN)],
  ])('%s', (_name, code, quality) => {
    expect(qualityFromStatus(code.value)).toBe(quality);
  });

  it('ignores the info bits of a code (e.g. an overflow flag)', () => {
    expect(qualityFromStatus((S.BadSensorFailure.value | 0x480) >>> 0)).toBe(
      makeQuality('bad', QualityReason.SENSOR_FAILURE),
    );
  });
});

describe('OPC UA endpoint choice', () => {
  const ep = (mode: 'None' | 'Sign' | 'SignAndEncrypt', policy: string, tokens: number[]) =>
    new ua.EndpointDescription({
      securityMode: ua.MessageSecurityMode[mode],
      securityPolicyUri: ua.SecurityPolicy[policy as 'None'],
      userIdentityTokens: tokens.map((t) => ({ tokenType: t, policyId: String(t) })),
    });
  const endpoints = [ep('None', 'None', [0]), ep('SignAndEncrypt', 'Aes128_Sha256_RsaOaep', [0, 1])];

  it('picks the endpoint with the mode, policy and login', () => {
    const e = chooseEndpoint(endpoints, 'opc.tcp://x:4840', 'SignAndEncrypt', 'Aes128_Sha256_RsaOaep', 'UserName');
    expect(e.securityMode).toBe(ua.MessageSecurityMode.SignAndEncrypt);
  });

  it('lists what the server offers when nothing matches', () => {
    expect(() => chooseEndpoint(endpoints, 'opc.tcp://x:4840', 'None', 'Basic256Sha256', 'UserName')).toThrow(
      'the None endpoint of opc.tcp://x:4840 does not accept UserName login; available: None/None (Anonymous); ' +
        'SignAndEncrypt/Aes128_Sha256_RsaOaep (Anonymous, UserName)',
    );
    expect(() => chooseEndpoint(endpoints, 'opc.tcp://x:4840', 'Sign', 'Basic256Sha256', 'Anonymous')).toThrow(
      /offers no Sign\/Basic256Sha256 endpoint/,
    );
  });
});
