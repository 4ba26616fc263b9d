// History rows of incidents and administrator operations in words: which data an administrator changed (by label),
// which steps a modification ended and activated (by name). Raw engine reasons (English) are never shown.
import type { BpmnModel } from '../../api/bpmn-model';
import type { HistoryEvent } from '../../api/types';
import { useVariableLabel } from '../../i18n/domain';
import { defineMessages, useMessages } from '../../i18n/i18n';
import { useFormLabels } from './case-operations-variables';

const m = defineMessages({
  zh: {
    changed: (names: string) => `修改数据：${names}`,
    others: (n: number) => `其他数据 ${n} 项`,
    ended: (names: string) => `终止：${names}`,
    activated: (names: string) => `激活：${names}`,
    terminatedWith: '随环节终止而解除',
    noPath: '修改流程后没有进行中的环节，案件终止',
    unnamed: '未命名环节',
  },
  en: {
    changed: (names: string) => `data changed: ${names}`,
    others: (n: number) => `${n} other item(s)`,
    ended: (names: string) => `ended: ${names}`,
    activated: (names: string) => `activated: ${names}`,
    terminatedWith: 'resolved as its step was ended',
    noPath: 'no step was left running after the modification, so the case ended',
    unnamed: 'Unnamed step',
  },
});

/** The engine's reason when a modification leaves the case without an active element. */
const NO_PATH_REASON = 'modification left no active element';

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * For a history row: the data the timeline may show (raw engine reasons removed) and the extra words for incident
 * and operation rows.
 */
export function useOperationHistory(
  model: BpmnModel | undefined,
): (e: HistoryEvent) => { data: Record<string, unknown>; extra: string[] } {
  const t = useMessages(m);
  const varLabel = useVariableLabel();
  const formLabels = useFormLabels(model);
  const name = (id: string) => model?.elements.get(id)?.name || t.unnamed;
  const labels = (keys: string[]) => {
    const named = keys.map((k) => (varLabel(k).known ? varLabel(k).text : formLabels.get(k)));
    const known = named.filter((x): x is string => !!x);
    const unknown = named.length - known.length;
    return [...known, ...(unknown ? [t.others(unknown)] : [])].join('、');
  };
  return (e) => {
    const data = e.data ?? {};
    if (e.type === 'incident-raised') {
      const { reason: _reason, message: _message, ...rest } = data;
      return { data: rest, extra: [] };
    }
    if (e.type === 'incident-resolved') {
      const extra: string[] = [];
      const changed = strings(data.variables);
      if (changed.length) extra.push(t.changed(labels(changed)));
      if (data.terminated === true) extra.push(t.terminatedWith);
      return { data: {}, extra };
    }
    if (e.type === 'case-modified') {
      const extra: string[] = [];
      const ended = strings(data.terminated);
      const activated = strings(data.activated);
      const changed = strings(data.variables);
      if (ended.length) extra.push(t.ended(ended.map(name).join('、')));
      if (activated.length) extra.push(t.activated(activated.map(name).join('、')));
      if (changed.length) extra.push(t.changed(labels(changed)));
      return { data: {}, extra };
    }
    if (e.type === 'case-terminated' && data.reason === NO_PATH_REASON) {
      const { reason: _reason, ...rest } = data;
      return { data: rest, extra: [t.noPath] };
    }
    return { data, extra: [] };
  };
}
