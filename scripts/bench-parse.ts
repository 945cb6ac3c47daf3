/**
 * Reading PostHog's heatmap answer as it streams in, against reading it whole and then parsing it:
 * the real client (lib/posthog/client.ts) in Node (V8, the engine of Chromium's service worker) is
 * given an answer that arrives in chunks at a set bandwidth, once with `streamSpots` (the default)
 * and once without, alternating, and the time from the **last byte** to the checked spots is what
 * the extension adds after PostHog (and the network) are done.
 *
 *   npx tsx scripts/bench-parse.ts
 *   BENCH_PARSE_SPOTS=150000 BENCH_PARSE_MBPS=100 BENCH_PARSE_RUNS=9 npx tsx scripts/bench-parse.ts
 *
 * Part of `npm run bench` (scripts/bench.ts prints its figures with the others).
 */
import { fileURLToPath } from 'node:url';
import { createPostHogClient } from '../lib/posthog/client';
import type { HeatmapQuery } from '../lib/posthog/query';
import { median, round, seededRandom } from './bench-render';

const CHUNK_BYTES = 64 * 1024;
const query: HeatmapQuery = { type: 'click', dateFrom: '-7d', aggregation: 'total_count', filterTestAccounts: false };

/** `spots` distinct spots the way PostHog (and test/server) answer them, hottest first. */
function heatmapAnswer(spots: number, seed: number): string {
  const random = seededRandom(seed);
  const results = Array.from({ length: spots }, () => ({
    count: 1 + Math.floor(-Math.log(1 - random()) * 3),
    pointer_y: Math.floor(random() * 750) * 16,
    pointer_relative_x: Math.round(random() * 100) / 100,
    pointer_target_fixed: random() < 0.03,
  })).sort((a, b) => b.count - a.count || a.pointer_y - b.pointer_y);
  return JSON.stringify({ results, fold: { total_count: spots * 3, below_fold_count: spots * 2, pct_below_fold: 66.7, median_viewport_height: 900 }, has_more: false });
}

/** One fetch of `answer` arriving at `megabitsPerSecond`; resolves with the ms from its last byte to the spots. */
async function readOnce(answer: Uint8Array, megabitsPerSecond: number, streamSpots: boolean): Promise<{ afterLastByteMs: number; totalMs: number; spots: number }> {
  const bytesPerMs = (megabitsPerSecond * 1e6) / 8 / 1000;
  let lastByteAt = 0;
  let firstByteAt = 0;
  const fetch = (async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= answer.length) {
          controller.close();
          return;
        }
        if (sent === 0) firstByteAt = performance.now();
        // The chunk is due when the link could have carried it since the first byte.
        const end = Math.min(answer.length, sent + CHUNK_BYTES);
        const dueAt = firstByteAt + end / bytesPerMs;
        const wait = dueAt - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        controller.enqueue(answer.slice(sent, end));
        sent = end;
        if (sent >= answer.length) lastByteAt = performance.now();
      },
    }, { highWaterMark: 0 });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=30' } });
  }) as unknown as typeof globalThis.fetch;
  const client = createPostHogClient({ host: 'https://us.posthog.com', projectId: 1, apiKey: 'phx_bench' }, { fetch, streamSpots, maxSpots: 1e7 });
  const result = await client.fetchHeatmap(query);
  const done = performance.now();
  return { afterLastByteMs: done - lastByteAt, totalMs: done - firstByteAt, spots: result.results.length };
}

export interface ParseBenchResult {
  spots: number;
  answerBytes: number;
  megabitsPerSecond: number;
  runs: number;
  streamed: { afterLastByteMs: number; totalMs: number; runsMs: number[] };
  whole: { afterLastByteMs: number; totalMs: number; runsMs: number[] };
  /** whole / streamed, of the medians after the last byte. */
  ratio: number;
}

export async function runParseBench(options: { spots?: number; megabitsPerSecond?: number; runs?: number } = {}): Promise<ParseBenchResult> {
  const spots = options.spots ?? 50_000;
  const megabitsPerSecond = options.megabitsPerSecond ?? 50;
  const runs = options.runs ?? 7;
  const answer = new TextEncoder().encode(heatmapAnswer(spots, 0x5eed));
  // Warm both paths first (the service worker has parsed answers before).
  await readOnce(answer, 10_000, true);
  await readOnce(answer, 10_000, false);
  const streamed: { afterLastByteMs: number; totalMs: number }[] = [];
  const whole: { afterLastByteMs: number; totalMs: number }[] = [];
  for (let run = 0; run < runs; run++) {
    for (const streamSpots of run % 2 === 0 ? [true, false] : [false, true]) {
      const result = await readOnce(answer, megabitsPerSecond, streamSpots);
      if (result.spots !== spots) throw new Error(`read ${result.spots} spots, expected ${spots}`);
      (streamSpots ? streamed : whole).push(result);
    }
  }
  const summary = (list: { afterLastByteMs: number; totalMs: number }[]) => ({
    afterLastByteMs: round(median(list.map((entry) => entry.afterLastByteMs)), 1),
    totalMs: round(median(list.map((entry) => entry.totalMs)), 1),
    runsMs: list.map((entry) => round(entry.afterLastByteMs, 1)),
  });
  const streamedSummary = summary(streamed);
  const wholeSummary = summary(whole);
  return {
    spots,
    answerBytes: answer.length,
    megabitsPerSecond,
    runs,
    streamed: streamedSummary,
    whole: wholeSummary,
    ratio: round(wholeSummary.afterLastByteMs / Math.max(0.1, streamedSummary.afterLastByteMs), 1),
  };
}

export function describeParseBench(result: ParseBenchResult): string {
  return (
    `${result.spots} spots (${round(result.answerBytes / 2 ** 20, 1)} MB of JSON) arriving at ${result.megabitsPerSecond} Mbit/s, ${result.runs} runs each: ` +
    `last byte → checked spots ${result.streamed.afterLastByteMs} ms read as it streams in (runs ${result.streamed.runsMs.join(', ')}) vs ` +
    `${result.whole.afterLastByteMs} ms read whole, then parsed (runs ${result.whole.runsMs.join(', ')}): ${result.ratio}× less; ` +
    `first byte → spots ${result.streamed.totalMs} vs ${result.whole.totalMs} ms`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runParseBench({
    spots: Number(process.env.BENCH_PARSE_SPOTS ?? 50_000),
    megabitsPerSecond: Number(process.env.BENCH_PARSE_MBPS ?? 50),
    runs: Number(process.env.BENCH_PARSE_RUNS ?? 7),
  });
  console.log(describeParseBench(result));
}
