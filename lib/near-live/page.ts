import { OVERLAY_HOST_ATTRIBUTE } from '../core/overlay-host';
import { detectScrollRoot, type ScrollRoot } from '../core/scroll-root';
import { newClicksText, newSinceBaseline, type LiveSpot } from './diff';
import { barCorners, chooseBarCorner, cornerBox, markersInView, type BarCorner, type Box } from './markers';
import { countdownText, RefreshSchedule } from './schedule';

/**
 * Near-live in the page (entrypoints/near-live.ts, injected by the background when the overlay loads
 * near-live heat): a one-second tick that refreshes when due and the tab is visible, a small bar with
 * the window, the new clicks since the overlay opened and the countdown, and rings on the new spots
 * on a canvas of its own above the heat. The overlay's own painter repaints the heat after each
 * refresh (the background asks it to). It stops, and leaves the page as it was, when the overlay
 * closes or near-live is turned off.
 */

export const NEAR_LIVE_HOST_ATTRIBUTE = 'data-heatlens-near-live';

type StartReply = { live: true; intervalSeconds: number; label: string; unit: string; spots: LiveSpot[] } | { live: false };
type RefreshReply = { status: 'ok'; label: string; unit: string; spots: LiveSpot[] } | { status: 'paced'; waitSeconds: number } | { status: 'stopped' };

export interface NearLiveBackground {
  start(page: PageContext): Promise<StartReply>;
  refresh(page: PageContext): Promise<RefreshReply>;
}

interface PageContext {
  pageUrl: string;
  viewportWidth: number;
  viewportHeight: number;
}

/** A running near-live, one per overlay. */
export interface NearLiveRun {
  /** The overlay host it belongs to: a new overlay gets a new run. */
  readonly overlayHost: Element;
  /** False once stopped (overlay closed, near-live turned off). */
  readonly active: boolean;
  stop(): void;
}

const RING = '#ff1fd2';

const css = `
:host { all: initial; }
canvas { position: fixed; left: 0; top: 0; pointer-events: none; z-index: 3; }
.bar {
  position: fixed; left: 8px; bottom: 8px; z-index: 4; max-width: min(420px, calc(100vw - 16px));
  font: 12px/1.4 system-ui, sans-serif; color: #fff; background: rgba(17, 17, 17, 0.86);
  border-radius: 6px; padding: 4px 8px; pointer-events: none; box-sizing: border-box;
}
.bar .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: ${RING}; margin-right: 6px; }
.bar.paused .dot { background: #888; }
.bar.error { background: rgba(120, 20, 20, 0.92); }
`;

function pageContext(): PageContext {
  return { pageUrl: location.href, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight };
}

/** The message of a failed ask, and whether asking again can help (a missing scope cannot). */
function failure(error: unknown): { message: string; retryable: boolean } {
  const serialized = (error as { error?: { message?: unknown; retryable?: unknown } }).error;
  const message = typeof serialized?.message === 'string' ? serialized.message : error instanceof Error ? error.message : String(error);
  return { message, retryable: serialized?.retryable !== false };
}

