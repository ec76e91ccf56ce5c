import Busboy from 'busboy';
import type { Request } from 'express';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ValidationError } from '../../../platform/http/app-error';

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * Lines of a readable stream, read as they arrive. The reader starts only when iteration starts:
 * readline emits lines as soon as it is attached, and lines emitted before anyone iterates are lost.
 */
export async function* linesOf(stream: Readable): AsyncGenerator<string> {
  let received = 0;
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_UPLOAD_BYTES) stream.destroy(new ValidationError('The upload is larger than 200 MB'));
  });
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) yield line;
}

/**
 * The lines of the single file in a multipart upload (field `file`), streamed: the file is never
 * held whole in memory.
 */
export function fileLinesOf(req: Request): Promise<AsyncIterable<string>> {
  return new Promise((resolve, reject) => {
    let bus: Busboy.Busboy;
    try {
      bus = Busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES } });
    } catch {
      reject(new ValidationError('The multipart body is malformed'));
      return;
    }
    let found = false;
    bus.on('file', (field, file) => {
      if (field !== 'file' || found) {
        file.resume();
        return;
      }
      found = true;
      file.on('limit', () => file.destroy(new ValidationError('The file is larger than 200 MB')));
      resolve(linesOf(file));
    });
    bus.on('error', () => reject(new ValidationError('The multipart body is malformed')));
    bus.on('close', () => {
      if (!found) reject(new ValidationError('Send the keys as a multipart field named "file"'));
    });
    req.pipe(bus);
  });
}
