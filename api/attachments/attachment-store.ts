// Where attachment bytes live. The metadata row is written only after the store has the bytes durably, so a crash
// leaves at most an unreferenced blob, never a row without content.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import { getBlob, putBlob } from '../../db/attachments.repository';

export interface AttachmentStore {
  readonly kind: 'postgres' | 'filesystem' | 's3';
  /** Stores the bytes durably; returns the key to read them back. */
  put(sha256: string, content: Buffer): Promise<string>;
  /** The bytes, or undefined when missing (the caller answers 404 and logs). */
  get(key: string): Promise<Buffer | undefined>;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

export const sha256Hex = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Bytes in the attachment_blobs table (bytea), committed before the metadata row. */
export class PostgresAttachmentStore implements AttachmentStore {
  readonly kind = 'postgres' as const;
  constructor(private readonly dataSource: DataSource) {}

  async put(sha256: string, content: Buffer): Promise<string> {
    await putBlob(this.dataSource.manager, sha256, content);
    return sha256;
  }

  get(key: string): Promise<Buffer | undefined> {
    return getBlob(this.dataSource.manager, key);
  }
}

/**
 * Bytes under a directory, one file per sha-256 (`ab/cd/abcd…`): written to a temporary file, fsynced, renamed into
 * place and the directory fsynced, so a crash leaves either the whole file or none.
 */
export class FilesystemAttachmentStore implements AttachmentStore {
  readonly kind = 'filesystem' as const;
  constructor(private readonly root: string) {}

  private path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha-256 key: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, content: Buffer): Promise<string> {
    const target = this.path(sha256);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true });
    const existing = await readFile(target).catch(() => undefined);
    if (existing && sha256Hex(existing) === sha256) return sha256;
    const tmp = join(dir, `.${sha256}.${randomUUID()}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
    return sha256;
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

/** Where the S3-compatible store writes: an endpoint (absent: AWS), a bucket, credentials. */
export interface S3AttachmentStoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * Bytes in an S3-compatible bucket, one object per sha-256 (the key is the hash, so a put is idempotent). HeadObject
 * first: an object already there with the same length is not uploaded again. PutObject carries the SHA-256 checksum,
 * so the server refuses bytes damaged on the way. The credentials live only in the client; nothing here logs them.
 */
export class S3AttachmentStore implements AttachmentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3AttachmentStoreOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Only the checksums an operation requires (plus ours): S3-compatible servers differ in the optional ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha-256 key: ${sha256}`);
    return sha256;
  }

  async put(sha256: string, content: Buffer): Promise<string> {
    const key = this.key(sha256);
    const existing = await this.client
      .send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      .catch((err: unknown) => {
        if (notFound(err)) return undefined;
        throw err;
      });
    if (existing && existing.ContentLength === content.length) return key;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: content,
        ContentLength: content.length,
        ContentType: 'application/octet-stream',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
    return key;
  }

  async get(key: string): Promise<Buffer | undefined> {
    let body: unknown;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }))).Body;
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
    if (!(body instanceof Readable)) throw new Error(`S3 object ${key}: no readable body`);
    const chunks: Buffer[] = [];
    for await (const chunk of body)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }
}
