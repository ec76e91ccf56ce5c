/**
 * The Message-ID of an outbox row: the same on every attempt, so when an attempt's answer is lost
 * (the server took the message, then the connection dropped) the retry carries the same id and a
 * receiver can drop the duplicate. Sending a delivered mail again on request bumps the generation:
 * that is meant to arrive again, so it gets a new id.
 */
export function messageIdOf(emailId: string, generation: number, domain: string): string {
  return `<${emailId}${generation > 0 ? `.${generation}` : ''}@${domain}>`;
}
