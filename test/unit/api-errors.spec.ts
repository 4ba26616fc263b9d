import { type ArgumentsHost, ForbiddenException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { ApiExceptionFilter } from '../../api/common/api-exception.filter';
import { ApiError } from '../../api/common/error-body';
import { ZodValidationPipe } from '../../api/common/zod-validation.pipe';

function render(exception: unknown): { status: number; body: unknown } {
  const out = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    getHeader: () => undefined,
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ id: 'rid-1', method: 'GET', originalUrl: '/x' }),
    }),
  } as unknown as ArgumentsHost;
  const filter = new ApiExceptionFilter();
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(exception, host);
  return out;
}

describe('error body', () => {
  it('given an ApiError with details, when rendered, then the contract body carries them', () => {
    const out = render(
      new ApiError(409, 'Business key taken', [{ field: 'businessKey', message: 'already used' }]),
    );
    expect(out).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: 'Business key taken',
        details: [{ field: 'businessKey', message: 'already used' }],
      },
    });
  });

  it("given Nest's own exceptions, when rendered, then they take the contract shape", () => {
    expect(render(new NotFoundException('Case c1 not found')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Case c1 not found',
    });
    expect(render(new ForbiddenException()).body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
    });
  });

  it('given an unexpected error, when rendered, then 500 with the request id and no internals', () => {
    const out = render(new TypeError('cannot read x of undefined at /srv/secret.ts'));
    expect(out.status).toBe(500);
    expect(out.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error (request id rid-1)',
    });
  });

  it('given a body-parser error, when rendered, then its 4xx status is kept', () => {
    expect(render({ type: 'entity.too.large', status: 413 }).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });
});

describe('zod validation pipe', () => {
  const pipe = new ZodValidationPipe(
    z.object({ name: z.string().min(1), tags: z.array(z.string()) }),
    'request body',
  );

  it('given valid input, when transformed, then the parsed value is returned', () => {
    expect(pipe.transform({ name: 'a', tags: ['x'] })).toEqual({ name: 'a', tags: ['x'] });
  });

  it('given invalid input, when transformed, then a 400 names every field with a dotted path', () => {
    let err: unknown;
    try {
      pipe.transform({ name: '', tags: ['x', 3] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    const body = (err as ApiError).getResponse() as {
      statusCode: number;
      message: string;
      details: { field: string }[];
    };
    expect(body.statusCode).toBe(400);
    expect(body.message).toBe('Invalid request body: name, tags.1');
    expect(body.details.map((d) => d.field)).toEqual(['name', 'tags.1']);
  });

  it('given no body at all, when transformed, then the missing fields are named', () => {
    expect(() => pipe.transform(undefined)).toThrow(ApiError);
  });
});
