import { describe, expect, it } from 'vitest';
import { createStreamedResultsParser, MalformedAnswerError, type StreamedAnswer } from '../../lib/posthog/streamed-results';

/** Feeds `text` in pieces cut at `cuts` (sorted positions), as a network would. */
function parseInPieces(text: string, cuts: number[], onBatch?: (batch: unknown[], offset: number) => unknown[]): StreamedAnswer {
  const parser = createStreamedResultsParser(onBatch);
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parser.push(text.slice(from, cut));
    from = cut;
  }
  return parser.finish();
}

function randomCuts(length: number, count: number, seed: number): number[] {
  let state = seed;
  const next = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: count }, () => Math.floor(next() * length)).sort((a, b) => a - b);
}

/** What JSON.parse makes of the same answer, split the way the parser returns it. */
function expected(text: string): { rest: unknown; results: unknown[] } {
  const whole = JSON.parse(text) as Record<string, unknown>;
  const { results, ...others } = whole;
  return { rest: Object.keys(whole).includes('results') ? { ...whole, results: [] } : others, results: (results as unknown[]) ?? [] };
}

const spots = Array.from({ length: 500 }, (_, index) => ({ count: 1 + (index % 7), pointer_y: index * 16, pointer_relative_x: (index % 100) / 100, pointer_target_fixed: index % 9 === 0 }));
const answer = JSON.stringify({ results: spots, fold: { total_count: 9, below_fold_count: 3, pct_below_fold: 33.3, median_viewport_height: 880 }, has_more: false });

describe('createStreamedResultsParser', () => {
  it('gives what JSON.parse gives, however the answer is cut (every cut position of a small answer, random cuts of a big one)', () => {
    const small = JSON.stringify({ has_more: true, results: [{ count: 1, pointer_y: 16 }, { count: 2, pointer_y: 32, nested: { list: [1, [2]], text: 'a,]}' } }], fold: {} });
    for (let cut = 0; cut <= small.length; cut++) {
      const parsed = parseInPieces(small, [cut]);
      expect(parsed).toEqual({ kind: 'streamed', ...expected(small), resultsSeen: true });
    }
    for (let seed = 1; seed <= 20; seed++) {
      const parsed = parseInPieces(answer, randomCuts(answer.length, 1 + seed * 3, seed));
      expect(parsed).toEqual({ kind: 'streamed', ...expected(answer), resultsSeen: true });
    }
  });

  it('hands the elements over in batches as they arrive, with the index of each batch’s first element', () => {
    const batches: [number, number][] = [];
    const parser = createStreamedResultsParser((batch, offset) => {
      batches.push([offset, batch.length]);
      return batch;
    });
    const third = Math.floor(answer.length / 3);
    parser.push(answer.slice(0, third));
    const afterFirstThird = batches.length;
    parser.push(answer.slice(third, 2 * third));
    parser.push(answer.slice(2 * third));
    const result = parser.finish();
    expect(afterFirstThird).toBeGreaterThan(0);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    let next = 0;
    for (const [offset, length] of batches) {
      expect(offset).toBe(next);
      next += length;
    }
    expect(next).toBe(spots.length);
    expect(result.kind === 'streamed' && result.results).toEqual(spots);
  });

  it('keeps what onBatch returns, and stops at once when it throws', () => {
    const parsed = parseInPieces(answer, randomCuts(answer.length, 10, 3), (batch) => batch.map((spot) => (spot as { count: number }).count));
    expect(parsed.kind === 'streamed' && parsed.results).toEqual(spots.map((spot) => spot.count));
    const refusal = new Error('spot 3 is wrong');
    expect(() => parseInPieces(answer, [100], (_batch, offset) => {
      if (offset === 0) throw refusal;
      return [];
    })).toThrow(refusal);
  });

  it('ignores brackets, commas and quotes inside strings, keys named results below the top, and a key that only contains the word', () => {
    const tricky = JSON.stringify({
      note: 'results: [1, 2] "quoted" \\ back\\slash',
      '"results': [9],
      meta: { results: [7, 8] },
      results: [
        { label: '}],[{', escaped: '\\"', unicode: 'é😀' },
        // `},` inside a string and inside a nested value: the shortcut's cut there must not be taken.
        { label: 'a},{"b":1},' },
        { nested: [{ b: 1 }, { c: 2 }], after: { d: {} } },
        'plain,string',
        [1, [2, [3]]],
        null,
        4.5e-3,
        true,
        { last: '},' },
      ],
      tail: ']',
    });
    for (let seed = 1; seed <= 30; seed++) {
      expect(parseInPieces(tricky, randomCuts(tricky.length, seed, seed * 7))).toEqual({ kind: 'streamed', ...expected(tricky), resultsSeen: true });
    }
  });

  it('an answer without results, or whose results is not a list, comes back whole in rest', () => {
    const none = JSON.stringify({ fold: null, has_more: false });
    expect(parseInPieces(none, [5])).toEqual({ kind: 'streamed', rest: { fold: null, has_more: false }, results: [], resultsSeen: false });
    const notList = JSON.stringify({ results: { count: 1 } });
    expect(parseInPieces(notList, [3])).toEqual({ kind: 'streamed', rest: { results: { count: 1 } }, results: [], resultsSeen: false });
  });

  it('a second results key wins, as in JSON.parse', () => {
    const twice = '{"results":[1,2,3],"x":0,"results":[4]}';
    for (let cut = 0; cut <= twice.length; cut++) expect(parseInPieces(twice, [cut])).toEqual({ kind: 'streamed', rest: { results: [], x: 0 }, results: [4], resultsSeen: true });
  });

  it('anything that is not an object at the top comes back as text for the ordinary parse', () => {
    expect(parseInPieces('  <html><body>Bad gateway</body></html>', [4])).toEqual({ kind: 'text', text: '  <html><body>Bad gateway</body></html>' });
    expect(parseInPieces('[1,2]', [1])).toEqual({ kind: 'text', text: '[1,2]' });
    expect(parseInPieces('', [])).toEqual({ kind: 'text', text: '' });
  });

  it('refuses what JSON.parse refuses: cut short, trailing commas, broken elements, garbage after the object', () => {
    const refused = [
      answer.slice(0, answer.length - 40),
      '{"results":[1,2,]}',
      '{"results":[,1]}',
      '{"results":[1,,2]}',
      '{"results":[{"count":1,}]}',
      '{"results":[1],}',
      '{"results":[1]} x',
      '{"results":[1]',
      '{"results":["open]}',
    ];
    for (const text of refused) {
      for (const cuts of [[], [Math.floor(text.length / 2)], randomCuts(text.length, 5, text.length)]) {
        expect(() => parseInPieces(text, cuts), text).toThrow(MalformedAnswerError);
      }
    }
  });
});
