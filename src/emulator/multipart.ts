import type { FormPart } from './router.js';

/** The boundary of a `multipart/form-data` content type, or undefined for any other content type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Parses a `multipart/form-data` body (RFC 7578) into parts by field name; the SDK `upload()` mixins send
 * `workspace/import` this way. Part bodies are kept as bytes. Throws on a body that is not multipart.
 */
export function parseMultipart(body: Buffer, boundary: string): Record<string, FormPart> {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Record<string, FormPart> = {};
  let start = body.indexOf(delimiter);
  if (start < 0) throw new Error('multipart body has no boundary');
  for (;;) {
    start += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new Error('multipart body is not terminated');
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part has no header');
    const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
    const disposition = headers['content-disposition'] ?? '';
    const name = dispositionParam(disposition, 'name');
    if (name !== undefined) {
      parts[name] = {
        data: Buffer.from(part.subarray(headerEnd + 4)),
        filename: dispositionParam(disposition, 'filename'),
        contentType: headers['content-type'],
      };
    }
    start = next + 2;
  }
  return parts;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;\\s]+)`, 'i').exec(
    disposition,
  );
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}
