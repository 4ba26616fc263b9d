// Compile rules of multi-instance loop characteristics: zeebe:loopCharacteristics with a FEEL inputCollection,
// outputCollection and outputElement together, a FEEL completionCondition; loopCardinality and standard loops refused.
import type { MultiInstanceDef } from '../../graph.types';
import { type CompileProblems, type Mod, arr, body, mod, str } from '../../compile/moddle-read';

/** The element's multi-instance definition, or undefined (none, or refused: reported on `id`). */
export function multiInstanceDefinition(
  el: Mod,
  id: string,
  out: CompileProblems,
): MultiInstanceDef | undefined {
  const lc = mod(el.loopCharacteristics);
  if (!lc) return undefined;
  if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    out.err(id, `unsupported loop characteristics ${lc.$type} (use multi-instance)`);
    return undefined;
  }
  const zl = arr(mod(lc.extensionElements)?.values).find((e) => e.$type === 'zeebe:LoopCharacteristics');
  const inputCollection = str(zl?.inputCollection);
  if (!inputCollection) {
    out.err(id, 'multi-instance needs zeebe:loopCharacteristics inputCollection');
    return undefined;
  }
  out.feel(id, inputCollection, 'inputCollection', true);
  const outputCollection = str(zl?.outputCollection);
  const outputElement = str(zl?.outputElement);
  if ((outputCollection === undefined) !== (outputElement === undefined))
    out.err(id, 'outputCollection and outputElement go together');
  out.feel(id, outputElement, 'outputElement', true);
  const completionCondition = body(lc.completionCondition);
  out.feel(id, completionCondition, 'completionCondition', true);
  if (lc.loopCardinality) out.err(id, 'loopCardinality is not supported; use inputCollection');
  return {
    sequential: lc.isSequential === true,
    inputCollection,
    inputElement: str(zl?.inputElement),
    outputCollection,
    outputElement,
    completionCondition,
  };
}
