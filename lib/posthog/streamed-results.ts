/**
 * Reads a PostHog list answer (`{"results": [...], ...}`) as it arrives, so the parsing and checking
 * of its results happen while the rest is still on the network instead of all at once after the
 * last byte (a busy page's heatmap is megabytes of JSON).
 *
 * The scanner only finds where each element of the top-level `results` array ends (tracking strings,
 * escapes and nesting, one character at a time); the elements themselves are parsed by the engine's
 * `JSON.parse`, in batches of whatever complete elements a chunk brought, and handed to `onBatch` to
 * be checked. Everything outside `results` is kept as text, with the array left empty, and parsed
 * when the answer is complete.
 *
 * Anything that is not an object at the top (an HTML error page, a bare array) is kept whole and
 * returned as text: the caller parses it the ordinary way and reports it as before.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The answer is not JSON (a batch or the rest did not parse, or it ended half way). */
export class MalformedAnswerError extends Error {}

export type StreamedAnswer =
  /** `rest` is the answer with `results` empty (or absent); `results` every element, in order. */
  | { kind: 'streamed'; rest: unknown; results: unknown[]; resultsSeen: boolean }
  /** Not an object at the top: the whole text, for the caller's ordinary parse. */
  | { kind: 'text'; text: string };

export interface StreamedResultsParser {
  /** Decoded text, in order. Throws MalformedAnswerError, or whatever `onBatch` throws. */
  push(text: string): void;
  /** After the last chunk. Throws MalformedAnswerError when the answer is cut short or is not JSON. */
  finish(): StreamedAnswer;
}

/**
 * @param onBatch receives each batch of parsed elements with the index of its first element, and
 * returns what to keep (e.g. the checked values); it may throw to stop reading.
 */
export function createStreamedResultsParser(onBatch: (batch: unknown[], offset: number) => unknown[] = (batch) => batch): StreamedResultsParser {
  let mode: 'start' | 'root' | 'results' | 'text' = 'start';
  /** Unconsumed text: in 'root' the object so far since the last results array; in 'results' from the first unparsed element. */
  let buffer = '';
  /** Where the scan continues in `buffer`. */
  let scan = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Root text already consumed (everything outside the results arrays, each array written as `[]`). */
  const restParts: string[] = [];
  const results: unknown[] = [];
  let resultsSeen = false;
  /** In 'results': where the last complete element ended (the comma after it), relative to `buffer`. */
  let completeEnd = -1;
  /** In 'results': elements up to a comma were already taken, so another element must follow it. */
  let afterTakenComma = false;

  const parseElements = (text: string): void => {
    if (text.trim() === '') return;
    let batch: unknown;
    try {
      batch = JSON.parse(`[${text}]`);
    } catch {
      throw new MalformedAnswerError('the answer is not JSON');
    }
    keep(batch as unknown[]);
  };

  /** Hands a batch to `onBatch` (which may throw) and keeps what it returns. */
  const keep = (batch: unknown[]): void => {
    const kept = onBatch(batch, results.length);
    for (let index = 0; index < kept.length; index++) results.push(kept[index]);
  };

  /** Follows strings one character at a time; true when `code` was inside one (or opened it). */
  const stringStep = (code: number): boolean => {
    if (!inString) {
      if (code !== QUOTE) return false;
      inString = true;
      return true;
    }
    if (escaped) escaped = false;
    else if (code === BACKSLASH) escaped = true;
    else if (code === QUOTE) inString = false;
    return true;
  };

  /** Is the `[` at `at` (depth 1) the value of a `"results"` key? The root text before it says. */
  const opensResults = (at: number): boolean => /[{,]\s*"results"\s*:\s*$/.test(buffer.slice(Math.max(0, at - 64), at));

  const scanRoot = (): void => {
    for (let index = scan; index < buffer.length; index++) {
      const code = buffer.charCodeAt(index);
      if (stringStep(code)) continue;
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
        if (code === OPEN_BRACKET && depth === 2 && opensResults(index)) {
          // A second `results` key wins, as it would in JSON.parse.
          results.length = 0;
          resultsSeen = true;
          restParts.push(buffer.slice(0, index), '[]');
          buffer = buffer.slice(index + 1);
          scan = 0;
          completeEnd = -1;
          afterTakenComma = false;
          mode = 'results';
          takeResults();
          return;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
    }
    scan = buffer.length;
  };

  /**
   * In 'results' the buffer starts where an element starts. Spots are flat objects, so the last `},`
   * of the buffer usually ends an element: if everything before it parses as a list, it was (a cut
   * inside a string or a nested value would leave something unclosed, and a cut past the list's end
   * would put the root object's `"key":` in a list, neither of which parses), and the character scan
   * is skipped. Otherwise, or for what is left, the scan decides.
   */
  const takeResults = (): void => {
    const cut = buffer.lastIndexOf('},');
    if (cut > 0) {
      let batch: unknown[] | null = null;
      try {
        batch = JSON.parse(`[${buffer.slice(0, cut + 1)}]`) as unknown[];
      } catch {
        // Not a run of whole elements: the scan below finds where they end.
      }
      if (batch) {
        keep(batch);
        buffer = buffer.slice(cut + 2);
        scan = 0;
        depth = 2;
        inString = false;
        escaped = false;
        completeEnd = -1;
        afterTakenComma = true;
      }
    }
    scanResults();
  };

  const scanResults = (): void => {
    for (let index = scan; index < buffer.length; index++) {
      const code = buffer.charCodeAt(index);
      if (stringStep(code)) continue;
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 1) {
          // The results array closed: its last elements, then back to the root object.
          const last = buffer.slice(completeEnd + 1, index);
          // `[1,2,]` is not JSON: after a comma an element must come.
          if (last.trim() === '' && (completeEnd >= 0 || afterTakenComma)) throw new MalformedAnswerError('the answer is not JSON');
          parseElements(buffer.slice(0, index));
          buffer = buffer.slice(index + 1);
          scan = 0;
          mode = 'root';
          scanRoot();
          return;
        }
      } else if (code === COMMA && depth === 2) completeEnd = index;
    }
    scan = buffer.length;
    if (completeEnd >= 0) {
      parseElements(buffer.slice(0, completeEnd));
      buffer = buffer.slice(completeEnd + 1);
      scan -= completeEnd + 1;
      completeEnd = -1;
      afterTakenComma = true;
    }
  };

  return {
    push(text) {
      if (text === '') return;
      if (mode === 'text') {
        buffer += text;
        return;
      }
      buffer += text;
      if (mode === 'start') {
        const first = buffer.trimStart();
        if (first === '') return;
        if (first.charCodeAt(0) !== OPEN_BRACE) {
          mode = 'text';
          return;
        }
        mode = 'root';
      }
      if (mode === 'root') scanRoot();
      else takeResults();
    },
    finish() {
      if (mode === 'text' || mode === 'start') return { kind: 'text', text: buffer };
      if (mode === 'results' || inString || depth !== 0) throw new MalformedAnswerError('the answer ended before it was complete');
      let rest: unknown;
      try {
        rest = JSON.parse(restParts.join('') + buffer);
      } catch {
        throw new MalformedAnswerError('the answer is not JSON');
      }
      return { kind: 'streamed', rest, results, resultsSeen };
    },
  };
}
