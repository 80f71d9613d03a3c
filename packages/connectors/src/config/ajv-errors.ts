import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';

// One instance for the protocol validators: allErrors so that one run reports every problem, strict: false because
// the schemas carry annotations (examples, descriptions) ajv's strict mode would reject. Each schema has its own $id.
const ajv = new Ajv({ allErrors: true, strict: false });

/** Compiles a protocol config schema with the shared ajv instance (ajv caches by schema, so repeats are cheap). */
export function compileConfigSchema(schema: AnySchema): ValidateFunction {
  return ajv.compile(schema);
}

/** "/pollGroups/0/registers/2/address" → "pollGroups[0].registers[2].address"; "(config)" for the root. */
export function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(config)';
}

/**
 * A protocol's own wording for some ajv errors (e.g. what a `pattern` means for that protocol); returns undefined to
 * fall back to the common wording.
 */
export type DescribeOverride = (e: ErrorObject) => string | undefined;

/** Turns one ajv error into "field.path: message". */
export function describeAjvError(e: ErrorObject, override?: DescribeOverride): string {
  const own = override?.(e);
  if (own !== undefined) return own;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${fieldPath(e.instancePath, String(p.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${fieldPath(e.instancePath, String(p.additionalProperty))}: is not a known field`;
    case 'enum':
      return `${fieldPath(e.instancePath)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${fieldPath(e.instancePath)}: must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${fieldPath(e.instancePath)}: ${e.message ?? 'is not valid'}`;
  }
}

/**
 * Compiles `schema` and returns a checker: undefined when the input matches, otherwise one "field.path: message"
 * per ajv error.
 */
export function schemaChecker(
  schema: AnySchema,
  override?: DescribeOverride,
): (input: unknown) => string[] | undefined {
  const check = compileConfigSchema(schema);
  return (input) => (check(input) ? undefined : (check.errors ?? []).map((e) => describeAjvError(e, override)));
}
