// Attachments over HTTP: upload-then-reference from an applicant's start, size and type limits by content, and reads
// limited to the uploader before binding and to whoever sees the case after.
import { type CaseApi, createCaseApi } from './api-cases-support';
import { attachmentsProcessXml, pdfBytes } from './attachments-support';

const PROCESS = attachmentsProcessXml('attachments-apply');

const PDF = pdfBytes();
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);

describe('API attachments', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-attachments');
    // A second applicant with the demo password.
    await t.database.dataSource.query(
      `INSERT INTO users (username, password_hash, roles) SELECT 'applicant2', password_hash, roles FROM users WHERE username = 'applicant1'`,
    );
    await t.deploy(PROCESS);
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (user: string, body: Buffer, name: string, field?: string) =>
    t
      .http()
      .post(`/api/v1/attachments?name=${encodeURIComponent(name)}${field ? `&field=${field}` : ''}`)
      .set('Authorization', await t.as(user))
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const get = async (user: string, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('given an applicant, when they upload a PDF before applying, then it is stored with its hash and only they can read it', async () => {
    const res = await upload('applicant1', PDF, '学历证明.pdf', 'diploma');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId: null,
      field: 'diploma',
      fileName: '学历证明.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      uploadedBy: 'applicant1',
    });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    const mine = await get('applicant1', `/attachments/${res.body.id}/content`);
    expect(mine.status).toBe(200);
    expect(Buffer.compare(mine.body as Buffer, PDF)).toBe(0);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(mine.headers['content-disposition']).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('学历证明.pdf')}`,
    );

    const other = await get('applicant2', `/attachments/${res.body.id}/content`);
    expect(other.status).toBe(404);
    const reviewer = await get('city-reviewer1', `/attachments/${res.body.id}/content`);
    expect(reviewer.status).toBe(404);
  });

  it('given an upload larger than the limit, then 413 FILE_TOO_LARGE and nothing is stored', async () => {
    const before = await t.database.dataSource.query(`SELECT count(*)::int AS n FROM attachments`);
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
    const res = await upload('applicant1', big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    const after = await t.database.dataSource.query(`SELECT count(*)::int AS n FROM attachments`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('given a file whose name says PDF but whose bytes are not an accepted type, then 415 UNSUPPORTED_TYPE', async () => {
    const script = await upload('applicant1', Buffer.from('<script>alert(1)</script>'), 'invoice.pdf');
    expect(script.status).toBe(415);
    expect(script.body.code).toBe('UNSUPPORTED_TYPE');
    const zip = await upload('applicant1', Buffer.from('PK\u0003\u0004not-an-office-file'), 'report.docx');
    expect(zip.status).toBe(415);
    expect(zip.body.code).toBe('UNSUPPORTED_TYPE');
    const png = await upload('applicant1', PNG, 'photo.pdf');
    expect(png.status).toBe(201);
    expect(png.body.mediaType).toBe('image/png');
  });

  it('given uploads referenced when an applicant applies, then they belong to the case: visible to reviewers, 404 to another applicant', async () => {
    const a = (await upload('applicant1', PDF, 'cv.pdf', 'cv')).body as { id: string };
    const b = (await upload('applicant1', PNG, 'photo.png', 'photos')).body as { id: string };
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('applicant1'))
      .send({
        processKey: 'attachments-apply',
        businessKey: `att-${Date.now()}`,
        variables: { applicantId: 'applicant1', cv: a.id, photos: [b.id] },
      });
    expect(created.status).toBe(201);
    const caseId = (created.body as { id: string }).id;

    const list = await t
      .http()
      .get(`/api/v1/cases/${caseId}/attachments`)
      .set('Authorization', await t.as('applicant1'));
    expect(list.status).toBe(200);
    expect(
      (list.body as { id: string; caseId: string; field: string }[]).map((x) => [x.id, x.caseId, x.field]),
    ).toEqual([
      [a.id, caseId, 'cv'],
      [b.id, caseId, 'photos'],
    ]);

    expect((await get('city-reviewer1', `/attachments/${a.id}/content`)).status).toBe(200);
    expect((await get('applicant2', `/attachments/${a.id}/content`)).status).toBe(404);
    const otherList = await t
      .http()
      .get(`/api/v1/cases/${caseId}/attachments`)
      .set('Authorization', await t.as('applicant2'));
    expect(otherList.status).toBe(404);
  });

  it("given another applicant's upload, when an applicant references it in their application, then 400 and no case", async () => {
    const theirs = (await upload('applicant1', PDF, 'theirs.pdf')).body as { id: string };
    const businessKey = `steal-${Date.now()}`;
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('applicant2'))
      .send({
        processKey: 'attachments-apply',
        businessKey,
        variables: { applicantId: 'applicant2', cv: theirs.id },
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ATTACHMENT_NOT_USABLE');
    expect(res.body.details).toEqual([{ field: 'cv', message: expect.any(String) }]);
    const rows = await t.database.dataSource.query(
      `SELECT count(*)::int AS n FROM cases WHERE business_key = $1`,
      [businessKey],
    );
    expect(rows[0].n).toBe(0);
  });

  it('given a reviewer who uploads evidence while completing a step, then the file is bound to that case', async () => {
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('applicant1'))
      .send({ processKey: 'attachments-apply', businessKey: `ev-${Date.now()}`, variables: {} });
    expect(created.status).toBe(201);
    const caseId = (created.body as { id: string }).id;
    const [task] = await t.openTasks(caseId, 'city-reviewer1');
    const evidence = (await upload('city-reviewer1', PNG, '现场核查.png', 'evidence')).body as { id: string };
    // Before binding only the uploader reads it.
    expect((await get('applicant1', `/attachments/${evidence.id}/content`)).status).toBe(404);
    const done = await t
      .http()
      .post(`/api/v1/tasks/${task!.id}/complete`)
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ decision: 'pass', variables: { evidence: [evidence.id] } });
    expect(done.status).toBe(200);
    const list = await t
      .http()
      .get(`/api/v1/cases/${caseId}/attachments`)
      .set('Authorization', await t.as('applicant1'));
    expect((list.body as { id: string; caseId: string }[]).map((a) => [a.id, a.caseId])).toEqual([
      [evidence.id, caseId],
    ]);
    expect((await get('applicant1', `/attachments/${evidence.id}/content`)).status).toBe(200);
  });

  it('given a case whose attachment bind was lost (a crash after the case was created), when its files are listed, then the referenced upload is bound', async () => {
    const a = (await upload('applicant1', PDF, 'lost.pdf', 'cv')).body as { id: string };
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('applicant1'))
      .send({ processKey: 'attachments-apply', businessKey: `lost-${Date.now()}`, variables: { cv: a.id } });
    expect(created.status).toBe(201);
    const caseId = (created.body as { id: string }).id;
    // Simulate the crash between the case and the bind.
    await t.database.dataSource.query(
      `UPDATE attachments SET case_id = NULL, bound_at = NULL WHERE id = $1`,
      [a.id],
    );
    const list = await t
      .http()
      .get(`/api/v1/cases/${caseId}/attachments`)
      .set('Authorization', await t.as('city-reviewer1'));
    expect(list.status).toBe(200);
    expect((list.body as { id: string; caseId: string }[]).map((x) => [x.id, x.caseId])).toEqual([
      [a.id, caseId],
    ]);
  });
});
