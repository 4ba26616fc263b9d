// The S3 attachment store against a real S3-compatible server (moto_server on loopback, from PyPI's moto[server]):
// boot validation, then over HTTP upload → bound to a case → download with the same sha-256, identical bytes stored
// once. moto_server comes from MOTO_SERVER_PATH or PATH (.ci/run installs it); without it this test fails, never skips.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3AttachmentStore, sha256Hex } from '../../api/attachments/attachment-store';
import { ConfigError, loadConfig } from '../../config/app-config';
import { type TestApp, createTestApp } from '../support/app-harness';
import { freePort, sleep } from '../support/child-processes';
import { uniqueKey } from './api-cases-support';
import { attachmentsProcessXml, pdfBytes } from './attachments-support';

const PROCESS = attachmentsProcessXml('attachments-s3-apply');

const PDF = pdfBytes('% s3 store\n');
const BUCKET = 'reviewflow-attachments';
const SECRET = 'moto-secret-never-logged';

function motoServerPath(): string {
  const given = process.env.MOTO_SERVER_PATH?.trim();
  const candidates = given
    ? [given]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'moto_server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(
    given
      ? `MOTO_SERVER_PATH=${given} is not an executable moto_server; install it with \`pip install 'moto[server]'\` (.ci/run does)`
      : "moto_server is not on PATH and MOTO_SERVER_PATH is unset: install it with `pip install 'moto[server]'` (.ci/run does) or set MOTO_SERVER_PATH",
  );
}

describe('S3 attachment store (moto_server)', () => {
  let moto: ChildProcess | undefined;
  let motoOutput = '';
  let endpoint = '';
  let s3: S3Client | undefined;
  let t: TestApp | undefined;
  const s3Env = () => ({
    ATTACHMENT_STORE: 's3',
    ATTACHMENT_S3_ENDPOINT: endpoint,
    ATTACHMENT_S3_BUCKET: BUCKET,
    ATTACHMENT_S3_ACCESS_KEY_ID: 'moto-access-key',
    ATTACHMENT_S3_SECRET_ACCESS_KEY: SECRET,
  });
  const keys = async () =>
    ((await s3!.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);

  beforeAll(async () => {
    const bin = motoServerPath();
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    moto.stdout?.on('data', (c: Buffer) => (motoOutput += c.toString()));
    moto.stderr?.on('data', (c: Buffer) => (motoOutput += c.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (moto.exitCode !== null)
        throw new Error(`moto_server (${bin}) exited ${moto.exitCode}: ${motoOutput}`);
      const up = await fetch(`${endpoint}/`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline)
        throw new Error(`moto_server (${bin}) did not answer on ${endpoint}: ${motoOutput}`);
      await sleep(100);
    }
    s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'moto-access-key', secretAccessKey: SECRET },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

    t = await createTestApp('attachments-s3', {
      taskQueue: uniqueKey('api-attachments-s3'),
      worker: true,
      env: s3Env(),
    });
    await t.database.dataSource.query(
      `INSERT INTO users (username, password_hash, roles) SELECT 'applicant2', password_hash, roles FROM users WHERE username = 'applicant1'`,
    );
  });

  afterAll(async () => {
    await t?.close();
    s3?.destroy();
    if (moto && moto.exitCode === null && moto.signalCode === null) {
      const exited = new Promise((resolve) => moto!.once('exit', resolve));
      moto.kill('SIGTERM');
      const timer = setTimeout(() => moto?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  });

  it('given ATTACHMENT_STORE=s3 without a bucket or credentials, then boot fails naming the variable and no secret', () => {
    const base = { NODE_ENV: 'test', ...s3Env() };
    for (const name of [
      'ATTACHMENT_S3_BUCKET',
      'ATTACHMENT_S3_ACCESS_KEY_ID',
      'ATTACHMENT_S3_SECRET_ACCESS_KEY',
    ]) {
      let error: unknown;
      try {
        loadConfig({ ...base, [name]: undefined });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`${name} is missing`);
      expect((error as Error).message).not.toContain(SECRET);
    }
    const config = loadConfig(base);
    expect(config.attachmentS3).toMatchObject({ bucket: BUCKET, region: 'us-east-1', forcePathStyle: true });
  });

  it('given the store, when the same bytes are put twice, then one object keyed by the sha-256; unknown keys are absent', async () => {
    const store = new S3AttachmentStore({ ...loadConfig({ NODE_ENV: 'test', ...s3Env() }).attachmentS3! });
    try {
      const bytes = Buffer.from(`direct ${Date.now()}`);
      const sha = sha256Hex(bytes);
      expect(await store.put(sha, bytes)).toBe(sha);
      expect(await store.put(sha, bytes)).toBe(sha);
      expect((await keys()).filter((k) => k === sha)).toHaveLength(1);
      expect(Buffer.compare((await store.get(sha))!, bytes)).toBe(0);
      expect(await store.get('0'.repeat(64))).toBeUndefined();
      await expect(store.get('../etc/passwd')).rejects.toThrow('not a sha-256 key');
    } finally {
      store.destroy();
    }
  });

  it('given uploads over HTTP, when bound to a case and downloaded, then the same sha-256 and identical bytes stored once', async () => {
    const app = t!;
    const as = async (user: string) => `Bearer ${await app.token(user)}`;
    const deployed = await app
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', await as('admin'))
      .set('Content-Type', 'application/xml')
      .send(PROCESS);
    expect([200, 201]).toContain(deployed.status);

    const upload = async () =>
      app
        .http()
        .post('/api/v1/attachments?name=cv.pdf&field=cv')
        .set('Authorization', await as('applicant1'))
        .set('Content-Type', 'application/octet-stream')
        .send(PDF);
    const first = await upload();
    expect(first.status).toBe(201);
    const sha = sha256Hex(PDF);
    expect(first.body.sha256).toBe(sha);
    const second = await upload();
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.sha256).toBe(sha);
    expect((await keys()).filter((k) => k === sha)).toHaveLength(1);

    const created = await app
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await as('applicant1'))
      .send({
        processKey: 'attachments-s3-apply',
        businessKey: uniqueKey('att-s3'),
        variables: { applicantId: 'applicant1', cv: first.body.id },
      });
    expect(created.status).toBe(201);
    const caseId = (created.body as { id: string }).id;
    const list = await app
      .http()
      .get(`/api/v1/cases/${caseId}/attachments`)
      .set('Authorization', await as('applicant1'));
    expect(list.status).toBe(200);
    expect((list.body as { id: string; caseId: string }[]).map((x) => [x.id, x.caseId])).toEqual([
      [first.body.id, caseId],
    ]);

    const download = async (user: string) =>
      app
        .http()
        .get(`/api/v1/attachments/${first.body.id}/content`)
        .set('Authorization', await as(user))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const got = await download('city-reviewer1');
    expect(got.status).toBe(200);
    expect(sha256Hex(got.body as Buffer)).toBe(sha);
    expect((await download('applicant2')).status).toBe(404);
  });
});
