// The compile side's registry (the engine's is handlers.ts): per BPMN element type, the kind's compile rules. An
// activity also names the extension elements it accepts; the compiler first builds what every activity has (io
// mappings, multi-instance, boundary list, compensation handler flag) and hands it over as `act`. Events and
// gateways check their own extensions. Start events (they need the compiler's process-level records) and link
// events (an intermediate event with a link definition) are dispatched by the compiler itself.
import type { ActivityBase, FlowNode } from '../graph.types';
import type { ElementCompileContext, NodeBase } from '../compile/compile-context';
import type { Mod } from '../compile/moddle-read';
import { AD_HOC_EXTENSIONS, adHocSubProcess } from './ad-hoc-subprocess/ad-hoc-subprocess.compile';
import { boundaryEvent } from './boundary-event/boundary-event.compile';
import { businessRuleTaskFields } from './business-rule-task/business-rule-task.compile';
import { CALL_ACTIVITY_EXTENSIONS, callActivity } from './call-activity/call-activity.compile';
import { endEvent } from './end-event/end-event.compile';
import { gateway } from './gateways/gateways.compile';
import {
  intermediateCatchEvent,
  intermediateThrowEvent,
} from './intermediate-events/intermediate-events.compile';
import { manualTask } from './manual-task/manual-task.compile';
import { receiveTask } from './receive-task/receive-task.compile';
import {
  SCRIPT_TASK_EXTENSIONS,
  TASK_DEFINITION_EXTENSIONS,
  scriptTask,
  taskDefinition,
} from './service-task/service-task.compile';
import { SUB_PROCESS_EXTENSIONS, subProcess } from './sub-process/sub-process.compile';
import { USER_TASK_EXTENSIONS, userTaskNode } from './user-task/user-task.compile';

export type ElementRule =
  | { type: 'node'; compile(el: Mod, base: NodeBase, ctx: ElementCompileContext): FlowNode | undefined }
  | {
      type: 'activity';
      extensions: readonly string[];
      compile(el: Mod, act: ActivityBase, ctx: ElementCompileContext, base: NodeBase): FlowNode | undefined;
    };

const IO_ONLY = ['zeebe:IoMapping'];

export const ELEMENT_RULES: Record<string, ElementRule> = {
  'bpmn:EndEvent': { type: 'node', compile: endEvent },
  'bpmn:IntermediateCatchEvent': { type: 'node', compile: intermediateCatchEvent },
  'bpmn:IntermediateThrowEvent': { type: 'node', compile: intermediateThrowEvent },
  'bpmn:BoundaryEvent': { type: 'node', compile: boundaryEvent },
  'bpmn:ExclusiveGateway': { type: 'node', compile: gateway },
  'bpmn:InclusiveGateway': { type: 'node', compile: gateway },
  'bpmn:ParallelGateway': { type: 'node', compile: gateway },
  'bpmn:EventBasedGateway': { type: 'node', compile: gateway },
  'bpmn:UserTask': {
    type: 'activity',
    extensions: USER_TASK_EXTENSIONS,
    compile: (el, act, ctx) =>
      userTaskNode(el, act.id, act, ctx, {
        ext: (type) => ctx.ext(el, type),
        form: (apply) => ctx.readForm(el, act.id, apply),
      }),
  },
  'bpmn:ServiceTask': {
    type: 'activity',
    extensions: TASK_DEFINITION_EXTENSIONS,
    compile: (el, act, ctx) => taskDefinition(el, act.id, act, ctx),
  },
  'bpmn:SendTask': {
    type: 'activity',
    extensions: TASK_DEFINITION_EXTENSIONS,
    compile: (el, act, ctx) => taskDefinition(el, act.id, act, ctx),
  },
  'bpmn:ScriptTask': {
    type: 'activity',
    extensions: SCRIPT_TASK_EXTENSIONS,
    compile: (el, act, ctx) => scriptTask(el, act.id, act, ctx),
  },
  'bpmn:BusinessRuleTask': {
    type: 'activity',
    extensions: ['zeebe:CalledDecision', 'zeebe:IoMapping'],
    compile: (el, act, ctx) => ({
      ...act,
      ...businessRuleTaskFields(ctx.ext(el, 'zeebe:CalledDecision'), act.id, ctx),
    }),
  },
  'bpmn:CallActivity': {
    type: 'activity',
    extensions: CALL_ACTIVITY_EXTENSIONS,
    compile: (el, act, ctx) => callActivity(el, act.id, act, ctx),
  },
  'bpmn:SubProcess': {
    type: 'activity',
    extensions: SUB_PROCESS_EXTENSIONS,
    compile: (el, act, ctx, base) => subProcess(el, base, act, ctx),
  },
  'bpmn:AdHocSubProcess': {
    type: 'activity',
    extensions: AD_HOC_EXTENSIONS,
    compile: (el, act, ctx) => {
      ctx.walkScope(el, act.id);
      return adHocSubProcess(el, act, ctx);
    },
  },
  'bpmn:Task': { type: 'activity', extensions: IO_ONLY, compile: (el, act) => manualTask(el, act) },
  'bpmn:ManualTask': { type: 'activity', extensions: IO_ONLY, compile: (el, act) => manualTask(el, act) },
  'bpmn:ReceiveTask': {
    type: 'activity',
    extensions: IO_ONLY,
    compile: (el, act, ctx) => receiveTask(el, act, ctx),
  },
};
