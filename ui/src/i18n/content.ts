// Case content in words: the vocabulary of a procedure's Camunda forms (field labels, option labels) and values
// rendered for people (money in yuan, records as their fields), so pages never show raw keys, ids or JSON.
// Pure functions (unit-tested); the React side is use-case-vocabulary.tsx.
import { formatMoney } from './format';
import type { Lang } from './i18n';

export interface FormVocabulary {
  /** field key → its label */
  labels: Map<string, string>;
  /** field key → option value → option label (radio, select, checklist, taglist) */
  options: Map<string, Map<string, string>>;
}

interface Component {
  key?: unknown;
  label?: unknown;
  values?: unknown;
  components?: unknown;
}

/** The labels and option labels of several form schemas; the first form to label a key wins. */
export function formVocabulary(schemas: readonly unknown[]): FormVocabulary {
  const labels = new Map<string, string>();
  const options = new Map<string, Map<string, string>>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as Component[]) {
      if (!c || typeof c !== 'object') continue;
      if (typeof c.key === 'string') {
        if (typeof c.label === 'string' && c.label && !labels.has(c.key)) labels.set(c.key, c.label);
        if (Array.isArray(c.values)) {
          const table = options.get(c.key) ?? new Map<string, string>();
          for (const v of c.values as { value?: unknown; label?: unknown }[])
            if (
              v &&
              (typeof v.value === 'string' || typeof v.value === 'number') &&
              typeof v.label === 'string'
            )
              if (!table.has(String(v.value))) table.set(String(v.value), v.label);
          if (table.size > 0) options.set(c.key, table);
        }
      }
      walk(c.components);
    }
  };
  for (const s of schemas) if (s && typeof s === 'object') walk((s as { components?: unknown }).components);
  return { labels, options };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** A comment the system wrote for a batch completion (`batch <uuid>`): the history already says 批量处理. */
export const isBatchComment = (s: unknown): boolean =>
  typeof s === 'string' && /^batch [0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s.trim());

/** Variables that hold account or record ids (who applied, the employer's account, an attachment): never shown. */
export const ID_VARIABLES = new Set(['applicantId', 'employerId', 'createdBy', 'objectionId', 'quotaSlot']);

/** Money in the programmes' data is fen: these names (and *Fen) hold amounts. */
const MONEY = /(Fen|Amount|Subsidy|Total)$|^(amount|award|grant|subsidy|total|t[1-9])$/;
export const isMoneyKey = (key: string): boolean => MONEY.test(key);

export interface ValueWords {
  lang: Lang;
  /** a nested field's label; undefined when there is none (the field is then shown by its value alone) */
  label(key: string): string | undefined;
  /** a coded value in words (decisions, districts, form options); undefined when it has none */
  code(key: string, value: string): string | undefined;
}

const yesNo = (v: boolean, lang: Lang) => (v ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no');

/**
 * A value for people: money keys as ¥ with separators, booleans as 是/否, coded strings in words, a list of ids as
 * a count of attachments, a record as its labelled fields (ids left out) — never JSON.
 */
export function readableValue(key: string, value: unknown, w: ValueWords, depth = 0): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value, w.lang);
  if (typeof value === 'number') {
    if (isMoneyKey(key) && Number.isFinite(value)) return formatMoney(value, w.lang);
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  }
  if (typeof value === 'string') {
    if (isUuid(value)) return '—';
    return w.code(key, value) ?? value;
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isUuid))
      return w.lang === 'zh' ? `${value.length} 个附件（见附件材料）` : `${value.length} attachment(s)`;
    const shown = value.filter((x) => x !== null && x !== undefined);
    if (shown.length === 0) return '—';
    return shown.map((x) => readableValue(key, x, w, depth + 1)).join('、');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // an amount with its parts (J11b's award): the total says it
    if (isMoneyKey(key) && typeof o.total === 'number') return formatMoney(o.total, w.lang);
    if (depth > 2) return '…';
    const parts = Object.entries(o)
      .filter(([k, v]) => !ID_VARIABLES.has(k) && k !== 'id' && !isUuid(v) && v !== null && v !== undefined)
      .map(([k, v]) => {
        const text = readableValue(k, v, w, depth + 1);
        const label = w.label(k);
        return label ? `${label}${w.lang === 'zh' ? '：' : ': '}${text}` : text;
      });
    return parts.length ? parts.join(w.lang === 'zh' ? '；' : '; ') : '—';
  }
  return '—';
}
