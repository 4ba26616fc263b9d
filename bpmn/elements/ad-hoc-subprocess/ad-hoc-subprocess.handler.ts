// Ad-hoc subprocess (bpmn:adHocSubProcess, as Zeebe 8.7/8.8 runs it without a job worker). Entering (after its
// input mappings) evaluates activeElementsCollection: a list of ids of inner elements without incoming flows, each
// activated once per mention once the subprocess itself is active (boundary events armed); absent or empty: none,
// and the subprocess stays active until a boundary event, a cancel or a modification ends it. Not a list of
// strings, or an id that is not such an element: an incident on the subprocess (a retry evaluates again).
// Whenever an inner path ends (an inner element completes without outgoing flows), the completionCondition is
// evaluated in the subprocess's scope: true completes it, terminating what is still active inside when
// cancelRemainingInstances (default) or else once nothing is; false waits for the next path end. Without a
// condition it completes when nothing inside is active. A condition that fails or is not a boolean is an incident
// on the subprocess (Zeebe puts it on the inner element that completed); a retry evaluates it again.
// The element was refused at deploy before, so no recorded history meets this code: no patched() needed.
import { FeelError, stripEquals } from '../../feel/feel';
import type { AdHocSubProcessNode } from '../../graph.types';
import { EngineIncident } from '../../engine/engine-incident';
import type { ElementHandler, EngineOps, Instance } from '../../engine/engine.types';

/** incident code of a completion condition that could not be evaluated; its retry re-evaluates the condition */
export const AD_HOC_CONDITION_FAILED = 'AD_HOC_COMPLETION_CONDITION_FAILED';
/** incident code of an activeElementsCollection that is not a list of activatable element ids */
export const AD_HOC_ACTIVATION_FAILED = 'AD_HOC_ACTIVATION_FAILED';

const quoted = (ids: string[]): string => ids.map((id) => `'${id}'`).join(', ');

export const adHocSubProcessHandler: ElementHandler<AdHocSubProcessNode> = {
  enter(ops, inst, node) {
    inst.vars ??= {};
    const raw =
      node.activeElementsCollection === undefined ? [] : ops.value(inst.key, node.activeElementsCollection);
    if (!Array.isArray(raw) || raw.some((id) => typeof id !== 'string'))
      throw new EngineIncident(
        `failed to activate the elements of ad-hoc subprocess ${node.id}: activeElementsCollection evaluated to ${JSON.stringify(raw) ?? 'undefined'}, not a list of element ids`,
        AD_HOC_ACTIVATION_FAILED,
      );
    const ids = raw as string[];
    const unknown = [...new Set(ids.filter((id) => !node.adHocActivities.includes(id)))];
    if (unknown.length)
      throw new EngineIncident(
        `failed to activate the elements of ad-hoc subprocess ${node.id}: no inner element without incoming flows has the id ${quoted(unknown)} (it may activate ${quoted(node.adHocActivities)})`,
        AD_HOC_ACTIVATION_FAILED,
      );
    // after the subprocess is active and its boundary events are armed, as in Zeebe
    ops.defer(() => {
      for (const id of ids) ops.activate(id, inst.key);
    });
  },
};

/** Is anything still running inside the scope (an element, a join waiting for more flows, a boundary trigger)? */
const busy = (ops: EngineOps, scopeKey: string): boolean => ops.children(scopeKey).length > 0;

/**
 * An inner path of scope `scopeKey` ended. Returns false when the scope is not an ad-hoc subprocess instance (the
 * caller then checks the scope as usual); true when handled here.
 */
export function adHocPathEnded(ops: EngineOps, scopeKey: string): boolean {
  const scope = ops.inst(scopeKey);
  const node = scope ? ops.graph.nodes[scope.elementId] : undefined;
  if (!scope || scope.type !== 'element' || node?.kind !== 'adHocSubProcess') return false;
  if (scope.incident) return true; // its retry evaluates again
  if (node.completionCondition === undefined) {
    if (!busy(ops, scope.key)) ops.completeElement(scope);
    return true;
  }
  const satisfied = evaluateCondition(ops, scope, node);
  if (satisfied !== true) return true;
  if (node.cancelRemainingInstances) {
    for (const child of ops.children(scope.key)) ops.terminate(child.key);
    ops.completeElement(scope);
  } else if (!busy(ops, scope.key)) ops.completeElement(scope);
  return true;
}

/** The completion condition's verdict; undefined after raising an incident (not a boolean, or FEEL failed). */
function evaluateCondition(ops: EngineOps, scope: Instance, node: AdHocSubProcessNode): boolean | undefined {
  const condition = node.completionCondition as string;
  let value: unknown;
  try {
    value = ops.feel(scope.key, stripEquals(condition));
  } catch (err) {
    if (!(err instanceof FeelError)) throw err;
    ops.incident(
      scope,
      `failed to evaluate the completion condition of ad-hoc subprocess ${node.id}: ${err.message}`,
      AD_HOC_CONDITION_FAILED,
    );
    return undefined;
  }
  if (typeof value === 'boolean') return value;
  ops.incident(
    scope,
    `the completion condition of ad-hoc subprocess ${node.id} evaluated to ${JSON.stringify(value) ?? 'undefined'}, not a boolean`,
    AD_HOC_CONDITION_FAILED,
  );
  return undefined;
}
