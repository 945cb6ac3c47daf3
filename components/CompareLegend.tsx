import { divergingCssGradient } from '@/lib/render/diff-field';
import { describeRange } from '@/lib/compare/ranges';
import { describeNormalisation, diffLayerId, type CompareView } from '@/lib/compare/view';
import { heatLayerById } from '@/lib/layers';
import type { Comparison, ComparisonSide } from '@/lib/messaging/protocol';
import type { Preferences } from '@/lib/settings/store';
import { CompareSwitch } from './CompareSwitch';

const numberFormat = new Intl.NumberFormat('en-US');

function SideRow(props: { name: 'A' | 'B'; side: ComparisonSide; total: number | null; unit: string; current: boolean }) {
  const { side } = props;
  return (
    <li class={props.current ? 'side current' : 'side'} data-side={props.name.toLowerCase()}>
      <strong>{props.name}</strong> {describeRange({ dateFrom: side.dateFrom, dateTo: side.dateTo })} · {side.segmentLabel}
      {props.total !== null && (
        <>
          {' '}
          · <span class="total">{numberFormat.format(props.total)}</span> {props.unit}
        </>
      )}
    </li>
  );
}

/**
 * The comparison part of the panel: which ranges and segments are shown, both totals, the view switch,
 * and for A−B the diverging scale and the normalisation used.
 */
export function CompareLegend(props: {
  comparison: Comparison;
  view: CompareView;
  preferences: Preferences;
  onViewChange: (view: CompareView) => void;
}) {
  const { comparison, view } = props;
  const layerId = diffLayerId(comparison, props.preferences);
  const definition = layerId ? heatLayerById(layerId) : null;
  const total = (side: ComparisonSide) => (layerId ? (side.layers.find((layer) => layer.id === layerId)?.totalCount ?? 0) : null);
  return (
    <div class="compare" data-view={view}>
      <div class="compare-head">
        <span>Compare {definition ? definition.unit : ''}</span>
        <CompareSwitch view={view} onChange={props.onViewChange} />
      </div>
      <ul class="sides">
        <SideRow name="A" side={comparison.a} total={total(comparison.a)} unit={definition?.unit ?? ''} current={view !== 'b'} />
        <SideRow name="B" side={comparison.b} total={total(comparison.b)} unit={definition?.unit ?? ''} current={view !== 'a'} />
      </ul>
      {view === 'diff' &&
        (definition ? (
          <div class="diff-scale">
            <span class="scale">
              <span>fewer in B</span>
              <span class="bar-scale" style={{ background: divergingCssGradient() }} />
              <span>more in B</span>
            </span>
            <p class="normalisation">
              {definition.label} B − A, normalised {describeNormalisation(comparison, layerId)}; no change is transparent.
            </p>
          </div>
        ) : (
          <p class="normalisation">Turn on a click layer to see the difference.</p>
        ))}
    </div>
  );
}

export const compareCss = `
.compare { margin: 4px 0 6px; }
.compare-head { display: flex; justify-content: space-between; align-items: center; gap: 6px; font-weight: 600; }
.sides { list-style: none; margin: 4px 0; padding: 0; font-size: 11px; color: #555; }
.sides .current { color: #1d1f27; }
.diff-scale .scale { margin-top: 2px; }
.normalisation { font-size: 11px; color: #555; }
`;
