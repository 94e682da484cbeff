import { TASK_TYPES, type TaskFamily, type TaskType } from '@capkit/api';
import type { Random } from './random.js';

/** The task as sent (normalized), for rules that depend on its options. */
type TaskFields = Readonly<Record<string, unknown>>;

/** reCAPTCHA families: their session cookies come only with `isSession: true` (docs, ReCaptchaV2/V3 pages). */
const RECAPTCHA_FAMILIES: readonly TaskFamily[] = [
  'recaptcha-v2',
  'recaptcha-v2-enterprise',
  'recaptcha-v3',
  'recaptcha-v3-enterprise',
];
const SESSION_FIELDS = ['recaptcha-ca-t', 'recaptcha-ca-e'] as const;

/** The lowest confidence an answer carries: the default `score` threshold of ImageToTextTask (0.8–1). */
const MIN_CONFIDENCE = 0.8;

function imageToText(task: TaskFields, solution: Record<string, unknown>, random: Random): void {
  // OCR answers look like the docs' example ("44795sds"), not like tokens.
  solution.text = random.hex(6);
  if (Array.isArray(task.images)) solution.answers = task.images.map(() => random.hex(4));
  else delete solution.answers;
  const score = typeof task.score === 'number' ? Math.max(task.score, MIN_CONFIDENCE) : MIN_CONFIDENCE;
  solution.confidence = Math.round((score + random.next() * (1 - score)) * 10_000) / 10_000;
}

/**
 * What a solution's schema cannot say: fields the service sends only for some task options, and
 * values with a meaning. reCAPTCHA's `recaptcha-ca-t` / `-e` only with `isSession`; ImageToText's
 * `answers` only for `images` (one per image) and a `confidence` at or above the task's `score`.
 * Everything else (Turnstile's `type: "turnstile"`, ranges) comes from the spec's schema itself.
 */
export function applySolutionRules(
  type: TaskType,
  task: TaskFields,
  solution: Record<string, unknown>,
  random: Random,
): Record<string, unknown> {
  const { family } = TASK_TYPES[type];
  if (RECAPTCHA_FAMILIES.includes(family) && task.isSession !== true) {
    for (const field of SESSION_FIELDS) delete solution[field];
  }
  if (family === 'image-to-text') imageToText(task, solution, random);
  return solution;
}
