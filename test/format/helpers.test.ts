import { describe, expect, it } from 'vitest';
import { capacityAmount, capacityName, cpu, humanBytes, humanMhz, humanPercent, isoDate, names, nicAddresses, nicIps, ports } from '../../src/format/helpers.ts';

describe('formatter helpers', () => {
  it('writes bytes, MHz and percentages in human units', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1610612736)).toBe('1.5 GiB');
    expect(humanBytes('21474836480')).toBe('20 GiB');
    expect(humanBytes(5 * 1024 ** 4)).toBe('5 TiB');
    expect(humanMhz(2400)).toBe('2.4 GHz');
    expect(humanMhz(500)).toBe('500 MHz');
    expect(cpu(2, 2000)).toBe('2 x 2 GHz');
    expect(cpu(undefined, 2000)).toBe('2 GHz');
    expect(humanPercent('12.345%')).toBe('12.3%');
    expect(humanPercent(50)).toBe('50%');
  });

  it('gives missing values as empty text, so their line is dropped', () => {
    for (const helper of [humanBytes, humanMhz, humanPercent, isoDate, nicIps, names]) expect(helper(undefined)).toBe('');
    expect(ports(undefined, undefined)).toBe('');
    expect(cpu(undefined, undefined)).toBe('');
  });

  it('writes CloudStack dates as ISO 8601 in UTC and leaves other text alone', () => {
    expect(isoDate('2026-01-02T03:04:05+0000')).toBe('2026-01-02T03:04:05Z');
    expect(isoDate('2026-01-02T05:04:05+0200')).toBe('2026-01-02T03:04:05Z');
    expect(isoDate('not a date')).toBe('not a date');
  });

  it('lists the IPs of a VM\'s NICs, the default NIC first', () => {
    const nics = [
      { ipaddress: '10.2.0.7', networkname: 'backend', isdefault: false },
      { ipaddress: '10.1.1.5', ip6address: 'fd00::5', networkname: 'front', isdefault: true },
    ];
    expect(nicIps(nics)).toBe('10.1.1.5 (front), fd00::5 (front), 10.2.0.7 (backend)');
    expect(nicAddresses(nics)).toBe('10.1.1.5, fd00::5, 10.2.0.7');
  });

  it('reads capacity amounts by their type', () => {
    expect(capacityAmount(0, 4294967296)).toBe('4 GiB');
    expect(capacityAmount(1, 4800)).toBe('4.8 GHz');
    expect(capacityAmount(4, 12)).toBe('12');
    expect(capacityName(4, undefined)).toBe('public IPs');
    expect(capacityName(1, 'CPU')).toBe('CPU');
    expect(ports(8000, 8080)).toBe('8000-8080');
    expect(ports(22, 22)).toBe('22');
  });
});
