import type { HostConfig, HostReport } from './emulatorHost.js';
import { firstJsonLine, spawnTs, stopChild } from '../process/spawnTs.js';

/** A running emulator process with one engine per named instance. */
export interface EmulatorHost {
  /** Base URL of each instance. */
  urls: Record<string, string>;
  /** The stats of one instance, plus the solution → task id map of what it served. */
  report(name: string): Promise<HostReport>;
  close(): Promise<void>;
}

/**
 * Starts the emulator in a separate process (so that only client work runs in the measuring
 * process), with one engine per instance of `config`.
 */
export async function startEmulatorHost(config: HostConfig): Promise<EmulatorHost> {
  const child = spawnTs('../emulator/emulatorHost.ts', [JSON.stringify(config)], ['--max-old-space-size=4096']);
  const { urls } = await firstJsonLine<{ urls: Record<string, string> }>(child, 'the emulator process').catch(
    async (error: unknown) => {
      await stopChild(child);
      throw error;
    },
  );
  return {
    urls,
    async report(name) {
      const url = urls[name];
      if (!url) throw new Error(`No emulator instance "${name}"`);
      const response = await fetch(`${url}/__bench/report`);
      return (await response.json()) as HostReport;
    },
    close: () => stopChild(child),
  };
}
