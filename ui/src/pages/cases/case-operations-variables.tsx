// Editing a case's variables for an administrator: each by its Chinese label (domain dictionary, then the process's
// form fields), typed like its current value; variables without a label sit in a collapsed "other data" group.
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import type { BpmnModel } from '../../api/bpmn-model';
import { useVariableLabel, useVariableValue } from '../../i18n/domain';
import { defineMessages, type Lang, useMessages } from '../../i18n/i18n';
import { REFUSALS } from '../incidents/incident-words';

const m = defineMessages({
  zh: {
    other: (n: number) => `其他数据（${n} 项，无中文名称）`,
    yes: '是',
    no: '否',
    empty: '（空）',
    structured: '结构化数据，不能在此修改',
    coded: (words: string) => `${words}（代码值，不能在此修改）`,
    type: (label: string) => `${label}的类型`,
    text: '文本',
    number: '数字',
    boolean: '是/否',
    none: '案件暂无可修改的数据。',
    changed: '已修改',
  },
  en: {
    other: (n: number) => `Other data (${n}, no label)`,
    yes: 'yes',
    no: 'no',
    empty: '(empty)',
    structured: 'Structured data; cannot be edited here',
    coded: (words: string) => `${words} (a code; cannot be edited here)`,
    type: (label: string) => `Type of ${label}`,
    text: 'text',
    number: 'number',
    boolean: 'yes/no',
    none: 'The case has no data to edit.',
    changed: 'changed',
  },
});

/** Keys never edited here: the case's identity. */
const FIXED = new Set(['businessKey']);

/** Labels of form fields in the process's embedded forms. */
export function useFormLabels(model: BpmnModel | undefined): Map<string, string> {
  return useMemo(() => {
    const labels = new Map<string, string>();
    const walk = (components: unknown) => {
      if (!Array.isArray(components)) return;
      for (const c of components as { key?: unknown; label?: unknown; components?: unknown }[]) {
        if (typeof c?.key === 'string' && typeof c.label === 'string' && !labels.has(c.key))
          labels.set(c.key, c.label);
        walk(c?.components);
      }
    };
    for (const json of model?.embeddedForms?.values() ?? []) {
      try {
        walk((JSON.parse(json) as { components?: unknown }).components);
      } catch {
        // an unreadable form was refused at deploy
      }
    }
    return labels;
  }, [model]);
}

type ValueType = 'text' | 'number' | 'boolean';

const typeOf = (v: unknown): ValueType =>
  typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text';

/** The text typed into a field as a value of the chosen type (a number that does not parse stays text). */
function parseAs(type: ValueType, text: string): unknown {
  if (type === 'number') {
    const n = Number(text);
    return text.trim() === '' || Number.isNaN(n) ? text : n;
  }
  if (type === 'boolean') return text === 'true';
  return text;
}

export function VariablesEditor({
  variables,
  model,
  edits,
  onChange,
  disabled,
}: {
  variables: Record<string, unknown>;
  model: BpmnModel | undefined;
  edits: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  disabled?: boolean;
}) {
  const t = useMessages(m);
  const varLabel = useVariableLabel();
  const varValue = useVariableValue();
  const formLabels = useFormLabels(model);
  // the type each value is sent as: its current type unless the administrator chose another
  const [types, setTypes] = useState<Record<string, ValueType>>({});
  const rows = Object.keys(variables)
    .filter((k) => !FIXED.has(k))
    .map((k) => {
      const known = varLabel(k);
      const label = known.known ? known.text : formLabels.get(k);
      return { key: k, label, value: variables[k] };
    });
  const labelled = rows.filter((r) => r.label).sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
  const other = rows.filter((r) => !r.label).sort((a, b) => a.key.localeCompare(b.key));
  if (rows.length === 0) return <p className="muted">{t.none}</p>;

  const field = (r: { key: string; label?: string; value: unknown }) => {
    const id = `var-${r.key}`;
    const current = Object.prototype.hasOwnProperty.call(edits, r.key) ? edits[r.key] : r.value;
    const type = types[r.key] ?? typeOf(r.value);
    const set = (text: string, as: ValueType = type) => {
      const next = { ...edits };
      const value = parseAs(as, text);
      if (JSON.stringify(value) === JSON.stringify(r.value)) delete next[r.key];
      else next[r.key] = value;
      onChange(next);
    };
    const changed = Object.prototype.hasOwnProperty.call(edits, r.key);
    const words = typeof r.value === 'string' ? varValue(r.key, r.value) : undefined;
    const structured = r.value !== null && typeof r.value === 'object';
    const coded = words !== undefined && words !== r.value;
    let input;
    if (structured) input = <span className="muted">{t.structured}</span>;
    else if (coded) input = <span className="muted">{t.coded(words)}</span>;
    else if (type === 'boolean')
      input = (
        <select
          id={id}
          className="input"
          value={String(current)}
          disabled={disabled}
          onChange={(e) => set(e.target.value)}
        >
          <option value="true">{t.yes}</option>
          <option value="false">{t.no}</option>
        </select>
      );
    else
      input = (
        <input
          id={id}
          className="input"
          type={type === 'number' ? 'number' : 'text'}
          value={current === null || current === undefined ? '' : String(current)}
          placeholder={r.value === null ? t.empty : undefined}
          disabled={disabled}
          maxLength={4000}
          onChange={(e) => set(e.target.value)}
        />
      );
    return (
      <div key={r.key} className="field" data-var={r.key}>
        <label htmlFor={id} className="field-label" title={r.key}>
          {r.label ?? r.key}
          {changed && <span className="badge badge-warning">{t.changed}</span>}
        </label>
        <div className="ops-input">
          {input}
          {!structured && !coded && (
            <select
              className="input ops-type"
              aria-label={t.type(r.label ?? r.key)}
              value={type}
              disabled={disabled}
              onChange={(e) => {
                const as = e.target.value as ValueType;
                setTypes({ ...types, [r.key]: as });
                set(
                  as === 'boolean'
                    ? 'true'
                    : current === null || current === undefined
                      ? ''
                      : String(current),
                  as,
                );
              }}
            >
              <option value="text">{t.text}</option>
              <option value="number">{t.number}</option>
              <option value="boolean">{t.boolean}</option>
            </select>
          )}
        </div>
      </div>
    );
  };

  return (
    <div className="stack" data-testid="variables-editor">
      <div className="ops-vars">{labelled.map(field)}</div>
      {other.length > 0 && (
        <details>
          <summary>{t.other(other.length)}</summary>
          <div className="ops-vars">{other.map(field)}</div>
        </details>
      )}
    </div>
  );
}

/** A refusal of retry / modification / cancel, in words by its code. */
export function refusalText(err: unknown, lang: Lang): string {
  const t = REFUSALS[lang];
  if (err instanceof ApiError) {
    const code = err.body.code;
    if (code && Object.prototype.hasOwnProperty.call(t, code)) return t[code] as string;
    if (err.status === 403) return t.FORBIDDEN as string;
    if (err.status === 400) return t.INVALID as string;
  }
  return t.UNKNOWN as string;
}
