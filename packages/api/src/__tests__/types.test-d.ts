import { describe, expectTypeOf, test } from 'vitest';
import {
  createApiClient,
  unknownFields,
  ERROR_CODE_RULES,
  type SYNC_TASK_TYPES,
  type AsyncTaskType,
  type ErrorCode,
  type ErrorResponse,
  type GetTokenTaskType,
  type ProxyRequiredTaskType,
  type RequestBody,
  type ResponseBody,
  type SolutionFor,
  type SyncTaskType,
  type Task,
  type TaskOf,
  type TaskStatus,
  type TaskType,
  type CreateTaskResponse,
  type GetTaskResultResponse,
  type UnknownFields,
} from '../index.js';

const api = createApiClient();
const clientKey = 'CAP-TYPE-TEST';

describe('solutions', () => {
  test('SolutionFor maps each task type to its family solution', () => {
    expectTypeOf<SolutionFor<'ReCaptchaV2TaskProxyLess'>>()
      .toHaveProperty('gRecaptchaResponse')
      .toEqualTypeOf<string>();
    expectTypeOf<SolutionFor<'ImageToTextTask'>>().toHaveProperty('text').toEqualTypeOf<string>();
    expectTypeOf<SolutionFor<'AntiTurnstileTaskProxyLess'>>().toHaveProperty('token').toEqualTypeOf<string>();
    expectTypeOf<SolutionFor<'DatadomeSliderTask'>>().toHaveProperty('cookie').toEqualTypeOf<string>();
    expectTypeOf<SolutionFor<'ReCaptchaV3EnterpriseTask'>>().toEqualTypeOf<SolutionFor<'ReCaptchaV2Task'>>();
    // Solutions are exact: a field the spec does not document is a type error (unknownFields() reads it).
    // @ts-expect-error not a documented field
    expectTypeOf<SolutionFor<'ImageToTextTask'>['someNewField']>().toEqualTypeOf<unknown>();
  });

  test('solutions are exact: documented fields only, a typo fails', () => {
    const recaptcha = {} as SolutionFor<'ReCaptchaV2TaskProxyLess'>;
    // @ts-expect-error a typo of gRecaptchaResponse
    void recaptcha.gRecaptchaRespnse;
    // @ts-expect-error `token` is a Turnstile/MtCaptcha field, not a reCAPTCHA one
    void recaptcha.token;
    const anyTurnstile: SolutionFor<'AntiTurnstileTaskProxyLess'> = { token: 't', userAgent: 'ua' };
    // @ts-expect-error an undocumented field in a solution literal
    const extra: SolutionFor<'AntiTurnstileTaskProxyLess'> = { token: 't', cookie: 'c' };
    expectTypeOf([anyTurnstile, extra]).toBeArray();
    // Free-form objects stay open (enterprisePayload has no documented fields).
    expectTypeOf<NonNullable<TaskOf<'ReCaptchaV2EnterpriseTaskProxyLess'>['enterprisePayload']>>().toExtend<
      Record<string, unknown>
    >();
  });

  test('unknownFields reads every field, typed unknown', () => {
    const solution: SolutionFor<'ImageToTextTask'> = { text: 'abc' };
    expectTypeOf(unknownFields(solution)).toEqualTypeOf<UnknownFields>();
    expectTypeOf(unknownFields(solution)['confidenceV2']).toEqualTypeOf<unknown>();
  });

  test('SolutionFor only accepts task types', () => {
    // @ts-expect-error not a task type (wrong casing)
    expectTypeOf<SolutionFor<'ReCaptchaV2TaskProxyless'>>().not.toBeNever();
  });
});

