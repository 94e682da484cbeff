import { startEmulator, type Emulator } from '@capkit/emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosProfile } from '../chaosProfile.js';
import { formatTable, tally, tallyRows } from '../formatTable.js';
import { hostileRequest, sendRaw } from '../hostile/hostileRequest.js';
import { specProblems } from '../hostile/specValidators.js';
import { suiteSeed } from '../seededRandom.js';

const profile = chaosProfile();

describe(`hostile requests to the emulator (${profile.name} profile: ${profile.hostile.numRuns} runs)`, () => {
  let emulator: Emulator;
  const answers: string[] = [];

  beforeAll(async () => {
    // No control endpoints: every path is the API's, and must get the API's answers.
    emulator = await startEmulator({ seed: 9, timeScale: 0.001, controlEndpoints: false, maxBodyBytes: 4_096 });
  });

  afterAll(async () => {
    await emulator.close();
    console.log(
      formatTable('Hostile requests: emulator answers', ['status errorCode', 'requests'], tallyRows(tally(answers))),
    );
  });

  it('answers any method, path, content type and body with a spec-valid envelope, and never fails in itself', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (hostile) => {
        const answer = await sendRaw(emulator.url, hostile);
        expect(answer.reset, 'the emulator dropped the connection').toBe(false);
        if (answer.reset) return;
        expect(answer.status).toBeLessThan(500);
        if (hostile.method === 'OPTIONS') {
          // A CORS preflight, answered as such (the emulator serves browser tests).
          expect(answer.status).toBe(204);
          answers.push('204 (CORS preflight)');
          return;
        }
        if (hostile.method === 'HEAD') {
          // HTTP gives HEAD answers no body; the status still has to refuse the request.
          expect(answer.status).toBeGreaterThanOrEqual(400);
          answers.push(`${answer.status} (HEAD)`);
          return;
        }
        expect(answer.contentType).toMatch(/^application\/json/);
        const body: unknown = JSON.parse(answer.text);
        expect(specProblems(hostile.path, body)).toEqual([]);
        answers.push(`${answer.status} ${(body as { errorCode?: string }).errorCode || 'success'}`);
      }),
      { numRuns: profile.hostile.numRuns, seed: suiteSeed(4321), endOnFailure: true },
    );
    expect(emulator.stats().internalErrors).toEqual([]);
    // Still serving normally afterwards.
    const balance = await sendRaw(emulator.url, {
      method: 'POST',
      path: '/getBalance',
      contentType: 'application/json',
      body: new TextEncoder().encode(JSON.stringify({ clientKey: 'CAP-EMULATOR-KEY' })),
    });
    expect(balance.reset ? undefined : JSON.parse(balance.text)).toMatchObject({ errorId: 0 });
  }, 600_000);
});
