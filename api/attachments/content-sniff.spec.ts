import { contentDisposition, safeFileName, sniffContent, zipEntryNames } from './content-sniff';

/** A ZIP of empty stored entries: local headers, central directory, end record. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('content sniffing', () => {
  it('given the magic bytes of accepted types, then their media type whatever the name', () => {
    expect(sniffContent(Buffer.from('%PDF-1.7\n'))?.mediaType).toBe('application/pdf');
    expect(sniffContent(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mediaType).toBe(
      'image/png',
    );
    expect(sniffContent(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mediaType).toBe('image/jpeg');
    expect(sniffContent(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))?.extension).toBe(
      'doc',
    );
  });

  it('given OOXML zips, then docx / xlsx by their directory; a plain zip is refused', () => {
    expect(zipEntryNames(zip(['[Content_Types].xml', 'word/document.xml']))).toEqual([
      '[Content_Types].xml',
      'word/document.xml',
    ]);
    expect(sniffContent(zip(['[Content_Types].xml', 'word/document.xml']))?.extension).toBe('docx');
    expect(sniffContent(zip(['[Content_Types].xml', 'xl/workbook.xml']))?.extension).toBe('xlsx');
    expect(sniffContent(zip(['payload.exe']))).toBeUndefined();
    expect(sniffContent(Buffer.from('PK\u0003\u0004truncated'))).toBeUndefined();
  });

  it('given scripts, HTML or text, then refused', () => {
    expect(sniffContent(Buffer.from('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(sniffContent(Buffer.from('#!/bin/sh\nrm -rf /'))).toBeUndefined();
    expect(sniffContent(Buffer.alloc(0))).toBeUndefined();
  });

  it('given hostile file names, then a safe name and a header that cannot be broken out of', () => {
    const pdf = { mediaType: 'application/pdf', extension: 'pdf' };
    expect(safeFileName('../../etc/passwd', pdf)).toBe('passwd');
    expect(safeFileName('C:\\docs\\简历.pdf', pdf)).toBe('简历.pdf');
    expect(safeFileName('a"\r\nX-Injected: 1.pdf', pdf)).toBe('a___X-Injected_ 1.pdf');
    expect(safeFileName('', pdf)).toBe('attachment.pdf');
    expect(contentDisposition('学历 "证明".pdf')).toBe(
      `attachment; filename="__ ____.pdf"; filename*=UTF-8''%E5%AD%A6%E5%8E%86%20%22%E8%AF%81%E6%98%8E%22.pdf`,
    );
  });
});
