/**
 * Failure modes as readable rules: one CART tree per mode, one-vs-rest, turned into rules (see rules.ts); a row
 * has a mode when one of its rules fires, and a machine failure when any mode does. The rules are the model —
 * what is predicted is exactly what is printed, so a technician can check every alarm against the sheet.
 */
import { type CartOptions, fitCart } from './cart';
import {
  buildFeatures,
  type ColumnRoles,
  defineFeatures,
  type FeatureDef,
  featureValue,
  type RawRow,
} from './features';
import { type Condition, conditionHolds, extractRules, type Rule, type RuleOptions } from './rules';
import { checkText, conditionsText, unmetText } from './wording';

export interface TrainingSet {
  rows: readonly RawRow[];
  /** Mode name → 0/1 per row (e.g. TWF, HDF, PWF, OSF). */
  labels: Readonly<Record<string, ArrayLike<number>>>;
}

export interface FailureModeOptions extends RuleOptions {
  roles: ColumnRoles;
  tree?: CartOptions;
  /** Add the physical features (power, temperature difference, wear × torque). Default true. */
  derived?: boolean;
}

/** Defaults for the per-mode trees: failures are rare (~1 % per mode in AI4I), so positives weigh more. */
export const DEFAULT_CART_OPTIONS: CartOptions = {
  maxDepth: 6,
  minSamplesLeaf: 3,
  criterion: 'gini',
  positiveWeight: 5,
};

export interface ModeRules {
  mode: string;
  /** Positive training rows. */
  positives: number;
  rules: Rule[];
  /** Positive tree leaves below the precision / size bar: shown so a mode without rules is not silent. */
  rejected: Rule[];
}

/** How one rule fares on one row. */
export interface RuleCheck {
  mode: string;
  /** The rule as printed. */
  rule: string;
  fired: boolean;
  /** False when a categorical condition fails: the rule is for another product type. */
  applies: boolean;
  /** Each condition with the row's value. */
  conditions: { text: string; met: boolean }[];
  /** The conditions the row does not meet. */
  unmet: Condition[];
}

export interface Explanation {
  failure: boolean;
  /** Predicted modes. */
  modes: string[];
  /** Every rule of every mode, checked against the row. */
  checks: RuleCheck[];
  /** Plain-words summary. */
  text: string;
}

export class FailureModeModel {
  private constructor(
    readonly features: FeatureDef[],
    readonly modes: ModeRules[],
  ) {}

  static fit(data: TrainingSet, options: FailureModeOptions): FailureModeModel {
    const defs = defineFeatures(options.roles, data.rows, options.derived ?? true);
    const m = buildFeatures(defs, data.rows);
    const categories = defs.map((d) => d.categories?.length ?? 0);
    const treeOptions = { ...DEFAULT_CART_OPTIONS, ...options.tree };
    const modes = Object.entries(data.labels).map(([mode, y]) => {
      const tree = fitCart({ columns: m.columns, categories, y }, treeOptions);
      const { rules, rejected } = extractRules(mode, tree, m, y, options);
      let positives = 0;
      for (let i = 0; i < m.n; i++) if (y[i]) positives++;
      return { mode, positives, rules, rejected };
    });
    return new FailureModeModel(defs, modes);
  }

  /** A model from its JSON form (`JSON.parse(JSON.stringify(model))`). */
  static fromJSON(json: { features: FeatureDef[]; modes: ModeRules[] }): FailureModeModel {
    return new FailureModeModel(json.features, json.modes);
  }

  toJSON(): { features: FeatureDef[]; modes: ModeRules[] } {
    return { features: this.features, modes: this.modes };
  }

  /** All rules, mode by mode. */
  get rules(): Rule[] {
    return this.modes.flatMap((m) => m.rules);
  }

  /** A rule as printed: "power outside 3,502–8,995 W". */
  ruleText(rule: Rule): string {
    return conditionsText(rule.conditions, this.features);
  }

  private fires(rule: Rule, row: RawRow): boolean[] {
    return rule.conditions.map((c) => {
      const def = this.def(c.feature);
      return conditionHolds(c, featureValue(def, row), def);
    });
  }

  private def(key: string): FeatureDef {
    const d = this.features.find((f) => f.key === key);
    if (!d) throw new Error(`rule uses unknown feature "${key}"`);
    return d;
  }

  /** Predicted modes of a row (empty: no failure predicted). */
  predict(row: RawRow): string[] {
    return this.modes.filter((m) => m.rules.some((r) => this.fires(r, row).every(Boolean))).map((m) => m.mode);
  }

  /** Predicted modes and the rules behind them, in words with the row's values. */
  explain(row: RawRow): Explanation {
    const checks: RuleCheck[] = this.rules.map((rule) => {
      const met = this.fires(rule, row);
      return {
        mode: rule.mode,
        rule: this.ruleText(rule),
        fired: met.every(Boolean),
        applies: rule.conditions.every((c, i) => c.kind !== 'in' || met[i]),
        conditions: rule.conditions.map((c, i) => ({
          text: checkText(c, this.def(c.feature), row, met[i] as boolean),
          met: met[i] as boolean,
        })),
        unmet: rule.conditions.filter((_, i) => !met[i]),
      };
    });
    const modes = this.modes.map((m) => m.mode).filter((mode) => checks.some((c) => c.mode === mode && c.fired));
    const lines: string[] = [];
    for (const m of this.modes) {
      const mine = checks.filter((c) => c.mode === m.mode);
      const fired = mine.filter((c) => c.fired);
      if (fired.length > 0) {
        for (const c of fired) lines.push(`${m.mode} (${c.rule}): ${c.conditions.map((x) => x.text).join('; ')}`);
        continue;
      }
      if (mine.length === 0) continue;
      // A rule for another product type says nothing about this row; name only the rules that apply.
      const relevant = mine.some((c) => c.applies) ? mine.filter((c) => c.applies) : mine;
      const unmet = relevant.flatMap((c) => c.unmet);
      lines.push(`no ${m.mode}: ${unmetText(unmet, this.features, row)}`);
    }
    const head = modes.length > 0 ? `Failure predicted: ${modes.join(', ')}.` : 'No failure predicted.';
    return { failure: modes.length > 0, modes, checks, text: [head, ...lines].join('\n') };
  }
}
