// Hash slots: CRC16 and hash tags exactly as Redis Cluster computes them.
import { describe, expect, it } from 'vitest';
import { crc16, keySlot, slotTable } from '../../engine/slots.ts';

describe('keySlot', () => {
  it('matches the CRC16 check value of the Redis Cluster spec', () => {
    expect(crc16('123456789')).toBe(0x31c3);
  });
  it('matches slots redis-cli cluster keyslot reports', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
    expect(keySlot('')).toBe(0);
  });
  it('hashes only the first non-empty hash tag', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });
});

describe('slotTable', () => {
  it('gives every shard a contiguous range and covers all slots', () => {
    const t = slotTable(3);
    expect(t[0]).toBe(0);
    expect(t[16383]).toBe(2);
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeGreaterThanOrEqual(0);
  });
});
