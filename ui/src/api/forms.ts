// The Camunda form of a user task or of a process's start event, read from the deployed BPMN: an embedded form
// (zeebe:userTaskForm, formKey camunda-forms:bpmn:<id>) is in the XML itself, a linked one (formId) comes from
// GET /forms/:formId.
import type { FormSchema } from '../components/camunda-form';
import type { BpmnModel, ModelElement } from './bpmn-model';
import { api } from './client';

const linked = new Map<string, Promise<FormSchema | null>>();

function asSchema(x: unknown): FormSchema | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  if (Array.isArray(o.components)) return o as FormSchema;
  if (o.schema) return asSchema(typeof o.schema === 'string' ? JSON.parse(o.schema) : o.schema);
  return null;
}

function linkedForm(formId: string, version?: number): Promise<FormSchema | null> {
  const k = `${formId}@${version ?? 'latest'}`;
  let p = linked.get(k);
  if (!p) {
    p = api
      .get<unknown>(`/forms/${encodeURIComponent(formId)}`, version ? { version } : undefined)
      .then(asSchema);
    p.catch(() => linked.delete(k));
    linked.set(k, p);
  }
  return p;
}

/** The element's form schema, or null when it has none. */
export async function loadElementForm(
  model: BpmnModel,
  element: ModelElement | undefined,
): Promise<FormSchema | null> {
  const form = element?.form;
  if (!form) return null;
  if (form.formKey) {
    const id = form.formKey.replace(/^camunda-forms:bpmn:/, '');
    const text = model.embeddedForms?.get(id);
    return text ? asSchema(JSON.parse(text)) : null;
  }
  if (form.formId) return linkedForm(form.formId);
  return null;
}

/** The process's none start event (top level). */
export function startEventOf(model: BpmnModel): ModelElement | undefined {
  return [...model.elements.values()].find(
    (e) => e.type === 'startEvent' && !e.parentId && !e.messageName && !e.timer,
  );
}

/** Keys of the form's input fields (nested in groups included), with their types. */
export function formFieldKeys(schema: FormSchema): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (components: unknown[] | undefined) => {
    for (const c of components ?? []) {
      if (!c || typeof c !== 'object') continue;
      const o = c as { key?: unknown; type?: unknown; components?: unknown[] };
      if (typeof o.key === 'string' && typeof o.type === 'string') out.set(o.key, o.type);
      if (Array.isArray(o.components)) walk(o.components);
    }
  };
  walk(schema.components);
  return out;
}
