// A procedure's words for its case data: labels and option labels from every Camunda form the definition uses
// (embedded or linked), then the domain dictionary (domain.tsx), then the value rendered for people (content.ts).
import { useEffect, useMemo, useState } from 'react';
import type { BpmnModel } from '../api/bpmn-model';
import { loadElementForm } from '../api/forms';
import { formVocabulary, isMoneyKey, readableValue } from './content';
import { useDecisionLabel, useVariableLabel, useVariableValue } from './domain';
import { useLang } from './i18n';

export interface CaseVocabulary {
  /** A decision in words: the deciding step's form option, any form's, the domain dictionary, else as written. */
  decisionLabel(value: string, elementId?: string | null): string;
  /** A variable's label: the form's field label, else the domain's; `known: false` when neither has one. */
  fieldLabel(key: string): { text: string; known: boolean };
  /** A variable's value in words (never JSON, ids or raw codes where a label exists). */
  valueText(key: string, value: unknown): string;
}

export function useCaseVocabulary(model: BpmnModel | undefined): CaseVocabulary {
  const { lang } = useLang();
  const decision = useDecisionLabel();
  const varLabel = useVariableLabel();
  const varValue = useVariableValue();
  const [forms, setForms] = useState<{ elementId: string; schema: unknown }[]>([]);

  useEffect(() => {
    if (!model) return;
    let live = true;
    const withForm = [...model.elements.values()].filter((e) => e.form);
    void Promise.all(
      withForm.map((e) =>
        loadElementForm(model, e)
          .then((schema) => (schema ? { elementId: e.id, schema: schema as unknown } : null))
          .catch(() => null),
      ),
    ).then((found) => {
      if (live) setForms(found.filter((f): f is { elementId: string; schema: unknown } => f !== null));
    });
    return () => {
      live = false;
    };
  }, [model]);

  const all = useMemo(() => formVocabulary(forms.map((f) => f.schema)), [forms]);
  const byElement = useMemo(
    () => new Map(forms.map((f) => [f.elementId, formVocabulary([f.schema])])),
    [forms],
  );

  return useMemo<CaseVocabulary>(() => {
    const option = (key: string, value: string) => all.options.get(key)?.get(value);
    const fieldLabel = (key: string) => {
      // an amount is entered in fen (the form says so) but shown in yuan: the unit goes from the label
      const raw = all.labels.get(key);
      const fromForm = raw && isMoneyKey(key) ? raw.replace(/\s*[（(]分[）)]\s*$/, '') : raw;
      const known = varLabel(key);
      return known.known || !fromForm ? known : { text: fromForm, known: true };
    };
    return {
      decisionLabel: (value, elementId) =>
        (elementId ? byElement.get(elementId)?.options.get('decision')?.get(value) : undefined) ??
        option('decision', value) ??
        decision(value),
      fieldLabel,
      valueText: (key, value) => {
        if (typeof value === 'string') {
          const o = option(key, value);
          if (o) return o;
        }
        const domain = varValue(key, value);
        if (domain !== undefined && domain !== value) return domain;
        return readableValue(key, value, {
          lang,
          label: (k) => {
            const l = fieldLabel(k);
            return l.known ? l.text : undefined;
          },
          code: (k, v) => {
            const o = option(k, v);
            if (o) return o;
            const d = varValue(k, v);
            return d !== undefined && d !== v ? d : undefined;
          },
        });
      },
    };
  }, [all, byElement, decision, varLabel, varValue, lang]);
}
