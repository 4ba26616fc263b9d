// Moddle descriptor for reviewflow's own BPMN extension attributes (contract §1).
export const RF_NAMESPACE_URI = 'http://reviewflow.dev/schema/bpmn/1.0';

export const rfModdleDescriptor = {
  name: 'ReviewFlow',
  prefix: 'rf',
  uri: RF_NAMESPACE_URI,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  enumerations: [],
  types: [
    {
      name: 'UserTaskAttributes',
      isAbstract: true,
      extends: ['bpmn:UserTask'],
      properties: [
        { name: 'dueIn', isAttr: true, type: 'String' },
        { name: 'calendar', isAttr: true, type: 'String' },
        { name: 'decisions', isAttr: true, type: 'String' },
        { name: 'distinctFrom', isAttr: true, type: 'String' },
        { name: 'excludeAffiliation', isAttr: true, type: 'String' },
        { name: 'writes', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'TimerAttributes',
      isAbstract: true,
      extends: ['bpmn:TimerEventDefinition'],
      properties: [{ name: 'calendar', isAttr: true, type: 'String' }],
    },
    {
      name: 'ProcessAttributes',
      isAbstract: true,
      extends: ['bpmn:Process'],
      properties: [{ name: 'startableBy', isAttr: true, type: 'String' }],
    },
    {
      name: 'MessageAttributes',
      isAbstract: true,
      extends: ['bpmn:Message'],
      properties: [
        { name: 'senders', isAttr: true, type: 'String' },
        { name: 'requires', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'EndEventAttributes',
      isAbstract: true,
      extends: ['bpmn:EndEvent'],
      properties: [{ name: 'outcome', isAttr: true, type: 'String' }],
    },
  ],
};
