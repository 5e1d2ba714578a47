import { grants } from './permissions';

describe('grants', () => {
  it('matches *, resource:* and exact permissions only', () => {
    expect(grants(['*'], 'keys:rotate')).toBe(true);
    expect(grants(['keys:*'], 'keys:rotate')).toBe(true);
    expect(grants(['keys:rotate'], 'keys:rotate')).toBe(true);
    expect(grants(['keys:read'], 'keys:rotate')).toBe(false);
    expect(grants(['clients:*'], 'keys:rotate')).toBe(false);
    expect(grants([], 'keys:rotate')).toBe(false);
  });
});
