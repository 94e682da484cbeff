import { describe, expectTypeOf, it } from 'vitest';
import { createClient, unknownFields, type SolutionFor, type TaskOf, type UnknownFields } from '../index.js';

const client = createClient({ apiKey: 'CAP-TYPES' });

describe('exact task inputs', () => {
  it('refuses a misspelt parameter on solve, start and getToken', () => {
    void client.solve({
      type: 'ReCaptchaV2TaskProxyLess',
      // @ts-expect-error websiteUrl is not a parameter (it is websiteURL)
      websiteUrl: 'https://example.com',
      websiteKey: 'key',
    });
    // @ts-expect-error misspelt optional parameter (isInvisible)
    void client.start({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'u', websiteKey: 'k', isInvisble: true });
    // @ts-expect-error misspelt optional parameter (minScore)
    void client.getToken({ type: 'ReCaptchaV3TaskProxyLess', websiteURL: 'u', websiteKey: 'k', minscore: 0.7 });
    // @ts-expect-error an unknown field on a proxy task, whichever proxy form is used
    void client.solve({ type: 'ReCaptchaV2Task', websiteURL: 'u', websiteKey: 'k', proxy: 'h:1', proxyTyp: 'http' });
    // @ts-expect-error createTask is exact too
    void client.createTask({ type: 'ImageToTextTask', body: 'aGk=', modul: 'common' });
  });

  it('still infers the task type from the literal, from a const and from a TaskOf value', async () => {
    const literal = await client.solve({ type: 'AntiTurnstileTaskProxyLess', websiteURL: 'u', websiteKey: 'k' });
    expectTypeOf(literal.solution).toEqualTypeOf<SolutionFor<'AntiTurnstileTaskProxyLess'>>();
    const task = { type: 'ImageToTextTask', body: 'aGk=' } as const;
    expectTypeOf((await client.solve(task)).solution).toEqualTypeOf<SolutionFor<'ImageToTextTask'>>();
    const typed: TaskOf<'MtCaptchaTaskProxyLess'> = {
      type: 'MtCaptchaTaskProxyLess',
      websiteURL: 'u',
      websiteKey: 'k',
    };
    expectTypeOf(client.start(typed).result).resolves.toHaveProperty('solution').toHaveProperty('token');
  });
});

describe('exact solutions', () => {
  it('refuses a misspelt or foreign solution field', async () => {
    const { solution } = await client.solve({ type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'u', websiteKey: 'k' });
    expectTypeOf(solution.gRecaptchaResponse).toEqualTypeOf<string>();
    // @ts-expect-error a typo of gRecaptchaResponse
    void solution.gRecaptchaRespnse;
    // @ts-expect-error token belongs to Turnstile and MtCaptcha solutions, not reCAPTCHA
    void solution.token;
  });

  it('reads undocumented fields through unknownFields(), each as unknown', async () => {
    const { solution } = await client.solve({ type: 'ImageToTextTask', body: 'aGk=' });
    expectTypeOf(unknownFields(solution)).toEqualTypeOf<UnknownFields>();
    expectTypeOf(unknownFields(solution)['score']).toEqualTypeOf<unknown>();
    // @ts-expect-error the escape hatch is read-only
    unknownFields(solution)['score'] = 1;
  });
});
