import type { RunningCallbackReceiver } from '@capkit/node';
import { usageError } from './CliError.js';

/** The callback flags of `capkit solve`. */
export interface CallbackFlags {
  callbackListen?: string | undefined;
  callbackPublicUrl?: string | undefined;
  callbackHost?: string | undefined;
}

const PORT = /^\d{1,5}$/;

/**
 * Starts the callback receiver `--callback-listen <port>` asks for (undefined without it), after
 * checking the flags: a port 0–65535, an http(s) `--callback-public-url`, and neither of the other
 * two flags without `--callback-listen`. Without a public URL the receiver's own address is sent,
 * which only a service on this machine (the emulator) reaches.
 */
export async function startCliCallbackReceiver(flags: CallbackFlags): Promise<RunningCallbackReceiver | undefined> {
  const { callbackListen, callbackPublicUrl, callbackHost } = flags;
  if (callbackListen === undefined) {
    if (callbackPublicUrl !== undefined || callbackHost !== undefined) {
      throw usageError('--callback-public-url and --callback-host need --callback-listen <port>.', {
        field: 'callbackListen',
      });
    }
    return undefined;
  }
  if (!PORT.test(callbackListen) || Number(callbackListen) > 65_535) {
    throw usageError(`--callback-listen takes a port number (0-65535, 0 = any free port), got "${callbackListen}".`, {
      field: 'callbackListen',
    });
  }
  if (callbackPublicUrl !== undefined) {
    const protocol = URL.canParse(callbackPublicUrl) ? new URL(callbackPublicUrl).protocol : undefined;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw usageError(
        '--callback-public-url must be the http(s) URL the service reaches the receiver at, e.g. https://me.example/capkit-callback.',
        { field: 'callbackPublicUrl' },
      );
    }
  }
  const { startCallbackReceiver } = await import('@capkit/node');
  return startCallbackReceiver({
    port: Number(callbackListen),
    host: callbackHost ?? '127.0.0.1',
    publicUrl: callbackPublicUrl,
  });
}
