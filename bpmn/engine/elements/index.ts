import type { FlowNodeKind } from '../../graph.types';
import type { ElementHandler } from '../engine.types';
import { adHocSubProcessHandler } from './ad-hoc-subprocess';
import { boundaryEventHandler } from './boundary-event.handler';
import { businessRuleTaskHandler } from './business-rule-task.handler';
import { callActivityHandler } from './call-activity.handler';
import { endEventHandler } from './end-event.handler';
import { eventBasedGatewayHandler } from './event-based-gateway.handler';
import { exclusiveGatewayHandler } from './exclusive-gateway.handler';
import { inclusiveGatewayHandler } from './inclusive-gateway.handler';
import { intermediateCatchEventHandler } from './intermediate-catch-event.handler';
import { linkEventHandler } from './link-event.handler';
import { manualTaskHandler } from './manual-task.handler';
import { intermediateThrowEventHandler } from './intermediate-throw-event.handler';
import { parallelGatewayHandler } from './parallel-gateway.handler';
import { receiveTaskHandler } from './receive-task.handler';
import { scriptTaskHandler } from './script-task.handler';
import { serviceTaskHandler } from './service-task.handler';
import { startEventHandler } from './start-event.handler';
import { eventSubProcessHandler, subProcessHandler } from './sub-process.handler';
import { userTaskHandler } from './user-task.handler';

/** One handler per element kind. */
export const handlers: Record<FlowNodeKind, ElementHandler<never>> = {
  startEvent: startEventHandler,
  endEvent: endEventHandler,
  userTask: userTaskHandler,
  serviceTask: serviceTaskHandler,
  scriptTask: scriptTaskHandler,
  businessRuleTask: businessRuleTaskHandler,
  callActivity: callActivityHandler,
  subProcess: subProcessHandler,
  adHocSubProcess: adHocSubProcessHandler,
  eventSubProcess: eventSubProcessHandler,
  intermediateCatchEvent: intermediateCatchEventHandler,
  intermediateThrowEvent: intermediateThrowEventHandler,
  boundaryEvent: boundaryEventHandler,
  exclusiveGateway: exclusiveGatewayHandler,
  inclusiveGateway: inclusiveGatewayHandler,
  parallelGateway: parallelGatewayHandler,
  eventBasedGateway: eventBasedGatewayHandler,
  manualTask: manualTaskHandler,
  receiveTask: receiveTaskHandler,
  linkEvent: linkEventHandler,
};
