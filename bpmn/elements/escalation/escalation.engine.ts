import type { EventDefinition } from '../../graph.types';
import type { EngineOps, Instance } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

/** The code a throw event throws: a literal, or '=FEEL' evaluated when the event is reached. */
export function escalationCodeOf(
  ops: EngineOps,
  inst: Instance,
  def: Extract<EventDefinition, { kind: 'escalation' }>,
): string {
  const raw = def.escalationCode ?? '';
  const code = ops.value(inst.key, raw);
  if (typeof code !== 'string' && typeof code !== 'number')
    throw new EngineIncident(
      `escalationCode of ${inst.elementId} evaluated to ${JSON.stringify(code)}; it must be a string`,
    );
  if (String(code) === '') throw new EngineIncident(`escalationCode of ${inst.elementId} is empty`);
  return String(code);
}
