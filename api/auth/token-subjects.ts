// The guard's view of the user a token names: it must still exist, be enabled and hold the token's version.
// Looked up at most once per TOKEN_SUBJECT_TTL_MS per user and process, so a revocation or a disabled user takes effect
// everywhere within that time (at once in the process that revoked).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type TokenSubject, findTokenSubject } from '../../db/auth.repository';

export const TOKEN_SUBJECT_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

@Injectable()
export class TokenSubjects {
  private readonly entries = new Map<string, { at: number; value: Promise<TokenSubject | undefined> }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  get(id: string): Promise<TokenSubject | undefined> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < TOKEN_SUBJECT_TTL_MS) return hit.value;
    const value = findTokenSubject(this.dataSource, id);
    this.entries.delete(id);
    this.entries.set(id, { at: now, value });
    value.catch(() => {
      if (this.entries.get(id)?.value === value) this.entries.delete(id);
    });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
