import { describe, expect, it } from 'vitest';
import { TASK_TYPE_ALIASES, TASK_TYPES, canonicalTaskType, type TaskType } from '../index.js';

describe('canonicalTaskType', () => {
  it('returns every canonical name unchanged, in any letter case', () => {
    for (const type of Object.keys(TASK_TYPES) as TaskType[]) {
      expect(canonicalTaskType(type)).toBe(type);
      expect(canonicalTaskType(type.toUpperCase())).toBe(type);
      expect(canonicalTaskType(type.toLowerCase())).toBe(type);
    }
  });

  it('maps the spellings of the docs and the official clients to the canonical name', () => {
    expect(canonicalTaskType('GeetestTaskProxyless')).toBe('GeeTestTaskProxyLess');
    expect(canonicalTaskType('DataDomeSliderTask')).toBe('DatadomeSliderTask');
    expect(canonicalTaskType('ReCaptchaV2TaskProxyless')).toBe('ReCaptchaV2TaskProxyLess');
    expect(canonicalTaskType('MTCaptchaTask')).toBe('MtCaptchaTask');
    // Built by the official capsolver-core when a proxy is given (not a case variant).
    expect(canonicalTaskType('AntiTurnstileTask')).toBe('AntiTurnstileTaskProxyLess');
    expect(canonicalTaskType('antiturnstiletask')).toBe('AntiTurnstileTaskProxyLess');
  });

  it('maps every alias of TASK_TYPE_ALIASES to a current type', () => {
    for (const [alias, type] of Object.entries(TASK_TYPE_ALIASES)) {
      expect(Object.hasOwn(TASK_TYPES, type), alias).toBe(true);
      expect(canonicalTaskType(alias)).toBe(type);
    }
  });

  it('knows nothing of removed or foreign types', () => {
    expect(canonicalTaskType('HCaptchaTaskProxyLess')).toBeUndefined();
    expect(canonicalTaskType('NoCaptchaTask')).toBeUndefined();
    expect(canonicalTaskType('')).toBeUndefined();
  });
});
