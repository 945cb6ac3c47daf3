import { viewportBands } from '../core/geometry';
import type { Segment } from '../settings/preferences';

export type DeviceType = (typeof viewportBands)[number]['id'];

/** Device type from the visitor's viewport width, with the bands the viewport filter uses. */
export function deviceForViewport(widthPx: number): DeviceType {
  const band = viewportBands.find((candidate) => widthPx >= candidate.min && (candidate.max === null || widthPx <= candidate.max));
  return band?.id ?? 'mobile';
}

const DEVICE_LABELS: Record<DeviceType, string> = { mobile: 'Mobile', tablet: 'Tablet', desktop: 'Desktop' };
const OPERATOR_WORDS: Record<Extract<Segment, { kind: 'person' }>['operator'], string> = { exact: '=', is_not: '≠', icontains: 'contains' };

/** What the panel and the export caption call a segment: "plan = paid", "Cohort: Paying customers". */
export function segmentLabel(segment: Segment): string {
  switch (segment.kind) {
    case 'all':
      return 'All visitors';
    case 'person':
      return `${segment.key} ${OPERATOR_WORDS[segment.operator]} ${segment.value}`;
    case 'cohort':
      return `Cohort: ${segment.name}`;
    case 'flag':
      return `${segment.key} = ${segment.variant}`;
    case 'device':
      return DEVICE_LABELS[segment.device];
  }
}
