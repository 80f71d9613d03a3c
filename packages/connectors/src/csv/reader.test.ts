import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { makeQuality } from '@prognos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { detectCsvDelimiter } from './delimiter';
import { type CsvBatch, CsvFormatError, type CsvReaderOptions, readCsv } from './reader';

const dir = mkdtempSync(join(tmpdir(), 'prognos-csv-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function readAll(source: string | Readable, opts: CsvReaderOptions = {}) {
  const batches: CsvBatch[] = [];
  for await (const b of readCsv(source, opts)) batches.push(b);
  return {
    readings: batches.flatMap((b) => b.readings),
    errors: batches.flatMap((b) => b.errors),
    last: batches[batches.length - 1]!,
  };
}

describe('delimiter detection', () => {
  it('finds the delimiter that is consistent across lines, ignoring quoted text', () => {
    expect(detectCsvDelimiter('ts,a,b\n1,2,3\n')).toBe(',');
    expect(detectCsvDelimiter('ts;"a,b";c\n1;2,5;3\n2;2,6;4\n')).toBe(';');
    expect(detectCsvDelimiter('ts\ta\tb\n1\t2\t3\n')).toBe('\t');
    expect(detectCsvDelimiter('ts|a\n1|2\n')).toBe('|');
  });
});

describe('readCsv', () => {
  it('wide layout: ";" with decimal commas, header units, mapping with scale/offset, passthrough', async () => {
    const p = file(
      'wide.csv',
      '\uFEFFZeitstempel;PT-1 [bar];TT-1 (degC);RAW\n' +
        '31.03.2024 01:30:00;1,5;20,0;7\n' +
        '31.03.2024 03:30:00;1,6;;8\n' +
        '31.03.2024 04:30:00;x;21,5;9\n',
    );
    const { readings, errors, last } = await readAll(p, {
      timezone: 'Europe/Berlin',
      columns: {
        'PT-1': { sensor: 'P-101.PRESS', unit: 'bar', scale: 100, offset: 0 },
        'TT-1': { sensor: 'P-101.TEMP', unit: 'degC', offset: 273.15 },
      },
    });
    expect(last.info).toEqual({
      layout: 'wide',
      delimiter: ';',
      timestampColumn: 'Zeitstempel',
      timestampFormat: 'DD.MM.YYYY HH:mm:ss',
    });
    const t1 = Date.UTC(2024, 2, 31, 0, 30);
    const t2 = Date.UTC(2024, 2, 31, 1, 30); // after the spring-forward jump: CEST
    expect(readings.slice(0, 5)).toEqual([
      { sensor: 'P-101.PRESS', ts: t1, value: 150, quality: 0 },
      { sensor: 'P-101.TEMP', ts: t1, value: 293.15, quality: 0 },
      { sensor: 'RAW', ts: t1, value: 7, quality: 0 },
      { sensor: 'P-101.PRESS', ts: t2, value: 160, quality: 0 },
      { sensor: 'RAW', ts: t2, value: 8, quality: 0 },
    ]);
    expect(readings).toHaveLength(7);
    expect(errors).toEqual([{ line: 4, column: 'PT-1 [bar]', message: '"x" is not a number' }]);
    expect(last.rows).toBe(3);
    expect(last.bytes).toBe(statSync(p).size);
  });

  it('wide layout: a column whose header unit contradicts the mapping is skipped and reported', async () => {
    const p = file('wide-unit.csv', 'ts,TT-1 [degF],PT-1\n1700000000,70,1\n');
    const { readings, errors } = await readAll(p, {
      columns: { 'TT-1': { sensor: 'P.T', unit: 'degC' } },
      unmapped: 'ignore',
    });
    expect(readings).toEqual([]);
    expect(errors).toEqual([
      {
        line: 1,
        column: 'TT-1 [degF]',
        message: 'column "TT-1 [degF]" is in degF but its mapping expects degC; column skipped',
      },
    ]);
  });

  it('long layout: unit column checked against the mapping per row, quality column, unmapped handling', async () => {
    const p = file(
      'long.csv',
      'timestamp,tag,value,unit,quality\n' +
        '2024-05-01T10:00:00Z,TT-1,20.5,degC,good\n' +
        '2024-05-01T10:00:00Z,TT-1,68.9,degF,good\n' +
        '2024-05-01T10:00:01Z,PT-1,2.5,bar,192\n' +
        '2024-05-01T10:00:01Z,XX-9,1,,\n' +
        'not-a-time,TT-1,1,degC,\n' +
        '2024-05-01T10:00:02Z,TT-1,,degC,\n',
    );
    const { readings, errors } = await readAll(p, {
      columns: { 'TT-1': { sensor: 'P-1.TEMP', unit: 'degC' }, 'PT-1': { sensor: 'P-1.PRESS', unit: 'bar' } },
      unmapped: 'error',
    });
    const t = Date.UTC(2024, 4, 1, 10);
    expect(readings).toEqual([
      { sensor: 'P-1.TEMP', ts: t, value: 20.5, quality: 0 },
      { sensor: 'P-1.PRESS', ts: t + 1000, value: 2.5, quality: 192 },
    ]);
    expect(errors).toEqual([
      { line: 3, column: 'unit', message: 'unit "degF" of "TT-1" does not match the mapping (degC)' },
      { line: 5, column: 'tag', message: 'sensor "XX-9" is not mapped' },
      { line: 6, column: 'timestamp', message: 'timestamp "not-a-time" is not iso' },
      { line: 7, column: 'value', message: 'empty value' },
    ]);
    expect(makeQuality('bad')).toBe(128);
  });

  it('reads from a stream with delimiter detection, and batches by size', async () => {
    const text = `ts\tA\n${Array.from({ length: 25 }, (_, i) => `${1_700_000_000 + i}\t${i}`).join('\n')}\n`;
    const batches: CsvBatch[] = [];
    for await (const b of readCsv(Readable.from([Buffer.from(text)]), { batchSize: 10 })) batches.push(b);
    expect(batches.map((b) => b.readings.length)).toEqual([10, 10, 5]);
    expect(batches[0]!.info.delimiter).toBe('\t');
    expect(batches[0]!.readings[0]).toEqual({ sensor: 'A', ts: 1_700_000_000_000, value: 0, quality: 0 });
  });

  it('skips rows already imported (resume)', async () => {
    const p = file(
      'resume.csv',
      `ts,A\n${Array.from({ length: 10 }, (_, i) => `${1_700_000_000 + i},${i}`).join('\n')}\n`,
    );
    const { readings, last } = await readAll(p, { skipRows: 7 });
    expect(readings.map((r) => r.value)).toEqual([7, 8, 9]);
    expect(last.rows).toBe(10);
  });

  it('file-level problems throw CsvFormatError', async () => {
    await expect(readAll(file('nots.csv', 'a,b\n1,2\n'))).rejects.toThrow(CsvFormatError);
    await expect(readAll(file('ambiguous.csv', 'ts,a\n01/02/2024 10:00,1\n'))).rejects.toThrow(/day\/month/);
    await expect(readAll(file('empty.csv', ''))).rejects.toThrow(/empty/);
    await expect(readAll(file('col.csv', 'ts,a\n1,2\n'), { timestampColumn: 'when' })).rejects.toThrow(
      /timestamp column "when" is not in the header/,
    );
  });

  it('streams a file of a few hundred thousand rows with bounded memory', async () => {
    const p = join(dir, 'big.csv');
    const rows = 250_000;
    const sensors = 6;
    const out = createWriteStream(p);
    out.write(`timestamp,${Array.from({ length: sensors }, (_, j) => `M-${j}.VIB`).join(',')}\n`);
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < rows; i += 1000) {
      let chunk = '';
      for (let k = i; k < i + 1000; k++) {
        chunk += `${new Date(t0 + k * 1000).toISOString()}`;
        for (let j = 0; j < sensors; j++) chunk += `,${((k * 7 + j * 13) % 1000) / 10}`;
        chunk += '\n';
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const size = statSync(p).size;
    // a real gc() so that the heap measured is what the reader retains, not garbage not yet collected
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let retained = 0;
    let batches = 0;
    let count = 0;
    let lastTs = 0;
    let sum = 0;
    for await (const b of readCsv(p, { batchSize: 10_000 })) {
      count += b.readings.length;
      for (const r of b.readings) sum += r.value;
      if (b.readings.length) lastTs = b.readings[b.readings.length - 1]!.ts;
      if (++batches % 30 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - base);
      }
    }
    expect(count).toBe(rows * sensors);
    expect(lastTs).toBe(t0 + (rows - 1) * 1000);
    expect(sum).toBeGreaterThan(0);
    // 1.5 million readings held as objects would take >120 MB; streaming retains one batch plus the stream buffers
    // (it fluctuates between ~2 and ~15 MB here, without growing)
    expect(size).toBeGreaterThan(10e6);
    expect(batches).toBeGreaterThan(100);
    expect(retained).toBeLessThan(40e6);
  });
});
