import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clusterSpots,
  clusterSpotsInSteps,
  collectReviewInput,
  collectReviewInputInSteps,
  countPerElement,
  ITERATIONS_PER_STEP,
  SpotsAnalysis,
  type Analyst,
  type AnalystAnswer,
  type AnalystRequest,
  type ClusterWithElement,
  type SpotPoint,
} from '@/lib/review';
import type { ReviewWorkerRequest, ReviewWorkerResponse } from '@/lib/review/review-worker';
import type { HeatLayerData } from '@/lib/messaging/protocol';
import { ReviewAnalysts, REVIEW_SLICE_MS } from '@/lib/review/review-analyst';
import { runToCompletion } from '@/lib/core/schedule';
import { typedSpots } from '../typed-spots';
import REVIEW_WORKER_SOURCE from '../../lib/review/review-worker?worker-source';
import { bundleFieldWorker } from '../../lib/render/field-worker-build';
import { seededRandom } from '../seeded-random';
import { resolve } from 'node:path';

/** An element box around a cluster's spots and 100 px beyond, so that it holds scattered spots the cluster left out. */
function boxAround(cluster: { bounds: { x: number; y: number; width: number; height: number } }) {
  const { x, y, width, height } = cluster.bounds;
  return { label: 'Buy', tag: 'button', selector: '#buy', interactive: true, interactiveReason: 'button' as const, rect: { x: x - 100, y: y - 100, width: width + 200, height: height + 200 }, region: 'main' as const, treePath: '0/0' };
}

/** How many steps a step generator takes to finish. */
function countSteps(steps: Generator<unknown, unknown, void>): number {
  let count = 0;
  while (!steps.next().done) count++;
  return count;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

/** `count` spots around a few hot places on a 1000 px wide, 6000 px tall page, every 20th fixed. */
function spotColumns(count: number, seed: number): HeatLayerData['spots'] {
  const random = seededRandom(seed);
  const hot = [
    { x: 0.5, y: 300 },
    { x: 0.2, y: 1400 },
    { x: 0.8, y: 4000 },
  ];
  const spots = { relativeX: [] as number[], y: [] as number[], count: [] as number[], fixed: [] as boolean[] };
  for (let i = 0; i < count; i++) {
    const scatter = random() < 0.3;
    const place = hot[i % hot.length]!;
    spots.relativeX.push(scatter ? random() : Math.min(1, Math.max(0, place.x + (random() - 0.5) * 0.04)));
    spots.y.push(scatter ? random() * 6000 : place.y + Math.round((random() - 0.5) * 40));
    spots.count.push(1 + Math.floor(random() * 4));
    spots.fixed.push(i % 20 === 0);
  }
  return typedSpots(spots);
}

function layer(id: HeatLayerData['id'], spots: HeatLayerData['spots']): HeatLayerData {
  const total = Array.from(spots.count).reduce((sum, count) => sum + count, 0);
  return { id, spots, fold: { total_count: total, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 800 }, totalCount: total };
}

/** Runs the bundled worker text as a classic script with a stand-in worker global; returns its replies. */
function startWorkerScript() {
  const replies: ReviewWorkerResponse[] = [];
  const scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(message: ReviewWorkerResponse): void } = {
    onmessage: null,
    postMessage: (message) => void replies.push(structuredClone(message)),
  };
  new Function('globalThis', 'self', REVIEW_WORKER_SOURCE)(scope, scope);
  const send = (message: ReviewWorkerRequest) => scope.onmessage!({ data: structuredClone(message) });
  return { send, replies };
}

/** An Analyst answering through the worker script, messages cloned as postMessage would. */
function workerScriptAnalyst(session = 1): Analyst & { asked: string[] } {
  const worker = startWorkerScript();
  let jobId = 0;
  const asked: string[] = [];
  return {
    asked,
    async ask<R extends AnalystRequest>(request: R): Promise<AnalystAnswer<R>> {
      asked.push(request.kind);
      worker.send({ kind: 'ask', session, jobId: ++jobId, request });
      const reply = worker.replies.at(-1)!;
      if (reply.kind !== 'answer' || reply.jobId !== jobId) throw new Error(`no answer: ${JSON.stringify(reply)}`);
      return reply.answer as AnalystAnswer<R>;
    },
  };
}

