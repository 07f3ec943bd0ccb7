import { describe, expect, it } from 'vitest';
import { formatStrategy, parseStrategy, planClassCounts } from '../src/strategy.js';

const classes = ['a', 'b', 'c'];
const before = [100, 10, 40];
const adds = (s: unknown, minority?: string[]) => planClassCounts(classes, before, parseStrategy(s), minority).map((c) => c.add);

describe('parseStrategy', () => {
  it('reads every form', () => {
    expect(parseStrategy(undefined)).toEqual({ kind: 'auto' });
    expect(parseStrategy('not-majority')).toEqual({ kind: 'not majority' });
    expect(parseStrategy('Not_Minority')).toEqual({ kind: 'not minority' });
    expect(parseStrategy('0.5')).toEqual({ kind: 'ratio', ratio: 0.5 });
    expect(parseStrategy(1)).toEqual({ kind: 'ratio', ratio: 1 });
    expect(parseStrategy('yes=500, maybe=200')).toEqual({ kind: 'counts', counts: { yes: 500, maybe: 200 } });
    expect(parseStrategy({ yes: 5 })).toEqual({ kind: 'counts', counts: { yes: 5 } });
    expect(parseStrategy('a=b=3')).toEqual({ kind: 'counts', counts: { 'a=b': 3 } });
    expect(formatStrategy(parseStrategy('yes=5,no=6'))).toBe('yes=5,no=6');
  });

  it('refuses bad values naming --strategy and what is allowed', () => {
    expect(() => parseStrategy('most')).toThrow(/--strategy must be one of 'auto'.*ratio in \(0, 1\]/);
    expect(() => parseStrategy('0')).toThrow(/--strategy: a ratio must be in \(0, 1\].*got 0/);
    expect(() => parseStrategy(1.5)).toThrow(/ratio must be in \(0, 1\]/);
    expect(() => parseStrategy('yes=-3')).toThrow(/count for class 'yes' must be a non-negative integer, got '-3'/);
    expect(() => parseStrategy('yes=1.5')).toThrow(/non-negative integer/);
    expect(() => parseStrategy('yes=1,yes=2')).toThrow(/given twice/);
    expect(() => parseStrategy('=3')).toThrow(/not of the form class=count/);
  });
});

describe('planClassCounts', () => {
  it('auto / not majority: every class but the majority up to the majority', () => {
    expect(adds('auto')).toEqual([0, 90, 60]);
    expect(adds('not majority')).toEqual([0, 90, 60]);
  });
  it('minority: only the smallest class', () => expect(adds('minority')).toEqual([0, 90, 0]));
  it('not minority: every class but the smallest', () => expect(adds('not minority')).toEqual([0, 0, 60]));
  it('all: every class up to the majority', () => expect(adds('all')).toEqual([0, 90, 60]));
  it('ratio: non-majority classes up to floor(ratio x majority)', () => {
    expect(adds('0.55')).toEqual([0, 45, 15]);
    expect(planClassCounts(['n', 'y'], [99, 10], parseStrategy(0.5))[1]).toEqual({ class: 'y', before: 10, target: 49, add: 39 });
  });
  it('counts: totals after augmentation', () => {
    const plan = planClassCounts(classes, before, parseStrategy('b=25,c=40'));
    expect(plan.map((c) => c.target)).toEqual([100, 25, 40]);
    expect(plan.map((c) => c.add)).toEqual([0, 15, 0]);
  });
  it('--minority restricts the classes', () => {
    expect(adds('auto', ['b'])).toEqual([0, 90, 0]);
    expect(adds('all', ['a', 'c'])).toEqual([0, 0, 60]);
    expect(adds('0.5', ['c'])).toEqual([0, 0, 10]);
    expect(adds('b=20', ['b'])).toEqual([0, 10, 0]);
  });
  it('refuses unknown classes, conflicts, ratios that would remove rows and counts below the current size', () => {
    expect(() => adds('auto', ['z'])).toThrow(/--minority: class 'z' is not in the label column.*'a', 'b', 'c'/);
    expect(() => adds('minority', ['b'])).toThrow(/cannot be combined with --minority/);
    expect(() => adds('z=5')).toThrow(/--strategy: class 'z' is not in the label column/);
    expect(() => adds('c=50', ['b'])).toThrow(/names class 'c', which is not in --minority/);
    expect(() => adds('c=39')).toThrow(/c=39 is below the 40 rows class 'c' already has/);
    expect(() => adds('0.3')).toThrow(/class 'c' already has 40 rows.*at least 0.400/);
  });
});
