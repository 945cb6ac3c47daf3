import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CapturePermission } from '@/components/CapturePermission';
import { CompareForm } from '@/components/CompareForm';
import { DataSourceForm } from '@/components/DataSourceForm';
import { FiltersForm } from '@/components/FiltersForm';
import { OverlayToggle } from '@/components/OverlayToggle';
import { SegmentForm } from '@/components/SegmentForm';
import { SettingsForm, type ConnectionInput, type SaveResult } from '@/components/SettingsForm';
import { TargetPicker } from '@/components/TargetPicker';
import { fullPageCaptureAsked, TAB_CAPTURE_PERMISSION, tabCaptureGranted, tabCaptureIsOptional } from '@/lib/full-page/capture-permission';
import { MessageError, type OverlayState, type PublicConnection, type SegmentOptions } from '@/lib/messaging/protocol';
import { hostPermissionPattern, isCloudHost, normalizePostHogHost } from '@/lib/posthog/hosts';
import type { Preferences } from '@/lib/settings/store';
import { candidateOrigin, defaultTarget, targetCandidates, type TargetCandidate } from '@/lib/tabs/target-tab';
import { askBackground } from '@/lib/protocol/ask';
import { suggestUrlPattern } from '@/lib/core/url-pattern';
import { detectedSplit, rangeDays, splitPickerView, type DetectedSplit, type SplitPickerView } from '@/lib/compare/split-points';
import type { AnnotationMark } from '@/lib/annotations/messages';

