// generated — do not edit. Source: spec/capsolver.openapi.yaml.
// Regenerate with `npm run codegen` (tools/codegen/generate.mjs); `npm run codegen:check` fails when stale.

export interface paths {
    "/createTask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a task
         * @description Creates a captcha task. Recognition tasks (`mode: sync`) answer inline with `status: ready`
         *     and a `solution`; token tasks (`mode: async`) return a `taskId` to poll with `getTaskResult`,
         *     with `status: processing` (some doc pages show `idle`; the createTask page says `null` or
         *     `ready`). Clients disagree on it: the official Python SDK reads `status` unconditionally and
         *     python3-capsolver polls only when it is `processing` (or absent), so `processing` is the one
         *     value every official client handles.
         */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/getTaskResult": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a task result
         * @description Polls an asynchronous task. `idle` and `processing` mean "ask again in about 3 s"; `ready`
         *     carries the `solution`. At most 120 queries per task, and a result lives 5 minutes.
         */
        post: operations["getTaskResult"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/getBalance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get the account balance
         * @description Returns the balance in USD and the account's monthly or weekly packages.
         */
        post: operations["getBalance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/getToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Solve a reCAPTCHA task synchronously
         * @description Creates a reCAPTCHA task and answers only when it is solved, so no polling is needed. Only the
         *     reCAPTCHA v2/v3 types (`x-capkit-task.getToken: true`) are accepted. Use a long client timeout.
         */
        post: operations["getToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feedbackTask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report whether a token worked
         * @description Tells CapSolver whether the token of a solved task passed validation on the target site.
         */
        post: operations["feedbackTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The account API key (`CAP-…`). A secret; it travels only in request bodies. */
        ClientKey: string;
        /** @description Developer (affiliate) app ID from the dashboard's developer section; `null` = not given. */
        AppId: string | null;
        /** @description The task handle returned by `createTask` (UUID-like). */
        TaskId: string;
        /**
         * @description `idle` = queued, `processing` = being solved (poll again in about 3 s), `ready` = `solution`
         *     is filled. `failed` is not documented by CapSolver; it is kept for defence and is terminal.
         * @enum {string}
         */
        TaskStatus: "idle" | "processing" | "ready" | "failed";
        /**
         * @description The error envelope. `errorCode` is one of the codes of `x-capkit-errors` (kept an open string
         *     because the service adds codes without notice).
         */
        ErrorResponse: {
            /**
             * @description `1` on failure, the only documented non-zero value. A client should still treat any
             *     non-zero `errorId` as a failure.
             * @constant
             */
            errorId: 1;
            /** @description Symbolic code, e.g. `ERROR_INVALID_TASK_DATA`; see `x-capkit-errors`. */
            errorCode: string;
            /** @description Human-readable text; for `ERROR_INVALID_TASK_DATA` it names the bad field. */
            errorDescription?: string;
            taskId?: components["schemas"]["TaskId"];
            status?: components["schemas"]["TaskStatus"];
        };
        /** @description The envelope fields of a successful response. */
        SuccessEnvelope: {
            /**
             * @description `0` on success.
             * @constant
             */
            errorId: 0;
            /** @description Empty (or absent) on success. */
            errorCode?: string;
            /** @description Empty (or absent) on success. */
            errorDescription?: string;
        };
        CreateTaskRequest: {
            clientKey: components["schemas"]["ClientKey"];
            appId?: components["schemas"]["AppId"];
            task: components["schemas"]["Task"];
            /**
             * Format: uri
             * @description The service POSTs the result here. The payload is not documented; capkit assumes (and its emulator sends) the body getTaskResult would answer, as CapMonster Cloud documents for the same mechanism. Receivers must not rely on it: capkit confirms with one getTaskResult unless told to trust it. `null` = not given (python3-capsolver sends `null` on every call).
             */
            callbackUrl?: string | null;
            /** @description Undocumented origin tag (the official n8n node sends `n8n`). */
            source?: string | null;
            /** @description Undocumented client version tag (capsolver-core). */
            version?: string | null;
        };
        /**
         * @description A created task. Token tasks return a `taskId` (sometimes `status: idle`); recognition tasks
         *     also return `status: ready` and the `solution`.
         */
        CreateTaskResponse: components["schemas"]["SuccessEnvelope"] & {
            taskId: components["schemas"]["TaskId"];
            status?: components["schemas"]["TaskStatus"];
            solution?: components["schemas"]["Solution"];
        };
        GetTaskResultRequest: {
            clientKey: components["schemas"]["ClientKey"];
            taskId: components["schemas"]["TaskId"];
        };
        /** @description The state of a task; `solution` is present when `status` is `ready`. */
        GetTaskResultResponse: components["schemas"]["SuccessEnvelope"] & {
            taskId?: components["schemas"]["TaskId"];
            status: components["schemas"]["TaskStatus"];
            solution?: components["schemas"]["Solution"];
        };
        GetBalanceRequest: {
            clientKey: components["schemas"]["ClientKey"];
        };
        GetBalanceResponse: components["schemas"]["SuccessEnvelope"] & {
            /** @description Account balance in USD. */
            balance: number;
            /** @description Monthly or weekly packages; may be empty. */
            packages?: components["schemas"]["BalancePackage"][];
        };
        BalancePackage: {
            packageId?: string;
            /** @description Package type code (values not documented). */
            type?: number;
            /** @description e.g. `reCAPTCHA v2 500K`. */
            title?: string;
            /** @description Remaining or total calls. */
            numberOfCalls?: number;
            /** @description Package status code (values not documented). */
            status?: number;
            /** @description Package token (`CAP-…`). */
            token?: string;
            /** @description Expiry, Unix seconds. */
            expireTime?: number;
        };
        GetTokenRequest: {
            clientKey: components["schemas"]["ClientKey"];
            appId?: components["schemas"]["AppId"];
            task: components["schemas"]["GetTokenTask"];
            /**
             * Format: uri
             * @description The service POSTs the result here. The payload is not documented; capkit assumes (and its emulator sends) the body getTaskResult would answer, as CapMonster Cloud documents for the same mechanism. Receivers must not rely on it: capkit confirms with one getTaskResult unless told to trust it. `null` = not given (python3-capsolver sends `null` on every call).
             */
            callbackUrl?: string | null;
        };
        GetTokenResponse: components["schemas"]["SuccessEnvelope"] & {
            taskId?: components["schemas"]["TaskId"];
            status: components["schemas"]["TaskStatus"];
            solution: components["schemas"]["ReCaptchaSolution"];
        };
        FeedbackTaskRequest: {
            clientKey: components["schemas"]["ClientKey"];
            appId?: components["schemas"]["AppId"];
            taskId: components["schemas"]["TaskId"];
            result: {
                /** @description `true` when the token failed validation on the target site. */
                invalid: boolean;
                /** @description Caller-defined result code, e.g. `1001`. */
                code?: number;
                /** @description e.g. `invalid token`. */
                message?: string;
            };
        };
        FeedbackTaskResponse: components["schemas"]["SuccessEnvelope"] & {
            message?: string;
        };
        /**
         * @description A captcha task, selected by `type`. Task objects are open: the service accepts undocumented
         *     fields, so no schema forbids extra properties, but every documented required field is enforced.
         */
        Task: components["schemas"]["ImageToTextTask"] | components["schemas"]["ReCaptchaV2Classification"] | components["schemas"]["AwsWafClassification"] | components["schemas"]["VisionEngine"] | components["schemas"]["ReCaptchaV2TaskProxyLess"] | components["schemas"]["ReCaptchaV2Task"] | components["schemas"]["ReCaptchaV2EnterpriseTask"] | components["schemas"]["ReCaptchaV2EnterpriseTaskProxyLess"] | components["schemas"]["ReCaptchaV3Task"] | components["schemas"]["ReCaptchaV3TaskProxyLess"] | components["schemas"]["ReCaptchaV3EnterpriseTask"] | components["schemas"]["ReCaptchaV3EnterpriseTaskProxyLess"] | components["schemas"]["GeeTestTaskProxyLess"] | components["schemas"]["GeeTestTask"] | components["schemas"]["MtCaptchaTask"] | components["schemas"]["MtCaptchaTaskProxyLess"] | components["schemas"]["DatadomeSliderTask"] | components["schemas"]["AntiAwsWafTask"] | components["schemas"]["AntiAwsWafTaskProxyLess"] | components["schemas"]["AntiTurnstileTaskProxyLess"] | components["schemas"]["AntiCloudflareTask"] | components["schemas"]["AntiBotdeflectorTaskProxyLess"];
        /** @description The task types `getToken` accepts (reCAPTCHA v2 and v3, with or without proxy). */
        GetTokenTask: components["schemas"]["ReCaptchaV2TaskProxyLess"] | components["schemas"]["ReCaptchaV2Task"] | components["schemas"]["ReCaptchaV2EnterpriseTask"] | components["schemas"]["ReCaptchaV2EnterpriseTaskProxyLess"] | components["schemas"]["ReCaptchaV3Task"] | components["schemas"]["ReCaptchaV3TaskProxyLess"] | components["schemas"]["ReCaptchaV3EnterpriseTask"] | components["schemas"]["ReCaptchaV3EnterpriseTaskProxyLess"];
        /**
         * @description A caller proxy, in either form: one `proxy` string, or the split `proxyType` / `proxyAddress` /
         *     `proxyPort` (+ optional `proxyLogin` / `proxyPassword`) fields.
         */
        TaskProxy: components["schemas"]["ProxyString"] | components["schemas"]["ProxyFields"];
        /**
         * @description A caller proxy that may be left out (then CapSolver's own proxies are used): the fields of
         *     `TaskProxy`, all optional, but the split form still needs `proxyType`, `proxyAddress` and
         *     `proxyPort` together.
         */
        OptionalTaskProxy: {
            proxy?: components["schemas"]["ProxyString"]["proxy"];
            proxyType?: components["schemas"]["ProxyFields"]["proxyType"];
            proxyAddress?: components["schemas"]["ProxyFields"]["proxyAddress"];
            proxyPort?: components["schemas"]["ProxyFields"]["proxyPort"];
            proxyLogin?: components["schemas"]["ProxyFields"]["proxyLogin"];
            proxyPassword?: components["schemas"]["ProxyFields"]["proxyPassword"];
        };
        ProxyString: {
            /**
             * @description `socks5:IP:PORT:USER:PASS`, `http:IP:PORT:USER:PASS`, `IP:PORT:USER:PASS` (http),
             *     `IP:PORT` (IP-whitelisted), `http://USER:PASS@IP:PORT` or `socks5://USER:PASS@IP:PORT`.
             * @example socks5:192.0.2.10:1080:user:pass
             */
            proxy: string;
        };
        ProxyFields: {
            /**
             * @description Proxy protocol. The docs' example lists http, https and socks5; the prose adds SOCKS4.
             * @enum {string}
             */
            proxyType: "http" | "https" | "socks4" | "socks5";
            /** @description IP address or host name. */
            proxyAddress: string;
            proxyPort: number;
            proxyLogin?: string | null;
            proxyPassword?: string | null;
        };
        /** @description Cookies the solver sends, as `{name, value}` objects or a `a=1;b=2` string. */
        Cookies: {
            name: string;
            value: string;
        }[] | string | null;
        ReCaptchaV2Params: {
            /** @description Full URL of the page that loads the widget. */
            websiteURL: string;
            /** @description The reCAPTCHA site key. */
            websiteKey: string;
            /** @description The `sa` value of the `/anchor` payload. */
            pageAction?: string | null;
            /** @description Non-enterprise `s` value of the `/anchor` payload. */
            recaptchaDataSValue?: string | null;
            /** @description Enterprise payload, e.g. `{"s": "…"}` from the `/anchor` payload. */
            enterprisePayload?: {
                [key: string]: unknown;
            } | null;
            /** @description The widget is invisible (no checkbox). */
            isInvisible?: boolean | null;
            /** @description Session mode; the solution then also carries `recaptcha-ca-t`. */
            isSession?: boolean | null;
            /** @description `http://www.google.com/` or `http://www.recaptcha.net/`; usually omitted. */
            apiDomain?: string | null;
            cookies?: components["schemas"]["Cookies"];
            /** @description Accepted by SDKs and older docs; not in the current table. */
            userAgent?: string | null;
        };
        ReCaptchaV3Params: {
            /** @description Full URL of the page that runs reCAPTCHA v3. */
            websiteURL: string;
            /** @description The reCAPTCHA site key. */
            websiteKey: string;
            /** @description The action passed to `grecaptcha.execute` (optional in the current docs). */
            pageAction?: string | null;
            /** @description Enterprise `s` parameter from `grecaptcha.enterprise.render`. */
            enterprisePayload?: {
                [key: string]: unknown;
            } | null;
            /** @description Session mode; the solution then also carries `recaptcha-ca-t`. */
            isSession?: boolean | null;
            /** @description `http://www.google.com/` or `http://www.recaptcha.net/`; usually omitted. */
            apiDomain?: string | null;
            /** @description Older docs only (removed from the current table). */
            minScore?: number | null;
            /** @description Legacy high-score parameter. */
            userAgent?: string | null;
            cookies?: components["schemas"]["Cookies"];
        };
        MtCaptchaParams: {
            websiteURL: string;
            /** @description The `MTPublic-…` site key. */
            websiteKey: string;
        };
        AntiAwsWafParams: {
            /** @description URL of the page that returns the captcha information. */
            websiteURL: string;
            /** @description `key` from `window.gokuProps`. */
            awsKey?: string;
            /** @description `iv` from `window.gokuProps`. */
            awsIv?: string;
            /** @description `context` from `window.gokuProps`. */
            awsContext?: string;
            /** @description The `challenge.js` URL. */
            awsChallengeJS?: string;
            /** @description The `jsapi.js` URL. */
            awsApiJs?: string;
            /** @description The "problem" endpoint URL. */
            awsProblemUrl?: string;
            /** @description `api_key` of the problem endpoint. */
            awsApiKey?: string;
            /** @description A previous `aws-waf-token`. */
            awsExistingToken?: string;
        };
        GeeTestParams: {
            websiteURL: string;
            /** @description e.g. `api.geetest.com`. */
            geetestApiServerSubdomain?: string | null;
        } & components["schemas"]["GeeTestVersion"];
        /** @description The GeeTest v3 (`gt` + `challenge`) or v4 (`captchaId`) parameters. */
        GeeTestVersion: {
            /** @description GeeTest v3 `gt`. */
            gt: string;
            /** @description A fresh GeeTest v3 challenge. */
            challenge: string;
        } | {
            /** @description GeeTest v4 captcha ID. */
            captchaId: string;
        };
        /**
         * @description OCR of a text image.
         * @example {
         *       "type": "ImageToTextTask",
         *       "module": "common",
         *       "body": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
         *     }
         */
        ImageToTextTask: {
            /** @constant */
            type: "ImageToTextTask";
            /** @description OCR model; default `common`, others include `number`, `queueit`, `module_001`…`module_032`. */
            module?: string | null;
            /** @description Source page; improves accuracy. */
            websiteURL?: string | null;
            /** @description Confidence threshold (older docs); below it, no charge. */
            score?: number;
            /** @description Case-sensitive answer (older docs). */
            case?: boolean;
        } & (components["schemas"]["ImageToTextInput"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ImageToTextTask";
        });
        /** @description One image (`body`) or several (`images`, for `module: number`). */
        ImageToTextInput: {
            /** @description Base64 image without newlines or `data:` prefix. */
            body: string;
        } | {
            /** @description Up to 9 base64 images. */
            images: string[];
        };
        /**
         * @description Classify the cells of a reCAPTCHA v2 image grid.
         * @example {
         *       "type": "ReCaptchaV2Classification",
         *       "image": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
         *       "question": "/m/04_sv"
         *     }
         */
        ReCaptchaV2Classification: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV2Classification";
            /** @description Base64 image. */
            image: string;
            /** @description Object ID such as `/m/04_sv` (motorcycles) or `/m/0k4j` (cars). */
            question: string;
            websiteURL?: string;
            websiteKey?: string;
        };
        /**
         * @description Classify AWS WAF captcha images.
         * @example {
         *       "type": "AwsWafClassification",
         *       "images": [
         *         "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
         *       ],
         *       "question": "aws:toycarcity:carcity",
         *       "websiteURL": "https://example.com/"
         *     }
         */
        AwsWafClassification: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AwsWafClassification";
            /** @description Base64 images; `aws:grid` takes 9, other questions take 1. */
            images: string[];
            /** @description `aws:toycarcity:carcity` or `aws:grid:<object>` (bag, bed, chair, clock, …). */
            question: string;
            websiteURL?: string;
            websiteKey?: string;
        };
        /**
         * @description Slider, rotation and shein puzzles.
         * @example {
         *       "type": "VisionEngine",
         *       "module": "slider_1",
         *       "image": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
         *       "imageBackground": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
         *       "websiteURL": "https://example.com/"
         *     }
         */
        VisionEngine: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "VisionEngine";
            /**
             * @description `slider_1`, `rotate_1`, `rotate_2` or `shein` (older SDKs: `space_detection`).
             * @example slider_1
             */
            module: string;
            /** @description Base64 foreground image. */
            image: string;
            /** @description Base64 background image; required by the `slider_1` and `rotate_1` modules. */
            imageBackground?: string;
            /** @description Only for the `shein` (older `space_detection`) module. */
            question?: string;
            websiteURL?: string;
        };
        /**
         * @description reCAPTCHA v2 token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "ReCaptchaV2TaskProxyLess",
         *       "websiteURL": "https://www.google.com/recaptcha/api2/demo",
         *       "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-"
         *     }
         */
        ReCaptchaV2TaskProxyLess: {
            /** @constant */
            type: "ReCaptchaV2TaskProxyLess";
        } & (components["schemas"]["ReCaptchaV2Params"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV2TaskProxyLess";
        });
        /**
         * @description reCAPTCHA v2 token through the caller's proxy. Dropped from the current type list but still
         *     used by the docs' examples and accepted by `getToken`.
         * @example {
         *       "type": "ReCaptchaV2Task",
         *       "websiteURL": "https://www.google.com/recaptcha/api2/demo",
         *       "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        ReCaptchaV2Task: {
            /** @constant */
            type: "ReCaptchaV2Task";
        } & (components["schemas"]["ReCaptchaV2Params"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV2Task";
        });
        /**
         * @description reCAPTCHA v2 Enterprise token through the caller's proxy.
         * @example {
         *       "type": "ReCaptchaV2EnterpriseTask",
         *       "websiteURL": "https://www.google.com/recaptcha/api2/demo",
         *       "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
         *       "enterprisePayload": {
         *         "s": "SOME_S_VALUE"
         *       },
         *       "proxyType": "http",
         *       "proxyAddress": "192.0.2.10",
         *       "proxyPort": 8080,
         *       "proxyLogin": "user",
         *       "proxyPassword": "pass"
         *     }
         */
        ReCaptchaV2EnterpriseTask: {
            /** @constant */
            type: "ReCaptchaV2EnterpriseTask";
        } & (components["schemas"]["ReCaptchaV2Params"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV2EnterpriseTask";
        });
        /**
         * @description reCAPTCHA v2 Enterprise token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "ReCaptchaV2EnterpriseTaskProxyLess",
         *       "websiteURL": "https://www.google.com/recaptcha/api2/demo",
         *       "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
         *       "enterprisePayload": {
         *         "s": "SOME_S_VALUE"
         *       }
         *     }
         */
        ReCaptchaV2EnterpriseTaskProxyLess: {
            /** @constant */
            type: "ReCaptchaV2EnterpriseTaskProxyLess";
        } & (components["schemas"]["ReCaptchaV2Params"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV2EnterpriseTaskProxyLess";
        });
        /**
         * @description reCAPTCHA v3 token through the caller's proxy.
         * @example {
         *       "type": "ReCaptchaV3Task",
         *       "websiteURL": "https://antcpt.com/score_detector/",
         *       "websiteKey": "6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf",
         *       "pageAction": "homepage",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        ReCaptchaV3Task: {
            /** @constant */
            type: "ReCaptchaV3Task";
        } & (components["schemas"]["ReCaptchaV3Params"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV3Task";
        });
        /**
         * @description reCAPTCHA v3 token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "ReCaptchaV3TaskProxyLess",
         *       "websiteURL": "https://antcpt.com/score_detector/",
         *       "websiteKey": "6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf",
         *       "pageAction": "homepage"
         *     }
         */
        ReCaptchaV3TaskProxyLess: {
            /** @constant */
            type: "ReCaptchaV3TaskProxyLess";
        } & (components["schemas"]["ReCaptchaV3Params"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV3TaskProxyLess";
        });
        /**
         * @description reCAPTCHA v3 Enterprise token through the caller's proxy.
         * @example {
         *       "type": "ReCaptchaV3EnterpriseTask",
         *       "websiteURL": "https://antcpt.com/score_detector/",
         *       "websiteKey": "6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf",
         *       "pageAction": "homepage",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        ReCaptchaV3EnterpriseTask: {
            /** @constant */
            type: "ReCaptchaV3EnterpriseTask";
        } & (components["schemas"]["ReCaptchaV3Params"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV3EnterpriseTask";
        });
        /**
         * @description reCAPTCHA v3 Enterprise token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "ReCaptchaV3EnterpriseTaskProxyLess",
         *       "websiteURL": "https://antcpt.com/score_detector/",
         *       "websiteKey": "6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf",
         *       "pageAction": "homepage"
         *     }
         */
        ReCaptchaV3EnterpriseTaskProxyLess: {
            /** @constant */
            type: "ReCaptchaV3EnterpriseTaskProxyLess";
        } & (components["schemas"]["ReCaptchaV3Params"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ReCaptchaV3EnterpriseTaskProxyLess";
        });
        /**
         * @description GeeTest v3 (`gt` + `challenge`) or v4 (`captchaId`), through CapSolver's own proxies.
         * @example {
         *       "type": "GeeTestTaskProxyLess",
         *       "websiteURL": "https://www.geetest.com/en/demo",
         *       "captchaId": "e392e1d7fd421dc63325744d5a2b9c73"
         *     }
         */
        GeeTestTaskProxyLess: {
            /** @constant */
            type: "GeeTestTaskProxyLess";
        } & (components["schemas"]["GeeTestParams"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "GeeTestTaskProxyLess";
        });
        /**
         * @description GeeTest through the caller's proxy (older docs only; kept because clients still send it).
         * @example {
         *       "type": "GeeTestTask",
         *       "websiteURL": "https://www.geetest.com/en/demo",
         *       "gt": "022397c99c9f646f6477822485f30404",
         *       "challenge": "7f3b0d5c6e2a4b1f9e8d7c6b5a493827",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        GeeTestTask: {
            /** @constant */
            type: "GeeTestTask";
        } & (components["schemas"]["GeeTestParams"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "GeeTestTask";
        });
        /**
         * @description MTCaptcha token, through the caller's proxy when one is given. The docs disagree: the parameter
         *     table marks `proxy` optional, the intro (and the RU page) say this type needs your own proxy.
         *     The official Go SDK checks only `websiteURL` and `websiteKey` before sending it, so capkit
         *     follows the table: the proxy is optional.
         * @example {
         *       "type": "MtCaptchaTask",
         *       "websiteURL": "https://www.mtcaptcha.com/",
         *       "websiteKey": "MTPublic-tqNCRE0GS",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        MtCaptchaTask: {
            /** @constant */
            type: "MtCaptchaTask";
        } & (components["schemas"]["MtCaptchaParams"] & components["schemas"]["OptionalTaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "MtCaptchaTask";
        });
        /**
         * @description MTCaptcha token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "MtCaptchaTaskProxyLess",
         *       "websiteURL": "https://www.mtcaptcha.com/",
         *       "websiteKey": "MTPublic-tqNCRE0GS"
         *     }
         */
        MtCaptchaTaskProxyLess: {
            /** @constant */
            type: "MtCaptchaTaskProxyLess";
        } & (components["schemas"]["MtCaptchaParams"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "MtCaptchaTaskProxyLess";
        });
        /**
         * @description DataDome slider and interstitial (device check); the docs' table spells it `DataDomeSliderTask`.
         * @example {
         *       "type": "DatadomeSliderTask",
         *       "captchaUrl": "https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA&hash=789361B674144528D0B7EE76B35826&cid=mY4z7GNmh7Nt1lAFwpbNHAOcWPhyPgjHD2K1Pm~Od1iEKYLUnK3t7N2ZGUj8OqDK65cnwJHtHwd~t902vlwpSBA5l4ZHbS1Qszv~jEuEUJNQ_jMAjar2Kj3kq20MRJYh&t=fe&referer=https%3A%2F%2Fwww.example.com%2F&s=40070&e=3e531bd3b30650f2e810ac72cd80a0cf",
         *       "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        DatadomeSliderTask: {
            /** @constant */
            type: "DatadomeSliderTask";
            /** @description The DataDome captcha URL; must contain `t=fe` (`t=bv` means your IP is banned). */
            captchaUrl: string;
            /** @description Must equal the user agent you use on the site. */
            userAgent: string;
            /** @description Target page (required by older docs, absent from the current table). */
            websiteURL?: string | null;
        } & (components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DatadomeSliderTask";
        });
        /**
         * @description AWS WAF token through the caller's proxy.
         * @example {
         *       "type": "AntiAwsWafTask",
         *       "websiteURL": "https://example.com/protected",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        AntiAwsWafTask: {
            /** @constant */
            type: "AntiAwsWafTask";
        } & (components["schemas"]["AntiAwsWafParams"] & components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AntiAwsWafTask";
        });
        /**
         * @description AWS WAF token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "AntiAwsWafTaskProxyLess",
         *       "websiteURL": "https://example.com/protected",
         *       "awsChallengeJS": "https://example.token.awswaf.com/example/challenge.js"
         *     }
         */
        AntiAwsWafTaskProxyLess: {
            /** @constant */
            type: "AntiAwsWafTaskProxyLess";
        } & (components["schemas"]["AntiAwsWafParams"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AntiAwsWafTaskProxyLess";
        });
        /**
         * @description Cloudflare Turnstile token; no proxy variant is documented.
         * @example {
         *       "type": "AntiTurnstileTaskProxyLess",
         *       "websiteURL": "https://example.com/login",
         *       "websiteKey": "0x4AAAAAAAExampleKey",
         *       "metadata": {
         *         "action": "login"
         *       }
         *     }
         */
        AntiTurnstileTaskProxyLess: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AntiTurnstileTaskProxyLess";
            websiteURL: string;
            /** @description Turnstile site key (`0x4…`). */
            websiteKey: string;
            metadata?: ({
                /** @description The `data-action` attribute. */
                action?: string;
                /** @description The `data-cdata` attribute. */
                cdata?: string;
            } & {
                [key: string]: string;
            }) | null;
        };
        /**
         * @description Cloudflare Challenge ("Just a moment…"); needs a static or sticky (not rotating) proxy.
         * @example {
         *       "type": "AntiCloudflareTask",
         *       "websiteURL": "https://example.com/",
         *       "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
         *       "proxy": "socks5:192.0.2.10:1080:user:pass"
         *     }
         */
        AntiCloudflareTask: {
            /** @constant */
            type: "AntiCloudflareTask";
            websiteURL: string;
            /** @description The user agent you use; only Chrome user agents are supported. */
            userAgent?: string | null;
            /** @description The 403 "Just a moment…" body, fetched fresh through the same proxy. */
            html?: string | null;
        } & (components["schemas"]["TaskProxy"] & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AntiCloudflareTask";
        });
        /**
         * @description BotDeflector token, solved through CapSolver's own proxies.
         * @example {
         *       "type": "AntiBotdeflectorTaskProxyLess",
         *       "websiteURL": "https://example.com/",
         *       "domain": "botdeflector.eu",
         *       "flowToken": "eyJhbGciOiJIUzI1NiJ9.eyJmbG93IjoiZXhhbXBsZSJ9.c2lnbmF0dXJl"
         *     }
         */
        AntiBotdeflectorTaskProxyLess: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "AntiBotdeflectorTaskProxyLess";
            /** @description The site's home page URL. */
            websiteURL: string;
            /** @description Domain serving `/pow/get` or `icon/get`, e.g. `botdeflector.eu`. */
            domain: string;
            /** @description The JWT often called `botDeflectorJwtToken` on the site. */
            flowToken: string;
        };
        /**
         * @description The solution of a ready task; its shape depends on the task type (`x-capkit-task.solution`).
         *     Solutions are open objects because solver fields change without notice.
         */
        Solution: components["schemas"]["ImageToTextSolution"] | components["schemas"]["ReCaptchaV2ClassificationSolution"] | components["schemas"]["AwsWafClassificationSolution"] | components["schemas"]["VisionEngineSolution"] | components["schemas"]["ReCaptchaSolution"] | components["schemas"]["GeeTestSolution"] | components["schemas"]["MtCaptchaSolution"] | components["schemas"]["DatadomeSliderSolution"] | components["schemas"]["AntiAwsWafSolution"] | components["schemas"]["AntiTurnstileSolution"] | components["schemas"]["AntiCloudflareSolution"] | components["schemas"]["AntiBotdeflectorSolution"];
        ImageToTextSolution: {
            /** @description The recognised text. */
            text: string;
            /** @description One answer per image (`module: number`). */
            answers?: string[];
            /**
             * @description How sure the recogniser is, 0–1 (python3-capsolver's docstring shows `0.9585`). The task's `score`
             *     (0.8–1) is the threshold below which the service does not charge, so answered confidences sit at or above it.
             */
            confidence?: number;
        };
        ReCaptchaV2ClassificationSolution: {
            /** @enum {string} */
            type?: "multi" | "single";
            /** @description Matching cell indexes (`multi`). */
            objects?: number[];
            /** @description Whether the image shows the object (`single`). */
            hasObject?: boolean;
            /** @description Grid size. */
            size?: number;
        };
        AwsWafClassificationSolution: {
            /** @description Point to click (`carcity`). */
            box?: number[];
            /** @description Matching grid indexes (`grid`). */
            objects?: number[];
            /** @description Slide distance (`bifurcatedzoo`). */
            distance?: number;
        };
        VisionEngineSolution: {
            /** @description Slide distance (`slider_1`). */
            distance?: number;
            /** @description Rotation angle (`rotate_*`). */
            angle?: number;
            /** @description Box (`space_detection`). */
            box?: number[];
            /** @description Rectangles (`shein`). */
            rects?: {
                x1?: number;
                y1?: number;
                x2?: number;
                y2?: number;
            }[];
        };
        ReCaptchaSolution: {
            /** @description The token to submit as `g-recaptcha-response`. */
            gRecaptchaResponse: string;
            /** @description The user agent the solver used; send the token with it. */
            userAgent?: string;
            secChUa?: string;
            /** @description Creation time, epoch milliseconds. */
            createTime?: number;
            /** @description Expiry time, epoch milliseconds (seen in SDK types). */
            expireTime?: number;
            /** @description Session cookie (with `isSession`). */
            "recaptcha-ca-t"?: string;
            /** @description Present when the site uses it. */
            "recaptcha-ca-e"?: string;
        };
        /**
         * @description GeeTest v3 (`challenge`, `validate`) or v4 (`captcha_id`, `lot_number`, …) answer. Sources disagree
         *     on the v4 key style: underscores (typed from the docs' example by @captcha-libs) against the official
         *     Go SDK's JSON tags `captcha-id`, `captcha-output`, `log_number`, `risk_Type`. The Go tags look like
         *     typos (`log_number`; `risk_Type` matches `risk_type` anyway, as Go decodes case-insensitively), so
         *     the spec keeps the underscores.
         */
        GeeTestSolution: {
            challenge?: string;
            validate?: string;
            captcha_id?: string;
            captcha_output?: string;
            gen_time?: string;
            lot_number?: string;
            pass_token?: string;
            risk_type?: string;
        };
        MtCaptchaSolution: {
            token: string;
        };
        DatadomeSliderSolution: {
            /** @description e.g. `datadome=…`. */
            cookie: string;
            userAgent?: string;
        };
        AntiAwsWafSolution: {
            /** @description The `aws-waf-token` value. */
            cookie: string;
        };
        AntiTurnstileSolution: {
            token: string;
            /**
             * @description Always `turnstile` (the docs' example; python3-capsolver's docstring).
             * @constant
             */
            type?: "turnstile";
            userAgent?: string;
        };
        /** @description Low confidence (from client code); the docs' example was not retrievable. */
        AntiCloudflareSolution: {
            /** @description Cookies including `cf_clearance`, as a string or a name -> value map. */
            cookies?: string | {
                [key: string]: string;
            };
            headers?: {
                [key: string]: string;
            };
            page_url?: string;
            proxy?: string;
            token?: string;
            userAgent?: string;
        };
        /** @description Not documented yet; an open object. */
        AntiBotdeflectorSolution: {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description The request was refused; `errorCode` says why. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errorId": 1,
                 *       "errorCode": "ERROR_INVALID_TASK_DATA",
                 *       "errorDescription": "invalid task data: websiteURL is required"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The account key was not accepted. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errorId": 1,
                 *       "errorCode": "ERROR_KEY_DENIED_ACCESS",
                 *       "errorDescription": "the account key is wrong"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Too many requests. Not in the docs table; official clients treat it as rate limiting. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errorId": 1,
                 *       "errorCode": "ERROR_RATE_LIMIT",
                 *       "errorDescription": "request rate limit of your package exceeded"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A server or gateway failure. Official clients retry these with backoff. */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errorId": 1,
                 *       "errorCode": "ERROR_SERVICE_UNAVALIABLE",
                 *       "errorDescription": "service is temporarily unavailable"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createTask: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTaskRequest"];
            };
        };
        responses: {
            /** @description The task was created (`errorId` 0), or refused with the error envelope (`errorId` 1). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateTaskResponse"] | components["schemas"]["ErrorResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getTaskResult: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "clientKey": "CAP-EXAMPLE-NOT-A-REAL-KEY",
                 *       "taskId": "37223a89-06ed-442c-a0b8-22067b79c5b4"
                 *     }
                 */
                "application/json": components["schemas"]["GetTaskResultRequest"];
            };
        };
        responses: {
            /** @description The task state (`errorId` 0), or the error envelope (`errorId` 1). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetTaskResultResponse"] | components["schemas"]["ErrorResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "clientKey": "CAP-EXAMPLE-NOT-A-REAL-KEY"
                 *     }
                 */
                "application/json": components["schemas"]["GetBalanceRequest"];
            };
        };
        responses: {
            /** @description The balance (`errorId` 0), or the error envelope (`errorId` 1). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errorId": 0,
                     *       "balance": 48.6361,
                     *       "packages": [
                     *         {
                     *           "packageId": "62d81e6fc6e2c1b6a6e6d6e1",
                     *           "type": 1,
                     *           "title": "reCAPTCHA v2 500K",
                     *           "numberOfCalls": 500000,
                     *           "status": 1,
                     *           "token": "CAP-PACKAGE-TOKEN",
                     *           "expireTime": 1735689600
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["GetBalanceResponse"] | components["schemas"]["ErrorResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "clientKey": "CAP-EXAMPLE-NOT-A-REAL-KEY",
                 *       "task": {
                 *         "type": "ReCaptchaV3TaskProxyLess",
                 *         "websiteURL": "https://antcpt.com/score_detector/",
                 *         "websiteKey": "6LcR_okUAAAAAPYrPe-HK_0RULO1aZM15ENyM-Mf",
                 *         "pageAction": "homepage"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["GetTokenRequest"];
            };
        };
        responses: {
            /** @description The solved token (`errorId` 0), or the error envelope (`errorId` 1). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errorId": 0,
                     *       "errorCode": "",
                     *       "errorDescription": "",
                     *       "taskId": "5d6a1c3e-8f0b-4f6b-9f39-0b7b6f3a1c2d",
                     *       "status": "ready",
                     *       "solution": {
                     *         "gRecaptchaResponse": "03AGdBq24PBCbwiDRaS_MJ7Z...",
                     *         "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["GetTokenResponse"] | components["schemas"]["ErrorResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    feedbackTask: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "clientKey": "CAP-EXAMPLE-NOT-A-REAL-KEY",
                 *       "taskId": "37223a89-06ed-442c-a0b8-22067b79c5b4",
                 *       "result": {
                 *         "invalid": true,
                 *         "code": 1001,
                 *         "message": "invalid token"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["FeedbackTaskRequest"];
            };
        };
        responses: {
            /** @description The feedback was recorded (`errorId` 0), or the error envelope (`errorId` 1). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errorId": 0,
                     *       "errorCode": "",
                     *       "errorDescription": "",
                     *       "message": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["FeedbackTaskResponse"] | components["schemas"]["ErrorResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
}
