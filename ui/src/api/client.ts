// The one way the UI talks to the API: bearer token from the session, typed errors, 401 → back to login.
import type { ErrorBody, LoginResponse, User } from './types';

export const API_BASE = '/api/v1';
const SESSION_KEY = 'rf.session';

export interface Session {
  accessToken: string;
  user: User;
  /** From the login answer: GET /dev/time exists (temporal-lite); absent in sessions stored before it was sent. */
  devClock?: boolean;
}

/** An HTTP error with the contract's error body (or one synthesised for network failures). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

// Session lives in sessionStorage: closing the tab logs out, which suits shared office computers.
let session: Session | null = readSession();
const listeners = new Set<(s: Session | null) => void>();

function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return session;
}

export function setSession(s: Session | null): void {
  session = s;
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage unavailable: the session lasts until reload
  }
  for (const l of listeners) l(s);
}

export function onSessionChange(listener: (s: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Raw body sent as is (e.g. BPMN XML) with this content type. */
  raw?: { body: string | Blob; contentType: string };
  headers?: Record<string, string>;
  query?: Query;
  signal?: AbortSignal;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (session) headers.Authorization = `Bearer ${session.accessToken}`;
  let body: string | Blob | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + withQuery(path, opts.query), {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { statusCode: 0, error: 'Network Error', message: String(err) });
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    const errBody: ErrorBody =
      parsed && typeof parsed === 'object' && 'message' in parsed
        ? (parsed as ErrorBody)
        : {
            statusCode: res.status,
            error: res.statusText,
            message: typeof parsed === 'string' ? parsed : res.statusText,
          };
    // An expired or missing token ends the session; the app shell then shows the login page.
    if (res.status === 401 && session && !path.startsWith('/auth/')) setSession(null);
    throw new ApiError(res.status, errBody);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>(path, { method: 'POST', body: body ?? {}, headers }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  postXml: <T>(path: string, xml: string) =>
    request<T>(path, { method: 'POST', raw: { body: xml, contentType: 'application/xml' } }),
  /** A file as the raw request body (POST /attachments?name=…). */
  postFile: <T>(path: string, file: Blob, query?: Query) =>
    request<T>(path, {
      method: 'POST',
      query,
      raw: { body: file, contentType: 'application/octet-stream' },
    }),
  /** An authorised binary download (e.g. attachment content), as a Blob. */
  async getBlob(path: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (session) headers.Authorization = `Bearer ${session.accessToken}`;
    const res = await fetch(API_BASE + path, { headers });
    if (!res.ok) {
      let errBody: ErrorBody = { statusCode: res.status, error: res.statusText, message: res.statusText };
      try {
        errBody = (await res.json()) as ErrorBody;
      } catch {
        // not JSON: keep the status text
      }
      throw new ApiError(res.status, errBody);
    }
    return res.blob();
  },
};

export async function login(username: string, password: string): Promise<Session> {
  const res = await request<LoginResponse>('/auth/login', { method: 'POST', body: { username, password } });
  const s: Session = { accessToken: res.accessToken, user: res.user, devClock: res.devClock === true };
  setSession(s);
  return s;
}

export function logout(): void {
  setSession(null);
}
