// Reading moddle elements loosely: the compile rules only read them, so a small view and typed getters suffice.

/** Loose view of a moddle element; we only read it. */
export interface Mod {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  get?: (name: string) => unknown;
  [key: string]: unknown;
}

/** Where compile rules report: an element's problem, and FEEL checked for syntax (required to be FEEL or not). */
export interface CompileProblems {
  err(elementId: string | undefined, message: string, code?: string): void;
  feel(elementId: string, value: string | undefined, what: string, requireFeel?: boolean): void;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function arr(v: unknown): Mod[] {
  return Array.isArray(v) ? (v as Mod[]) : [];
}
export function mod(v: unknown): Mod | undefined {
  return v !== null && typeof v === 'object' && typeof (v as Mod).$type === 'string' ? (v as Mod) : undefined;
}
export function list(csv: string | undefined): string[] {
  return (csv ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
/** The trimmed text of a formal expression element (timeDuration, conditionExpression, …). */
export function body(v: unknown): string | undefined {
  const m = mod(v);
  const b = m ? str(m.body) : undefined;
  return b === undefined ? undefined : b.trim();
}

const ROLE_NAME = /^[a-z][a-z0-9-]*$/;

/** A comma list of role names in an rf attribute (rf:startableBy, rf:senders); undefined when absent. */
export function roleList(el: Mod, attr: string, out: CompileProblems): string[] | undefined {
  const raw = str(el.get?.(attr));
  if (raw === undefined) return undefined;
  const roles = list(raw);
  if (roles.length === 0) out.err(el.id, `${attr} is empty (leave it out for admin only)`);
  for (const r of roles)
    if (!ROLE_NAME.test(r)) out.err(el.id, `${attr} names '${r}', which is not a role name`);
  return roles;
}
