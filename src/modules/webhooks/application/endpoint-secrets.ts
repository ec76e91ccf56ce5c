import { Injectable } from '@nestjs/common';
import { SealedSecret, SecretBox } from '../../../platform/crypto/secret-box';
import type { EndpointRecord } from '../persistence/endpoint-store';

const PURPOSE = 'webhooks/endpoint-secret';

/** Seals and opens endpoints' signing secrets; each is bound to its endpoint's id. */
@Injectable()
export class EndpointSecrets {
  constructor(private readonly box: SecretBox) {}

  seal(endpointId: string, secret: string): SealedSecret {
    return this.box.seal({ purpose: PURPOSE, owner: endpointId }, secret);
  }

  /** The secrets that sign a request now: the current one, then a rotated-out one still in its grace period. */
  signingSecrets(endpoint: EndpointRecord, now: Date): string[] {
    const owner = { purpose: PURPOSE, owner: endpoint.id };
    const secrets = [this.box.open(owner, endpoint.secret)];
    if (endpoint.previousSecret && endpoint.previousSecret.expiresAt > now) secrets.push(this.box.open(owner, endpoint.previousSecret));
    return secrets;
  }
}
