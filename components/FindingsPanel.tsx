import type { Finding } from '@/lib/review/rules';
import { NOTHING_NOTABLE } from '@/lib/review/report';
import type { SessionsState, SaveState } from '@/lib/review/page-review';
import type { FindingsPanelProps } from '@/lib/views/review';
import { onTrustedInput } from '@/lib/core/trusted-input';
import { describeAlignment, describeElsewhere, describeNotFound, type AlignmentState } from '@/lib/review/alignment';

/**
 * The review part of the overlay panel: findings strongest first, each with its evidence and what to
 * do; clicking a finding shows its element. Below: copy the report, inspect the sessions behind a
 * spot, save the heatmap to PostHog. Everything from the page or PostHog is rendered as text.
 */
export function FindingsPanel(props: FindingsPanelProps) {
  const { state } = props;
  if (state.kind === 'off') return null;
  const inspecting = state.sessions.kind !== 'off';
  return (
    <section class="review" aria-label="Page review" data-review={state.kind} data-findings={state.findings.length} data-analysis={state.analysis ?? undefined}>
      <h2>What this heatmap says</h2>
      {state.kind === 'loading' && <p class="loading">Reviewing this page…</p>}
      {state.kind === 'error' && <p class="error">The review failed: {state.error}</p>}
      {state.kind === 'ready' && (
        <>
          {state.elementStatsNote ? (
            <p class="note" data-element-stats="unavailable">
              {state.elementStatsNote}
            </p>
          ) : (
            <p class="note" data-element-stats="available">
              Autocapture click counts are pinned on {state.badgeCount} {state.badgeCount === 1 ? 'element' : 'elements'}.
            </p>
          )}
          <Alignment state={state.alignment} />
          {state.findings.length === 0 ? (
            <p class="nothing">{NOTHING_NOTABLE}</p>
          ) : (
            <ol class="findings">
              {state.findings.map((finding) => (
                <li key={finding.id} data-rule={finding.rule} data-finding-id={finding.id}>
                  {finding.target ? (
                    <button type="button" class="finding-title" title="Show this element on the page" onClick={() => props.onSelect(finding)}>
                      {finding.title}
                    </button>
                  ) : (
                    <strong class="finding-title">{finding.title}</strong>
                  )}
                  <ul class="evidence">
                    {finding.evidence.map((line, index) => (
                      <li key={index}>{line}</li>
                    ))}
                  </ul>
                  <p class="recommendation">
                    <strong>Change:</strong> {finding.recommendation}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <div class="review-actions">
            <button type="button" class="action copy" onClick={props.onCopy}>
              Copy report
            </button>
            <button type="button" class="action inspect" aria-pressed={inspecting} onClick={onTrustedInput(props.onToggleInspect)}>
              {inspecting ? 'Stop inspecting' : 'Inspect sessions'}
            </button>
            <button type="button" class="action save" onClick={onTrustedInput(props.onSave)} disabled={state.save.kind === 'saving' || state.save.kind === 'processing'}>
              Save to PostHog
            </button>
          </div>
          {state.copy.kind === 'copied' && <p class="copy-status">Report copied as Markdown.</p>}
          {state.copy.kind === 'manual' && (
            <div class="copy-status">
              <p>The page did not allow copying: select the report below and copy it.</p>
              <textarea class="report" readOnly rows={6} value={state.copy.report} ref={(node) => node?.select()} />
            </div>
          )}
          <Sessions state={state.sessions} />
          <Saved state={state.save} />
        </>
      )}
    </section>
  );
}

/** How well the heat matches the page now (lib/review/alignment.ts): the share, the elements whose clicks are elsewhere, what was not measured. */
function Alignment(props: { state: AlignmentState | null }) {
  const { state } = props;
  if (!state) return null;
  if (state.kind === 'unavailable') {
    return (
      <p class="note alignment" data-alignment="unavailable">
        {state.reason}
      </p>
    );
  }
  const { measure } = state;
  const notFound = describeNotFound(measure.notFound);
  return (
    <div class="alignment" data-alignment="measured" data-share={measure.share === null ? undefined : String(measure.share)}>
      <p class="alignment-share">{describeAlignment(measure)}</p>
      {measure.elsewhere.length > 0 && (
        <>
          <p class="alignment-elsewhere-title">Clicks elsewhere than their element:</p>
          <ul class="alignment-elsewhere">
            {measure.elsewhere.map((element) => (
              <li key={element.selector} data-selector={element.selector}>
                {describeElsewhere(element)}
              </li>
            ))}
          </ul>
        </>
      )}
      {notFound && <p class="note alignment-not-found">{notFound}</p>}
    </div>
  );
}

function Sessions(props: { state: SessionsState }) {
  const { state } = props;
  switch (state.kind) {
    case 'off':
      return null;
    case 'waiting':
      return <p class="sessions" data-sessions="waiting">Click a hot spot on the page to list the sessions behind it.</p>;
    case 'loading':
      return <p class="sessions" data-sessions="loading">Loading the sessions at {state.at.x} × {state.at.y} px…</p>;
    case 'none':
      return (
        <p class="sessions" data-sessions="none">
          No clicks were recorded at {state.at.x} × {state.at.y} px. Click a hot spot.
        </p>
      );
    case 'error':
      return (
        <p class="sessions error" data-sessions="error">
          {state.message}
        </p>
      );
    case 'ready':
      return (
        <div class="sessions" data-sessions="ready">
          <p>
            {state.clicks} {state.clicks === 1 ? 'click' : 'clicks'} at {state.at.x} × {state.at.y} px from {state.sessionCount}{' '}
            {state.sessionCount === 1 ? 'session' : 'sessions'}
            {state.hasMore ? ` (first ${state.sessionCount}; ${state.totalCount} interactions in all)` : ''}:
          </p>
          {/* Visitors and replay links live in the extension's own frame, where the page's window.find() cannot read them. */}
          <iframe class="session-frame" title="Sessions at this spot" src={state.frameUrl} />
        </div>
      );
  }
}

function Saved(props: { state: SaveState }) {
  const { state } = props;
  switch (state.kind) {
    case 'idle':
      return null;
    case 'saving':
      return <p class="saved" data-saved="saving">Saving the heatmap to PostHog…</p>;
    case 'processing':
      return (
        <p class="saved" data-saved="processing">
          PostHog is rendering the saved heatmap…{' '}
          <a href={state.url} target="_blank" rel="noopener noreferrer">
            Open in PostHog
          </a>
        </p>
      );
    case 'completed':
      return (
        <p class="saved" data-saved="completed">
          Saved.{' '}
          <a href={state.url} target="_blank" rel="noopener noreferrer">
            Open the saved heatmap in PostHog
          </a>
        </p>
      );
    case 'failed':
      return (
        <p class="saved error" data-saved="failed">
          PostHog could not render the saved heatmap.{' '}
          <a href={state.url} target="_blank" rel="noopener noreferrer">
            See it in PostHog
          </a>
        </p>
      );
    case 'error':
      return (
        <p class="saved error" data-saved="error">
          {state.message}
        </p>
      );
  }
}

export const findingsPanelCss = `
.panel:has(.review) { width: 380px; }
.review { border-top: 1px solid #e3e6ee; margin-top: 8px; padding-top: 6px; max-height: min(55vh, 520px); overflow-y: auto; }
.review h2 { font-size: 13px; margin: 0 0 4px; }
.review .note { font-size: 11px; color: #555; }
.alignment { font-size: 12px; margin: 4px 0; }
.alignment p { margin: 2px 0; }
.alignment-share { font-weight: 600; }
.alignment-elsewhere { margin: 2px 0; padding-left: 14px; }
.findings { margin: 4px 0; padding-left: 18px; }
.findings > li { margin: 0 0 8px; }
.finding-title { font: inherit; font-weight: 600; text-align: left; color: #1d1f27; display: block; }
button.finding-title { all: unset; cursor: pointer; font-weight: 600; color: #1d4aff; text-decoration: underline; text-decoration-color: #c5cdfc; }
button.finding-title:hover, button.finding-title:focus-visible { color: #0c2ad6; text-decoration-color: currentColor; }
.evidence { margin: 2px 0; padding-left: 14px; font-size: 12px; color: #333; }
.recommendation { font-size: 12px; margin: 2px 0 0; }
.review-actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 2px; }
.action { font: inherit; font-size: 12px; padding: 3px 8px; border: 1px solid #1d4aff; color: #1d4aff; background: #fff; border-radius: 5px; cursor: pointer; }
.action[aria-pressed="true"] { background: #1d4aff; color: #fff; }
.action:disabled { opacity: 0.6; cursor: default; }
.copy-status, .sessions, .saved { font-size: 12px; }
.report { width: 100%; box-sizing: border-box; font: 11px/1.3 ui-monospace, "Liberation Mono", monospace; }
.session-frame { display: block; width: 100%; height: 150px; border: 1px solid #e3e6ee; border-radius: 4px; background: #fff; }
`;
