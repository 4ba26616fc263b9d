import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import type { ProcessGraph } from '../../bpmn/graph.types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');

/** Compiles `test/fixtures/bpmn/<fixture>.bpmn`; a fixture that does not compile fails the test with its errors. */
export async function graphOf(fixture: string): Promise<ProcessGraph> {
  const result = await compileBpmn(readFileSync(join(FIXTURES, `${fixture}.bpmn`), 'utf8'));
  if (!result.ok) throw new Error(`${fixture}: ${JSON.stringify(result.errors)}`);
  return result.graph;
}
