// The type of an upload, decided by its bytes (magic numbers), never by its name or the client's Content-Type.

export interface SniffedType {
  mediaType: string;
  /** Canonical extension, used when the client's file name lacks one. */
  extension: string;
}

const startsWith = (buf: Buffer, bytes: number[], offset = 0) =>
  buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);

/** Entry names of a ZIP's central directory (OOXML documents are ZIPs); empty when it is not a readable ZIP. */
export function zipEntryNames(buf: Buffer): string[] {
  // End of central directory: 22 bytes + comment (≤ 65535), signature PK\x05\x06.
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let eocd = buf.length - 22; eocd >= min; eocd--) {
    if (buf.readUInt32LE(eocd) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return [];
      const nameLen = buf.readUInt16LE(at + 28);
      const extraLen = buf.readUInt16LE(at + 30);
      const commentLen = buf.readUInt16LE(at + 32);
      if (at + 46 + nameLen > buf.length) return [];
      names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
      at += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  }
  return [];
}

function sniffZip(buf: Buffer): SniffedType | undefined {
  const names = zipEntryNames(buf);
  if (!names.includes('[Content_Types].xml')) return undefined;
  if (names.some((n) => n.startsWith('word/')))
    return {
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
    };
  if (names.some((n) => n.startsWith('xl/')))
    return {
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
    };
  if (names.some((n) => n.startsWith('ppt/')))
    return {
      mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      extension: 'pptx',
    };
  return undefined;
}

/** The accepted types: PDF, PNG, JPEG, GIF, WebP, OOXML (docx/xlsx/pptx) and legacy OLE2 office files (doc/xls). */
export function sniffContent(buf: Buffer): SniffedType | undefined {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { mediaType: 'application/pdf', extension: 'pdf' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { mediaType: 'image/png', extension: 'png' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return { mediaType: 'image/gif', extension: 'gif' };
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8))
    return { mediaType: 'image/webp', extension: 'webp' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { mediaType: 'application/x-ole-storage', extension: 'doc' };
  return undefined;
}

/** A file name safe to store and to echo in Content-Disposition: no path, no control characters, ≤ 200 chars. */
export function safeFileName(given: string | undefined, sniffed: SniffedType): string {
  const base = (given ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  if (!base) return `attachment.${sniffed.extension}`;
  return base;
}

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
