// PostgreSQL refuses NUL in text and jsonb, and lone UTF-16 surrogates in jsonb ("\ud800" escapes). The API refuses
// such input; values that arrive another way (FEEL results, service-task outputs, old histories) are made storable
// here rather than failing a read-model write, which would be retried forever.

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. No `u` flag: it
// would read surrogate pairs as one code point and never see a lone half.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- as above
const BAD_TEXT_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether PostgreSQL would refuse the string in a text or jsonb column (a NUL or a lone surrogate). */
export function isBadText(s: string): boolean {
  return BAD_TEXT.test(s);
}

/** The string with each NUL and lone surrogate replaced by U+FFFD. */
export function storableText(s: string): string {
  return isBadText(s) ? s.replace(BAD_TEXT_ALL, '\uFFFD') : s;
}

/** A copy of a JSON-like value whose strings and keys PostgreSQL accepts; the value itself when it already is. */
export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = clean(v);
      if (c !== v) (out ??= [...value])[i] = c;
    });
    return out ?? value;
  }
  let changed = false;
  const entries = Object.entries(value).map(([k, v]) => {
    const ck = storableText(k);
    const cv = clean(v);
    if (ck !== k || cv !== v) changed = true;
    return [ck, cv] as const;
  });
  return changed ? Object.fromEntries(entries) : value;
}
