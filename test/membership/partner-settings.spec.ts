import { loadConfig } from '../../src/platform/config/app-config';

const BASE = { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost' };

describe('MEMBER_PARTNERS setting', () => {
  it('accepts code:secret entries', () => {
    const config = loadConfig({ ...BASE, MEMBER_PARTNERS: `forum:${'s'.repeat(32)},game-club:${'t:u'.repeat(11)}` });
    expect(config.MEMBER_PARTNERS).toContain('game-club:');
    expect(loadConfig(BASE).MEMBER_PARTNERS).toBeUndefined();
  });

  it.each([['forum:too-short-secret'], [`Forum:${'s'.repeat(32)}`], [`forum:${'s'.repeat(32)},`], [`forum ${'s'.repeat(32)}`], [`forum:${'s'.repeat(20)} ${'s'.repeat(20)}`]])(
    'refuses %s without printing the value',
    (value) => {
      let message = '';
      try {
        loadConfig({ ...BASE, MEMBER_PARTNERS: value });
      } catch (error) {
        message = String(error);
      }
      expect(message).toContain('MEMBER_PARTNERS=(hidden)');
      expect(message).not.toContain('sss');
      expect(message).not.toContain('too-short');
    },
  );

  it('reads the points rate and the sign-in limit with their defaults', () => {
    expect(loadConfig(BASE)).toMatchObject({ MEMBER_POINTS_PER_UNIT: 1, MEMBER_SIGN_IN_MAX_FAILURES: 5 });
    expect(() => loadConfig({ ...BASE, MEMBER_POINTS_PER_UNIT: '-1' })).toThrow(/MEMBER_POINTS_PER_UNIT/);
    expect(() => loadConfig({ ...BASE, MEMBER_SIGN_IN_MAX_FAILURES: '0' })).toThrow(/MEMBER_SIGN_IN_MAX_FAILURES/);
  });
});
