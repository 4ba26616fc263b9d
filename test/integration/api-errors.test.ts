import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../../api/auth/auth.decorators';
import { type TestApp, createTestApp } from '../support/app-harness';

@Controller('test-only')
class ExplodingController {
  @Public()
  @Get('boom')
  boom(): never {
    throw new Error('secret internals: password=hunter2');
  }
}

@Module({ controllers: [ExplodingController] })
class ExplodingModule {}

describe('API error handling', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-errors', { env: { BODY_LIMIT: '2kb' }, imports: [ExplodingModule] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given an unknown route, when requested, then 404 with the contract body', async () => {
    const res = await t.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });

  it('given malformed JSON, when posted, then 400 and not a 500', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request body is not valid JSON',
    });
  });

  it('given a body over the limit, when posted, then 413 with the contract body', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });

  it('given a body of the wrong type, when posted, then 400 with details per field', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 42, password: ['x'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Invalid request body: username, password');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'username']);
  });

  it('given a handler that crashes, when called, then 500 without internals and with a request id', async () => {
    const res = await t.http().get('/api/v1/test-only/boom').set('x-request-id', 'req-abc-123');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error (request id req-abc-123)',
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(res.headers['x-request-id']).toBe('req-abc-123');
  });

  it('given any request, when answered, then a request id header is set', async () => {
    const res = await t.http().get('/api/v1/health');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('given the docs path, when requested, then the OpenAPI document lists the endpoints', async () => {
    const html = await t.http().get('/api/docs/');
    expect(html.status).toBe(200);
    expect(html.text).toContain('swagger');
    const json = await t.http().get('/api/docs/openapi.json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/health',
        '/api/v1/calendar/workdays',
        '/api/v1/calendar/years/{year}',
      ]),
    );
  });

  it('given traffic, when scraping metrics, then Prometheus text with request counters comes back', async () => {
    await t.http().get('/api/v1/health');
    const res = await t.http().get('/api/v1/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('reviewflow_http_requests_total{method="GET"');
    expect(res.text).toContain('reviewflow_process_cpu_user_seconds_total');
  });

  it('given no in-process temporal-lite clock, when asking for dev time, then 404', async () => {
    const res = await t
      .http()
      .get('/api/v1/dev/time')
      .set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(res.status).toBe(404);
  });
});
