import { MALFORMED, VisibilityQueryError } from './query-error';

export type TokenKind = 'ident' | 'keyword' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Keywords are upper-cased; identifiers and strings are the decoded text. */
  value: string;
  /** 1-based character position in the user's query, as sqlparser reports it. */
  pos: number;
  /** The source text of the token, for error messages. */
  raw: string;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'IS',
  'NULL',
  'STARTS_WITH',
  'TRUE',
  'FALSE',
  'ORDER',
  'GROUP',
  'BY',
  'LIMIT',
  'ASC',
  'DESC',
  'LIKE',
  'SELECT',
  'FROM',
  'WHERE',
]);

// MySQL string escapes, which is what Temporal's sqlparser accepts.
const ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

export function syntaxError(pos: number, near: string, why: string): VisibilityQueryError {
  return new VisibilityQueryError(`${MALFORMED}: syntax error at position ${pos} near '${near}': ${why}`);
}

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_.]/.test(c);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      i++;
      let text = '';
      let closed = false;
      while (i < src.length) {
        const d = src[i] as string;
        if (d === '\\') {
          const e = src[i + 1];
          if (e === undefined) break;
          // Unknown escapes keep the character, as MySQL does (\% and \_ keep the backslash).
          text += e === '%' || e === '_' ? `\\${e}` : (ESCAPES[e] ?? e);
          i += 2;
        } else if (d === c) {
          if (src[i + 1] === c) {
            text += c;
            i += 2;
          } else {
            i++;
            closed = true;
            break;
          }
        } else {
          text += d;
          i++;
        }
      }
      if (!closed) throw syntaxError(start + 1, src.slice(start, start + 20), 'unterminated string');
      out.push({ kind: 'string', value: text, pos: start + 1, raw: src.slice(start, i) });
      continue;
    }
    if (c === '`') {
      i++;
      let text = '';
      let closed = false;
      while (i < src.length) {
        const d = src[i] as string;
        if (d === '`') {
          if (src[i + 1] === '`') {
            text += '`';
            i += 2;
          } else {
            i++;
            closed = true;
            break;
          }
        } else {
          text += d;
          i++;
        }
      }
      if (!closed)
        throw syntaxError(start + 1, src.slice(start, start + 20), 'unterminated quoted identifier');
      if (text === '') throw syntaxError(start + 1, '``', 'empty quoted identifier');
      out.push({ kind: 'ident', value: text, pos: start + 1, raw: src.slice(start, i) });
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      if (i < src.length && isIdentStart(src[i] as string)) {
        throw syntaxError(start + 1, src.slice(start, i + 1), 'malformed number');
      }
      out.push({ kind: 'number', value: num[0], pos: start + 1, raw: num[0] });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < src.length && isIdentPart(src[i] as string)) i++;
      const raw = src.slice(start, i);
      const upper = raw.toUpperCase();
      if (KEYWORDS.has(upper)) out.push({ kind: 'keyword', value: upper, pos: start + 1, raw });
      else out.push({ kind: 'ident', value: raw, pos: start + 1, raw });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      out.push({ kind: 'op', value: two === '<>' ? '!=' : two, pos: start + 1, raw: two });
      i += 2;
      continue;
    }
    if ('=<>(),+-'.includes(c)) {
      out.push({ kind: 'op', value: c, pos: start + 1, raw: c });
      i++;
      continue;
    }
    throw syntaxError(start + 1, c, 'unexpected character');
  }
  out.push({ kind: 'eof', value: '', pos: src.length + 1, raw: '' });
  return out;
}
