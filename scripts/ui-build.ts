// Builds the web UI (`npm run build:ui`, Vite → ui/dist) only when its sources changed since the last build:
// ui/dist/.source-hash records the hash of every file under ui/ (but dist and node_modules) plus the lockfile.
// Used by `npm start` and the browser tests; a directory lock keeps concurrent callers from building twice.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const UI_DIR = path.join(ROOT, 'ui');
export const UI_DIST_DIR = path.join(UI_DIR, 'dist');
const STAMP = path.join(UI_DIST_DIR, '.source-hash');
const LOCK = path.join(UI_DIR, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

async function files(dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await files(full, out);
    else out.push(full);
  }
}

/** Hash of the UI sources and the dependency versions; undefined when there is no ui/ folder. */
export async function uiSourceHash(): Promise<string | undefined> {
  if (!existsSync(UI_DIR)) return undefined;
  const list: string[] = [];
  await files(UI_DIR, list);
  list.sort();
  const hash = createHash('sha256');
  for (const file of [...list, path.join(ROOT, 'package-lock.json')]) {
    if (!existsSync(file)) continue;
    hash.update(`${path.relative(ROOT, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function upToDate(hash: string): Promise<boolean> {
  if (!existsSync(path.join(UI_DIST_DIR, 'index.html'))) return false;
  try {
    return (await readFile(STAMP, 'utf8')).trim() === hash;
  } catch {
    return false;
  }
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build:ui'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      reject(new Error(`npm run build:ui failed with exit code ${code}:\n${output.trim()}`));
    });
  });
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

export interface UiBuildResult {
  distDir: string;
  /** True when this call ran Vite; false when ui/dist already matched the sources. */
  built: boolean;
  ms: number;
}

/** Makes ui/dist match the ui sources, building when it is missing or stale. */
export async function ensureUiBuilt(): Promise<UiBuildResult> {
  const started = Date.now();
  const hash = await uiSourceHash();
  if (!hash) throw new Error(`no UI sources at ${UI_DIR}`);
  if (await upToDate(hash)) return { distDir: UI_DIST_DIR, built: false, ms: Date.now() - started };
  return withLock(async () => {
    // Someone else may have built it while this call waited for the lock.
    if (await upToDate(hash)) return { distDir: UI_DIST_DIR, built: false, ms: Date.now() - started };
    await runBuild();
    await writeFile(STAMP, `${hash}\n`);
    return { distDir: UI_DIST_DIR, built: true, ms: Date.now() - started };
  });
}