describe('task types', () => {
  test('TaskType (constants) is exactly the discriminator of Task (schema)', () => {
    expectTypeOf<Task['type']>().toEqualTypeOf<TaskType>();
  });

  test('mode, proxy and getToken subsets come from x-capkit-task', () => {
    expectTypeOf<SyncTaskType>().toEqualTypeOf<
      'ImageToTextTask' | 'ReCaptchaV2Classification' | 'AwsWafClassification' | 'VisionEngine'
    >();
    expectTypeOf<Extract<AsyncTaskType, SyncTaskType>>().toBeNever();
    expectTypeOf<
      'ReCaptchaV2Task' | 'AntiCloudflareTask' | 'DatadomeSliderTask'
    >().toMatchTypeOf<ProxyRequiredTaskType>();
    expectTypeOf<Extract<ProxyRequiredTaskType, `${string}ProxyLess`>>().toBeNever();
    expectTypeOf<GetTokenTaskType>().toMatchTypeOf<`ReCaptchaV${2 | 3}${string}`>();
    expectTypeOf<TaskStatus>().toEqualTypeOf<'idle' | 'processing' | 'ready' | 'failed'>();
    expectTypeOf<'ERROR_SERVICE_UNAVALIABLE'>().toMatchTypeOf<ErrorCode>();
  });

  test('the compact constants keep the literal types of the full ones', () => {
    expectTypeOf<(typeof SYNC_TASK_TYPES)[number]>().toEqualTypeOf<SyncTaskType>();
    expectTypeOf<keyof typeof ERROR_CODE_RULES>().toEqualTypeOf<ErrorCode>();
    expectTypeOf(ERROR_CODE_RULES.ERROR_RATE_LIMIT.retry).toEqualTypeOf<'request'>();
    expectTypeOf(ERROR_CODE_RULES.ERROR_ZERO_BALANCE).not.toHaveProperty('description');
  });

  test('TaskOf enforces required parameters and rejects unknown ones', () => {
    const ok: TaskOf<'ReCaptchaV2TaskProxyLess'> = {
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: 'https://example.com/',
      websiteKey: 'site-key',
      isInvisible: true,
    };
    expectTypeOf(ok.type).toEqualTypeOf<'ReCaptchaV2TaskProxyLess'>();

    // @ts-expect-error websiteKey is required
    const missing: TaskOf<'ReCaptchaV2TaskProxyLess'> = { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'u' };
    // @ts-expect-error websiteUrl is not a parameter (it is websiteURL)
    const typo: TaskOf<'MtCaptchaTaskProxyLess'> = { type: 'MtCaptchaTaskProxyLess', websiteUrl: 'u', websiteKey: 'k' };
    const wrongType: TaskOf<'VisionEngine'> = {
      type: 'VisionEngine',
      module: 'slider_1',
      image: 'i',
      // @ts-expect-error imageBackground is a string, not a number
      imageBackground: 1,
    };
    expectTypeOf([missing, typo, wrongType]).toBeArray();
  });

  test('proxy-required types need a proxy, in either form', () => {
    const asString: TaskOf<'ReCaptchaV2Task'> = {
      type: 'ReCaptchaV2Task',
      websiteURL: 'u',
      websiteKey: 'k',
      proxy: 'host:1',
    };
    const asFields: TaskOf<'AntiCloudflareTask'> = {
      type: 'AntiCloudflareTask',
      websiteURL: 'u',
      proxyType: 'socks5',
      proxyAddress: '192.0.2.1',
      proxyPort: 1080,
    };
    // @ts-expect-error no proxy given
    const none: TaskOf<'DatadomeSliderTask'> = { type: 'DatadomeSliderTask', captchaUrl: 'c', userAgent: 'ua' };
    const badType: TaskOf<'AntiAwsWafTask'> = {
      type: 'AntiAwsWafTask',
      websiteURL: 'u',
      // @ts-expect-error proxyType must be one of the documented protocols
      proxyType: 'ftp',
      proxyAddress: 'a',
      proxyPort: 1,
    };
    expectTypeOf([asString, asFields, none, badType]).toBeArray();
  });

  test('alternatives: ImageToText needs body or images, GeeTest needs v3 or v4 parameters', () => {
    const body: TaskOf<'ImageToTextTask'> = { type: 'ImageToTextTask', body: 'base64' };
    const images: TaskOf<'ImageToTextTask'> = { type: 'ImageToTextTask', module: 'number', images: ['a', 'b'] };
    // @ts-expect-error neither body nor images
    const noImage: TaskOf<'ImageToTextTask'> = { type: 'ImageToTextTask', module: 'common' };
    const v4: TaskOf<'GeeTestTaskProxyLess'> = { type: 'GeeTestTaskProxyLess', websiteURL: 'u', captchaId: 'id' };
    // @ts-expect-error v3 needs challenge as well as gt
    const halfV3: TaskOf<'GeeTestTaskProxyLess'> = { type: 'GeeTestTaskProxyLess', websiteURL: 'u', gt: 'gt' };
    expectTypeOf([body, images, noImage, v4, halfV3]).toBeArray();
  });
});

describe('client', () => {
  test('paths, methods and bodies are typed', async () => {
    const created = await api.POST('/createTask', {
      body: { clientKey, task: { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'u', websiteKey: 'k' } },
    });
    // HTTP 4xx/5xx: the error envelope.
    expectTypeOf(created.error).toEqualTypeOf<ErrorResponse | undefined>();
    // HTTP 200: success or error envelope; `errorId` tells them apart.
    expectTypeOf(created.data).toMatchTypeOf<CreateTaskResponse | ErrorResponse | undefined>();
    if (created.data?.errorId === 0) {
      expectTypeOf(created.data.taskId).toEqualTypeOf<string>();
      expectTypeOf(created.data.solution).toMatchTypeOf<CreateTaskResponse['solution']>();
    } else if (created.data) {
      expectTypeOf(created.data.errorCode).toEqualTypeOf<string>();
    }

    const polled = await api.POST('/getTaskResult', { body: { clientKey, taskId: 'id' } });
    if (polled.data?.errorId === 0) {
      expectTypeOf(polled.data.status).toEqualTypeOf<GetTaskResultResponse['status']>();
      expectTypeOf(polled.data.status).toEqualTypeOf<TaskStatus>();
    }

    // @ts-expect-error unknown path
    await api.POST('/createTasks', { body: { clientKey } });
    // @ts-expect-error every method is POST
    await api.GET('/getBalance');
    // @ts-expect-error misspelt body field (clientkey)
    await api.POST('/getBalance', { body: { clientkey: clientKey } });
    // @ts-expect-error clientKey is required
    await api.POST('/getTaskResult', { body: { taskId: 'id' } });
    await api.POST('/createTask', {
      // @ts-expect-error a task parameter that does not exist
      body: { clientKey, task: { type: 'ReCaptchaV3TaskProxyLess', websiteURL: 'u', websiteKey: 'k', minscore: 0.3 } },
    });
    await api.POST('/getToken', {
      // @ts-expect-error getToken accepts reCAPTCHA types only
      body: { clientKey, task: { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'u', websiteKey: 'k' } },
    });
    // @ts-expect-error feedback result.invalid is required
    await api.POST('/feedbackTask', { body: { clientKey, taskId: 'id', result: { message: 'bad' } } });
  });

  test('RequestBody / ResponseBody follow the paths', () => {
    expectTypeOf<RequestBody<'getBalance'>>().toEqualTypeOf<{ clientKey: string }>();
    expectTypeOf<Extract<ResponseBody<'getToken'>, { errorId: 0 }>['solution']>().toEqualTypeOf<
      SolutionFor<'ReCaptchaV2TaskProxyLess'>
    >();
    expectTypeOf<ResponseBody<'getBalance'>>().toMatchTypeOf<{ errorId: number }>();
  });
});
