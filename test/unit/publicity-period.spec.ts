// The publicity period a list opens is read from the compiled graph: the first day-counted timer after the list's
// catch event, through subprocess starts and boundary timers, never past a user task.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicityTimer } from '../../api/lists/publicity-period';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { programmeDecisionResolver } from '../../processes/tools/programme-decisions';

const graphOf = async (path: string) => {
  const result = await compileBpmn(readFileSync(join(__dirname, '..', '..', path), 'utf8'), {
    resolveDecision: await programmeDecisionResolver(),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
};

describe('publicity period of a list', () => {
  it.each([
    ['processes/j01-talent-classification.bpmn', 'waitPublicity'],
    ['processes/j03a-home-purchase-subsidy.bpmn', 'waitPublicity'],
    ['processes/j11b-industry-leader-introduced.bpmn', 'waitPublicityList'],
    ['test/fixtures/bpmn/publicity-with-objections.bpmn', 'waitList'],
  ])('given %s, when its list is published at %s, then 5 working days follow', async (file, catchEvent) => {
    expect(publicityTimer(await graphOf(file), catchEvent)).toMatchObject({
      days: 5,
      calendar: 'cn-workday',
    });
  });

  it('given a user task or an unknown element, then no period', async () => {
    const graph = await graphOf('test/fixtures/bpmn/user-task.bpmn');
    expect(publicityTimer(graph, 'review')).toBeNull();
    expect(publicityTimer(graph, 'nope')).toBeNull();
  });
});
