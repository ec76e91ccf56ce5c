import { randomUUID } from 'node:crypto';

const ACCEPTED = /^[A-Za-z0-9._:-]{8,100}$/;

interface RequestLike {
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The id of an HTTP request: the caller's `X-Request-Id` when it looks sane, otherwise a new UUID.
 * Computed once and kept on the request, so the logger, the CLS context and the error body agree.
 */
export function resolveRequestId(req: RequestLike): string {
  if (typeof req.id === 'string' && req.id) return req.id;
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given && ACCEPTED.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}
