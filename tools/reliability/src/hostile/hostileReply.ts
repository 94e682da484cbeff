import { ERROR_CODES, TASK_STATUSES } from '@capkit/api';
import fc from 'fast-check';

/** How the bytes of a hostile answer reach the client. */
export type Framing =
  /** `content-length` matches the body. */
  | 'exact'
  /** `transfer-encoding: chunked`, well formed. */
  | 'chunked'
  /** `content-length` promises more than is sent, then the connection closes. */
  | 'short'
  /** Half the body, then the socket is destroyed. */
  | 'destroyMidBody'
  /** No length at all: the body ends when the connection closes. */
  | 'untilClose'
  /** The head is sent, the body never comes (the client's timeout must end it). */
  | 'stall'
  /** Nothing at all: the socket is destroyed as soon as the request arrived. */
  | 'reset';

/** One answer the hostile server sends, byte by byte under the test's control. */
export interface HostileReply {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  framing: Framing;
}

const textBytes = (text: string) => new TextEncoder().encode(text);

/** Values a Retry-After header should never be trusted with. */
const retryAfterValue = fc.oneof(
  fc.constantFrom(
    '-1',
    'NaN',
    'Infinity',
    '1e308',
    '99999999999',
    '0',
    '0.5',
    ' 3 ',
    'soon',
    'Wed, 21 Oct 2015 07:28:00 GMT',
    'Fri, 31 Dec 9999 23:59:59 GMT',
    '',
  ),
  fc.integer({ min: -10, max: 1_000_000_000 }).map(String),
  fc.string({ maxLength: 20 }),
);

/** Header values: printable ASCII (what an HTTP parser accepts), with occasional oddities. */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const headerName = fc.oneof(
  fc.constantFrom(
    'content-type',
    'retry-after',
    'retry-after-ms',
    'x-request-id',
    'cache-control',
    'content-encoding',
    'set-cookie',
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);
const header: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom('retry-after', 'retry-after-ms'), retryAfterValue),
  fc.tuple(
    fc.constant('content-type'),
    fc.constantFrom(
      'application/json',
      'text/html; charset=utf-8',
      'text/plain',
      'application/octet-stream',
      '',
      'application/json; charset=utf-16',
    ),
  ),
  fc.tuple(headerName, headerValue),
);

/** JSON that looks like the API's envelope, right or subtly wrong. */
const envelope = fc.record(
  {
    errorId: fc.oneof(fc.constantFrom(0, 1, 2, -1, 0.5), fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)),
    errorCode: fc.oneof(fc.constantFrom(...Object.keys(ERROR_CODES)), fc.string({ maxLength: 30 }), fc.constant('')),
    errorDescription: fc.oneof(fc.string({ maxLength: 60 }), fc.constant(null)),
    taskId: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.constant('')),
    status: fc.oneof(fc.constantFrom(...TASK_STATUSES), fc.string({ maxLength: 12 }), fc.constant(null)),
    solution: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    balance: fc.oneof(fc.double(), fc.string({ maxLength: 6 })),
    packages: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }), fc.string({ maxLength: 5 })),
    message: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: [] },
);

const htmlPage = fc.constantFrom(
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>',
  '<html><body><h1>Attention Required!</h1></body></html>',
);

/** An envelope's JSON cut short somewhere after its first character. */
const cutEnvelope = fc.tuple(envelope, fc.nat()).map(([value, cut]) => {
  const text = JSON.stringify(value);
  return textBytes(text.slice(0, 1 + (cut % Math.max(1, text.length - 1))));
});

/** Bodies: the envelope (often), cut envelopes, any JSON, HTML pages, arbitrary bytes, nothing. */
const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: envelope.map((value) => textBytes(JSON.stringify(value))) },
  { weight: 2, arbitrary: cutEnvelope },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => textBytes(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: htmlPage.map(textBytes) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
);

const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Framing>('exact') },
  { weight: 2, arbitrary: fc.constant<Framing>('chunked') },
  { weight: 1, arbitrary: fc.constant<Framing>('short') },
  { weight: 1, arbitrary: fc.constant<Framing>('destroyMidBody') },
  { weight: 1, arbitrary: fc.constant<Framing>('untilClose') },
  { weight: 1, arbitrary: fc.constant<Framing>('reset') },
  { weight: 1, arbitrary: fc.constant<Framing>('stall') },
);

/** Statuses: mostly the ones the API and its CDN really send, and any other from 200 to 599. */
const status = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(200, 400, 401, 429, 500, 502, 503, 504, 524) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

/** A fast-check arbitrary of one {@link HostileReply}. */
export const hostileReply: fc.Arbitrary<HostileReply> = fc.record({
  status,
  reason: fc.oneof(fc.constant('OK'), fc.stringMatching(/^[A-Za-z ]{0,20}$/)),
  headers: fc.array(header, { maxLength: 4 }),
  body,
  framing,
});
