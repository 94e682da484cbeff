import { createClient, scaleLimits } from '@capkit/core';
import { startEmulator } from '@capkit/emulator';
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';

const API_KEY = 'CAP-EMULATOR-KEY';

describe('@statelyai/inspect with the task machine', () => {
  it('receives the lifecycle of a real solve, and never the API key', async () => {
    const emulator = await startEmulator({ timeScale: 0.01, seed: 5 });
    try {
      // createInspector is what every Stately inspector (browser, WebSocket, Sky) is built on; this
      // adapter keeps what would be sent, serialized as the inspector serializes it.
      const sent: StatelyInspectionEvent[] = [];
      const inspector = createInspector({ send: (event) => sent.push(event) });
      const client = createClient({
        apiKey: API_KEY,
        baseUrl: emulator.url,
        limits: scaleLimits(0.01),
        inspect: inspector.inspect,
      });
      const result = await client.solve({
        type: 'ReCaptchaV2TaskProxyLess',
        websiteURL: 'https://example.com/form',
        websiteKey: 'SITE-KEY-X',
      });
      expect(result.taskId).toBeTruthy();

      const task = sent.find((e) => e.type === '@xstate.actor' && e.definition?.includes('"capsolverTask"'));
      expect(task, 'the task actor with its machine definition').toBeDefined();
      const values = () =>
        sent
          .filter((e) => e.type === '@xstate.snapshot' && e.sessionId === task?.sessionId)
          .map((e) => (e.type === '@xstate.snapshot' && 'value' in e.snapshot ? JSON.stringify(e.snapshot.value) : ''));
      // The final snapshot may be reported just after solve() resolved.
      await expect.poll(values).toContain('"ready"');
      expect(values()).toContain('"creating"');
      expect(values().some((v) => v.includes('"idle"') || v.includes('"processing"'))).toBe(true);
      expect(JSON.stringify(sent)).not.toContain(API_KEY);
    } finally {
      await emulator.close();
    }
  });
});