describe('the review worker (built, not committed)', () => {
  it('is one classic script bundled from lib/review/review-worker.ts', async () => {
    expect(REVIEW_WORKER_SOURCE).toBe((await bundleFieldWorker(resolve('lib/review/review-worker.ts'))).code);
    expect(REVIEW_WORKER_SOURCE).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('answers the handshake, and each request as SpotsAnalysis does here, keeping the spots per session', () => {
    const { send, replies } = startWorkerScript();
    send({ kind: 'ping' });
    expect(replies).toEqual([{ kind: 'pong' }]);

    const spots = { id: 'click' as const, ...spotColumns(5000, 7), totalCount: 0 };
    const here = new SpotsAnalysis();
    const request: AnalystRequest = { kind: 'spots', viewportWidth: 1000, layers: [spots] };
    const expected = runToCompletion(here.answer(request));
    send({ kind: 'ask', session: 3, jobId: 1, request });
    expect(replies[1]).toEqual({ kind: 'answer', jobId: 1, answer: expected });
    expect(expected[0]!.clusters.length).toBeGreaterThan(1);

    // The count request reads the spots the session kept: the same answer as here.
    const button = boxAround(expected[0]!.clusters[0]!);
    const described: ClusterWithElement[] = expected[0]!.clusters.map((cluster, index) => ({ ...cluster, element: index === 0 ? button : null }));
    const count: AnalystRequest = { kind: 'count', layer: 'click', clusters: described, scrolls: described.map(() => ({ x: 0, y: 0 })) };
    send({ kind: 'ask', session: 3, jobId: 2, request: count });
    expect(replies[2]).toEqual({ kind: 'answer', jobId: 2, answer: runToCompletion(here.answer(count)) });

    // Released: a later request on that session starts from no spots (nothing inside the button).
    send({ kind: 'release', session: 3 });
    send({ kind: 'ask', session: 3, jobId: 3, request: count });
    const afterRelease = replies[3];
    if (afterRelease?.kind !== 'answer') throw new Error('no answer');
    expect((afterRelease.answer as ClusterWithElement[]).find((cluster) => cluster.element)!.count).toBe(described[0]!.count);
    expect(afterRelease.answer).not.toEqual((replies[2] as { answer: unknown }).answer);
  });

  it('reports a request it cannot answer instead of dying', () => {
    const { send, replies } = startWorkerScript();
    send({ kind: 'ask', session: 1, jobId: 9, request: { kind: 'spots', viewportWidth: 1000, layers: null } as never });
    expect(replies[0]).toMatchObject({ kind: 'failed', jobId: 9 });
  });
});

describe('collectReviewInputInSteps with the worker', () => {
  function page() {
    document.body.innerHTML = '<main><button id="buy">Buy Pro</button><p id="intro">Welcome</p><a id="plans" href="/plans">See plans</a></main>';
    const buy = document.getElementById('buy')!;
    const intro = document.getElementById('intro')!;
    // Buy Pro sits around x 500, y 300 on a 1000 px wide viewport; everything else is the intro.
    const lookup = (x: number, y: number) => (Math.abs(x - 500) < 40 && Math.abs(y - 300) < 30 ? [buy, document.body] : [intro, document.body]);
    return { viewport: { width: 1000, height: 800 }, scroll: { x: 0, y: 0 }, lookup };
  }

  it('gives the same input and the same findings as collecting here at once', async () => {
    const data = { layers: [layer('click', spotColumns(20_000, 1)), layer('rageclick', spotColumns(3_000, 2))], scrollDepth: null };
    const options = page();
    const here = collectReviewInput(document, data, options);
    const analyst = workerScriptAnalyst();
    const pauses = { count: 0 };
    const stepped = await collectReviewInputInSteps(document, data, options, { analyst, budgetMs: 0, yieldFn: async () => void pauses.count++ });
    expect(stepped).toEqual(here);
    expect(analyst.asked).toEqual(['spots', 'count', 'count', 'ctas']);
    expect(await analyst.ask({ kind: 'assess', input: stepped! })).toEqual(runToCompletion(new SpotsAnalysis().answer({ kind: 'assess', input: here })));
    // The page got a turn after every page read and every answer (budget 0).
    expect(pauses.count).toBeGreaterThan(here.clusters.click.length + here.clusters.rageclick.length);
  });

  it('stops, resolving to null, when the run is cancelled', async () => {
    const data = { layers: [layer('click', spotColumns(2_000, 1))], scrollDepth: null };
    let turns = 0;
    const result = await collectReviewInputInSteps(document, data, page(), { analyst: workerScriptAnalyst(), budgetMs: 0, yieldFn: async () => void turns++, isCancelled: () => turns >= 2 });
    expect(result).toBeNull();
  });
});

describe('the pure work in steps', () => {
  it('clusters 100k spots in steps of ITERATIONS_PER_STEP iterations, with the same clusters', () => {
    const points: SpotPoint[] = [];
    const columns = spotColumns(100_000, 3);
    for (let i = 0; i < columns.y.length; i++) points.push({ x: columns.relativeX[i]! * 1000, y: columns.y[i]!, count: columns.count[i]!, fixed: columns.fixed[i] === 1 });
    const steps = clusterSpotsInSteps(points, { minShare: 0.005 });
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // Two passes over the spots at least: binning, then summing.
    expect(yields).toBeGreaterThanOrEqual(Math.floor((2 * points.length) / ITERATIONS_PER_STEP));
    expect(step.value).toEqual(clusterSpots(points, { minShare: 0.005 }));
  });

  it('counts per element with the scroll each cluster was measured at', () => {
    const nav = { label: 'Pricing', tag: 'a', selector: '#nav', interactive: true, interactiveReason: 'link' as const, rect: { x: 400, y: 1010, width: 80, height: 30 }, region: 'nav' as const, treePath: '0/0' };
    const cluster: ClusterWithElement = { id: 'f:0:0', fixed: true, count: 1, share: 0, centroid: { x: 420, y: 20 }, bounds: { x: 420, y: 20, width: 0, height: 0 }, element: nav };
    const points = [{ x: 420, y: 20, count: 7, fixed: true }];
    // Measured with the page scrolled by 1000 px: the fixed spot lies on the link.
    expect(countPerElement([cluster], points, 7, [{ x: 0, y: 1000 }])[0]!.count).toBe(7);
    // At the top, the same box is 1000 px further down than the spot.
    expect(countPerElement([cluster], points, 7, [{ x: 0, y: 0 }])[0]!.count).toBe(1);
  });
});

/**
 * A stand-in for the browser's Worker that runs the built worker script in this thread, messages
 * cloned and delivered as tasks; it can refuse to start (a page's CSP) or die at its n-th request.
 */
class ScriptWorker extends EventTarget {
  static behaviour: { refuse?: boolean; dieAtAsk?: number; hangAtAsk?: number } = {};
  static started = 0;
  private readonly scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(message: unknown): void };
  private asks = 0;
  private dead = false;

  constructor(_url: string) {
    super();
    ScriptWorker.started++;
    this.scope = {
      onmessage: null,
      postMessage: (message) => setTimeout(() => !this.dead && this.dispatchEvent(Object.assign(new Event('message'), { data: structuredClone(message) }))),
    };
    if (ScriptWorker.behaviour.refuse) {
      this.die();
      return;
    }
    new Function('globalThis', 'self', REVIEW_WORKER_SOURCE)(this.scope, this.scope);
  }

  postMessage(message: ReviewWorkerRequest): void {
    if (this.dead) return;
    if (message.kind === 'ask' && ++this.asks === ScriptWorker.behaviour.dieAtAsk) {
      this.die();
      return;
    }
    // Killed without an error event: never answers again.
    if (message.kind === 'ask' && this.asks === ScriptWorker.behaviour.hangAtAsk) this.dead = true;
    if (this.dead) return;
    const data = structuredClone(message);
    setTimeout(() => this.scope.onmessage?.({ data }));
  }

  terminate(): void {
    this.dead = true;
  }

  private die(): void {
    setTimeout(() => this.dispatchEvent(new Event('error', { cancelable: true })));
  }
}

describe('ReviewAnalysts: the worker, or the main thread in slices', () => {
  const requests = () => {
    const spots: AnalystRequest = { kind: 'spots', viewportWidth: 1000, layers: [{ id: 'click' as const, ...spotColumns(30_000, 5), totalCount: 0 }] };
    const here = new SpotsAnalysis();
    const clusters = runToCompletion(here.answer(spots));
    const button = boxAround(clusters[0]!.clusters[0]!);
    const described = clusters[0]!.clusters.map((cluster, index) => ({ ...cluster, element: index === 0 ? button : null }));
    const count: AnalystRequest = { kind: 'count', layer: 'click', clusters: described, scrolls: described.map(() => ({ x: 0, y: 0 })) };
    const counted = runToCompletion(here.answer(count));
    // The box holds more spots than the cluster did: a count made without the spots would differ.
    expect(counted[0]!.count).toBeGreaterThan(described[0]!.count);
    return { spots, count, expected: { spots: clusters, count: counted } };
  };

  const useScriptWorker = (behaviour: typeof ScriptWorker.behaviour) => {
    ScriptWorker.behaviour = behaviour;
    ScriptWorker.started = 0;
    vi.stubGlobal('Worker', ScriptWorker);
  };

  it('answers in the worker when the page lets it run', async () => {
    useScriptWorker({});
    const { spots, count, expected } = requests();
    const analysts = new ReviewAnalysts(REVIEW_WORKER_SOURCE);
    const session = analysts.session();
    expect(await session.ask(spots)).toEqual(expected.spots);
    expect(await session.ask(count)).toEqual(expected.count);
    expect(session.place).toBe('worker');
    expect(ScriptWorker.started).toBe(1);
    analysts.terminate();
  });

  it('answers on the main thread, the same, when the page refuses the worker (an error before its first answer)', async () => {
    useScriptWorker({ refuse: true });
    const { spots, count, expected } = requests();
    const session = new ReviewAnalysts(REVIEW_WORKER_SOURCE).session();
    expect(await session.ask(spots)).toEqual(expected.spots);
    expect(await session.ask(count)).toEqual(expected.count);
    expect(session.place).toBe('main-thread');
  });

  it('finishes the run on the main thread when the worker dies holding the spots', async () => {
    useScriptWorker({ dieAtAsk: 2 });
    const { spots, count, expected } = requests();
    const session = new ReviewAnalysts(REVIEW_WORKER_SOURCE).session();
    expect(await session.ask(spots)).toEqual(expected.spots);
    expect(session.place).toBe('worker');
    // The spots the worker held are unpacked again here, so the count still sees every spot.
    expect(await session.ask(count)).toEqual(expected.count);
    expect(session.place).toBe('main-thread');
  });

  it('finishes the run on the main thread when the worker stops answering without an error', async () => {
    useScriptWorker({ hangAtAsk: 2 });
    const { spots, count, expected } = requests();
    const session = new ReviewAnalysts(REVIEW_WORKER_SOURCE, { answerMs: 50 }).session();
    expect(await session.ask(spots)).toEqual(expected.spots);
    expect(await session.ask(count)).toEqual(expected.count);
    expect(session.place).toBe('main-thread');
  });

  it('rejects what is in flight when the review closes, and does not redo it on the main thread', async () => {
    useScriptWorker({});
    const { spots } = requests();
    const analysts = new ReviewAnalysts(REVIEW_WORKER_SOURCE);
    const session = analysts.session();
    const asked = session.ask(spots);
    analysts.terminate();
    await expect(asked).rejects.toThrow('the review closed');
    expect(session.place).toBeNull();
  });

  it('on the main thread, gives the page a turn after every REVIEW_SLICE_MS of work, never the whole analysis in one go', async () => {
    vi.stubGlobal('Worker', undefined);
    const { spots, expected } = requests();
    // The steps of the same analysis, counted here: the work the main thread has to share out.
    const steps = countSteps(new SpotsAnalysis().answer(spots));
    // The test's own clock, 1 ms later at each reading, so the turns depend on the steps alone, not on the
    // machine's speed or load; each turn is one scheduler.yield(), the way the slices hand the page its turn.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => ++now);
    const turns = vi.fn(() => Promise.resolve());
    vi.stubGlobal('scheduler', { yield: turns });
    try {
      const session = new ReviewAnalysts(REVIEW_WORKER_SOURCE).session();
      expect(await session.ask(spots)).toEqual(expected.spots);
      expect(session.place).toBe('main-thread');
    } finally {
      clock.mockRestore();
    }
    expect(steps).toBeGreaterThan(4 * REVIEW_SLICE_MS);
    // A slice ends at the first step that finds REVIEW_SLICE_MS used: at most that many steps between turns.
    expect(turns.mock.calls.length).toBeGreaterThanOrEqual(Math.floor(steps / REVIEW_SLICE_MS) - 1);
  });

  it('runs on the main thread where there is no Worker at all', async () => {
    vi.stubGlobal('Worker', undefined);
    const { spots, expected } = requests();
    const session = new ReviewAnalysts(REVIEW_WORKER_SOURCE).session();
    expect(await session.ask(spots)).toEqual(expected.spots);
    expect(session.place).toBe('main-thread');
  });
});
