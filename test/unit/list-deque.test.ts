// The list value (engine/keyspace/list.ts): the ring-buffer deque checked against a plain array
// under random pushes and pops at both ends, index access, inserts and removals in the middle,
// growth and shrinking across the wrap point, the OBJECT ENCODING Redis 7.0 reports, and the
// transfer round trip.
import { describe, expect, it } from 'vitest';
import { List } from '../../engine/keyspace/list.ts';
import { fromTransfer, toTransfer } from '../../engine/keyspace/transfer.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('List (ring-buffer deque)', () => {
  it('pushes and pops at both ends in deque order', () => {
    const l = new List();
    l.pushBack('b');
    l.pushFront('a');
    l.pushBack('c');
    expect(l.toArray()).toEqual(['a', 'b', 'c']);
    expect(l.size).toBe(3);
    expect(l.popFront()).toBe('a');
    expect(l.popBack()).toBe('c');
    expect(l.popBack()).toBe('b');
    expect(l.popBack()).toBeUndefined();
    expect(l.popFront()).toBeUndefined();
    expect(l.size).toBe(0);
  });

  it('reports quicklist, as Redis 7.0 does for every list', () => {
    const l = List.from(['x']);
    expect(l.encoding()).toBe('quicklist');
    for (let i = 0; i < 1000; i++) l.pushBack('y'.repeat(100));
    expect(l.encoding()).toBe('quicklist');
  });

  for (const seed of [1, 2, 3]) {
    it(`random operations match an array (seed ${seed})`, () => {
      const r = rng(seed);
      const l = new List();
      const model: string[] = [];
      for (let step = 0; step < 30000; step++) {
        const x = r();
        // phases that grow and shrink so the buffer resizes across the wrap point
        const growing = Math.floor(step / 3000) % 2 === 0;
        if (x < (growing ? 0.35 : 0.2)) {
          const v = `v${step}`;
          l.pushBack(v);
          model.push(v);
        } else if (x < (growing ? 0.7 : 0.4)) {
          const v = `w${step}`;
          l.pushFront(v);
          model.unshift(v);
        } else if (x < 0.55 + (growing ? 0.1 : 0)) {
          expect(l.popFront()).toBe(model.shift());
        } else if (x < 0.75 + (growing ? 0.05 : 0)) {
          expect(l.popBack()).toBe(model.pop());
        } else if (x < 0.85 && model.length > 0) {
          const i = Math.floor(r() * model.length);
          expect(l.at(i)).toBe(model[i]);
          l.setAt(i, `s${step}`);
          model[i] = `s${step}`;
        } else if (x < 0.92) {
          const i = Math.floor(r() * (model.length + 1));
          l.insertAt(i, `i${step}`);
          model.splice(i, 0, `i${step}`);
        } else if (model.length > 0) {
          const i = Math.floor(r() * model.length);
          expect(l.removeAt(i)).toBe(model[i]);
          model.splice(i, 1);
        }
        expect(l.size).toBe(model.length);
        if (step % 1000 === 0) expect(l.toArray()).toEqual(model);
      }
      expect(l.toArray()).toEqual(model);
      for (let k = 0; k < 100 && model.length > 0; k++) {
        const a = Math.floor(r() * model.length);
        const b = Math.min(model.length - 1, a + Math.floor(r() * 50));
        expect(l.range(a, b)).toEqual(model.slice(a, b + 1));
      }
    });
  }

  it('range of an empty interval is empty', () => {
    const l = List.from(['a', 'b']);
    expect(l.range(1, 0)).toEqual([]);
    expect(l.range(0, 1)).toEqual(['a', 'b']);
  });

  it('memory estimate grows with content and shrinks back', () => {
    const l = new List();
    const empty = l.memory();
    for (let i = 0; i < 10000; i++) l.pushBack('0123456789');
    const full = l.memory();
    expect(full).toBeGreaterThan(empty + 100000);
    while (l.size > 0) l.popFront();
    expect(l.memory()).toBeLessThan(full / 10);
  });

  it('survives a transfer round trip (binary-safe latin1 strings)', () => {
    const items = ['a', '', '\x00\xff\r\n', 'x'.repeat(1000)];
    const l = List.from(items);
    l.pushFront('front');
    const back = fromTransfer(toTransfer(l)) as List;
    expect(back).toBeInstanceOf(List);
    expect(back.toArray()).toEqual(['front', ...items]);
  });
});
