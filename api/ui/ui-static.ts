// Serves the built web UI (ui/dist) beside the API: hashed assets cached for a year, index.html revalidated on
// every load, and any other GET outside /api answered with index.html so the client-side router can take over.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Paths the UI never answers, so the API's own 404 (JSON) stays in charge of them. */
const RESERVED = /^\/(api(\/|$)|health$|metrics$)/;

/** `ui/dist` of the project root: the nearest folder above this file holding package.json (also in dist/ builds). */
export function defaultUiDistDir(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'ui', 'dist');
    const up = path.dirname(dir);
    if (up === dir) return path.resolve('ui', 'dist');
    dir = up;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>reviewflow: web UI not built</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>网页界面尚未构建 · The web UI has not been built</h1>
<p>请在项目目录运行 <code>npm run build:ui</code>，然后刷新本页。<code>npm start</code> 会自动构建。</p>
<p>Run <code>npm run build:ui</code> in the project folder, then reload this page. <code>npm start</code> builds it for you.</p>
<p>The API itself is up: <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

type Next = (err?: unknown) => void;

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);
/** Gzipped text files by path, kept while size and mtime match (the bundle is ~0.5 MB, ~150 KB gzipped). */
const gzipCache = new Map<string, { key: string; body: Buffer }>();

function gzipped(file: string, stat: { size: number; mtimeMs: number }): Buffer {
  const key = `${stat.size}-${stat.mtimeMs}`;
  const hit = gzipCache.get(file);
  if (hit?.key === key) return hit.body;
  const body = gzipSync(readFileSync(file), { level: 9 });
  gzipCache.set(file, { key, body });
  return body;
}

function isFile(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  stat: { size: number; mtimeMs: number },
  cacheControl: string,
): void {
  const ext = path.extname(file).toLowerCase();
  const gzip =
    COMPRESSIBLE.has(ext) &&
    stat.size > 1024 &&
    /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${gzip ? '-gz' : ''}"`;
  res.setHeader('Cache-Control', cacheControl);
  if (COMPRESSIBLE.has(ext)) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
  if (gzip) {
    const body = gzipped(file, stat);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.setHeader('Content-Length', stat.size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Connect-style handler; mount it after the API routes so they always win. */
export function uiStaticHandler(distDir: string) {
  const root = path.resolve(distDir);
  const index = path.join(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return next();
    }
    if (RESERVED.test(pathname) || pathname.includes('\0')) return next();

    const indexStat = isFile(index);
    const looksLikeAsset = path.extname(pathname) !== '';
    if (!indexStat) {
      if (looksLikeAsset) return next();
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }

    const file = path.join(root, path.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return next();
    const stat = file === index ? indexStat : isFile(file);
    if (stat) {
      // Vite puts content-hashed files under assets/; everything else may change under the same name.
      const hashed = file.startsWith(path.join(root, 'assets') + path.sep);
      return send(req, res, file, stat, file !== index && hashed ? IMMUTABLE : REVALIDATE);
    }
    // A missing file keeps its 404; a page path is the client router's business.
    if (looksLikeAsset) return next();
    send(req, res, index, indexStat, REVALIDATE);
  };
}
