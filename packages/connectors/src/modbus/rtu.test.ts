import { GOOD, makeQuality, QualityReason } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modbusFactory } from './index';
import { collector, waitFor } from './testing/collect';
import { mbpoll } from './testing/mbpoll';
import { type PymodbusRtuHandle, startPymodbusRtu } from './testing/pymodbus';

/** Modbus RTU through the `serialport` code path, against pymodbus serving RTU on a pseudo-terminal (no hardware). */
let line: PymodbusRtuHandle;
beforeAll(async () => {
  line = await startPymodbusRtu();
});
afterAll(async () => {
  await line?.stop();
});

describe('modbus connector over RTU (pymodbus on a pty)', () => {
  it('reads registers, decodes them, and maps an illegal address to bad quality', async () => {
    // mbpoll, an independent RTU master, reads the value first (one master on the line at a time)
    const [v] = await mbpoll({
      rtu: { path: line.path, baudRate: 19200, parity: 'none' },
      unit: line.unit,
      table: 4,
      type: 'float',
      address: 4,
      count: 1,
    });
    expect(v?.value).toBe(123.456);
    const sink = collector();
    const conn = modbusFactory.create(
      {
        id: 'rtu-1',
        kind: 'modbus',
        serial: { path: line.path, baudRate: 19200, parity: 'none', dataBits: 8, stopBits: 1 },
        unitId: line.unit,
        timeoutMs: 500,
        pollGroups: [
          {
            name: 'line',
            intervalMs: 100,
            registers: [
              { function: 3, address: 4, type: 'float32', wordOrder: 'LE', sensor: 'f32-cdab', unit: 'mm/s' },
              { function: 4, address: 1, type: 'int16', scale: 0.01, sensor: 'temp', unit: '°C' },
              { function: 3, address: 150, sensor: 'unmapped' },
              { function: 1, address: 1, sensor: 'coil1' },
            ],
          },
        ],
      },
      sink.ctx,
    );
    await conn.start(sink.emit);
    try {
      await waitFor(() => sink.of('f32-cdab').length > 0 && sink.of('unmapped').length > 0, 5000, 'RTU polls');
      expect(conn.health().state).toBe('connected');
      expect(conn.health().target).toBe(`rtu:${line.path}@19200,8N1 unit 1`);
      expect(sink.of('f32-cdab')[0]).toMatchObject({ value: 123.456, quality: GOOD });
      expect(sink.of('temp')[0]).toMatchObject({ value: -25, quality: GOOD });
      expect(sink.of('coil1')[0]).toMatchObject({ value: 1, quality: GOOD });
      expect(sink.of('unmapped')[0]?.quality).toBe(makeQuality('bad', QualityReason.SENSOR_FAILURE));
      const items = (await conn.browse('input:2-5:float32')) ?? [];
      expect(items.map((i) => i.value)).toEqual([987.5, expect.any(Number)]);
    } finally {
      await conn.stop();
    }
  });
});
