// Camunda's FEEL (feel-scala) accepts a raw line break inside a string literal; feelin's grammar (lezer-feel)
// does not. Before parsing we rewrite such breaks as the escapes feelin already understands (\n, \r), touching
// nothing outside string literals: comments, backtick names and the rest of the expression stay as written.
// Pure: usable in the workflow sandbox.

/** Rewrites raw CR/LF inside "…" literals as \r / \n escapes; anything else is returned unchanged. */
export function escapeLineBreaksInStrings(expression: string): string {
  if (!/[\r\n]/.test(expression)) return expression;
  let out = '';
  let i = 0;
  const n = expression.length;
  while (i < n) {
    const c = expression[i] as string;
    const next = expression[i + 1];
    if (c === '/' && next === '/') {
      // line comment: up to (not including) the line break
      const end = expression.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += expression.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = expression.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += expression.slice(i, stop);
      i = stop;
    } else if (c === '`') {
      // backtick-quoted name: copied as is up to its closing backtick
      const end = expression.indexOf('`', i + 1);
      const stop = end < 0 ? n : end + 1;
      out += expression.slice(i, stop);
      i = stop;
    } else if (c === '"') {
      out += c;
      i += 1;
      while (i < n) {
        const s = expression[i] as string;
        if (s === '\\') {
          // an escape pair is kept; a backslash before a raw break means that break
          const e = expression[i + 1];
          out += e === '\n' ? '\\n' : e === '\r' ? '\\r' : `\\${e ?? ''}`;
          i += 2;
          continue;
        }
        i += 1;
        if (s === '"') {
          out += s;
          break;
        }
        out += s === '\n' ? '\\n' : s === '\r' ? '\\r' : s;
      }
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
