/**
 * The P-F curve: condition degrades slowly after the potential-failure point P, then ever faster toward
 * functional failure F (Moubray, Reliability-Centred Maintenance, 1997). We use the exponential degradation
 * path common in prognostics (Gebraeel et al. 2005, bearings): s(x) = (e^{a·x} − 1) / (e^a − 1), where x is
 * the fraction of the time to failure elapsed. With a = 3, half the time gives 18 % severity and 3/4 gives 44 %.
 */
export const PF_SHAPE = 3;

export function severityAt(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return Math.expm1(PF_SHAPE * x) / Math.expm1(PF_SHAPE);
}
