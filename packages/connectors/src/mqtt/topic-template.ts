/**
 * Topic templates: an MQTT topic filter whose levels may carry named placeholders, e.g. `plant/{asset}/{sensor}`
 * (subscribed as `plant/+/+`) or `factory/+/line1/#`. A match yields variables for a sensor template like
 * `{asset}.{sensor}`: every `{name}`, the `+` levels by position (`{1}`, `{2}`, …), the `#` rest as `{#}`, and the
 * whole topic as `{topic}`.
 */
export interface CompiledTopicTemplate {
  template: string;
  /** The subscription filter (placeholders become `+`). */
  filter: string;
  /** Placeholders a sensor template may use. */
  variables: string[];
  match(topic: string): Record<string, string> | undefined;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER_RE = /\{([^{}]*)\}/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Throws an Error naming the problem when the template is not usable. */
export function compileTopicTemplate(template: string): CompiledTopicTemplate {
  if (template.length === 0) throw new Error('must not be empty');
  const levels = template.split('/');
  const names: string[] = [];
  const filter: string[] = [];
  let re = '^';
  let plus = 0;
  levels.forEach((level, i) => {
    if (i > 0) re += '\\/';
    if (level === '#') {
      if (i !== levels.length - 1) throw new Error('"#" must be the last level');
      names.push('#');
      filter.push('#');
      // "a/#" also matches "a" itself (MQTT 3.1.1 §4.7.1.2)
      re = `${re.slice(0, i > 0 ? -2 : re.length)}(?:${i > 0 ? '\\/' : ''}(.*))?`;
      return;
    }
    if (level === '+') {
      names.push(String(++plus));
      filter.push('+');
      re += '([^/]*)';
      return;
    }
    if (level.includes('#') || level.includes('+')) {
      throw new Error(`"+" and "#" must fill a whole level (level ${i + 1}: "${level}")`);
    }
    if (!level.includes('{')) {
      filter.push(level);
      re += escapeRe(level);
      return;
    }
    let last = 0;
    for (const m of level.matchAll(PLACEHOLDER_RE)) {
      const name = m[1]!;
      if (!NAME_RE.test(name)) throw new Error(`placeholder {${name}} must be a name of letters, digits and "_"`);
      if (names.includes(name)) throw new Error(`placeholder {${name}} is used twice`);
      re += `${escapeRe(level.slice(last, m.index))}([^/]*)`;
      names.push(name);
      last = m.index! + m[0].length;
    }
    const rest = level.slice(last);
    if (rest.includes('{') || rest.includes('}')) throw new Error(`unbalanced braces in level ${i + 1}: "${level}"`);
    re += escapeRe(rest);
    filter.push('+');
  });
  re += '$';
  const rx = new RegExp(re);
  const wildcardFirst = filter[0] === '+' || filter[0] === '#';
  return {
    template,
    filter: filter.join('/'),
    variables: [...names, 'topic'],
    match(topic) {
      // topics starting with "$" (broker internals) do not match a leading wildcard (MQTT 3.1.1 §4.7.2)
      if (wildcardFirst && topic.startsWith('$')) return undefined;
      const m = rx.exec(topic);
      if (!m) return undefined;
      const vars: Record<string, string> = { topic };
      names.forEach((n, i) => {
        vars[n] = m[i + 1] ?? '';
      });
      return vars;
    },
  };
}

/** Placeholder names used by a sensor template such as `{asset}.{sensor}`. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!);
}

export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER_RE, (_, name: string) => vars[name] ?? '');
}

/** MQTT filter matching (for browse): `+` one level, `#` the rest. */
export function mqttTopicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if ((f[0] === '+' || f[0] === '#') && topic.startsWith('$')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
