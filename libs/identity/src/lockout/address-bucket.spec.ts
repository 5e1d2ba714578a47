import { addressBucket } from './address-bucket';

describe('addressBucket', () => {
  it('keeps an IPv4 address', () => {
    expect(addressBucket('192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, however it is written', () => {
    expect(addressBucket('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressBucket('::FFFF:c000:0207')).toBe('192.0.2.7');
    expect(addressBucket('0:0:0:0:0:ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts IPv6 addresses by their /64, whatever their spelling', () => {
    const bucket = addressBucket('2001:db8:1:2::1');
    expect(bucket).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe(bucket);
    expect(addressBucket('2001:db8:1:2:a:b:c:d%eth0')).toBe(bucket);
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(bucket);
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('::')).toBe('0:0:0:0::/64');
  });

  it('leaves what is not an address as its own bucket', () => {
    expect(addressBucket('')).toBe('');
    expect(addressBucket('not an address')).toBe('not an address');
  });
});
