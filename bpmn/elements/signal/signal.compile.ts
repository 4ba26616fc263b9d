// Compile rules of signal events (Camunda 8): every signal event names a bpmn:signal with a literal name; throw
// events (intermediate throw, end) broadcast their zeebe:input mappings as the signal's variables; a top-level
// signal start event starts a case of the latest version on a broadcast.
import type { EventDefinition, IoMapping } from '../../graph.types';
import { SIGNAL_SUBSCRIPTION_PREFIX } from './signal.engine';

// api/ may import compile rules, not the engine side (README folder table): it gets these through here
export { SIGNAL_SUBSCRIPTION_PREFIX, signalSubscriptionName } from './signal.engine';

interface Problems {
  err(elementId: string | undefined, message: string): void;
}

export function signalDefinition(
  signal: { name?: unknown; [key: string]: unknown } | undefined,
  id: string,
  variables: IoMapping[] | undefined,
  out: Problems,
): Extract<EventDefinition, { kind: 'signal' }> | null {
  const name = typeof signal?.name === 'string' ? signal.name.trim() : '';
  if (!signal || name === '') {
    out.err(id, 'a signal event needs a signalRef to a signal with a name');
    return null;
  }
  if (name.startsWith('=')) {
    out.err(id, `signal names given as FEEL expressions are not supported yet ('${name}')`);
    return null;
  }
  if (name.length > 200) out.err(id, 'a signal name has at most 200 characters');
  return variables?.length
    ? { kind: 'signal', signalName: name, variables }
    : { kind: 'signal', signalName: name };
}

/** Message names may not look like signal subscriptions (they share the subscription table). */
export function checkMessageName(messageName: string, id: string, out: Problems): void {
  if (messageName.startsWith(SIGNAL_SUBSCRIPTION_PREFIX))
    out.err(id, `message names starting with '${SIGNAL_SUBSCRIPTION_PREFIX}' are reserved for signals`);
}
