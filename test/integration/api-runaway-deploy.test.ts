// Issue 17 at deploy time: a timer cycle faster than a minute and subprocesses nested deeper than 32 are refused
// with a 400 naming the element, instead of a definition that floods history or crashes the worker on replay.
import { type TestApp, createTestApp } from '../support/app-harness';
import { fixtureXml } from './api-cases-support';
import { nestedSubprocessesXml } from '../fixtures/bpmn/fixture-model';

describe('API definitions: runaway processes refused at deploy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-runaway-deploy');
  });
  afterAll(async () => {
    await t?.close();
  });

  const deploy = async (xml: string) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(xml);

  it('given a timer cycle R/PT0S, when deployed, then 400 naming the timer', async () => {
    const res = await deploy(fixtureXml('invalid/timer-cycle-too-fast'));
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({
      elementId: 'remind',
      message: "timeCycle 'R/PT0S' repeats more often than once a minute",
    });
  });

  it('given 1,000 nested subprocesses, when deployed, then 400 naming the subprocess beyond depth 32', async () => {
    const res = await deploy(await nestedSubprocessesXml(1000, 'deeply-nested'));
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({
      elementId: 'sub968',
      message: 'subprocesses nest more than 32 levels deep',
    });
    expect(
      (
        await t
          .http()
          .get('/api/v1/process-definitions')
          .set('Authorization', `Bearer ${await t.token('admin')}`)
      ).body,
    ).toEqual([]);
  });
});
