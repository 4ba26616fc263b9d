// Compile rules of messages: a message event's definition (messageRef to a named bpmn:message whose
// zeebe:subscription gives the correlation key; a process-level message start needs none), and what the document's
// messages say about publishing them through the API: rf:senders (who may) and rf:requires (the variables needed).
// Receive tasks: receive-task.compile.ts; a message throw is a job: service-task.compile.ts.
import type { EventDefinition } from '../../graph.types';
import { type CompileProblems, type Mod, arr, list, mod, roleList, str } from '../../compile/moddle-read';
import { checkMessageName } from '../signal/signal.compile';
import { VARIABLE_NAME } from '../user-task/user-task.compile';

/** published by POST /cases/:id/objections only, never by a user through /messages */
const OBJECTION_MESSAGE = 'objection';

/** A message event definition `d` on the event `el`; null when refused (reported on `id`). */
export function messageDefinition(
  el: Mod,
  d: Mod,
  id: string,
  out: CompileProblems,
): Extract<EventDefinition, { kind: 'message' }> | null {
  const msg = mod(d.messageRef);
  const messageName = str(msg?.name);
  if (!msg || !messageName) {
    out.err(id, 'message event needs a messageRef to a message with a name');
    return null;
  }
  const sub = arr(mod(msg.extensionElements)?.values).find((e) => e.$type === 'zeebe:Subscription');
  const correlationKey = str(sub?.correlationKey);
  // a process-level message start needs no key: the message starts a case rather than reaching one
  const topLevelStart = el.$type === 'bpmn:StartEvent' && mod(el.$parent)?.$type === 'bpmn:Process';
  if (!correlationKey && !topLevelStart)
    out.err(id, `message '${messageName}' needs a zeebe:subscription correlationKey`);
  checkMessageName(messageName, id, out);
  out.feel(id, correlationKey, 'correlationKey');
  return { kind: 'message', messageName, correlationKey };
}

/** rf:senders of the document's messages (only those that carry it). */
export function messageSenders(roots: Mod[], out: CompileProblems): Record<string, string[]> {
  const senders: Record<string, string[]> = {};
  for (const m of roots) {
    if (m.$type !== 'bpmn:Message') continue;
    const roles = roleList(m, 'rf:senders', out);
    const name = str(m.name);
    if (!roles || !name) continue;
    if (name === OBJECTION_MESSAGE)
      out.err(
        m.id,
        `rf:senders on '${OBJECTION_MESSAGE}': that message is published by the objection endpoint only`,
      );
    senders[name] = roles;
  }
  return senders;
}

/** rf:requires of the document's messages: the variables the API refuses to publish them without. */
export function messageRequires(roots: Mod[], out: CompileProblems): Record<string, string[]> {
  const requires: Record<string, string[]> = {};
  for (const m of roots) {
    if (m.$type !== 'bpmn:Message') continue;
    const raw = str(m.get?.('rf:requires'));
    const name = str(m.name);
    if (raw === undefined || !name) continue;
    const names = list(raw);
    if (names.length === 0) out.err(m.id, 'rf:requires is empty (leave it out when nothing is required)');
    for (const v of names)
      if (!VARIABLE_NAME.test(v)) out.err(m.id, `rf:requires names '${v}', which is not a variable name`);
    requires[name] = names;
  }
  return requires;
}
