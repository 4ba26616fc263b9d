// Camunda Forms over HTTP: deployed and versioned, linked or embedded, and what a start or a completion may write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completeTaskUpdate } from '../../workflows/messages';
import { FORM_FIXTURE_DIR } from '../fixtures/forms/fixture-forms';
import { type CaseApi, FIXTURES, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

const formJson = (name: string) =>
  JSON.parse(readFileSync(join(FORM_FIXTURE_DIR, `${name}.form`), 'utf8')) as Record<string, unknown>;

describe('API forms and what a step may write', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-forms');
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (path: string, user: string, body: unknown) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .send(body as object);
  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const deployXml = async (xml: string) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/xml')
      .send(xml);
  const start = (processKey: string, variables: Record<string, unknown>) =>
    post('/cases', 'admin', { processKey, businessKey: uniqueKey(processKey), variables });
  const taskOf = async (caseId: string, user: string, elementId: string) => {
    const [task] = await t.eventually(
      async () => (await t.openTasks(caseId, user)).filter((x) => x.elementId === elementId),
      (tasks) => tasks.length > 0,
    );
    if (!task) throw new Error(`no ${elementId}`);
    return task;
  };

  it('given a linked BPMN whose forms are not deployed, when deployed, then 400 names the start event and the task', async () => {
    const res = await deployXml(fixtureXml('user-task-form-linked'));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { elementId: string }) => d.elementId).sort()).toEqual([
      'score',
      'start',
    ]);
    expect(res.body.details[0].message).toMatch(/not deployed/);
  });

  it('given form JSON, when deployed, then it is versioned like definitions and readable by id and version', async () => {
    const form = formJson('fixture-expert-score');
    const first = await post('/forms', 'admin', form);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), formId: 'fixture-expert-score', version: 1 });
    const again = await post('/forms', 'admin', form);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = { ...form, components: [...(form.components as unknown[]), { type: 'spacer' }] };
    const second = await post('/forms', 'admin', changed);
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    expect((await get('/forms/fixture-expert-score', 'expert2')).body).toMatchObject({
      formId: 'fixture-expert-score',
      version: 2,
      schema: changed,
    });
    expect((await get('/forms/fixture-expert-score/versions/1')).body.schema).toEqual(form);
    expect((await get('/forms/nope')).status).toBe(404);
    expect((await post('/forms', 'expert2', form)).status).toBe(403);
    expect((await post('/forms', 'admin', formJson('fixture-declaration'))).status).toBe(201);
  });

  it('given unreadable forms, when deployed, then 400 INVALID_FORM names the field', async () => {
    const bad = await post('/forms', 'admin', {
      id: 'broken',
      components: [{ type: 'number', key: 'n', validate: { min: 'low' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'INVALID_FORM',
      details: [{ field: 'n', message: expect.any(String) }],
    });
    const noId = await post('/forms', 'admin', { components: [] });
    expect(noId.body).toMatchObject({ code: 'INVALID_FORM', details: [{ field: 'id' }] });
    const unreadable = await deployXml(
      readFileSync(join(FIXTURES, 'invalid', 'form-unreadable.bpmn'), 'utf8'),
    );
    expect(unreadable.status).toBe(400);
    expect(
      [...new Set(unreadable.body.details.map((d: { elementId: string }) => d.elementId))].sort(),
    ).toEqual(['both', 'extRef', 'unknownId', 'ut']);
  });

  it('given a start form, when cases start, then missing required, unknown and ill-typed variables are refused', async () => {
    expect((await deployXml(fixtureXml('user-task-form-linked'))).status).toBe(201);
    const missing = await start('user-task-form-linked', { district: 'lixia', category: 'A' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'FIELD_INVALID',
      details: [{ field: 'variables.applicantName', code: 'FIELD_REQUIRED' }],
    });
    const unknown = await start('user-task-form-linked', { applicantName: '王芳', category: 'A', salary: 1 });
    expect(unknown.body).toMatchObject({
      code: 'FIELD_NOT_WRITABLE',
      details: [{ field: 'variables.salary' }],
    });
    const option = await start('user-task-form-linked', {
      applicantName: '王芳',
      category: 'Z',
      attachments: [42],
    });
    expect(option.body.details.map((d: { code: string }) => d.code).sort()).toEqual([
      'FIELD_NOT_AN_OPTION',
      'FIELD_TYPE',
    ]);
    const ok = await start('user-task-form-linked', {
      district: 'lixia',
      applicantName: '王芳',
      category: 'A',
      birthDate: '1985-06-01',
      attachments: ['att-1'],
    });
    expect(ok.status).toBe(201);
  });

  it('given a linked score form, when experts complete, then bad values are refused, nothing changes, and a good one is written', async () => {
    const c = await start('user-task-form-linked', { applicantName: '李强', category: 'B' });
    expect(c.status).toBe(201);
    const task = await taskOf(c.body.id, 'expert2', 'score');
    const complete = (body: object) => post(`/tasks/${task.id}/complete`, 'expert2', body);
    // the step's contract, for clients that render the form
    const contract = await get(`/tasks/${task.id}/form`, 'expert2');
    expect(contract.status).toBe(200);
    expect(contract.body).toMatchObject({
      elementId: 'score',
      writes: null,
      form: {
        formId: 'fixture-expert-score',
        version: 2,
        fields: [
          expect.objectContaining({ key: 'score', required: true, min: 0, max: 100 }),
          expect.anything(),
        ],
        schema: expect.objectContaining({ id: 'fixture-expert-score' }),
      },
    });

    const undeclared = await complete({ variables: { score: 90, bonus: 5 } });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body).toMatchObject({
      code: 'FIELD_NOT_WRITABLE',
      details: [{ field: 'variables.bonus', message: expect.any(String) }],
    });
    const range = await complete({ variables: { score: 101 } });
    expect(range.body).toMatchObject({
      code: 'FIELD_INVALID',
      details: [{ field: 'variables.score', code: 'FIELD_RANGE' }],
    });
    const type = await complete({ variables: { score: 'ninety' } });
    expect(type.body.details[0]).toMatchObject({ code: 'FIELD_TYPE' });
    const required = await complete({ variables: { remark: '好' } });
    expect(required.body.details[0]).toMatchObject({ field: 'variables.score', code: 'FIELD_REQUIRED' });
    // nothing changed: the task is still open and the case holds no score
    expect((await get(`/cases/${c.body.id}`)).body.variables).not.toHaveProperty('bonus');
    expect((await t.openTasks(c.body.id, 'expert2')).map((x) => x.id)).toEqual([task.id]);

    const done = await complete({ comment: '材料翔实', variables: { score: 88, remark: '同意' } });
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({
      id: task.id,
      state: 'completed',
      completedBy: 'expert2',
      comment: '材料翔实',
    });
    const after = await t.eventually(
      async () =>
        (await get(`/cases/${c.body.id}`)).body as { status: string; variables: Record<string, unknown> },
      (x) => x.status === 'completed',
    );
    expect(after.variables).toMatchObject({ score: 88, remark: '同意' });
  });

  it('given an embedded grade form, when the org department completes, then only A/B/C is accepted', async () => {
    expect((await deployXml(fixtureXml('user-task-form-embedded'))).status).toBe(201);
    const c = await start('user-task-form-embedded', {
      district: 'lixia',
      anything: 'goes without a start form',
    });
    expect(c.status).toBe(201);
    const task = await taskOf(c.body.id, 'orgdept1', 'grade');
    expect((await get(`/tasks/${task.id}/form`, 'orgdept1')).body.form).toMatchObject({
      formId: 'gradeForm',
      embedded: true,
      schema: { id: 'gradeForm', components: expect.any(Array) },
    });
    const wrong = await post(`/tasks/${task.id}/complete`, 'orgdept1', { variables: { grade: 'D' } });
    expect(wrong.body).toMatchObject({
      code: 'FIELD_INVALID',
      details: [{ field: 'variables.grade', code: 'FIELD_NOT_AN_OPTION' }],
    });
    const ok = await post(`/tasks/${task.id}/complete`, 'orgdept1', {
      variables: { grade: 'A', opinion: '同意' },
    });
    expect(ok.status).toBe(200);
  });

  it('given rf:writes, when completed with decision and comment as fields, then declared variables pass and others are refused', async () => {
    expect((await deployXml(fixtureXml('user-task-writes'))).status).toBe(201);
    const c = await start('user-task-writes', { district: 'lixia' });
    const task = await taskOf(c.body.id, 'city-reviewer1', 'review');
    expect((await get(`/tasks/${task.id}/form`, 'city-reviewer1')).body).toEqual({
      elementId: 'review',
      decisions: ['pass', 'reject'],
      form: null,
      writes: ['note', 'amount'],
    });
    const refused = await post(`/tasks/${task.id}/complete`, 'city-reviewer1', {
      decision: 'pass',
      variables: { note: 'ok', grade: 'A' },
    });
    expect(refused.body).toMatchObject({
      code: 'FIELD_NOT_WRITABLE',
      details: [{ field: 'variables.grade' }],
    });
    const conflicting = await post(`/tasks/${task.id}/complete`, 'city-reviewer1', {
      decision: 'pass',
      variables: { decision: 'reject' },
    });
    expect(conflicting.body).toMatchObject({ code: 'DECISION_CONFLICT' });

    // the workflow checks it again: an update sent past the API is refused with the same reason
    const sneaky = t.temporal.client.workflow
      .getHandle(`case-${c.body.id}`)
      .executeUpdate(completeTaskUpdate, {
        args: [
          {
            taskId: task.id,
            variables: { decision: 'pass', grade: 'A' },
            user: { username: 'city-reviewer1', roles: ['city-reviewer'] },
          },
        ],
      });
    const failure = await sneaky.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (failure as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('FIELD_NOT_WRITABLE');

    const done = await post(`/tasks/${task.id}/complete`, 'city-reviewer1', {
      decision: 'pass',
      comment: '同意受理',
      variables: { note: '材料齐全', amount: 3 },
    });
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({ state: 'completed', decision: 'pass', comment: '同意受理' });
    const hist = await get(`/cases/${c.body.id}`);
    expect(hist.body.variables).toMatchObject({ note: '材料齐全', amount: 3, decision: 'pass' });
    expect(hist.body.variables).not.toHaveProperty('grade');
  });
});
