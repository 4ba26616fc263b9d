import { INVALID_EXPRESSION, NOT_SUPPORTED, VisibilityQueryError } from './query-error';
import { syntaxError, tokenize, type Token } from './query-lexer';

export interface FieldRef {
  name: string;
  pos: number;
}

export type Literal =
  | { kind: 'string'; value: string; pos: number; raw: string }
  | { kind: 'number'; value: number; pos: number; raw: string }
  | { kind: 'bool'; value: boolean; pos: number; raw: string };

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'cmp'; field: FieldRef; op: CompareOp; value: Literal }
  | { type: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { type: 'startsWith'; field: FieldRef; negated: boolean; value: Literal }
  | { type: 'between'; field: FieldRef; negated: boolean; from: Literal; to: Literal }
  | { type: 'isNull'; field: FieldRef; negated: boolean };

export interface ParsedQuery {
  where?: Expr;
  groupBy: FieldRef[];
  orderBy: { field: FieldRef; desc: boolean }[];
  limit?: number;
}

const COMPARE_OPS = new Set(['=', '!=', '<', '>', '<=', '>=']);

/** Recursive descent over the WHERE grammar Temporal accepts; precedence NOT > AND > OR. */
class Parser {
  private i = 0;

  constructor(private readonly toks: Token[]) {}

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'keyword' && t.value === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === op;
  }

  private fail(why: string, t: Token = this.peek()): never {
    throw syntaxError(t.pos, t.kind === 'eof' ? 'end of query' : t.raw, why);
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`expected ${word}`);
    this.next();
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) this.fail(`expected '${op}'`);
    this.next();
  }

  parseQuery(): ParsedQuery {
    const q: ParsedQuery = { groupBy: [], orderBy: [] };
    if (this.peek().kind !== 'eof' && !this.isKeyword('ORDER') && !this.isKeyword('GROUP')) {
      q.where = this.parseOr();
    }
    if (this.isKeyword('GROUP')) {
      this.next();
      this.expectKeyword('BY');
      do q.groupBy.push(this.parseField());
      while (this.isOp(',') && this.next());
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      do {
        const field = this.parseField();
        let desc = false;
        if (this.isKeyword('ASC') || this.isKeyword('DESC')) desc = this.next().value === 'DESC';
        q.orderBy.push({ field, desc });
      } while (this.isOp(',') && this.next());
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      const n = this.next();
      if (n.kind !== 'number') this.fail('expected a number after LIMIT', n);
      q.limit = Number(n.value);
    }
    if (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'op' && t.value === ')') this.fail("unbalanced ')'");
      this.fail('expected AND, OR or end of query');
    }
    return q;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.next();
      left = { type: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.next();
      left = { type: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('NOT')) {
      this.next();
      return { type: 'not', expr: this.parseNot() };
    }
    if (this.isOp('(')) {
      const open = this.next();
      if (this.isOp(')')) this.fail('empty parentheses');
      const inner = this.parseOr();
      if (!this.isOp(')')) this.fail(`expected ')' to close '(' at position ${open.pos}`);
      this.next();
      return inner;
    }
    return this.parsePredicate();
  }

  private parseField(): FieldRef {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { name: t.value, pos: t.pos };
    }
    if (
      t.kind === 'string' ||
      t.kind === 'number' ||
      (t.kind === 'keyword' && (t.value === 'TRUE' || t.value === 'FALSE'))
    ) {
      throw new VisibilityQueryError(
        `${INVALID_EXPRESSION}: left side of a comparison must be a search attribute name, got ${t.raw} at position ${t.pos}`,
      );
    }
    return this.fail('expected a search attribute name');
  }

  private parsePredicate(): Expr {
    const field = this.parseField();
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(t.value)) {
      this.next();
      return { type: 'cmp', field, op: t.value as CompareOp, value: this.parseValue() };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      negated = true;
      this.next();
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectOp('(');
      const values: Literal[] = [this.parseValue()];
      while (this.isOp(',')) {
        this.next();
        values.push(this.parseValue());
      }
      this.expectOp(')');
      return { type: 'in', field, negated, values };
    }
    if (this.isKeyword('STARTS_WITH')) {
      this.next();
      return { type: 'startsWith', field, negated, value: this.parseValue() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const from = this.parseValue();
      this.expectKeyword('AND');
      return { type: 'between', field, negated, from, to: this.parseValue() };
    }
    if (this.isKeyword('LIKE')) {
      throw new VisibilityQueryError(`${NOT_SUPPORTED}: operator 'like' (at position ${this.peek().pos})`);
    }
    if (!negated && this.isKeyword('IS')) {
      this.next();
      if (this.isKeyword('NOT')) {
        this.next();
        negated = true;
      }
      if (!this.isKeyword('NULL')) {
        throw new VisibilityQueryError(
          `${INVALID_EXPRESSION}: 'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL' (at position ${this.peek().pos})`,
        );
      }
      this.next();
      return { type: 'isNull', field, negated };
    }
    if (negated) this.fail('expected IN, STARTS_WITH or BETWEEN after NOT');
    if (
      t.kind === 'eof' ||
      (t.kind === 'keyword' && (t.value === 'AND' || t.value === 'OR')) ||
      (t.kind === 'op' && t.value === ')')
    ) {
      throw new VisibilityQueryError(
        `${INVALID_EXPRESSION}: incomplete expression after '${field.name}' at position ${field.pos}`,
      );
    }
    return this.fail('expected an operator');
  }

  private parseValue(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, pos: t.pos, raw: t.raw };
      case 'number':
        return { kind: 'number', value: Number(t.value), pos: t.pos, raw: t.raw };
      case 'keyword':
        if (t.value === 'TRUE' || t.value === 'FALSE')
          return { kind: 'bool', value: t.value === 'TRUE', pos: t.pos, raw: t.raw };
        if (t.value === 'NULL') {
          throw new VisibilityQueryError(
            `${INVALID_EXPRESSION}: use IS NULL or IS NOT NULL to test for null (at position ${t.pos})`,
          );
        }
        return this.fail('expected a value', t);
      case 'ident':
        throw new VisibilityQueryError(
          `${NOT_SUPPORTED}: column name on the right side of comparison expression (did you forget to quote '${t.value}'?) at position ${t.pos}`,
        );
      case 'op':
        if (t.value === '-' || t.value === '+') {
          const n = this.next();
          if (n.kind !== 'number') this.fail(`expected a number after unary '${t.value}'`, n);
          const value = Number(n.value);
          return {
            kind: 'number',
            value: t.value === '-' ? -value : value,
            pos: t.pos,
            raw: t.value + n.raw,
          };
        }
        return this.fail('expected a value', t);
      default:
        return this.fail('expected a value', t);
    }
  }
}

export function parseQuery(query: string): ParsedQuery {
  return new Parser(tokenize(query)).parseQuery();
}
