/**
 * Kubernetes resource quantities (`10Gi`, `500M`, `1.5Gi`, `1e3`), parsed the way the API server
 * does, so that a bad `--etcd-pv-capacity` is reported before anything is created — the original
 * only parsed it when building the PVC, after the namespace, Service and Secrets existed.
 *
 *   quantity ::= [+-] number [suffix]
 *   number   ::= digits | digits '.' [digits] | '.' digits
 *   suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei | m|k|M|G|T|P|E | (e|E) [+-] digits
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E)?$/;

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export interface Quantity {
  /** The text as given (trimmed of nothing: quantities admit no spaces). */
  readonly text: string;
  /** The value in base units; a float, good enough for comparisons such as "> 0". */
  readonly value: number;
}

/** Parses a quantity, or returns undefined when the text is not one (`10GB`, `abc`, `1 Gi`). */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  let value = Number(number);
  if (suffix in BINARY) value *= 1024 ** BINARY[suffix];
  else if (suffix in DECIMAL) value *= 10 ** DECIMAL[suffix];
  else value *= 10 ** Number(suffix.slice(1));
  return { text, value: sign === '-' ? -value : value };
}
