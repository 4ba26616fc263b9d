// The filesystem attachment store: whole files under ab/cd/<sha-256>, no temporary files left, identical bytes stored
// once, a missing file reported as absent.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemAttachmentStore, sha256Hex } from '../../api/attachments/attachment-store';

describe('FilesystemAttachmentStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rf-attachments-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given bytes, when put twice and read back, then one file at its hash path and the same bytes', async () => {
    const store = new FilesystemAttachmentStore(dir);
    const bytes = Buffer.from('%PDF-1.4 test');
    const sha = sha256Hex(bytes);
    expect(await store.put(sha, bytes)).toBe(sha);
    expect(await store.put(sha, bytes)).toBe(sha);
    expect(await readdir(join(dir, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
    expect(Buffer.compare((await store.get(sha))!, bytes)).toBe(0);
  });

  it('given a file damaged on disk, when the same bytes are put again, then it is rewritten whole', async () => {
    const store = new FilesystemAttachmentStore(dir);
    const bytes = Buffer.from('%PDF-1.4 original');
    const sha = sha256Hex(bytes);
    await store.put(sha, bytes);
    await writeFile(join(dir, sha.slice(0, 2), sha.slice(2, 4), sha), 'torn');
    await store.put(sha, bytes);
    expect(Buffer.compare((await store.get(sha))!, bytes)).toBe(0);
  });

  it('given an unknown or malformed key, then absent or refused, never a path outside the store', async () => {
    const store = new FilesystemAttachmentStore(dir);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    await expect(store.get('../../etc/passwd')).rejects.toThrow('not a sha-256 key');
  });
});
