/**
 * An epay channel's credentials: `pid`, the merchant number, and `key`, the merchant key that
 * signs everything (both shown in the merchant panel of the aggregator, 商户中心).
 */
export interface EpayCredentials {
  pid: string;
  key: string;
}

const PID = /^[0-9]{1,20}$/;
/** Printable ASCII without spaces: the key is appended to the signed text as it is. */
const KEY = /^[\x21-\x7e]{8,128}$/;

export function epayCredentialProblems(credentials: Record<string, string>): string[] {
  const problems = Object.keys(credentials)
    .filter((name) => name !== 'pid' && name !== 'key')
    .map((name) => `credentials.${name} is not an epay credential (only pid and key)`);
  if (!PID.test(credentials.pid ?? '')) problems.push('credentials.pid must be the merchant number (digits)');
  if (!KEY.test(credentials.key ?? '')) problems.push('credentials.key must be the merchant key (8-128 printable characters, no spaces)');
  return problems;
}

/** The credentials of a channel; an empty key is refused here so nothing is ever signed with it. */
export function epayCredentialsOf(credentials: Record<string, string>): EpayCredentials {
  const pid = credentials.pid ?? '';
  const key = credentials.key ?? '';
  if (pid === '' || key === '') throw new Error('epay: the channel has no merchant pid or key');
  return { pid, key };
}
