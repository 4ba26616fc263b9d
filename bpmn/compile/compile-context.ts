// What the compile rules of the element kinds (bpmn/elements/<kind>/<kind>.compile.ts) may ask of the compiler
// (compile-bpmn.ts implements both views): while it walks the process, and once the whole graph is built.
import type { EventDefinition, FlowNode, IoMapping, SequenceFlow } from '../graph.types';
import type { FormSpec } from '../forms/form-schema';
import type { CompileProblems, Mod } from './moddle-read';

/** What every flow node starts from: ids and its flows (wired after the walk). */
export interface NodeBase {
  id: string;
  name?: string;
  scope: string;
  incoming: string[];
  outgoing: string[];
}

/** The compiler during the walk. */
export interface ElementCompileContext extends CompileProblems {
  warn(elementId: string | undefined, message: string): void;
  readonly options: { readonly knownTaskTypes?: readonly string[] };
  /** the element's extension element of `type` */
  ext(el: Mod, type: string): Mod | undefined;
  /** refuses rf:, zeebe: and camunda: attributes on `el` (known ones are read as properties, not attributes) */
  checkAttrs(el: Mod): void;
  /** refuses zeebe:/rf: extension elements outside `allowed`; another tool's are warnings */
  checkExtensions(el: Mod, allowed: string[]): void;
  ioMapping(el: Mod, id: string): { inputs: IoMapping[]; outputs: IoMapping[] };
  /** the element's one event definition among `allowed`: undefined when none, null when refused (reported) */
  eventDefinition(
    el: Mod,
    id: string,
    allowed: EventDefinition['kind'][],
  ): EventDefinition | undefined | null;
  /** walks an inner scope (subprocess, event subprocess, ad-hoc subprocess): its elements become nodes */
  walkScope(container: Mod, scopeId: string): void;
  /** the none start events of a walked scope */
  startsOf(scopeId: string): string[];
  /** the event subprocesses of a walked scope */
  eventSubProcessesOf(scopeId: string): string[];
  readonly nodes: Record<string, FlowNode>;
  /** reads the element's zeebe:formDefinition (user-task-form.compile.ts); true when it has one */
  readForm(el: Mod, id: string, apply: (form: FormSpec) => void): boolean;
}

/** The compiler after the walk, for the checks that need the whole graph. */
export interface GraphCheckContext {
  err(elementId: string | undefined, message: string): void;
  warn(elementId: string | undefined, message: string): void;
  readonly nodes: Record<string, FlowNode>;
  readonly flows: Record<string, SequenceFlow>;
  /** an element of the deployed process, built or refused (a refused one is reported once, where it is) */
  isElement(id: string): boolean;
}
