import { describe, expect, it } from 'vitest';
import { getLesson, LESSONS, lessonRefs } from './lessons';

describe('LESSONS', () => {
  it('has at least 8 short lessons with unique ids, 3–6 paragraphs and key points', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      expect(l.body.length, l.id).toBeGreaterThanOrEqual(3);
      expect(l.body.length, l.id).toBeLessThanOrEqual(6);
      expect(l.keyPoints.length, l.id).toBeGreaterThanOrEqual(2);
      expect(l.summary.length, l.id).toBeGreaterThan(10);
      expect(l.minutes, l.id).toBeGreaterThan(0);
    }
  });

  it('relates only to lessons that exist', () => {
    for (const l of LESSONS) for (const r of l.related) expect(getLesson(r), `${l.id} → ${r}`).toBeDefined();
  });

  it('states the ISO 10816-3 group 2 zone boundaries the library uses', () => {
    const text = getLesson('vibration-basics')!.body.join(' ');
    for (const n of ['1.4', '2.8', '4.5']) expect(text).toContain(n);
  });

  it('links by id, dropping unknown and repeated ids', () => {
    expect(lessonRefs(['health-score', 'nope', 'health-score'])).toEqual([
      { id: 'health-score', title: getLesson('health-score')!.title },
    ]);
  });
});