function messageOf(error: unknown): string {
  if (error instanceof MessageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Asks for a host permission; must run inside the click that caused it (a user gesture), before any
 * other await. Asking for a permission already held resolves `true` without a prompt.
 */
function requestOrigin(origin: string): Promise<boolean> {
  // Firefox refuses match patterns with a port (see hostPermissionPattern): it gets every port of the host.
  return browser.permissions.request({ origins: [hostPermissionPattern(origin, { omitPort: import.meta.env.FIREFOX })] });
}

/**
 * The page's window size (innerWidth × innerHeight), which the heat's width filter follows: read in
 * the extension's isolated world of the tab (activeTab from the toolbar, or the page's host permission),
 * since the tab's own size is the browser window's, not the page's layout viewport. Null when unreadable.
 */
async function tabViewport(tabId: number): Promise<{ width: number; height: number } | null> {
  const read = await browser.scripting.executeScript({ target: { tabId }, func: () => [window.innerWidth, window.innerHeight] }).catch(() => null);
  const value: unknown = read?.[0]?.result;
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [width, height] = value as unknown[];
  return typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0 ? { width, height } : null;
}

/** Optional in the released build, so the user may withdraw it; a test build requires it (wxt.config.ts). */
const tabCaptureWithdrawable = tabCaptureIsOptional();

/** The page "Show heatmap" acts on. */
interface Target {
  tabId: number;
  url: string | null;
}

/**
 * Where this App runs decides the target: in the toolbar popup the active tab (activeTab grants
 * access); in a tab of its own (the popup opened as a tab, the options page) the window's most
 * recently active other tab, switchable, reached through a host permission asked for in the click.
 */
interface Placement {
  inTab: boolean;
  candidates: TargetCandidate[];
  target: Target | null;
}

async function findPlacement(chosenTabId: number | null): Promise<Placement> {
  const own = await browser.tabs.getCurrent();
  if (!own) {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    return { inTab: false, candidates: [], target: active?.id !== undefined ? { tabId: active.id, url: active.url ?? null } : null };
  }
  const tabs = await browser.tabs.query({ windowId: own.windowId });
  const candidates = targetCandidates(tabs, own.id ?? null, browser.runtime.getURL('/'));
  const chosen = candidates.find((candidate) => candidate.tabId === chosenTabId) ?? defaultTarget(candidates);
  return { inTab: true, candidates, target: chosen ? { tabId: chosen.tabId, url: chosen.url } : null };
}

/** The annotations of the last seven days, newest first; none when the key cannot read them. */
async function loadLiveAnnotations(): Promise<AnnotationMark[]> {
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const list = await askBackground('annotations.list', { dateFrom: weekAgo, dateTo: null }).catch(() => null);
  return list?.available ? [...list.items].reverse() : [];
}

/**
 * Heatlens's settings and controls: the toolbar popup, the same page opened in a tab, and the options
 * page (`surface="options"`, a wider layout) all render this.
 */
export function App(props: { surface: 'popup' | 'options' }) {
  const [connection, setConnection] = useState<PublicConnection | null>(null);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [overlay, setOverlay] = useState<OverlayState | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [segmentOptions, setSegmentOptions] = useState<SegmentOptions | null>(null);
  const [segmentOptionsError, setSegmentOptionsError] = useState<string | null>(null);
  /** "Before / after a change": the days to split at, asked for while that preset is chosen. */
  const [splitPicker, setSplitPicker] = useState<SplitPickerView | null>(null);
  /** The last week's annotations, offered as "Live: since …" in the date range (none without annotation:read). */
  const [liveAnnotations, setLiveAnnotations] = useState<AnnotationMark[]>([]);
  /** The tab the user picked; survives refreshes of the tab list. */
  const chosenTabId = useRef<number | null>(null);

  /** Chrome only: whether "Full page image" may capture tabs (an optional permission), and whether the panel just asked for it. */
  const [capture, setCapture] = useState<{ granted: boolean; asked: boolean; message: string | null } | null>(null);

  const refreshTarget = useCallback(async () => {
    const next = await findPlacement(chosenTabId.current);
    setPlacement(next);
    setOverlay(next.target ? await askBackground('overlay.getState', { tabId: next.target.tabId }) : null);
  }, []);

  useEffect(() => {
    void (async () => {
      try {
        const settings = await askBackground('settings.get', {});
        setConnection(settings.connection);
        setPreferences(settings.preferences);
        if (settings.connection.hasApiKey) void loadLiveAnnotations().then(setLiveAnnotations);
        await refreshTarget();
        if (!import.meta.env.FIREFOX) setCapture({ granted: await tabCaptureGranted(), asked: await fullPageCaptureAsked.get(), message: null });
      } catch (error) {
        setMessage(messageOf(error));
      }
    })();
    // In a tab, the user may switch to another tab and back: the list and the overlay's state may have changed.
    const onFocus = () => void refreshTarget().catch((error: unknown) => setMessage(messageOf(error)));
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refreshTarget]);

  const target = placement?.target ?? null;
  const tabId = target?.tabId ?? null;
  const tabUrl = target?.url ?? null;

  const save = async (input: ConnectionInput): Promise<SaveResult> => {
    const host = normalizePostHogHost(input.host);
    if (!host.ok) return { ok: false, message: host.reason };
    if (!isCloudHost(host.origin) && !(await requestOrigin(host.origin))) {
      return { ok: false, message: `Heatlens needs permission to reach ${host.origin}. Save again and choose Allow.` };
    }
    try {
      const result = await askBackground('connection.save', { ...input, host: host.origin });
      setConnection(result.connection);
      // Another key may have other scopes: ask for the segment lists again.
      setSegmentOptions(null);
      return {
        ok: true,
        message: result.projectName
          ? `Connected to project “${result.projectName}”.`
          : 'Connected. (The project name needs the project:read scope; heatmaps work without it.)',
      };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  };

  const run = async (action: () => Promise<OverlayState>) => {
    setBusy(true);
    setMessage(null);
    try {
      setOverlay(await action());
    } catch (error) {
      setMessage(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  /** Filters apply at once: the background saves them and repaints every visible overlay. */
  const changePreferences = async (next: Preferences) => {
    setPreferences(next);
    try {
      await askBackground('preferences.save', { preferences: next });
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  /** The segment picker's lists, asked for when its section is first opened (HogQL is rationed). */
  const loadSegmentOptions = async () => {
    if (segmentOptions) return;
    setSegmentOptionsError(null);
    try {
      setSegmentOptions(await askBackground('segments.options', {}));
    } catch (error) {
      setSegmentOptionsError(messageOf(error));
    }
  };

  const toggle = () => {
    if (!target || !placement) return;
    const inTab = placement.inTab;
    void run(async () => {
      if (inTab && !overlay?.visible) {
        // No activeTab grant from a tab of our own: the page's origin is asked for in this click.
        if (target.url === null) throw new Error('Heatlens cannot see which page this tab shows yet: press “Let Heatlens see this window’s tabs” first.');
        const origin = candidateOrigin(target);
        if (origin && !(await requestOrigin(origin))) throw new Error(`Heatlens needs your permission to paint on ${origin}. Press Show heatmap again and choose Allow.`);
      }
      const state = await askBackground('overlay.toggle', { tabId: target.tabId });
      // The heat is on another tab: take the user there (rendering also waits for a visible tab).
      if (inTab && state.visible) await browser.tabs.update(target.tabId, { active: true });
      return state;
    });
  };

  const setAlwaysOn = (enabled: boolean) =>
    tabId !== null &&
    overlay?.origin &&
    run(async () => {
      if (enabled && !(await requestOrigin(overlay.origin!))) throw new Error(`Permission for ${overlay.origin} was not granted.`);
      return askBackground('overlay.setAlwaysOn', { tabId, enabled });
    });

  const chooseTarget = (next: number) => {
    chosenTabId.current = next;
    void refreshTarget().catch((error: unknown) => setMessage(messageOf(error)));
  };

  const revealAddresses = () => {
    // In the click: the optional `tabs` permission shows tab addresses and titles, nothing more.
    void browser.permissions.request({ permissions: ['tabs'] }).then(
      (granted) => (granted ? refreshTarget() : setMessage('Without that permission Heatlens cannot tell the tabs apart; open the page and use the toolbar button instead.')),
      (error: unknown) => setMessage(messageOf(error)),
    );
  };

  const allowFullPage = () => {
    // In the click, before any other await: Chrome shows its prompt only for a user gesture.
    void browser.permissions.request({ permissions: [...TAB_CAPTURE_PERMISSION.permissions] }).then(
      async (granted) => {
        if (granted) await fullPageCaptureAsked.set(false);
        setCapture({ granted, asked: !granted, message: granted ? 'Allowed. Click Full page image in the page’s panel again.' : 'Not allowed: Full page image stays unavailable; Save image still saves the visible part.' });
      },
      (error: unknown) => setCapture((current) => current && { ...current, message: messageOf(error) }),
    );
  };
  const withdrawFullPage = () =>
    void browser.permissions.remove({ permissions: [...TAB_CAPTURE_PERMISSION.permissions] }).then(
      (removed) => setCapture({ granted: !removed, asked: false, message: removed ? 'Withdrawn: Heatlens can no longer capture tabs.' : null }),
      (error: unknown) => setCapture((current) => current && { ...current, message: messageOf(error) }),
    );

  /**
   * The layout-change look for the target page (the compare picker's detected split point), read at
   * the tab's own size (the heat's window widths follow it). Null without a page to look at.
   */
  const detectForTarget = async (): Promise<DetectedSplit | null> => {
    if (tabId === null || !tabUrl || !/^https?:/.test(tabUrl)) return null;
    try {
      const size = await tabViewport(tabId);
      if (!size) return null;
      return detectedSplit(await askBackground('layoutChange.detect', { pageUrl: tabUrl, viewportWidth: size.width, viewportHeight: size.height }));
    } catch (error) {
      return { kind: 'none', note: `No layout change looked for: ${messageOf(error)}` };
    }
  };

  const splitWanted = Boolean(preferences?.compare.enabled && preferences.compare.preset === 'split' && connection?.hasApiKey);
  const splitRange = preferences ? { dateFrom: preferences.filters.dateFrom, dateTo: preferences.filters.dateTo } : null;
  useEffect(() => {
    if (!splitWanted || !splitRange) {
      setSplitPicker(null);
      return;
    }
    let current = true;
    const now = Date.now();
    setSplitPicker((shown) => ({ loading: true, points: shown?.points ?? [], outside: [], annotationsNote: null, detectionNote: null }));
    void (async () => {
      const days = rangeDays(splitRange, now);
      const [annotations, detected] = await Promise.all([
        days
          ? askBackground('annotations.list', days).catch((error: unknown) => ({ available: false as const, message: messageOf(error) }))
          : { available: false as const, message: 'the date range does not name days Heatlens can read.' },
        detectForTarget(),
      ]);
      if (current) setSplitPicker(splitPickerView(splitRange, now, annotations, detected));
    })();
    return () => {
      current = false;
    };
    // The range's two values, not the object: a new object with the same days asks nothing again.
  }, [splitWanted, splitRange?.dateFrom, splitRange?.dateTo, tabUrl]);

  const wide = props.surface === 'options' || placement?.inTab === true;
  return (
    <main class={wide ? 'wide' : undefined} data-surface={props.surface} data-in-tab={placement ? String(placement.inTab) : undefined}>
      <h1>
        {props.surface === 'options' ? 'Heatlens settings' : 'Heatlens'} {connection?.projectName && <small>{connection.projectName}</small>}
      </h1>
      {placement?.inTab && (
        <TargetPicker candidates={placement.candidates} selected={tabId} onSelect={chooseTarget} onRevealAddresses={revealAddresses} />
      )}
      <OverlayToggle state={overlay} busy={busy} message={message} onToggle={toggle} onAlwaysOnChange={setAlwaysOn} />
      {preferences && (
        <details open>
          <summary>Layers and filters</summary>
          <FiltersForm preferences={preferences} liveAnnotations={liveAnnotations} tabUrl={tabUrl} suggestedPattern={tabUrl ? suggestUrlPattern(tabUrl) : null} onChange={changePreferences} />
        </details>
      )}
      {preferences && connection?.hasApiKey && (
        <details open={preferences.segment.kind !== 'all'} onToggle={(e) => e.currentTarget.open && void loadSegmentOptions()}>
          <summary>Segment</summary>
          <SegmentForm segment={preferences.segment} options={segmentOptions} optionsError={segmentOptionsError} onChange={(segment) => changePreferences({ ...preferences, segment })} />
        </details>
      )}
      {preferences && connection?.hasApiKey && (
        <details open={preferences.compare.enabled} onToggle={(e) => e.currentTarget.open && void loadSegmentOptions()}>
          <summary>Compare</summary>
          <CompareForm
            preferences={preferences}
            onChange={changePreferences}
            splitPicker={splitPicker}
            segmentPicker={(side, compare, onChange) => (
              <SegmentForm
                key={side}
                name={`Segment ${side}`}
                segment={side === 'A' ? compare.segmentA : compare.segmentB}
                options={segmentOptions}
                optionsError={segmentOptionsError}
                onChange={(segment) => onChange(side === 'A' ? { ...compare, segmentA: segment } : { ...compare, segmentB: segment })}
              />
            )}
          />
        </details>
      )}
      {capture && (
        <CapturePermission
          {...capture}
          onAllow={allowFullPage}
          onWithdraw={tabCaptureWithdrawable ? withdrawFullPage : null}
        />
      )}
      {preferences && overlay?.origin && (
        <details open={preferences.dataSources.some((mapping) => mapping.fromOrigin === overlay.origin)}>
          <summary>Staging and local builds</summary>
          <DataSourceForm tabOrigin={overlay.origin} dataSources={preferences.dataSources} onChange={(dataSources) => changePreferences({ ...preferences, dataSources })} />
        </details>
      )}
      {connection && (
        <details open={!connection.hasApiKey || connection.projectId === null}>
          <summary>PostHog connection</summary>
          <SettingsForm connection={connection} onSave={save} />
        </details>
      )}
    </main>
  );
}
