import { roleAllows } from './admin-roles';

describe('roleAllows', () => {
  it('lets the owner do anything', () => {
    expect(roleAllows(['owner'], [])).toBe(true);
    expect(roleAllows(['owner'], ['finance'])).toBe(true);
  });

  it('needs one of the named roles otherwise, and nothing passes an owner-only endpoint', () => {
    expect(roleAllows(['support', 'finance'], ['finance'])).toBe(true);
    expect(roleAllows(['support'], ['finance', 'operator'])).toBe(false);
    expect(roleAllows(['operator', 'marketing', 'support', 'finance'], [])).toBe(false);
  });
});
