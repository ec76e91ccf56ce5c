import { randomBytes } from 'node:crypto';

/** Every signing secret starts so, like Stripe's, so one pasted in the wrong place is recognisable. */
export const SECRET_PREFIX = 'whsec_';

/**
 * A new signing secret: `whsec_` and 32 random bytes in base64url (43 characters). Receivers use
 * the whole string, prefix included, as the HMAC key.
 */
export function newWebhookSecret(random: (size: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(32).toString('base64url')}`;
}
