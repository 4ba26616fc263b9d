// Every generated BPMN file (the programmes, the test fixtures, the UI fixtures) compiles to the graph recorded in
// test/fixtures/graphs/generated-graphs.json: moving the generators onto another writer may change the XML and the
// diagram, never what the engine runs. Diagram interchange does not reach the graph, so it is ignored by construction.
// After an intended change of behaviour: RECORD_GRAPHS=1 npx jest test/unit/bpmn-generated-graphs.spec.ts
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../bpmn/compile/canonical-json';
import { type CompileOptions, compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { FIXTURE_DIR } from '../../bpmn/testing/engine-harness';
import { PROCESSES_ROOT } from '../../processes/tools/generate-processes';
import { programmeDecisionResolver } from '../../processes/tools/programme-decisions';
import { resolveFixtureDecision } from '../fixtures/dmn/fixture-decisions';
import { resolveFixtureForm } from '../fixtures/forms/fixture-forms';
import { payFirstTrancheXml, twoStepReviewXml } from '../ui/case-operations-fixtures';
import { publicityXml, revocableXml } from '../ui/lists-fixtures';
import { approvalXml, fourEyesXml, invalidXml } from '../ui/ui-fixtures';

const RECORD = join(__dirname, '..', 'fixtures', 'graphs', 'generated-graphs.json');
const bpmnIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort();
const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const INVALID_DIR = join(FIXTURE_DIR, 'invalid');
const uiFixtures: Record<string, (key: string) => Promise<string>> = {
  approvalXml,
  fourEyesXml,
  invalidXml,
  publicityXml,
  revocableXml,
  payFirstTrancheXml,
  twoStepReviewXml,
};

/** Name → XML of every generated file, with the compile options it is deployed with. */
async function generated(): Promise<[string, string, CompileOptions][]> {
  const programmes: CompileOptions = { resolveDecision: await programmeDecisionResolver() };
  const fixtures: CompileOptions = {
    resolveForm: resolveFixtureForm,
    resolveDecision: resolveFixtureDecision,
  };
  return [
    ...bpmnIn(PROCESSES_ROOT).map((f): [string, string, CompileOptions] => [
      `processes/${f}`,
      read(PROCESSES_ROOT, f),
      programmes,
    ]),
    ...bpmnIn(FIXTURE_DIR).map((f): [string, string, CompileOptions] => [
      `test/fixtures/bpmn/${f}`,
      read(FIXTURE_DIR, f),
      fixtures,
    ]),
    ...bpmnIn(INVALID_DIR).map((f): [string, string, CompileOptions] => [
      `test/fixtures/bpmn/invalid/${f}`,
      read(INVALID_DIR, f),
      fixtures,
    ]),
    ...(await Promise.all(
      Object.entries(uiFixtures).map(async ([name, xml]): Promise<[string, string, CompileOptions]> => [
        `test/ui/${name}`,
        await xml('ui-fixture'),
        fixtures,
      ]),
    )),
  ];
}

/** The compiled graph (or, for an invalid file, its errors) as a sha256 of its canonical JSON. */
async function fingerprint(xml: string, options: CompileOptions): Promise<string> {
  const result = await compileBpmn(xml, options);
  const outcome = result.ok ? { graph: result.graph } : { errors: result.errors };
  return createHash('sha256').update(canonicalJson(outcome)).digest('hex');
}

describe('generated BPMN files: behaviour kept across generator changes', () => {
  it('given every generated file, when compiled, then each graph equals the recorded one', async () => {
    const actual: Record<string, string> = {};
    for (const [name, xml, options] of await generated()) actual[name] = await fingerprint(xml, options);
    if (process.env.RECORD_GRAPHS) writeFileSync(RECORD, `${JSON.stringify(actual, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(RECORD, 'utf8')) as Record<string, string>;
    expect(Object.keys(actual).length).toBeGreaterThan(90);
    expect(actual).toEqual(recorded);
  });
});
