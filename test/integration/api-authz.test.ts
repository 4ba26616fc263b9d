// The authorization matrix: every demo role against every case-handling endpoint, plus district scoping.
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

const USERS = [
  'applicant1',
  'employer1',
  'lixia-reviewer',
  'shizhong-reviewer',
  'city-reviewer1',
  'expert1',
  'orgdept1',
  'finance1',
  'admin',
] as const;
type User = (typeof USERS)[number];

const GHOST = '00000000-0000-4000-8000-000000000000';

/** Who sees a lixia case nobody applied for (contract §2, who sees a case): its district and the all-seeing roles. */
const SEES_LIXIA: ReadonlySet<User> = new Set([
  'lixia-reviewer',
  'city-reviewer1',
  'orgdept1',
  'finance1',
  'admin',
]);
const lixiaRead = (u: User) => (SEES_LIXIA.has(u) ? 200 : 404);

describe('API authorization matrix', () => {
  let t: CaseApi;
  let lixiaCase: string;

  beforeAll(async () => {
    t = await createCaseApi('api-authz');
    await t.deploy(fixtureXml('user-task'));
    await t.deploy(fixtureXml('start-by-applicant'));
    lixiaCase = (await t.startCase('user-task', { district: 'lixia' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Probe {
    name: string;
    send(auth: string): Promise<{ status: number }>;
    /** expected status per user */
    expect(user: User): number;
  }

  const probes: Probe[] = [
    {
      name: 'POST /process-definitions',
      send: (auth) =>
        t
          .http()
          .post('/api/v1/process-definitions')
          .set('Authorization', auth)
          .set('Content-Type', 'application/xml')
          .send(fixtureXml('user-task')),
      expect: (u) => (u === 'admin' ? 200 : 403),
    },
    {
      name: 'GET /process-definitions',
      send: (auth) => t.http().get('/api/v1/process-definitions').set('Authorization', auth),
      expect: () => 200,
    },
    {
      name: 'POST /cases (district lixia)',
      send: (auth) =>
        t
          .http()
          .post('/api/v1/cases')
          .set('Authorization', auth)
          .send({
            processKey: 'start-by-applicant',
            businessKey: uniqueKey('authz'),
            variables: { district: 'lixia' },
          }),
      // rf:startableBy="applicant,employer"; admin always (NOT_STARTABLE for the others)
      expect: (u) => (['admin', 'applicant1', 'employer1'].includes(u) ? 201 : 403),
    },
    {
      name: 'GET /cases/:id (lixia)',
      send: (auth) => t.http().get(`/api/v1/cases/${lixiaCase}`).set('Authorization', auth),
      expect: lixiaRead,
    },
    {
      name: 'GET /cases/:id/history (lixia)',
      send: (auth) => t.http().get(`/api/v1/cases/${lixiaCase}/history`).set('Authorization', auth),
      expect: lixiaRead,
    },
    {
      name: 'GET /cases/:id/payments (lixia)',
      send: (auth) => t.http().get(`/api/v1/cases/${lixiaCase}/payments`).set('Authorization', auth),
      expect: lixiaRead,
    },
    {
      name: 'GET /cases',
      send: (auth) => t.http().get('/api/v1/cases').set('Authorization', auth),
      expect: () => 200,
    },
    {
      name: 'GET /tasks',
      send: (auth) => t.http().get('/api/v1/tasks').set('Authorization', auth),
      expect: () => 200,
    },
    {
      name: 'POST /messages',
      send: (auth) =>
        t
          .http()
          .post('/api/v1/messages')
          .set('Authorization', auth)
          .send({ name: 'nobody', correlationKey: 'nobody' }),
      // no definition names a role in rf:senders of 'nobody': admin only (NOT_SENDER for the others)
      expect: (u) => (u === 'admin' ? 200 : 403),
    },
    {
      name: 'POST /cases/:id/objections (lixia, not in publicity)',
      send: (auth) =>
        t
          .http()
          .post(`/api/v1/cases/${lixiaCase}/objections`)
          .set('Authorization', auth)
          .send({ reason: 'r' }),
      // A publicity list is public: anyone may object, even to a case they may not read.
      expect: () => 409,
    },
    {
      name: 'POST /batches (message)',
      send: (auth) =>
        t
          .http()
          .post('/api/v1/batches')
          .set('Authorization', auth)
          .send({ title: 't', caseIds: [GHOST], action: { type: 'message', name: 'm', variables: {} } }),
      // no process names a role in rf:senders of 'm': admin only (NOT_SENDER)
      expect: (u) => (u === 'admin' ? 201 : 403),
    },
    {
      name: 'POST /tasks/:id/claim (unknown)',
      send: (auth) => t.http().post(`/api/v1/tasks/${GHOST}/claim`).set('Authorization', auth),
      expect: () => 404,
    },
  ];

  it.each(probes.map((p) => [p.name, p] as const))('%s', async (_name, probe) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const user of USERS) {
      got[user] = (await probe.send(await t.as(user))).status;
      want[user] = probe.expect(user);
    }
    expect(got).toEqual(want);
    expect((await probe.send('Bearer not-a-token')).status).toBe(401);
  });

  it('given a lixia task, when each role tries to claim it, then only candidates of that district may', async () => {
    const c = await t.startCase('user-task', { district: 'lixia' });
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    const got: Record<string, number> = {};
    for (const user of USERS) {
      const auth = await t.as(user);
      const res = await t.http().post(`/api/v1/tasks/${task!.id}/claim`).set('Authorization', auth);
      got[user] = res.status;
      if (res.status === 200)
        await t.http().post(`/api/v1/tasks/${task!.id}/unclaim`).set('Authorization', auth);
    }
    // Who may not see the case does not learn the task exists (404); who sees it but is no candidate gets 403.
    expect(got).toEqual({
      applicant1: 404,
      employer1: 404,
      'lixia-reviewer': 200,
      'shizhong-reviewer': 404,
      'city-reviewer1': 200,
      expert1: 404,
      orgdept1: 403,
      finance1: 403,
      admin: 403,
    });
  });
});
