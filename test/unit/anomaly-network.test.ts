// The source network of an address (src/anomaly/observation.ts), as a table: IPv4 /24, IPv6 /64 in its compressed and
// full forms, IPv4-mapped IPv6 as IPv4, and anything that is no IP address at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkOf } from '../../src/anomaly/observation.js';

const CASES: [string, string | undefined][] = [
  ['127.0.0.1', '127.0.0.0/24'],
  ['127.0.1.2', '127.0.1.0/24'],
  ['10.20.30.255', '10.20.30.0/24'],
  ['::ffff:192.168.1.7', '192.168.1.0/24'],
  ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
  ['2001:0db8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2::/64'],
  ['2001:db8::1', '2001:db8:0:0::/64'],
  ['2001:db8:0:0:ffff::1', '2001:db8:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
  ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['-', undefined],
  ['keyward', undefined],
  ['300.1.1.1', undefined],
];

test('networkOf: /24 for IPv4, /64 for IPv6, nothing for what is no address', () => {
  for (const [address, network] of CASES) assert.equal(networkOf(address), network, address);
});
