// Compile rules of call activities: zeebe:calledElement processId (a literal or '=FEEL', evaluated when the call
// activity starts, call-activity.handler.ts) and whether all the child's variables come back.
import type { ActivityBase, CallActivityNode } from '../../graph.types';
import type { ElementCompileContext } from '../../compile/compile-context';
import { type Mod, str } from '../../compile/moddle-read';

export const CALL_ACTIVITY_EXTENSIONS = ['zeebe:CalledElement', 'zeebe:IoMapping'];

export function callActivity(
  el: Mod,
  id: string,
  act: ActivityBase,
  ctx: ElementCompileContext,
): CallActivityNode {
  const ce = ctx.ext(el, 'zeebe:CalledElement');
  const processId = str(ce?.processId) ?? '';
  if (!processId) ctx.err(id, 'a call activity needs zeebe:calledElement processId');
  else ctx.feel(id, processId, 'called processId');
  if (str(ce?.processIdExpression)) ctx.err(id, 'processIdExpression is not supported');
  return {
    ...act,
    kind: 'callActivity',
    processId,
    propagateAllChildVariables: ce?.propagateAllChildVariables !== false,
  };
}
