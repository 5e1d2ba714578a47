import { permits } from './permissions';

describe('permits', () => {
  it('matches *, resource:* and exact permissions only', () => {
    expect(permits(['*'], 'keys:rotate')).toBe(true);
    expect(permits(['keys:*'], 'keys:rotate')).toBe(true);
    expect(permits(['keys:rotate'], 'keys:rotate')).toBe(true);
    expect(permits(['keys:read'], 'keys:rotate')).toBe(false);
    expect(permits(['clients:*'], 'keys:rotate')).toBe(false);
    expect(permits([], 'keys:rotate')).toBe(false);
  });
});
