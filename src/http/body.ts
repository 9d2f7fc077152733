/**
 * Reads a request body up to a limit: a declared Content-Length over it is refused before reading,
 * and a body that grows past it while streaming is refused at once, without keeping what came.
 */
import type { IncomingMessage } from 'node:http';

export type BodyRead = { ok: true; text: string } | { ok: false; status: 413 | 400; message: string };

export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        chunks.length = 0;
        // Stop reading; the answer goes out and the connection closes behind it.
        request.pause();
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => finish({ ok: true, text: Buffer.concat(chunks, bytes).toString('utf8') }));
    request.on('error', () => finish({ ok: false, status: 400, message: 'the request body could not be read' }));
  });
}

function tooLarge(maxBytes: number): BodyRead {
  return { ok: false, status: 413, message: `the request body is over the ${maxBytes} bytes this server reads (--max-body-bytes)` };
}
