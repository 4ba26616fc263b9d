// Deploy endpoints take the document itself as the body (application/xml, read as text by the body parser).
import { ApiError } from './error-body';

/** The XML body as text, or 415 naming what to send (`kind`: BPMN, DMN) when it did not arrive as XML. */
export function xmlBodyOf(body: unknown, contentType: string | undefined, kind: string): string {
  if (typeof body !== 'string')
    throw new ApiError(
      415,
      `Send the ${kind} XML as the body with Content-Type: application/xml (got ${contentType ?? 'none'})`,
    );
  return body;
}
