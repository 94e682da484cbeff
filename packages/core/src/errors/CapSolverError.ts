import type { ErrorCode } from '@capkit/api';
import { createRedactor } from '../redact.js';

/**
 * Codes of failures that happen on the client's side of the wire (the service's own codes are the
 * generated {@link ErrorCode}s).
 */
export const CLIENT_ERROR_CODES = [
  'NETWORK_ERROR',
  'TIMEOUT',
  'HTTP_ERROR',
  'INVALID_RESPONSE',
  'TASK_MAY_EXIST',
  'TASK_EXPIRED',
  'QUERY_BUDGET_EXHAUSTED',
  'TASK_FAILED',
  'ABORTED',
  'CONFIGURATION',
  'INVALID_SAVED_TASK',
  'UNKNOWN_ERROR',
] as const;

/** A code from {@link CLIENT_ERROR_CODES}. */
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/**
 * The `code` of a {@link CapSolverError}: a documented service code, a client code, or an
 * undocumented code the service sent (kept as is, so nothing is lost).
 */
export type CapSolverErrorCode = ErrorCode | ClientErrorCode | (string & {});

/** Construction options of a {@link CapSolverError}. */
export interface CapSolverErrorOptions {
  code?: CapSolverErrorCode;
  taskId?: string | undefined;
  queries?: number | undefined;
  retryable?: boolean;
  status?: number | undefined;
  cause?: unknown;
  retryAfterMs?: number | undefined;
  description?: string | undefined;
}

/** The JSON form of a {@link CapSolverError} (`JSON.stringify(error)`): plain data, never a secret. */
export interface CapSolverErrorJSON {
  name: string;
  code: string;
  message: string;
  retryable: boolean;
  taskId?: string;
  queries?: number;
  status?: number;
  retryAfterMs?: number;
  description?: string;
  cause?: unknown;
}

/** Marks capkit's error classes (a static of {@link CapSolverError}, so every subclass has it). */
const BRAND: unique symbol = Symbol.for('@capkit/core/CapSolverError');
// Generic scrubbing (clientKey fields, bearer tokens) for causes that never met the client's redactor.
const genericRedactor = createRedactor();

/**
 * The base of every error capkit throws. `instanceof` works across duplicated copies of the package
 * (two versions in one `node_modules`, ESM next to CJS): classes are matched by a `Symbol.for` brand
 * and a kind name, not by identity.
 *
 * The API key never appears in `message`, `cause` or `JSON.stringify(error)`: the client builds its
 * messages through a redactor, and {@link CapSolverError.toJSON} re-scrubs the cause.
 *
 * @example
 * ```ts
 * try {
 *   await client.solve(task);
 * } catch (error) {
 *   if (error instanceof CapSolverError) console.log(error.code, error.taskId, error.retryable);
 * }
 * ```
 */
export class CapSolverError extends Error {
  /** The class's kind name; subclasses declare their own. `instanceof` compares it (`Symbol.hasInstance` below). */
  static readonly kind: string = 'CapSolverError';
  /** @internal Brands capkit's error classes, so that those of another copy of `@capkit/core` are recognised. */
  static readonly [BRAND] = true;

  /**
   * `instanceof` by kind name: true when a class of `value`'s prototype chain is a capkit error class
   * (of any copy of `@capkit/core`) of this kind.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Object() boxes primitives and turns null and undefined into a plain object, whose chain has no capkit class.
    for (let proto = Object(value); (proto = Object.getPrototypeOf(proto));) {
      const ctor = (proto as { constructor?: { [BRAND]?: true; kind?: string } }).constructor;
      if (ctor?.[BRAND] && ctor.kind === this.kind) return true;
    }
    return false;
  }

  /** A documented service code (`ERROR_ZERO_BALANCE`), a client code (`TIMEOUT`) or an unknown service code. */
  readonly code: CapSolverErrorCode;
  /** The task the error belongs to, when one exists: keep it, the task may be paid for. */
  readonly taskId: string | undefined;
  /** How many `getTaskResult` queries the task had used when the error happened. */
  readonly queries: number | undefined;
  /** Whether trying again can help (the same request, or a new task for `unsolvable` errors). */
  readonly retryable: boolean;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** How long the service asked to wait (`Retry-After`), when it did. */
  readonly retryAfterMs: number | undefined;
  /** The service's `errorDescription`, redacted. */
  readonly description: string | undefined;

  constructor(message: string, options: CapSolverErrorOptions = {}) {
    // Error keeps `cause` as a non-enumerable own property; it is only set when there is one.
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.kind;
    // Each field from its option, so an explicit `undefined` gets the default and other keys are ignored.
    this.code = options.code ?? 'UNKNOWN_ERROR';
    this.taskId = options.taskId;
    this.queries = options.queries;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.description = options.description;
  }

  /**
   * Plain, secret-free data for logs and `JSON.stringify`: the fields that are set, scrubbed by the
   * generic redactor (which reduces the cause to its name, message, code and cause).
   */
  toJSON(): CapSolverErrorJSON {
    const json: CapSolverErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.taskId !== undefined) json.taskId = this.taskId;
    if (this.queries !== undefined) json.queries = this.queries;
    if (this.status !== undefined) json.status = this.status;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.description !== undefined) json.description = this.description;
    if (this.cause !== undefined) json.cause = this.cause;
    return genericRedactor.value(json);
  }
}

/** Whether `value` is a {@link CapSolverError} from any copy of `@capkit/core`. */
export function isCapSolverError(value: unknown): value is CapSolverError {
  return value instanceof CapSolverError;
}
