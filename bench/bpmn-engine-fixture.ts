// Derives bench/fixtures/review-pipeline.bpmn-engine.bpmn from test/fixtures/bpmn/review-pipeline.bpmn for the npm
// package bpmn-engine: same elements, ids and flows; only the dialect-specific parts are rewritten (see DIALECT).
// Run: npx tsx bench/bpmn-engine-fixture.ts   (the comparison bench refuses a fixture that differs from this output)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE = join(__dirname, '..', 'test', 'fixtures', 'bpmn', 'review-pipeline.bpmn');
export const TARGET = join(__dirname, 'fixtures', 'review-pipeline.bpmn-engine.bpmn');

/** What differs from the FEEL original, applied in order; each must match exactly once (or `times`). */
export const DIALECT: { what: string; from: string; to: string; times?: number }[] = [
  {
    what: 'decision conditions: FEEL → JavaScript condition script',
    from: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = &quot;pass&quot;</bpmn:conditionExpression>',
    to: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, environment.variables.decision === "pass")</bpmn:conditionExpression>',
    times: 2,
  },
  {
    what: 'reject condition',
    from: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = &quot;reject&quot;</bpmn:conditionExpression>',
    to: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, environment.variables.decision === "reject")</bpmn:conditionExpression>',
  },
  {
    what: 'approve condition',
    from: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = &quot;approve&quot;</bpmn:conditionExpression>',
    to: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, environment.variables.decision === "approve")</bpmn:conditionExpression>',
  },
  {
    what: 'score gate condition',
    from: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=averageScore &gt;= 60</bpmn:conditionExpression>',
    to: '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, environment.variables.averageScore &gt;= 60)</bpmn:conditionExpression>',
  },
  {
    what: 'script task average: zeebe:script FEEL → JavaScript bpmn:script',
    from: '<bpmn:scriptTask id="average" name="average">',
    to: '<bpmn:scriptTask id="average" name="average" scriptFormat="javascript"><bpmn:script>const s = environment.variables.scores; environment.variables.averageScore = s.reduce((a, b) =&gt; a + b, 0) / s.length; next();</bpmn:script>',
  },
  {
    what: 'script task checkComplete',
    from: '<bpmn:scriptTask id="checkComplete" name="checkComplete">',
    to: '<bpmn:scriptTask id="checkComplete" name="checkComplete" scriptFormat="javascript"><bpmn:script>environment.variables.complete = environment.variables.documents.length &gt;= 3; next();</bpmn:script>',
  },
  {
    what: 'multi-instance: zeebe inputCollection → loopCardinality over the same list',
    from: '<bpmn:multiInstanceLoopCharacteristics>',
    to: '<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">${environment.variables.experts.length}</bpmn:loopCardinality>',
  },
];

export function deriveBpmnEngineFixture(source: string): string {
  let xml = source;
  for (const d of DIALECT) {
    const found = xml.split(d.from).length - 1;
    if (found !== (d.times ?? 1))
      throw new Error(`${d.what}: expected ${d.times ?? 1} match(es), found ${found}`);
    xml = xml.split(d.from).join(d.to);
  }
  return xml;
}

if (require.main === module) {
  writeFileSync(TARGET, deriveBpmnEngineFixture(readFileSync(SOURCE, 'utf8')));
  console.log(`wrote ${TARGET}`);
}
