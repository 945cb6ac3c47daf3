import type { AnnotationList, AnnotationMark } from '../annotations/messages';
import type { BeforeClicks } from './messages';

/** The panel's sentences about a layout change (issue 19), composed in the background; pure, unit-tested. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-30" → "30 Nov". */
export function shortDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? match[2]}`;
}

/** Days between two YYYY-MM-DD days (UTC), absolute. */
function dayDistance(a: string, b: string): number {
  return Math.abs(Date.parse(`${a.slice(0, 10)}T00:00:00Z`) - Date.parse(`${b.slice(0, 10)}T00:00:00Z`)) / 86_400_000;
}

/** The annotation whose day is nearest `day`, within ±1 day (the earlier of two equally near); null when none. */
export function nearestAnnotation(items: readonly AnnotationMark[], day: string): AnnotationMark | null {
  let best: AnnotationMark | null = null;
  let bestDistance = Infinity;
  for (const item of items) {
    const distance = dayDistance(item.date, day);
    if (Number.isFinite(distance) && distance <= 1 && distance < bestDistance) {
      best = item;
      bestDistance = distance;
    }
  }
  return best;
}

const numberFormat = new Intl.NumberFormat('en-US');
const clicks = (count: number) => `${numberFormat.format(count)} earlier click${count === 1 ? '' : 's'}`;

/** What became of the earlier clicks, in words. */
export function beforeClicksWords(before: BeforeClicks): string {
  if (before.kind === 'as-recorded') return `${clicks(before.count)} shown as recorded (they may sit on other content)`;
  if (before.kind === 'left-out') return `${clicks(before.leftOut)} left out: ${before.reason}`;
  const shifts = [...new Set(before.offsets.map((offset) => offset.shift))];
  const moving = shifts.filter((shift) => shift !== 0);
  const px = (shift: number) => `${Math.abs(shift)} px ${shift > 0 ? 'down' : 'up'}`;
  // Content above an insertion stays where it was: one shift for the rest reads as that shift.
  const where =
    moving.length === 0
      ? 'kept where they were'
      : moving.length === 1
        ? `moved ${px(moving[0]!)} to their content${shifts.length > 1 ? ' (those above the change kept in place)' : ''}`
        : `moved to where their content is now (by up to ${Math.max(...moving.map(Math.abs))} px)`;
  const parts = before.moved > 0 ? [`${clicks(before.moved)} ${where}`] : [];
  if (before.leftOut > 0) parts.push(`${clicks(before.leftOut)} left out: no place on the page now matches where they were clicked`);
  return parts.join(' · ');
}

/** "The layout changed around 30 Nov (annotation: New pricing hero)", and what became of the earlier clicks. */
export function changeWords(day: string, annotations: AnnotationList, before: BeforeClicks | null): string {
  const annotation = annotations.available ? nearestAnnotation(annotations.items, day) : null;
  const note = annotation
    ? `annotation: ${annotation.content}`
    : annotations.available
      ? 'no annotation within a day'
      : `annotations could not be read: ${annotations.message}`;
  const head = `The layout changed around ${shortDay(day)} (${note})`;
  const tail = before ? beforeClicksWords(before) : '';
  return tail ? `${head} · ${tail}` : head;
}

/** The control's words: no change in the range, and why. */
export function unchangedWords(days: number, reason: string): string {
  return `No layout change found in these ${days} days: ${reason}.`;
}
