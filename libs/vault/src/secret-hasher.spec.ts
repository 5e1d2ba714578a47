import { SecretHasher } from './secret-hasher';

describe('SecretHasher', () => {
  const hasher = new SecretHasher(Buffer.alloc(32, 9));

  it('generates 256-bit secrets without dots', () => {
    const secret = SecretHasher.generate();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(SecretHasher.generate()).not.toBe(secret);
  });

  it('verifies the right secret only, and never throws on a bad stored value', () => {
    const stored = hasher.hash('s3cret');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.verify('s3cret', stored)).toBe(true);
    expect(hasher.verify('s3cret!', stored)).toBe(false);
    expect(hasher.verify('s3cret', null)).toBe(false);
    expect(hasher.verify('s3cret', 'zz')).toBe(false);
  });

  it('depends on the pepper', () => {
    expect(new SecretHasher(Buffer.alloc(32, 1)).hash('x')).not.toBe(hasher.hash('x'));
  });
});
