// Business rule tasks on the pure engine: the decision compiled into the graph decides, the history records the
// matched rules, and a decision that cannot decide is an incident with a code that a retry can clear.
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness, loadGraph } from '../../bpmn/testing/engine-harness';
import { resolveFixtureDecision } from '../fixtures/dmn/fixture-decisions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR } from '../../bpmn/testing/engine-harness';

const load = async () =>
  new EngineHarness(await loadGraph('business-rule-task', { resolveDecision: resolveFixtureDecision }));

const evaluations = (h: EngineHarness) =>
  h.effects.flatMap((e) => (e.type === 'history' && e.event === 'decision-evaluated' ? [e] : []));

describe('business rule task on the engine', () => {
  it('given score 90, when the case runs, then grade A and award 100 are set and the matched rules are in the history', async () => {
    const h = await load();
    h.start({ score: 90 });
    expect(h.vars()).toMatchObject({ grade: 'A', award: 100 });
    expect(h.openTasks('confirm')).toHaveLength(1);
    const [grade, award] = evaluations(h);
    expect(grade).toMatchObject({
      elementId: 'grade',
      data: {
        decisionId: 'grade-unique',
        decisionVersion: 1,
        resultVariable: 'grade',
        result: 'A',
        decisions: [
          {
            decisionId: 'grade-unique',
            matchedRules: [{ ruleId: 'r-a', index: 1, outputs: { grade: 'A' } }],
          },
        ],
      },
    });
    expect(award?.data).toMatchObject({
      decisionId: 'award',
      result: 100,
      decisions: [
        { decisionId: 'baseGrade', matchedRules: [{ ruleId: 'baseGrade-r1', index: 1 }], result: 'A' },
        { decisionId: 'award', matchedRules: [], result: 100 },
      ],
    });
  });

  it('given score 10, when no rule matches, then an incident DMN_NO_MATCH on grade; a retry with a score continues', async () => {
    const h = await load();
    h.start({ score: 10 });
    expect(h.status).toBe('failed');
    const incident = Object.values(h.state.incidents)[0];
    expect(incident).toMatchObject({ elementId: 'grade', code: 'DMN_NO_MATCH' });
    expect(incident?.reason).toMatch(/no rule matches/);
    const raised = h.effects.find((e) => e.type === 'history' && e.event === 'incident-raised');
    expect(raised).toMatchObject({ elementId: 'grade', data: { code: 'DMN_NO_MATCH' } });
    expect(evaluations(h)).toEqual([]);

    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { score: 75 } });
    expect(h.status).toBe('active');
    expect(h.vars()).toMatchObject({ grade: 'B', award: 50 });
    expect(h.openTasks('confirm')).toHaveLength(1);
  });

  it('given the same graph and inputs, then the effects are identical (deterministic, replay-safe)', async () => {
    const a = await load();
    const b = await load();
    a.start({ score: 72 });
    b.start({ score: 72 });
    expect(JSON.stringify(a.effects)).toBe(JSON.stringify(b.effects));
  });
});

describe('business rule task with mappings and multi-instance', () => {
  it('given a list of scores, when the task runs once per score with an input mapping, then the grades are collected in order', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:process id="grade-each" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:businessRuleTask id="gradeEach">
      <bpmn:extensionElements>
        <zeebe:calledDecision decisionId="grade-unique" resultVariable="g" />
        <zeebe:ioMapping><zeebe:input source="=s" target="score" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=scores" inputElement="s" outputCollection="grades" outputElement="=g" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:businessRuleTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gradeEach" />
    <bpmn:sequenceFlow id="f2" sourceRef="gradeEach" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const result = await compileBpmn(xml, { resolveDecision: resolveFixtureDecision });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const h = new EngineHarness(result.graph);
    h.start({ scores: [90, 65, 75] });
    expect(h.status).toBe('completed');
    expect(h.vars().grades).toEqual(['A', 'C', 'B']);
    expect(evaluations(h).map((e) => e.data?.result)).toEqual(['A', 'C', 'B']);
  });
});

describe('business rule task at deploy', () => {
  it('refuses an unknown decision, a missing calledDecision, a FEEL decisionId and a job-worker task, each by element and code', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'invalid', 'business-rule-task-invalid.bpmn'), 'utf8');
    const result = await compileBpmn(xml, { resolveDecision: resolveFixtureDecision });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'unknown', code: 'DECISION_NOT_DEPLOYED' }),
        expect.objectContaining({ elementId: 'missing', code: 'DECISION_MISSING' }),
        expect.objectContaining({ elementId: 'feelId', code: 'DECISION_ID_FEEL' }),
        expect.objectContaining({
          elementId: 'jobWorker',
          message: expect.stringMatching(/zeebe:TaskDefinition/),
        }),
      ]),
    );
  });

  it('binds the decision into the graph: the graph carries the compiled table and its version', async () => {
    const graph = await loadGraph('business-rule-task', { resolveDecision: resolveFixtureDecision });
    const node = graph.nodes.award;
    expect(node?.kind).toBe('businessRuleTask');
    if (node?.kind !== 'businessRuleTask') return;
    expect(node.decision.version).toBe(1);
    expect(Object.keys(node.decision.decisions).sort()).toEqual(['award', 'baseGrade']);
  });
});
