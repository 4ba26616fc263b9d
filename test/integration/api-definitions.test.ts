import { type TestApp, createTestApp } from '../support/app-harness';
import { fixtureXml } from './api-cases-support';

/** A fixture under another process id, so each test owns its key. */
const renamed = (fixture: string, key: string) => fixtureXml(fixture).replaceAll(`"${fixture}"`, `"${key}"`);

describe('API process definitions', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    // Default config: XML bodies get their own 6 MiB parser limit, so the 5 MiB definition rule answers.
    t = await createTestApp('api-definitions');
    admin = `Bearer ${await t.token('admin')}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const deploy = (xml: string, auth = admin) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', auth)
      .set('Content-Type', 'application/xml')
      .send(xml);

  it('given a valid BPMN, when deployed, then 201 with version 1 and it can be read back', async () => {
    const xml = renamed('user-task', 'def-basic');
    const res = await deploy(xml);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), key: 'def-basic', version: 1, name: 'def-basic' });

    const one = await t
      .http()
      .get('/api/v1/process-definitions/def-basic/versions/1')
      .set('Authorization', admin);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ key: 'def-basic', version: 1, name: 'def-basic', xml });

    const list = await t.http().get('/api/v1/process-definitions').set('Authorization', admin);
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({ key: 'def-basic', name: 'def-basic', latestVersion: 1 });
  });

  it('given a deployed BPMN, when the same bytes are deployed again, then 200 with the same version', async () => {
    const xml = renamed('none-start-end', 'def-same');
    const first = await deploy(xml);
    const again = await deploy(xml);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('given a changed BPMN, when deployed, then a new version and the old one is unchanged', async () => {
    const v1 = renamed('none-start-end', 'def-changed');
    const v2 = v1.replace('</bpmn:process>', '<!-- v2 --></bpmn:process>');
    expect((await deploy(v1)).body.version).toBe(1);
    const second = await deploy(v2);
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    const old = await t
      .http()
      .get('/api/v1/process-definitions/def-changed/versions/1')
      .set('Authorization', admin);
    expect(old.body.xml).toBe(v1);
    const list = await t.http().get('/api/v1/process-definitions').set('Authorization', admin);
    expect(list.body).toContainEqual({ key: 'def-changed', name: 'def-changed', latestVersion: 2 });
  });

  it('given concurrent deploys of one key, when they race, then versions are distinct and identical XML shares one', async () => {
    const base = renamed('none-start-end', 'def-race');
    const xmls = Array.from({ length: 6 }, (_, i) =>
      base.replace('</bpmn:process>', `<!-- ${i % 3} --></bpmn:process>`),
    );
    const results = await Promise.all(xmls.map((x) => deploy(x)));
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const byXml = new Map<string, number>();
    xmls.forEach((x, i) => {
      const v = results[i]?.body.version as number;
      if (byXml.has(x)) expect(v).toBe(byXml.get(x));
      byXml.set(x, v);
    });
    expect(new Set(byXml.values())).toEqual(new Set([1, 2, 3]));
  });

  it('given BPMN with several problems, when deployed, then 400 with an elementId for every problem', async () => {
    const res = await deploy(fixtureXml('invalid/many-errors'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details.length).toBeGreaterThanOrEqual(3);
    for (const d of res.body.details)
      expect(d).toEqual({ elementId: expect.any(String), message: expect.any(String) });
    expect(res.body.details.map((d: { elementId: string }) => d.elementId)).toEqual(
      expect.arrayContaining(['cx', 'calc']),
    );
  });

  it('given text that is not XML, when deployed, then 400 and nothing is stored', async () => {
    const res = await deploy('this is not xml');
    expect(res.status).toBe(400);
    expect(res.body.details?.length).toBeGreaterThan(0);
  });

  it('given a body over 5 MiB, when deployed, then 413', async () => {
    const xml = renamed('none-start-end', 'def-big').replace(
      '</bpmn:process>',
      `<!-- ${'x'.repeat(5 * 1024 * 1024)} --></bpmn:process>`,
    );
    const res = await deploy(xml);
    expect(res.status).toBe(413);
    expect(res.body.statusCode).toBe(413);
  });

  it('given a 2 MiB definition under the default JSON body limit, when deployed, then 201', async () => {
    const xml = renamed('none-start-end', 'def-two-mib').replace(
      '</bpmn:process>',
      `<!-- ${'x'.repeat(2 * 1024 * 1024)} --></bpmn:process>`,
    );
    const res = await deploy(xml);
    expect(res.status).toBe(201);
  });

  it('given a non-admin, when deploying, then 403; when reading, then allowed', async () => {
    const reviewer = `Bearer ${await t.token('city-reviewer1')}`;
    const res = await deploy(renamed('none-start-end', 'def-forbidden'), reviewer);
    expect(res.status).toBe(403);
    const list = await t.http().get('/api/v1/process-definitions').set('Authorization', reviewer);
    expect(list.status).toBe(200);
  });

  it('given JSON instead of XML, when deployed, then 415 names the content type', async () => {
    const res = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', admin)
      .send({ xml: '<x/>' });
    expect(res.status).toBe(415);
    expect(res.body.message).toContain('application/xml');
  });

  it('given an unknown key or a bad version, when read, then 404 or 400', async () => {
    const missing = await t
      .http()
      .get('/api/v1/process-definitions/nope/versions/1')
      .set('Authorization', admin);
    expect(missing.status).toBe(404);
    const bad = await t.http().get('/api/v1/process-definitions/nope/versions/x').set('Authorization', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'version' })]);
  });

  it('given what Zeebe ignores (a foreign extension, a default-flow condition), when deployed, then 201 lists each as a warning with its elementId', async () => {
    const res = await deploy(renamed('zeebe-lenient', 'def-lenient'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: 'def-lenient', version: 1 });
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([
        { elementId: 'review', message: expect.stringContaining('other:panel') },
        { elementId: 'f_default', message: expect.stringContaining('ignored') },
        // Camunda Modeler's lint for 8.6: a sourceless input is a newer Camunda's feature, so only a warning
        { elementId: 'review', message: expect.stringContaining('camunda-compat/io-mapping') },
      ]),
    );
  });

  it("given a variable name Camunda refuses, when deployed, then 400 names the element by Camunda's lint rule and nothing is stored", async () => {
    const xml = renamed('zeebe-lenient', 'def-linted').replace(
      '<zeebe:input target="draft" />',
      '<zeebe:input source="=1" target="$.draft" />',
    );
    const res = await deploy(xml);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { elementId: 'review', message: expect.stringContaining('camunda-compat/variable-name') },
    ]);
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([{ elementId: 'review', message: expect.stringContaining('other:panel') }]),
    );
    const list = await t.http().get('/api/v1/process-definitions').set('Authorization', admin);
    expect(list.body.map((d: { key: string }) => d.key)).not.toContain('def-linted');
  });
});