/** Starts near-live beside the overlay whose host is `overlayHost`. */
export function startNearLive(background: NearLiveBackground, overlayHost: Element, now: () => number = Date.now): NearLiveRun {
  const host = document.createElement('div');
  host.setAttribute(NEAR_LIVE_HOST_ATTRIBUTE, '');
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  host.style.setProperty('pointer-events', 'none', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'status');
  bar.textContent = 'Live: starting…';
  root.append(canvas, bar);
  document.documentElement.append(host);

  const openedAt = new Date(now());
  const scrollRoot: ScrollRoot = detectScrollRoot();
  const controller = new AbortController();
  let schedule: RefreshSchedule | null = null;
  let baseline: LiveSpot[] | null = null;
  let newSpots: LiveSpot[] = [];
  /** Every spot of the window, to keep the bar off the heat. */
  let latestSpots: LiveSpot[] = [];
  let corner: BarCorner | null = null;
  let newCount = 0;
  let label = '';
  let unit = 'clicks';
  let problem: string | null = null;
  let stopped = false;
  /** After a failure asking again cannot mend (a missing scope): no more refreshes, the message stays. */
  let halted = false;

  const drawMarkers = () => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const markers = markersInView(newSpots, { width, height, scrollX: scrollRoot.scrollX(), scrollY: scrollRoot.scrollY() });
    for (const marker of markers) {
      // A dark halo under a bright magenta ring: visible on heat of any colour and on the page.
      context.lineWidth = 5;
      context.strokeStyle = 'rgba(0, 0, 0, 0.55)';
      context.beginPath();
      context.arc(marker.x, marker.y, 12, 0, 2 * Math.PI);
      context.stroke();
      context.lineWidth = 3;
      context.strokeStyle = RING;
      context.beginPath();
      context.arc(marker.x, marker.y, 12, 0, 2 * Math.PI);
      context.stroke();
    }
  };

  /** Whether the overlay's panel (or anything of the overlay that takes the pointer) is under the box. */
  const overOverlay = (box: Box) => {
    for (const fx of [0.1, 0.5, 0.9]) {
      for (const fy of [0.15, 0.5, 0.85]) {
        if (document.elementsFromPoint(box.x + fx * box.width, box.y + fy * box.height).includes(overlayHost)) return true;
      }
    }
    return false;
  };

  /** The bar in the corner that is off the overlay's panel and over the least heat. */
  const placeBar = () => {
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const { width, height } = bar.getBoundingClientRect();
    const boxes = barCorners.map((candidate) => ({ corner: candidate, box: cornerBox(candidate, { width, height }, viewport) }));
    const heat = markersInView(latestSpots, { ...viewport, scrollX: scrollRoot.scrollX(), scrollY: scrollRoot.scrollY() });
    const next = chooseBarCorner(corner, boxes, overOverlay, heat);
    if (next === corner) return;
    corner = next;
    bar.style.top = next.startsWith('top') ? '8px' : 'auto';
    bar.style.bottom = next.startsWith('bottom') ? '8px' : 'auto';
    bar.style.left = next.endsWith('left') ? '8px' : 'auto';
    bar.style.right = next.endsWith('right') ? '8px' : 'auto';
  };

  const render = () => {
    if (stopped) return;
    renderText();
    placeBar();
  };

  const renderText = () => {
    bar.classList.toggle('error', problem !== null);
    const visible = document.visibilityState === 'visible';
    bar.classList.toggle('paused', !visible);
    if (problem !== null) {
      bar.textContent = problem;
      return;
    }
    if (!schedule) return;
    const parts = [`Live · ${label}`, newClicksText(newCount, unit, openedAt)];
    parts.push(schedule.refreshing ? 'refreshing…' : visible ? `next refresh in ${countdownText(schedule.secondsLeft(now()))}` : 'paused while the tab is hidden');
    bar.replaceChildren(Object.assign(document.createElement('span'), { className: 'dot' }), parts.join(' · '));
  };

  const adopt = (answer: { label: string; unit: string; spots: LiveSpot[] }) => {
    label = answer.label;
    unit = answer.unit;
    if (baseline === null) baseline = answer.spots;
    latestSpots = answer.spots;
    ({ spots: newSpots, count: newCount } = newSinceBaseline(baseline, answer.spots));
    drawMarkers();
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    controller.abort();
    clearInterval(timer);
    host.remove();
  };

  const refresh = async () => {
    try {
      const reply = await background.refresh(pageContext());
      if (stopped) return;
      if (reply.status === 'stopped') return stop();
      if (reply.status === 'paced') {
        schedule!.refreshed(now(), reply.waitSeconds);
      } else {
        problem = null;
        adopt(reply);
        schedule!.refreshed(now());
      }
    } catch (error) {
      const { message, retryable } = failure(error);
      problem = message;
      schedule!.refreshed(now());
      if (!retryable) halted = true;
    }
    render();
  };

  const tick = () => {
    if (stopped) return;
    // The overlay was closed (its host left the page): near-live ends with it, before any query.
    if (!overlayHost.isConnected) return stop();
    if (!halted && schedule?.tick(now(), document.visibilityState === 'visible') === 'refresh') void refresh();
    render();
  };

  const timer = setInterval(tick, 1000);
  const options = { signal: controller.signal, passive: true, capture: true };
  document.addEventListener('visibilitychange', tick, { signal: controller.signal });
  window.addEventListener('scroll', drawMarkers, options);
  window.addEventListener('resize', drawMarkers, options);

  void background.start(pageContext()).then(
    (reply) => {
      if (stopped) return;
      if (!reply.live) return stop();
      schedule = new RefreshSchedule(reply.intervalSeconds * 1000, now());
      adopt(reply);
      render();
    },
    (error: unknown) => {
      if (stopped) return;
      problem = failure(error).message;
      halted = true;
      render();
    },
  );

  return {
    overlayHost,
    get active() {
      return !stopped;
    },
    stop,
  };
}

/**
 * The overlay's host: the last one Heatlens appended to <html> (a page's own element with the same
 * attribute, placed earlier, is not it).
 */
function findOverlayHost(): Element | null {
  const hosts = document.documentElement.querySelectorAll(`:scope > [${OVERLAY_HOST_ATTRIBUTE}]`);
  return hosts[hosts.length - 1] ?? null;
}

/** Symbol-keyed, so a page's named elements cannot stand in for it (see lib/overlay/review-handover.ts). */
const RUN_KEY = Symbol.for('heatlens.nearLiveRun');
const HOST_WAIT_MS = 5000;

/**
 * What near-live.js does each time the background injects it (on every near-live load of the
 * overlay): nothing while a run follows the overlay that shows; otherwise a new run for it, once the
 * overlay's host is on the page.
 */
export async function runNearLiveOnce(background: NearLiveBackground): Promise<void> {
  const keyed = globalThis as unknown as Record<symbol, NearLiveRun | undefined>;
  let overlayHost = findOverlayHost();
  for (let waited = 0; !overlayHost && waited < HOST_WAIT_MS; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    overlayHost = findOverlayHost();
  }
  if (!overlayHost) return;
  const running = keyed[RUN_KEY];
  if (running?.active && running.overlayHost === overlayHost && overlayHost.isConnected) return;
  running?.stop();
  Object.defineProperty(globalThis, RUN_KEY, { value: startNearLive(background, overlayHost), configurable: true });
}
