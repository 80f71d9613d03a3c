import { crc32 } from 'node:zlib';
import type { Reading } from '@prognos/core';

/**
 * On-disk record format of the store-and-forward queue (little endian):
 *
 *   u32 payloadLength | u32 crc32(payload) | payload
 *   payload = u16 sensorCount | (u16 byteLength, utf8 name)* | u32 readingCount | (u16 sensorIndex, f64 ts, f64 value, u8 quality)*
 *
 * One record holds one emitted batch. Sensor names are stored once per record, so a reading costs 19 bytes.
 * The CRC lets a restart detect a record torn by a crash mid-write and cut the file there.
 */
export const RECORD_HEADER_BYTES = 8;
const READING_BYTES = 19;

export function encodeRecord(readings: readonly Reading[]): Buffer {
  const index = new Map<string, number>();
  const names: Buffer[] = [];
  let namesBytes = 0;
  for (const r of readings) {
    if (!index.has(r.sensor)) {
      index.set(r.sensor, names.length);
      const b = Buffer.from(r.sensor, 'utf8');
      if (b.length > 0xffff) throw new Error(`sensor id too long for the buffer: ${r.sensor.slice(0, 40)}...`);
      names.push(b);
      namesBytes += 2 + b.length;
    }
  }
  if (names.length > 0xffff) throw new Error('more than 65535 distinct sensors in one batch');
  const payloadLen = 2 + namesBytes + 4 + readings.length * READING_BYTES;
  const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadLen);
  let o = RECORD_HEADER_BYTES;
  o = buf.writeUInt16LE(names.length, o);
  for (const n of names) {
    o = buf.writeUInt16LE(n.length, o);
    o += n.copy(buf, o);
  }
  o = buf.writeUInt32LE(readings.length, o);
  for (const r of readings) {
    o = buf.writeUInt16LE(index.get(r.sensor)!, o);
    o = buf.writeDoubleLE(r.ts, o);
    o = buf.writeDoubleLE(r.value, o);
    o = buf.writeUInt8(r.quality & 0xff, o);
  }
  buf.writeUInt32LE(payloadLen, 0);
  buf.writeUInt32LE(crc32(buf.subarray(RECORD_HEADER_BYTES)), 4);
  return buf;
}

/** Number of readings in a record's payload, without decoding them. */
export function recordReadingCount(payload: Buffer): number {
  let o = 0;
  const n = payload.readUInt16LE(o);
  o += 2;
  for (let i = 0; i < n; i++) o += 2 + payload.readUInt16LE(o);
  return payload.readUInt32LE(o);
}

export function decodePayload(payload: Buffer, out: Reading[] = []): Reading[] {
  let o = 0;
  const n = payload.readUInt16LE(o);
  o += 2;
  const names: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const len = payload.readUInt16LE(o);
    o += 2;
    names[i] = payload.toString('utf8', o, o + len);
    o += len;
  }
  const count = payload.readUInt32LE(o);
  o += 4;
  for (let i = 0; i < count; i++) {
    const sensor = names[payload.readUInt16LE(o)]!;
    const ts = payload.readDoubleLE(o + 2);
    const value = payload.readDoubleLE(o + 10);
    const quality = payload.readUInt8(o + 18);
    out.push({ sensor, ts, value, quality });
    o += READING_BYTES;
  }
  return out;
}

export interface ScannedRecord {
  /** Offset of the record header within the scanned buffer. */
  offset: number;
  /** Offset just past the record. */
  end: number;
  payload: Buffer;
}

/**
 * Walks the complete, intact records of `buf`. Stops at the first record that is cut short or fails its CRC and
 * reports where the good data ends (`validEnd`) and whether it stopped because of damage (`damaged`) rather than
 * simply running out of bytes.
 */
export function* scanRecords(buf: Buffer): Generator<ScannedRecord, { validEnd: number; damaged: boolean }> {
  let o = 0;
  while (o + RECORD_HEADER_BYTES <= buf.length) {
    const len = buf.readUInt32LE(o);
    const end = o + RECORD_HEADER_BYTES + len;
    if (end > buf.length) return { validEnd: o, damaged: false };
    const payload = buf.subarray(o + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== buf.readUInt32LE(o + 4)) return { validEnd: o, damaged: true };
    yield { offset: o, end, payload };
    o = end;
  }
  return { validEnd: o, damaged: false };
}
