// The server maps this to gRPC INVALID_ARGUMENT and passes the message through unchanged,
// so the message carries the same "invalid query: ..." prefix a real Temporal server uses.
export class VisibilityQueryError extends Error {
  override readonly name = 'VisibilityQueryError';

  constructor(detail: string) {
    super(`invalid query: ${detail}`);
  }
}

export const MALFORMED = 'malformed SQL query';
export const NOT_SUPPORTED = 'operation is not supported';
export const INVALID_EXPRESSION = 'invalid expression';
