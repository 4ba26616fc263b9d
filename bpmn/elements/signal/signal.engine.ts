// Signal events: a catch waits on a subscription named `signal:<name>` with an empty correlation key, so the
// message machinery (shell subscriptions, read model rows, continue-as-new) carries it unchanged; a broadcast is
// delivered to each case as that message. Throw and end events ask the shell to broadcast (effect broadcastSignal).
import type { EventDefinition } from '../../graph.types';
import type { EngineOps, Instance, Variables } from '../../engine/engine.types';

export const SIGNAL_SUBSCRIPTION_PREFIX = 'signal:';

export const signalSubscriptionName = (signalName: string): string =>
  `${SIGNAL_SUBSCRIPTION_PREFIX}${signalName}`;

export const isSignalSubscription = (messageName: string): boolean =>
  messageName.startsWith(SIGNAL_SUBSCRIPTION_PREFIX);

export function armSignal(ops: EngineOps, inst: Instance, signalName: string): void {
  const messageName = signalSubscriptionName(signalName);
  inst.sub = { messageName, correlationKey: '' };
  ops.emit({
    type: 'openSubscription',
    key: inst.key,
    elementId: inst.elementId,
    messageName,
    correlationKey: '',
  });
}

/** The throw event's zeebe:input mappings are the signal's variables (evaluated now, later ones see earlier ones). */
export function broadcastSignal(
  ops: EngineOps,
  inst: Instance,
  def: Extract<EventDefinition, { kind: 'signal' }>,
): void {
  const variables: Variables = {};
  for (const m of def.variables ?? []) variables[m.target] = ops.value(inst.key, m.source, variables);
  ops.history('signal-broadcast', inst, { signalName: def.signalName });
  ops.emit({
    type: 'broadcastSignal',
    key: inst.key,
    elementId: inst.elementId,
    signalName: def.signalName,
    variables,
  });
}
