// The `quota` built-in (an extension of contract §1's table): its parameters are checked at deploy time.
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';

const withQuotaTask = (inner: string, headers = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="quota-check" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="reserve"><bpmn:extensionElements><zeebe:taskDefinition type="quota" />${headers}<zeebe:ioMapping>${inner}</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="reserve" />
    <bpmn:sequenceFlow id="f2" sourceRef="reserve" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const input = (target: string, source: string): string =>
  `<zeebe:input source="${source}" target="${target}" />`;
const complete = [
  input('quota', '=&quot;q01&quot;'),
  input('period', '=string(year)'),
  input('grade', '=grade'),
];

describe('bpmn compiler: quota service task', () => {
  it('given quota, period, grade and a FEEL limit, when compiled, then it is accepted', async () => {
    const result = await compileBpmn(
      withQuotaTask([...complete, input('limit', '=get value({A: 5}, grade)')].join('')),
    );
    expect(result.ok).toBe(true);
  });

  it('given the quota name as a header, when compiled, then it is accepted', async () => {
    const xml = withQuotaTask(
      [input('period', '=&quot;2031&quot;'), input('grade', '=&quot;A&quot;'), input('limit', '=5')].join(''),
      '<zeebe:taskHeaders><zeebe:header key="quota" value="q01" /></zeebe:taskHeaders>',
    );
    expect((await compileBpmn(xml)).ok).toBe(true);
  });

  it('given no limit and no quota name, when compiled, then both are named on the element', async () => {
    const result = await compileBpmn(
      withQuotaTask([input('period', '=&quot;2031&quot;'), input('grade', '=&quot;A&quot;')].join('')),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { elementId: 'reserve', message: "task type 'quota' needs the input 'limit'" },
        {
          elementId: 'reserve',
          message: "task type 'quota' needs the header or input 'quota' (the quota's name)",
        },
      ],
    });
  });

  it.each(['=&quot;5&quot;', '=2.5', '=-1', '5'])(
    'given the limit %s, when compiled, then it is refused',
    async (limit) => {
      const result = await compileBpmn(withQuotaTask([...complete, input('limit', limit)].join('')));
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.errors[0]?.message).toMatch(/quota limit must be a non-negative whole number/);
    },
  );
});
