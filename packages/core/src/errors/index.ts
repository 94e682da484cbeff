export * from './CapSolverError.js';
export * from './apiErrors.js';
export * from './clientErrors.js';
export {
  ERROR_CLASS_BY_CATEGORY,
  errorFromEnvelope,
  type ErrorEnvelope,
  type ErrorEnvelopeContext,
} from './errorFromEnvelope.js';
export { retryAdvice, type RetryAdvice, type RetryFacts } from './retryRules.js';
export * from './SavedTaskError.js';
