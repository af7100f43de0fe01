// resource.Quantity parsing and canonical serialisation (k8s.io/apimachinery/pkg/api/resource), exact integer maths.

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

interface ParsedQuantity {
  /** value = mantissa * 10^exp10 */
  mantissa: bigint;
  exp10: number;
  format: Format;
}

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

export class QuantityError extends Error {}

/** Text form of a JSON value as the Go decoder hands it to ParseQuantity (numbers use Go's float formatting). */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
    return String(v);
  }
  throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
}

export function parseQuantity(v: unknown): ParsedQuantity {
  const s = textOf(v);
  const m = RE.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  }
  const [, sign, intPart, fracPart = '', suffix, expPart] = m;
  let mantissa = BigInt((intPart || '0') + fracPart);
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -fracPart.length;
  let format: Format = 'DecimalSI';
  if (expPart !== undefined) {
    format = 'DecimalExponent';
    exp10 += Number(expPart);
  } else if (suffix !== undefined && suffix in BINARY) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY[suffix]);
  } else if (suffix !== undefined) {
    exp10 += DECIMAL[suffix];
  }
  // values are rounded up to nano precision
  if (exp10 < -9) {
    const div = 10n ** BigInt(-9 - exp10);
    const q = mantissa / div;
    mantissa = mantissa % div === 0n ? q : mantissa > 0n ? q + 1n : q;
    exp10 = -9;
  }
  return { mantissa, exp10, format };
}

function removeFactors(m: bigint, exp: number): [bigint, number] {
  if (m === 0n) return [0n, 0];
  while (m % 10n === 0n) {
    m /= 10n;
    exp++;
  }
  return [m, exp];
}

/** Canonical string of a quantity, e.g. 0.5 → "500m", "1024Mi" → "1Gi", 1073741824 → "1073741824". */
export function canonicalQuantity(v: unknown): string {
  const q = parseQuantity(v);
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  let [m, e] = removeFactors(q.mantissa, q.exp10);
  if (format === 'BinarySI') {
    const abs = m < 0n ? -m : m;
    const isInt = e >= 0;
    const value = isInt ? abs * 10n ** BigInt(e) : 0n;
    if (!isInt || value < 1024n) format = 'DecimalSI';
    else {
      let n = m * 10n ** BigInt(e);
      let k = 0;
      while (k < 6 && n % 1024n === 0n) {
        n /= 1024n;
        k++;
      }
      return n.toString() + BINARY_SUFFIX[k];
    }
  }
  switch (((e % 3) + 3) % 3) {
    case 1:
      m *= 10n;
      e -= 1;
      break;
    case 2:
      m *= 100n;
      e -= 2;
      break;
  }
  if (format === 'DecimalSI' && e in DECIMAL_SUFFIX) return m.toString() + DECIMAL_SUFFIX[e];
  return e === 0 ? m.toString() : `${m}e${e}`;
}

/** Canonical form, or the input unchanged when it does not parse (validation reports it elsewhere). */
export function tryCanonicalQuantity(v: unknown): unknown {
  try {
    return canonicalQuantity(v);
  } catch {
    return v;
  }
}
