import { DECOY_PASSWORD_HASH, hashPassword, PASSWORD_PARAMS, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('stores the scrypt parameters and a fresh salt with each hash, and verifies it', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(PASSWORD_PARAMS.N).toBe(2 ** 14);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('reads the parameters from the stored hash (RFC 7914 test vector: "password", salt "NaCl", N=1024, r=8, p=16)', async () => {
    const rfc = 'scrypt$1024$8$16$TmFDbA==$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==';
    expect(await verifyPassword('password', rfc)).toBe(true);
    expect(await verifyPassword('passwore', rfc)).toBe(false);
  });

  it('treats the same characters typed differently as the same password (NFKC)', async () => {
    const hash = await hashPassword('ｐａｓｓｗｏｒｄ１２３４'); // full-width forms
    expect(await verifyPassword('password1234', hash)).toBe(true);
  });

  it('says no, without throwing, to malformed or absurd stored values', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$16384$8$1$$', 'scrypt$abc$8$1$AA==$AA==', 'scrypt$1073741824$8$1$AA==$AA==']) {
      expect(await verifyPassword('whatever-password', stored)).toBe(false);
    }
  });

  it('has a decoy with the real parameters that no password opens', async () => {
    expect(DECOY_PASSWORD_HASH.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('', DECOY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('any password at all', DECOY_PASSWORD_HASH)).toBe(false);
  });
});
