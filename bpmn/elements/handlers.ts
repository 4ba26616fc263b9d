import type { FlowNodeKind } from '../graph.types';
import type { ElementHandler } from '../engine/engine.types';
import { adHocSubProcessHandler } from './ad-hoc-subprocess/ad-hoc-subprocess.handler';
import { boundaryEventHandler } from './boundary-event/boundary-event.handler';
import { businessRuleTaskHandler } from './business-rule-task/business-rule-task.handler';
import { callActivityHandler } from './call-activity/call-activity.handler';
import { endEventHandler } from './end-event/end-event.handler';
import { eventBasedGatewayHandler } from './gateways/event-based-gateway.handler';
import { exclusiveGatewayHandler } from './gateways/exclusive-gateway.handler';
import { inclusiveGatewayHandler } from './gateways/inclusive-gateway.handler';
import { intermediateCatchEventHandler } from './intermediate-events/intermediate-catch-event.handler';
import { linkEventHandler } from './link-event/link-event.handler';
import { manualTaskHandler } from './manual-task/manual-task.handler';
import { intermediateThrowEventHandler } from './intermediate-events/intermediate-throw-event.handler';
import { parallelGatewayHandler } from './gateways/parallel-gateway.handler';
import { receiveTaskHandler } from './receive-task/receive-task.handler';
import { scriptTaskHandler } from './service-task/script-task.handler';
import { serviceTaskHandler } from './service-task/service-task.handler';
import { startEventHandler } from './start-event/start-event.handler';
import { eventSubProcessHandler, subProcessHandler } from './sub-process/sub-process.handler';
import { userTaskHandler } from './user-task/user-task.handler';

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
