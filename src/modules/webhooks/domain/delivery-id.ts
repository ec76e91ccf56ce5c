import { createHash } from 'node:crypto';

/** The namespace of delivery ids (a random UUID fixed once). */
const NAMESPACE = Buffer.from('6f1d3c52a8e94b0f9d2e7c41b5a08e37', 'hex');

/**
 * The id of the delivery of one event to one endpoint: a name-based UUID (version 5) of the two,
 * so planning the same delivery twice (a redelivered event after a rollback) names the same row
 * and the same queue job.
 */
export function deliveryIdOf(eventId: string, endpointId: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${eventId}/${endpointId}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
