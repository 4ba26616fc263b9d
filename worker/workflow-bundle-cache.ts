// Development bundles are cached in DATA_DIR, keyed by a hash of every project source file and the SDK version,
// so a restart skips webpack (~10 s) unless some code changed. Production uses the prebuilt bundle instead.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflows } from './build-workflow-bundle';

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'test', 'bench', 'coverage', '.git']);

async function sourceFiles(dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await sourceFiles(full, out);
    else if (/\.(ts|json)$/.test(entry.name)) out.push(full);
  }
}

/** Hash of all source the bundle could include: any edit anywhere invalidates it (cheap and never stale). */
export async function sourceHash(root = ROOT): Promise<string> {
  const files: string[] = [];
  await sourceFiles(root, files);
  files.sort();
  const hash = createHash('sha256');
  const sdk = JSON.parse(await readFile(require.resolve('@temporalio/worker/package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`sdk:${sdk.version}\n`);
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export async function cachedWorkflowBundle(cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `workflow-bundle-${await sourceHash()}.js`);
  if (existsSync(file)) return readFile(file, 'utf8');
  const code = await bundleWorkflows();
  try {
    await mkdir(cacheDir, { recursive: true });
    for (const old of await readdir(cacheDir)) {
      if (old.startsWith('workflow-bundle-')) await rm(path.join(cacheDir, old), { force: true });
    }
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next start some seconds.
  }
  return code;
}
