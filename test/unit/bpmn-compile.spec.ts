import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { FIXTURE_DIR } from '../../bpmn/testing/engine-harness';
import { renderFixtures } from '../fixtures/bpmn/generate-fixtures';
import { resolveFixtureDecision } from '../fixtures/dmn/fixture-decisions';
import { resolveFixtureForm } from '../fixtures/forms/fixture-forms';

const validFixtures = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.bpmn'));
const invalidDir = join(FIXTURE_DIR, 'invalid');
const read = (file: string): string => readFileSync(file, 'utf8');

describe('bpmn compiler: valid fixtures', () => {
  it('has a fixture per feature (40+), each with diagram interchange', () => {
    expect(validFixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of validFixtures) {
      const xml = read(join(FIXTURE_DIR, f));
      const processXml = xml.slice(xml.indexOf('<bpmn:process'), xml.indexOf('</bpmn:process>'));
      const drawable = [...processXml.matchAll(/<bpmn:(\w+) id="([^"]+)"/g)]
        .filter(
          ([, tag]) =>
            !/Definition$|^(multiInstanceLoopCharacteristics|conditionExpression)$/.test(tag ?? ''),
        )
        .map((m) => m[2]);
      // every element and flow has a shape or edge, so the file opens in Camunda Modeler
      expect([f, drawable.filter((id) => !xml.includes(`bpmnElement="${id}"`))]).toEqual([f, []]);
    }
  });

  it.each(validFixtures)('given %s, when compiled, then it yields a version-1 graph', async (file) => {
    const result = await compileBpmn(read(join(FIXTURE_DIR, file)), {
      resolveForm: resolveFixtureForm,
      resolveDecision: resolveFixtureDecision,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.graphVersion).toBe(1);
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(JSON.stringify(result.graph))).toEqual(result.graph);
  });

  it('given the fixture sources, when rendered again, then the committed .bpmn files are up to date', async () => {
    const rendered = await renderFixtures();
    for (const [file, content] of Object.entries(rendered))
      expect([file, read(join(FIXTURE_DIR, file))]).toEqual([file, content]);
  });

  it('given the same XML twice, when compiled, then graph and hash are identical; a change changes the hash', async () => {
    const xml = read(join(FIXTURE_DIR, 'review-pipeline.bpmn'));
    const a = await compileBpmn(xml);
    const b = await compileBpmn(xml);
    const c = await compileBpmn(xml.replace('P5D', 'P6D'));
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected to compile');
    expect(JSON.stringify(a.graph)).toBe(JSON.stringify(b.graph));
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('given the contract example, when compiled, then rf and zeebe extensions land in the graph', async () => {
    const result = await compileBpmn(read(join(FIXTURE_DIR, 'publicity-with-objections.bpmn')));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { nodes } = result.graph;
    expect(nodes.period).toMatchObject({
      kind: 'intermediateCatchEvent',
      eventDefinition: { kind: 'timer', timer: { kind: 'duration', value: 'P5D', calendar: 'cn-workday' } },
    });
    expect(nodes.onObjection).toMatchObject({
      kind: 'eventSubProcess',
      interrupting: false,
      trigger: { kind: 'message', messageName: 'objection', correlationKey: '=businessKey' },
    });
    expect(nodes.verifyObjection).toMatchObject({
      kind: 'userTask',
      decisions: ['upheld', 'unfounded'],
      candidateGroups: ['city-reviewer'],
    });
    expect(nodes.publicity).toMatchObject({
      kind: 'subProcess',
      outputs: [{ source: '=upheld', target: 'objectionUpheld' }],
      eventSubProcesses: ['onObjection'],
    });
  });

  it('given a user task with every rf attribute, when compiled, then each is kept', async () => {
    const result = await compileBpmn(read(join(FIXTURE_DIR, 'review-pipeline.bpmn')));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.nodes.districtReview).toMatchObject({
      dueIn: 'P5D',
      calendar: 'cn-workday',
      decisions: ['pass', 'reject', 'return'],
    });
    expect(result.graph.nodes.cityReview).toMatchObject({ distinctFrom: ['districtReview'] });
    expect(result.graph.nodes.expertScore).toMatchObject({
      excludeAffiliation: '=employerId',
      multiInstance: { inputCollection: '=experts', inputElement: 'expert' },
    });
  });

  it('given a list of known task types, when a service task uses another, then it is refused', async () => {
    const xml = read(join(FIXTURE_DIR, 'service-task.bpmn'));
    expect((await compileBpmn(xml, { knownTaskTypes: ['notify'] })).ok).toBe(true);
    const result = await compileBpmn(xml, { knownTaskTypes: ['pay'] });
    expect(result).toEqual({
      ok: false,
      errors: [{ elementId: 'notifyApplicant', message: "unknown task type 'notify'" }],
    });
  });
});

describe('bpmn compiler: invalid fixtures', () => {
  // file → element ids that must be named (all of them: the compiler never stops at the first problem)
  const expected: Record<string, (string | undefined)[]> = {
    'truncated.bpmn': [undefined],
    'wrong-namespace.bpmn': [undefined],
    'not-xml.bpmn': [undefined],
    'camunda7-attributes.bpmn': ['review'],
    'duplicate-ids.bpmn': ['review'],
    'dangling-flow.bpmn': ['toNowhere'],
    'bad-feel-condition.bpmn': ['toA'],
    'bad-feel-script.bpmn': ['calc', 'log'],
    'complex-gateway.bpmn': ['complex'],
    'compensation-event.bpmn': ['compensate'],
    'compensation-unsupported.bpmn': ['noWait', 'compStart', 'undoBook'],
    'ad-hoc-unsupported.bpmn': ['agent', 'collect', 'emptyAdHoc', 'innerStart', 'innerEnd', 'innerEsp'],
    'signal-event.bpmn': ['waitSignal'],
    'escalation-end-event.bpmn': ['escalate'],
    'transaction.bpmn': ['tx'],
    'gateway-missing-condition.bpmn': ['toA', 'toB'],
    'boundary-on-gateway.bpmn': ['bad'],
    'unreachable-element.bpmn': ['orphan'],
    'multi-instance-without-collection.bpmn': ['score'],
    'calendar-hours.bpmn': ['wait', 'review'],
    'not-executable.bpmn': ['not-executable'],
    'builtin-missing-parameters.bpmn': ['n', 'c', 'r', 'p'],
    'pay-ill-typed.bpmn': ['p1', 'p2', 'p3', 'p4'],
    'timer-start-invalid.bpmn': ['everyHalfMinute', 'badCron', 'workdays', 'inAnHour'],
    'unsupported-attributes.bpmn': ['svc', 'ut'],
    'execution-listener-unsupported.bpmn': ['start', 'ut', 'b1', 'gw', 'errEnd'],
    'many-errors.bpmn': ['cx', 'calc', 'dangling', 'toA', 'toB'],
    'bad-timer.bpmn': ['t1', 't2'],
    'timer-cycle-too-fast.bpmn': ['remind'],
    'form-unreadable.bpmn': ['ut', 'both', 'extRef', 'unknownId'],
    'refused-neighbour.bpmn': ['odd'],
    'business-rule-task-invalid.bpmn': ['unknown', 'missing', 'feelId', 'jobWorker'],
  };

  it('covers every file of the negative suite', () => {
    expect(readdirSync(invalidDir).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))(
    'given invalid/%s, when compiled, then it is refused naming %j',
    async (file, ids) => {
      const result = await compileBpmn(read(join(invalidDir, file)));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
      expect([...new Set(result.errors.map((e) => e.elementId))].sort()).toEqual([...new Set(ids)].sort());
    },
  );

  it('given a truncated document, when compiled, then the message says it is not readable', async () => {
    const result = await compileBpmn(read(join(invalidDir, 'truncated.bpmn')));
    expect(result).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/not a readable BPMN 2.0 document/) }],
    });
  });

  it('given the wrong namespace, when compiled, then the message names the BPMN namespace', async () => {
    const result = await compileBpmn(read(join(invalidDir, 'wrong-namespace.bpmn')));
    expect(result).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining('http://www.omg.org/spec/BPMN/20100524/MODEL') }],
    });
  });

  it('given empty input, when compiled, then a clear error', async () => {
    expect(await compileBpmn('')).toEqual({ ok: false, errors: [{ message: 'the BPMN document is empty' }] });
  });

  it('given arbitrary text or mangled fixtures, when compiled, then it never throws', async () => {
    const base = read(join(FIXTURE_DIR, 'publicity-with-objections.bpmn'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.nat({ max: base.length }).map((n) => base.slice(0, n)),
          fc
            .tuple(fc.nat({ max: base.length }), fc.string())
            .map(([n, s]) => base.slice(0, n) + s + base.slice(n)),
        ),
        async (xml) => {
          const result = await compileBpmn(xml);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
