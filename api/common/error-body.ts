// The contract's error body and the exception that carries it.
import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  field?: string;
  elementId?: string;
  /** the field's own reason (e.g. FIELD_REQUIRED), beside the answer's code */
  code?: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Stable machine-readable reason (contract §2); clients explain refusals by it, never by the message. */
  code?: string;
  details?: ErrorDetail[];
  /** BPMN deploy: what was ignored or only linted, beside the errors in details */
  warnings?: ErrorDetail[];
}

const reasonPhrases: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return reasonPhrases[status] ?? (HttpStatus[status] ?? 'Error').toString().replace(/_/g, ' ').toLowerCase();
}

/** Throw this (or a subclass) for any expected failure; the filter renders it as the contract body. */
export class ApiError extends HttpException {
  constructor(status: number, message: string, details?: ErrorDetail[], code?: string) {
    const body: ErrorBody = {
      statusCode: status,
      error: reasonPhrase(status),
      message,
      ...(code ? { code } : {}),
      ...(details ? { details } : {}),
    };
    super(body, status);
  }

  get code(): string | undefined {
    return (this.getResponse() as ErrorBody).code;
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) => new ApiError(400, message, details);
export const notFound = (message: string) => new ApiError(404, message);
export const forbidden = (message: string) => new ApiError(403, message);
export const conflict = (message: string, details?: ErrorDetail[]) => new ApiError(409, message, details);
