// Issue 16: the UI's API types are generated from the server's OpenAPI document; a stale committed file fails here.
// The generator runs in its own process (tsx): openapi-typescript's dependencies are ESM that jest would not load.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..');
const generated = path.join(root, 'ui', 'src', 'api', 'generated', 'openapi.ts');

describe('generated API types', () => {
  it('given the server schemas, when the UI types are regenerated, then they equal the committed file', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/api-types.ts', '--stdout'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    // the schemas the UI aliases (ui/src/api/types.ts) are there
    for (const name of ['CaseDetailDto', 'HistoryEventDto', 'InboxPageDto', 'DefinitionSummaryDto'])
      expect(stdout).toContain(`    ${name}: {`);
    // On failure: run `npm run api:types` and commit ui/src/api/generated/openapi.ts.
    const committed = await readFile(generated, 'utf8');
    expect(stdout === committed ? 'up to date' : 'stale: run npm run api:types').toBe('up to date');
  });
});
