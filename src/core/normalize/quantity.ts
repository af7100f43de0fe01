// Exact Kubernetes resource.Quantity parsing and canonical serialisation (k8s.io/apimachinery
// pkg/api/resource), with bigints: a value is `mantissa × 10^exponent` (binary suffixes are multiplied
// out, which is exact). Values below 1n are rounded up to 1n like the API server does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface ParsedQuantity {
  /** value = mantissa × 10^exponent, mantissa has no trailing zeros (0 → exponent 0). */
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_EXP = new Map(Object.entries(BINARY_SUFFIX).map(([s, e]) => [e, s]));

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

function normalize(mantissa: bigint, exponent: number): { mantissa: bigint; exponent: number } {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0 };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  // The API server keeps at most nano precision, rounding up (away from zero for positives).
  if (exponent < -9) {
    // Far below a nano: rounds to ±1n without building 10^huge (`1e-99999999` would take minutes).
    if (-9 - exponent > (mantissa < 0n ? -mantissa : mantissa).toString().length) return { mantissa: mantissa > 0n ? 1n : -1n, exponent: -9 };
    const div = 10n ** BigInt(-9 - exponent);
    const q = mantissa / div;
    const rounded = mantissa % div === 0n ? q : mantissa > 0n ? q + 1n : q - 1n;
    return normalize(rounded, -9);
  }
  return { mantissa, exponent };
}

/** Parses a quantity string or a JSON/YAML number. Returns undefined when it is not a valid quantity. */
export function parseQuantity(input: unknown): ParsedQuantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = numberToPlainString(input);
  } else if (typeof input === 'bigint') {
    text = input.toString();
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return undefined;
  }
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const [, sign, intPart = '', fracPart = '', suffix, exp] = m;
  if (!intPart && !fracPart) return undefined;
  let mantissa = BigInt((intPart || '0') + fracPart);
  if (sign === '-') mantissa = -mantissa;
  let exponent = -fracPart.length;
  let format: QuantityFormat = 'DecimalSI';
  if (exp !== undefined) {
    exponent += Number(exp);
    format = 'DecimalExponent';
  } else if (suffix && suffix in BINARY_SUFFIX) {
    mantissa *= 2n ** BigInt(BINARY_SUFFIX[suffix]!);
    format = 'BinarySI';
  } else if (suffix) {
    exponent += DECIMAL_SUFFIX[suffix]!;
  }
  // JSON/YAML numbers are read as DecimalSI (the server sees 129e6 as the number 129000000).
  if (typeof input === 'number') format = 'DecimalSI';
  return { ...normalize(mantissa, exponent), format };
}

function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e21 / 1e-7 style: let the quantity grammar read the exponent, but it must stay DecimalSI (done by caller).
  return s.replace('e+', 'e');
}

/** True when both parse as quantities with the same value (`0.1` = `100m`, `1Gi` = `1024Mi`). */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const pa = parseQuantity(a);
  const pb = parseQuantity(b);
  if (!pa || !pb) return false;
  return pa.mantissa === pb.mantissa && pa.exponent === pb.exponent;
}

/** Compares two quantities by value: -1, 0, 1. Throws on invalid input. */
export function compareQuantities(a: unknown, b: unknown): number {
  const pa = parseQuantity(a);
  const pb = parseQuantity(b);
  if (!pa || !pb) throw new Error('invalid quantity');
  const e = Math.min(pa.exponent, pb.exponent);
  const va = pa.mantissa * 10n ** BigInt(pa.exponent - e);
  const vb = pb.mantissa * 10n ** BigInt(pb.exponent - e);
  return va === vb ? 0 : va < vb ? -1 : 1;
}

/**
 * The API server's canonical serialisation (Quantity.String()): `0.5` → `500m`, `1024Mi` → `1Gi`,
 * `1.5Gi` → `1536Mi`, `1000M` → `1G`, number 1073741824 → `1073741824`. Returns the input as a
 * string when it is not a valid quantity.
 */
export function canonicalQuantity(input: unknown): string {
  const q = parseQuantity(input);
  if (!q) return String(input);
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.mantissa < 0n ? -q.mantissa : q.mantissa;
    const isInteger = q.exponent >= 0;
    const value = isInteger ? abs * 10n ** BigInt(q.exponent) : 0n;
    if (!isInteger || value < 1024n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = q.mantissa * 10n ** BigInt(q.exponent);
    let exp2 = 0;
    while (exp2 < 60 && value % 1024n === 0n) {
      value /= 1024n;
      exp2 += 10;
    }
    return `${value}${BINARY_SUFFIX_BY_EXP.get(exp2) ?? ''}`;
  }
  // Decimal: exponent rounded down to a multiple of 3.
  let mantissa = q.mantissa;
  let exponent = q.exponent;
  const rem = ((exponent % 3) + 3) % 3;
  if (rem) {
    mantissa *= 10n ** BigInt(rem);
    exponent -= rem;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_SUFFIX_BY_EXP.get(exponent);
  if (suffix !== undefined) return `${mantissa}${suffix}`;
  if (exponent > 18) {
    // Beyond E: the server shows a plain number with an exponent.
    return `${mantissa}e${exponent}`;
  }
  return `${mantissa}e${exponent}`;
}

/** True for strings/numbers that parse as a quantity. */
export function isQuantity(input: unknown): boolean {
  return parseQuantity(input) !== undefined;
}
