// Request validation with zod: a failure is a 400 whose details name each offending field.
import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { type ErrorDetail, badRequest } from './error-body';

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    // Strict schemas report unknown keys on the parent object: name each key as the offending field.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: [...issue.path, key].map(String).join('.'),
        message: 'is not an allowed field',
      }));
    return [
      { field: issue.path.length > 0 ? issue.path.map(String).join('.') : undefined, message: issue.message },
    ];
  });
}

export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const details = zodDetails(result.error);
    const fields = details.flatMap((d) => (d.field ? [d.field] : []));
    const summary =
      fields.length > 0 ? `Invalid ${this.what}: ${[...new Set(fields)].join(', ')}` : `Invalid ${this.what}`;
    throw badRequest(summary, details);
  }
}

/** Shorthand for `@Body(zodBody(schema))`. */
export const zodBody = <T extends z.ZodType>(schema: T) => new ZodValidationPipe(schema, 'request body');
export const zodQuery = <T extends z.ZodType>(schema: T) => new ZodValidationPipe(schema, 'query');
export const zodParams = <T extends z.ZodType>(schema: T) => new ZodValidationPipe(schema, 'path parameter');
