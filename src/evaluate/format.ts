/** Number formats shared by the verdicts, the recommendation and the reports. */

/** A signed difference with 3 decimals, 'n/a' when not finite. */
export function signed(v: number): string {
  return Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(3)}` : 'n/a';
}

/** 3 decimals, 'n/a' when not finite. */
export function fixed(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : 'n/a';
}

/** A p-value: 3 decimals, or exponent form below 0.001. */
export function pText(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
