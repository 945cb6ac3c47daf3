import { describeMove, MIN_MOVE_COUNT } from '@/lib/review/compare';
import type { CompareMovesProps } from '@/lib/views/review';

/** "What moved" between A and B: elements whose share changed beyond noise, largest first. */
export function CompareMoves(props: CompareMovesProps) {
  const { moves } = props;
  if (moves === null) return null;
  return (
    <div class="moves">
      <strong>What moved (A → B)</strong>
      {moves === 'loading' ? (
        <p class="hint">Reading the page…</p>
      ) : moves.moves.length === 0 ? (
        <p class="hint">No element changed beyond noise (at least {MIN_MOVE_COUNT} {moves.unit} and a two-proportion test at p &lt; 0.01).</p>
      ) : (
        <ul>
          {moves.moves.slice(0, 5).map((move) => (
            <li key={move.key} data-selector={move.key} class={move.shareB > move.shareA ? 'up' : 'down'}>
              {describeMove(move, moves.unit, moves.basis)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const compareMovesCss = `
.moves { margin: 4px 0; font-size: 12px; }
.moves ul { margin: 2px 0; padding-left: 16px; }
.moves .up::marker { color: #e6280a; }
.moves .down::marker { color: #1450eb; }
.hint { font-size: 11px; color: #555; }
`;
