import { describe, expect, it } from 'vitest';
import { clientKey, maskClient } from '@/lib/web/client-ip';

describe('per-client limits: one IPv6 /64 is one client', () => {
  it('an attacker rotating through the addresses of its /64 stays one client', () => {
    const clients = new Set(
      [
        '2001:db8:1:2::1',
        '2001:db8:1:2:ffff:ffff:ffff:ffff',
        '2001:0DB8:0001:0002:0a0b:0c0d:0e0f:1011',
        '2001:db8:1:2:0:0:0:7',
        '[2001:db8:1:2::99]:443',
        '2001:db8:1:2::1.2.3.4',
      ].map(clientKey),
    );
    expect([...clients]).toEqual(['2001:db8:1:2::/64']);
  });

  it('another /64 is another client', () => {
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('an IPv4-mapped IPv6 address is its IPv4 client, not a /64 shared by all of IPv4', () => {
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(clientKey('0:0:0:0:0:ffff:203.0.113.8')).toBe('203.0.113.8');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7:51234')).toBe('203.0.113.7');
  });

  it('what is no address is kept as given (one budget per odd value)', () => {
    expect(clientKey('unknown')).toBe('unknown');
    expect(clientKey('not:an:address')).toBe('not:an:address');
  });

  it('logs mask the host either way', () => {
    expect(maskClient('2001:db8:1:2::1')).toBe('2001:db8:1::x');
    expect(maskClient('::ffff:203.0.113.7')).toBe('203.0.113.x');
  });
});
