import { type UA, ua } from './ua';

/** A scalar as a finite number: numbers, booleans (1/0) and bigints; anything else → undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

/**
 * The numeric value of a Variant, or undefined when it has none (Null, strings, arrays, structures).
 * node-opcua carries Int64/UInt64 as [high, low] 32-bit words; they are joined (exact up to 2^53).
 */
export function variantNumber(variant: UA.Variant | null | undefined): number | undefined {
  if (!variant || variant.arrayType !== ua.VariantArrayType.Scalar) return undefined;
  const v: unknown = variant.value;
  if ((variant.dataType === ua.DataType.Int64 || variant.dataType === ua.DataType.UInt64) && Array.isArray(v)) {
    const [hi, lo] = v as [number, number];
    const high = variant.dataType === ua.DataType.Int64 ? hi | 0 : hi >>> 0;
    return high * 4294967296 + (lo >>> 0);
  }
  return toNumber(v);
}
