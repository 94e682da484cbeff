import { errorReply, textReply, type EngineReply } from './reply.js';
import type { FaultKind } from './faults.js';

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>capkit-emulator</center></body></html>
`;

/**
 * The answer a fault sends instead of processing the request (`before` faults).
 * `retryAfterRealMs` is the scaled wait a `http429` asks for.
 */
export function faultReplyBefore(kind: FaultKind, retryAfterRealMs: number): EngineReply {
  switch (kind) {
    case 'http500':
    case 'http502Unprocessed':
    case 'http503':
      return textReply(Number(kind.slice(4, 7)), '', 'text/plain; charset=utf-8');
    case 'http500Json':
    case 'http502Json':
    case 'http503Json':
      return errorReply('ERROR_SERVICE_UNAVALIABLE', 'injected fault', Number(kind.slice(4, 7)));
    case 'html':
      return textReply(502, HTML_ERROR_PAGE, 'text/html; charset=utf-8');
    case 'http429':
      return textReply(429, 'Too Many Requests', 'text/plain; charset=utf-8', {
        // Retry-After only has whole seconds; retry-after-ms keeps the scaled value exact.
        'retry-after': String(Math.ceil(retryAfterRealMs / 1000)),
        'retry-after-ms': String(retryAfterRealMs),
      });
    case 'rateLimit':
      return errorReply('ERROR_RATE_LIMIT');
    case 'serviceUnavailable':
      return errorReply('ERROR_SERVICE_UNAVALIABLE');
    default:
      return { type: 'reset' };
  }
}

/** Spoils an answer that was produced by processing the request (`after` faults). */
export function faultReplyAfter(kind: FaultKind, reply: EngineReply): EngineReply {
  if (kind === 'resetAfter' || reply.type === 'reset') return { type: 'reset' };
  if (kind === 'malformed') return { ...reply, body: `{,${reply.body.slice(1)}` };
  // The service answered; the gateway in front of it lost that answer and sent its own.
  if (kind === 'http502') return textReply(502, '', 'text/plain; charset=utf-8');
  if (kind === 'truncated')
    return { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
  return reply;
}
