// Job worker clients (OAuth client credentials, Camunda-style): the claims of their bearer tokens and the guard's
// view of the client a token names. A client may call only the routes marked @JobClientRoute (the job API), and
// only for its listed job types; a revoked client's tokens stop working within JOB_CLIENT_TTL_MS everywhere (at once
// in the process that revoked).
import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type JobClientRow, findJobClient } from '../../db/jobs.repository';

export const JOB_CLIENT_ROUTE_KEY = 'rf:jobClientRoute';
/** The route serves job workers: a job client's token is accepted here (and nowhere else). */
export const JobClientRoute = () => SetMetadata(JOB_CLIENT_ROUTE_KEY, true);

export const JOB_CLIENT_TOKEN_TYPE = 'job-client';
export const JOB_CLIENT_TOKEN_TTL_S = 3600;
const JOB_CLIENT_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

export interface JobClientClaims {
  sub: string;
  typ: typeof JOB_CLIENT_TOKEN_TYPE;
  /** the client id */
  cid: string;
  exp?: number;
}

/** The authenticated worker client, on `req.jobClient`. */
export interface JobClient {
  clientId: string;
  name: string;
  jobTypes: string[];
}

export function isJobClientClaims(claims: object): claims is JobClientClaims {
  return (claims as { typ?: unknown }).typ === JOB_CLIENT_TOKEN_TYPE;
}

@Injectable()
export class JobClientTokens {
  private readonly entries = new Map<string, { at: number; value: Promise<JobClientRow | undefined> }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The active client the token names, or undefined (unknown or revoked). */
  async active(claims: JobClientClaims): Promise<JobClient | undefined> {
    const id = String(claims.cid);
    const now = Date.now();
    let hit = this.entries.get(id);
    if (!hit || now - hit.at >= JOB_CLIENT_TTL_MS) {
      const value = findJobClient(this.dataSource, id);
      value.catch(() => this.entries.delete(id));
      hit = { at: now, value };
      this.entries.delete(id);
      this.entries.set(id, hit);
      if (this.entries.size > MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    const row = await hit.value;
    if (!row || row.revokedAt) return undefined;
    return { clientId: row.clientId, name: row.name, jobTypes: row.jobTypes };
  }

  forget(clientId: string): void {
    this.entries.delete(clientId);
  }
}
