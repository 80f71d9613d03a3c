import type { BrowseItem } from '../contract';
import { qualityFromStatus } from './status';
import { type UA, ua } from './ua';
import { variantNumber } from './values';

/** The Objects folder (ns=0;i=85), where a server's own nodes start (OPC UA Part 5 §8.2.4). */
export const OBJECTS_FOLDER = 'ns=0;i=85';

function previewValue(variant: UA.Variant | null | undefined): BrowseItem['value'] {
  const n = variantNumber(variant);
  if (n !== undefined) return n;
  const v: unknown = variant?.arrayType === ua.VariantArrayType.Scalar ? variant.value : null;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text ?? ''); // LocalizedText
  return null;
}

function dataTypeName(id: unknown): string | undefined {
  if (!id || typeof id !== 'object' || !('value' in id)) return undefined;
  const node = id as UA.NodeId;
  if (node.namespace === 0 && typeof node.value === 'number') {
    return (ua.DataType as unknown as Record<number, string>)[node.value] ?? node.toString();
  }
  return node.toString();
}

/**
 * The children of one node (Objects by default) along hierarchical references, properties left out (they
 * describe a node rather than being a tag), with the live value, source timestamp and quality of each variable:
 * discovery with a live preview, so a tag can be mapped before the connector is saved.
 */
export async function browseNode(session: UA.ClientSession, nodeId = OBJECTS_FOLDER): Promise<BrowseItem[]> {
  let start: UA.NodeId;
  try {
    start = ua.resolveNodeId(nodeId);
  } catch {
    throw new Error(`"${nodeId}" is not an OPC UA node id (e.g. "ns=2;s=Line1" or "i=85")`);
  }
  const result = await ua.browseAll(session, {
    nodeId: start,
    browseDirection: ua.BrowseDirection.Forward,
    referenceTypeId: ua.resolveNodeId(ua.ReferenceTypeIds.HierarchicalReferences),
    includeSubtypes: true,
    nodeClassMask: ua.NodeClass.Object | ua.NodeClass.Variable,
    resultMask: 0x3f,
  });
  if (!result.statusCode.isGood()) throw new Error(`cannot browse ${nodeId}: ${result.statusCode.name}`);
  const hasProperty = ua.resolveNodeId(ua.ReferenceTypeIds.HasProperty).toString();
  const refs = (result.references ?? []).filter((r) => r.referenceTypeId.toString() !== hasProperty);
  const variables = refs.filter((r) => r.nodeClass === ua.NodeClass.Variable);
  const reads = variables.flatMap((r) => [
    { nodeId: r.nodeId, attributeId: ua.AttributeIds.Value },
    { nodeId: r.nodeId, attributeId: ua.AttributeIds.DataType },
  ]);
  const values = reads.length ? await session.read(reads, 0) : [];
  const live = new Map<string, { value: UA.DataValue; type: UA.DataValue }>();
  variables.forEach((r, i) => {
    live.set(r.nodeId.toString(), { value: values[2 * i] as UA.DataValue, type: values[2 * i + 1] as UA.DataValue });
  });
  return refs.map((r): BrowseItem => {
    const tag = r.nodeId.toString();
    const item: BrowseItem = {
      tag,
      name: r.displayName?.text ?? r.browseName.name ?? tag,
      hasChildren: r.nodeClass === ua.NodeClass.Object,
    };
    const v = live.get(tag);
    if (v) {
      item.dataType = dataTypeName(v.type.value?.value);
      item.value = previewValue(v.value.value);
      const ts = v.value.sourceTimestamp ?? v.value.serverTimestamp;
      if (ts) item.ts = ts.getTime();
      item.quality = qualityFromStatus(v.value.statusCode.value);
    }
    return item;
  });
}
