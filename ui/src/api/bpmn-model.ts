// What the UI needs from a deployed BPMN file, read in the browser: element names and kinds, flows, rf:decisions,
// message names, cn-workday timers and pay tasks. The API does not expose rf:decisions, so this is their source.
import { useEffect, useState } from 'react';
import { api } from './client';
import type { DefinitionVersion } from './types';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const RF_NS = 'http://reviewflow.dev/schema/bpmn/1.0';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

export interface ModelElement {
  id: string;
  /** BPMN local name: userTask, intermediateCatchEvent, subProcess… */
  type: string;
  name: string;
  /** The enclosing subprocess id, if any. */
  parentId?: string;
  decisions?: string[];
  /** Message name of a message catch event / boundary / start. */
  messageName?: string;
  /** A timer's duration and calendar (rf:calendar), when the element is a timer event. */
  timer?: { duration?: string; calendar?: string };
  /** serviceTask of type pay: its tranche and amount inputs (FEEL or literal). */
  pay?: { tranche?: string; amount?: string; status?: string };
  /** zeebe:formDefinition of a user task or start event: a linked formId or an embedded formKey. */
  form?: { formId?: string; formKey?: string };
  /** rf:writes on a user task without a form: the variables a completion may write. */
  writes?: string[];
}

export interface ModelFlow {
  id: string;
  source: string;
  target: string;
}

export interface BpmnModel {
  processName: string;
  elements: Map<string, ModelElement>;
  flows: ModelFlow[];
  hasDiagram: boolean;
  /** rf:startableBy on the process (absent: admin only). */
  startableBy?: string[];
  /** Embedded Camunda forms (zeebe:userTaskForm id → JSON text). */
  embeddedForms?: Map<string, string>;
}

const FLOW_NODE_TYPES = new Set([
  'userTask',
  'serviceTask',
  'sendTask',
  'scriptTask',
  'task',
  'receiveTask',
  'businessRuleTask',
  'manualTask',
  'callActivity',
  'subProcess',
  'adHocSubProcess',
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
]);

