// Compile rules of the tasks that need no worker: undefined (bpmn:task) and manual tasks pass through, receive
// tasks wait for a message (Camunda 8: messageRef to a named message with a zeebe:subscription correlationKey).
import type { ManualTaskNode, ReceiveTaskNode } from '../../graph.types';

interface Problems {
  err(elementId: string | undefined, message: string): void;
  /** checks the syntax when the value starts with '=' */
  feel(elementId: string, value: string | undefined, what: string): void;
}

/** What the compiler already built for any activity: ids, flows, io mappings, multi-instance. */
type ActivityCommon = Omit<ManualTaskNode, 'kind' | 'bpmnType'>;

interface ModLike {
  $type: string;
  name?: unknown;
  messageRef?: unknown;
  extensionElements?: unknown;
}

export const PASS_THROUGH_TYPES: Record<string, ManualTaskNode['bpmnType']> = {
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
};

export function manualTask(el: ModLike, act: ActivityCommon): ManualTaskNode {
  return { ...act, kind: 'manualTask', bpmnType: PASS_THROUGH_TYPES[el.$type] ?? 'task' };
}

export function receiveTask(el: ModLike, act: ActivityCommon, out: Problems): ReceiveTaskNode {
  const id = act.id;
  const msg = el.messageRef as ModLike | undefined;
  const messageName = typeof msg?.name === 'string' ? msg.name : '';
  let correlationKey: string | undefined;
  if (!messageName) out.err(id, 'a receive task needs a messageRef to a message with a name');
  else {
    const values = (msg?.extensionElements as { values?: { $type: string; correlationKey?: unknown }[] })
      ?.values;
    const sub = (values ?? []).find((e) => e.$type === 'zeebe:Subscription');
    correlationKey = typeof sub?.correlationKey === 'string' ? sub.correlationKey : undefined;
    // Zeebe: the name may be '=FEEL', evaluated when the task is entered
    out.feel(id, messageName, 'message name');
    if (!correlationKey) out.err(id, `message '${messageName}' needs a zeebe:subscription correlationKey`);
    out.feel(id, correlationKey, 'correlationKey');
  }
  return {
    ...act,
    kind: 'receiveTask',
    messageName,
    ...(correlationKey ? { correlationKey } : {}),
  };
}
