/**
 * Property tests (fast-check) run the same generated cases on every run: a fixed seed, so a run on a
 * busy machine checks exactly what a run on a quiet one does, and a failure reproduces. Set FC_SEED to
 * explore other cases (fast-check prints the seed and path of any counterexample).
 *
 * Their time is the work of their runs, which a loaded machine stretches (the 10,000-answer property
 * takes about 11 s on a quiet two-core machine): files with properties give their tests
 * PROPERTY_TEST_TIMEOUT_MS instead of the unit suite's 20 s, so load alone never fails them.
 */
import fc from 'fast-check';

export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 0x4ea71e45);
export const PROPERTY_TEST_TIMEOUT_MS = 10 * 60_000;

fc.configureGlobal({ seed: PROPERTY_SEED });