const splitList = (s: string | null) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function parseBpmn(xml: string): BpmnModel {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('BPMN XML cannot be parsed');
  const messages = new Map<string, string>();
  for (const m of Array.from(doc.getElementsByTagNameNS(BPMN_NS, 'message')))
    messages.set(m.getAttribute('id') ?? '', m.getAttribute('name') ?? '');

  const process = doc.getElementsByTagNameNS(BPMN_NS, 'process')[0];
  const elements = new Map<string, ModelElement>();
  const flows: ModelFlow[] = [];

  const walk = (parent: Element, parentId: string | undefined) => {
    for (const el of Array.from(parent.children)) {
      if (el.namespaceURI !== BPMN_NS) continue;
      const id = el.getAttribute('id') ?? '';
      if (el.localName === 'sequenceFlow') {
        flows.push({
          id,
          source: el.getAttribute('sourceRef') ?? '',
          target: el.getAttribute('targetRef') ?? '',
        });
        continue;
      }
      if (!FLOW_NODE_TYPES.has(el.localName)) continue;
      const me: ModelElement = { id, type: el.localName, name: el.getAttribute('name') ?? '', parentId };
      const decisions = el.getAttributeNS(RF_NS, 'decisions');
      if (decisions !== null) me.decisions = splitList(decisions);
      const writes = el.getAttributeNS(RF_NS, 'writes');
      if (writes !== null) me.writes = splitList(writes);
      for (const def of Array.from(el.children)) {
        if (def.namespaceURI !== BPMN_NS) continue;
        if (def.localName === 'messageEventDefinition')
          me.messageName = messages.get(def.getAttribute('messageRef') ?? '') ?? undefined;
        if (def.localName === 'timerEventDefinition') {
          const dur = def.getElementsByTagNameNS(BPMN_NS, 'timeDuration')[0]?.textContent?.trim();
          me.timer = { duration: dur, calendar: def.getAttributeNS(RF_NS, 'calendar') ?? undefined };
        }
      }
      // Only the task's own extension elements: a subprocess must not inherit the pay tasks inside it.
      const ext = Array.from(el.children).find((c) => c.localName === 'extensionElements');
      const taskDef = ext && Array.from(ext.children).find((c) => c.localName === 'taskDefinition');
      if (
        ext &&
        (el.localName === 'serviceTask' || el.localName === 'sendTask') &&
        taskDef?.getAttribute('type') === 'pay'
      ) {
        const params = new Map<string, string>();
        for (const h of Array.from(ext.getElementsByTagNameNS(ZEEBE_NS, 'header')))
          params.set(h.getAttribute('key') ?? '', h.getAttribute('value') ?? '');
        for (const i of Array.from(ext.getElementsByTagNameNS(ZEEBE_NS, 'input')))
          params.set(i.getAttribute('target') ?? '', i.getAttribute('source') ?? '');
        me.pay = {
          tranche: params.get('tranche'),
          amount: params.get('amount'),
          status: params.get('status'),
        };
      }
      const formDef = ext && Array.from(ext.children).find((c) => c.localName === 'formDefinition');
      if (formDef)
        me.form = {
          formId: formDef.getAttribute('formId') ?? undefined,
          formKey: formDef.getAttribute('formKey') ?? undefined,
        };
      elements.set(id, me);
      if (el.localName === 'subProcess' || el.localName === 'adHocSubProcess') walk(el, id);
    }
  };
  if (process) walk(process, undefined);
  const embeddedForms = new Map<string, string>();
  for (const f of Array.from(doc.getElementsByTagNameNS(ZEEBE_NS, 'userTaskForm')))
    embeddedForms.set(f.getAttribute('id') ?? '', f.textContent ?? '');
  const startable = process?.getAttributeNS(RF_NS, 'startableBy');
  return {
    embeddedForms,
    ...(startable !== null && startable !== undefined ? { startableBy: splitList(startable) } : {}),
    processName: process?.getAttribute('name') ?? process?.getAttribute('id') ?? '',
    elements,
    flows,
    hasDiagram:
      doc.getElementsByTagNameNS('http://www.omg.org/spec/BPMN/20100524/DI', 'BPMNShape').length > 0,
  };
}

const cache = new Map<string, Promise<{ xml: string; model: BpmnModel }>>();

/** The deployed XML and its parsed model, fetched once per (key, version) for the session. */
export function loadDefinition(key: string, version: number): Promise<{ xml: string; model: BpmnModel }> {
  const k = `${key}@${version}`;
  let p = cache.get(k);
  if (!p) {
    p = api
      .get<DefinitionVersion>(`/process-definitions/${encodeURIComponent(key)}/versions/${version}`)
      .then((d) => ({ xml: d.xml, model: parseBpmn(d.xml) }));
    p.catch(() => cache.delete(k));
    cache.set(k, p);
  }
  return p;
}

/** A literal FEEL string/number (`="first"`, `=5000`, `first`) or undefined when it is a real expression. */
export function literal(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (!source.startsWith('=')) return source;
  const body = source.slice(1).trim();
  const str = /^"([^"]*)"$/.exec(body);
  if (str) return str[1];
  if (/^-?\d+(\.\d+)?$/.test(body)) return body;
  return undefined;
}

/** Element names for the procedures (key@version) appearing in a list; fills in as definitions load. */
export function useElementNames(
  refs: { processKey: string; version: number }[],
): (processKey: string, version: number, id: string) => string {
  const [models, setModels] = useState<Map<string, BpmnModel>>(new Map());
  const wanted = [...new Set(refs.map((r) => `${r.processKey}@${r.version}`))].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const k of wanted ? wanted.split(',') : []) {
      const at = k.lastIndexOf('@');
      loadDefinition(k.slice(0, at), Number(k.slice(at + 1)))
        .then(({ model }) => {
          if (live) setModels((prev) => (prev.has(k) ? prev : new Map(prev).set(k, model)));
        })
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [wanted]);
  return (processKey, version, id) => models.get(`${processKey}@${version}`)?.elements.get(id)?.name || id;
}
