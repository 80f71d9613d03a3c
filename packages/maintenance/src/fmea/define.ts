import type { FailureMode, ProcedureStep } from '@prognos/core';
import type { Iso14224Code } from './iso14224';

/** A failure mode as the library files write it: the RPN is computed, so it always equals S × O × D. */
export type ModeSpec = Omit<FailureMode, 'rpn' | 'iso14224'> & { iso14224: Iso14224Code | '' };

export function defineMode(spec: ModeSpec): FailureMode {
  return { ...spec, rpn: spec.severity * spec.occurrence * spec.detectability };
}

/**
 * ISO 10816-3 zone boundaries, vibration velocity mm/s RMS, rigid foundations. Group 2: medium machines 15–300 kW
 * (A/B 1.4, B/C 2.8, C/D 4.5). Zone B is fit for unrestricted long-term operation, so a repaired machine must come
 * back below the B/C boundary. The 30 kW pump is held to the same group 2 limits (stricter than group 3's 4.5 mm/s).
 */
export const ISO10816_GROUP2_RIGID = { ab: 1.4, bc: 2.8, cd: 4.5 } as const;

/** Safety step before any check near a running machine (no isolation needed). */
export const RUNNING_CHECK_SAFETY: ProcedureStep = {
  text: 'Running checks: keep all guards in place, wear hearing protection, touch no rotating part, and tell the operator before you start.',
  safety: true,
  tools: ['hearing protection'],
  minutes: 2,
};

/** Lockout/tagout of a machine before hands-on work (ISO 14118 prevention of unexpected start-up). */
export function lockout(what: string): ProcedureStep {
  return {
    text: `Stop ${what}, isolate the motor supply and every other energy source (pressure, stored energy), apply your personal lock and tag, and prove zero energy: try to start it locally and check that the shaft cannot turn.`,
    safety: true,
    tools: ['personal lock and tag', 'voltage tester'],
    minutes: 15,
  };
}

/** Lockout of a machine with a pressurised process side: also isolate and vent the process. */
export function lockoutProcess(what: string, medium: string): ProcedureStep {
  return {
    text: `Stop ${what}, isolate the motor supply (lock and tag), close and lock the ${medium} isolation valves, vent and drain the casing to zero pressure, and prove zero energy before opening anything.`,
    safety: true,
    tools: ['personal lock and tag', 'voltage tester', 'valve lockout kit'],
    minutes: 25,
  };
}

/** Return to service: the last safety step of a procedure that locked the machine out. */
export function returnToService(what: string): ProcedureStep {
  return {
    text: `Refit all guards, clear tools and people, remove your lock and tag, and restart ${what} with the operator.`,
    safety: true,
    minutes: 10,
  };
}

/** A vibration acceptance step after repair, at the machine's group 2 B/C boundary. */
export function vibrationBelowBC(where: string): ProcedureStep {
  return {
    text: `After 30 min at normal load, measure ${where} vibration velocity: it must be below the ISO 10816-3 zone B/C boundary (group 2, rigid), ideally in zone A (< ${ISO10816_GROUP2_RIGID.ab} mm/s).`,
    expected: { quantity: `${where} vibration velocity`, unit: 'mm/s', max: ISO10816_GROUP2_RIGID.bc },
    tools: ['portable vibration meter'],
    // Hands-on time only: the 30 min run at load is waiting, not work.
    minutes: 5,
  };
}

/** The two bearings of a horizontal machine, as the words its sensor tags and names use. */
export type BearingEnd = 'DE' | 'NDE';
export const END_WORDS: Readonly<Record<BearingEnd, string>> = { DE: 'Drive-end', NDE: 'Non-drive-end' };
