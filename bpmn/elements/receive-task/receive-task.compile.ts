// Compile rules of receive tasks: they wait for a message (Camunda 8: messageRef to a named message with a
// zeebe:subscription correlationKey; the name may be '=FEEL', evaluated when the task is entered).
import type { ReceiveTaskNode } from '../../graph.types';
import type { CompileProblems } from '../../compile/moddle-read';

/** What the compiler already built for any activity: ids, flows, io mappings, multi-instance. */
type ActivityCommon = Omit<ReceiveTaskNode, 'kind' | 'messageName' | 'correlationKey'>;

interface ModLike {
  $type: string;
  name?: unknown;
  messageRef?: unknown;
  extensionElements?: unknown;
}

export function receiveTask(el: ModLike, act: ActivityCommon, out: CompileProblems): ReceiveTaskNode {
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
