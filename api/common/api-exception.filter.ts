// Every error leaves as the contract body; unexpected ones are logged with the request id and never leak internals.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type ErrorBody, type ErrorDetail, reasonPhrase } from './error-body';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

function fromHttpException(ex: HttpException): ErrorBody {
  const status = ex.getStatus();
  const res = ex.getResponse();
  if (typeof res === 'object' && res !== null) {
    const r = res as { message?: unknown; details?: unknown; code?: unknown; warnings?: unknown };
    const message = Array.isArray(r.message)
      ? r.message.map(String).join('; ')
      : typeof r.message === 'string'
        ? r.message
        : ex.message;
    const details = Array.isArray(r.details) ? (r.details as ErrorDetail[]) : undefined;
    const code = typeof r.code === 'string' ? r.code : undefined;
    const warnings = Array.isArray(r.warnings) ? (r.warnings as ErrorDetail[]) : undefined;
    return {
      statusCode: status,
      error: reasonPhrase(status),
      message,
      ...(code ? { code } : {}),
      ...(details ? { details } : {}),
      ...(warnings ? { warnings } : {}),
    };
  }
  return {
    statusCode: status,
    error: reasonPhrase(status),
    message: typeof res === 'string' ? res : ex.message,
  };
}

function fromBodyParser(err: BodyParserError): ErrorBody | undefined {
  const status = err.status ?? err.statusCode;
  if (!status || status < 400 || status >= 500 || !err.type) return undefined;
  const messages: Record<string, string> = {
    'entity.too.large': 'Request body is too large',
    'entity.parse.failed': 'Request body is not valid JSON',
    'encoding.unsupported': 'Unsupported request body encoding',
    'charset.unsupported': 'Unsupported request body charset',
  };
  return {
    statusCode: status,
    error: reasonPhrase(status),
    message: messages[err.type] ?? 'Malformed request body',
  };
}

/**
 * Camunda REST v2 (/v2) answers errors as RFC 9457 problem details, which Camunda's clients turn into their error's
 * title and detail: the same body gains type, title (the stable code, else the reason phrase), status, detail and
 * instance, so reviewflow's fields (code, details[].field) stay where v1 clients find them.
 */
export function sendErrorBody(req: Request, res: Response, body: ErrorBody): void {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith('/v2/')) {
    res.status(body.statusCode).json(body);
    return;
  }
  res
    .status(body.statusCode)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title: body.code ?? body.error,
        status: body.statusCode,
        detail: body.message,
        instance: path,
        ...body,
      }),
    );
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: unknown }>();
    let body: ErrorBody | undefined;
    if (exception instanceof HttpException) body = fromHttpException(exception);
    else if (typeof exception === 'object' && exception !== null)
      body = fromBodyParser(exception as BodyParserError);
    if (!body) {
      const requestId = String(req.id ?? res.getHeader('x-request-id') ?? 'unknown');
      this.logger.error(
        { err: exception, requestId, method: req.method, url: req.originalUrl },
        `Unhandled error on ${req.method} ${req.originalUrl}`,
      );
      body = {
        statusCode: 500,
        error: reasonPhrase(500),
        message: `Internal server error (request id ${requestId})`,
      };
    }
    if (res.headersSent) return;
    sendErrorBody(req, res, body);
  }
}

/** Express error middleware for body-parser failures (too large, bad JSON), which run before Nest's filters. */
export function bodyParserErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  const body = typeof err === 'object' && err !== null ? fromBodyParser(err as BodyParserError) : undefined;
  if (!body || res.headersSent) {
    next(err);
    return;
  }
  sendErrorBody(req, res, body);
}
