import openapi from '@capkit/api/openapi.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { createSpecModel, getSpecModel } from '../specModel.js';

type Doc = Record<string, any>;

describe('specModel', () => {
  it('reads the task types of each method from the spec', () => {
    const model = getSpecModel();
    expect(model.taskTypes('createTask')).toContain('ImageToTextTask');
    expect(model.taskTypes('getToken')).not.toContain('ImageToTextTask');
    expect(model.taskPointer('createTask', 'ImageToTextTask')).toBe('/components/schemas/ImageToTextTask');
  });

  it("falls back to the members' type constants when the union has no discriminator mapping", () => {
    const document = structuredClone(openapi) as unknown as Doc;
    delete document.components.schemas.Task.discriminator;
    const model = createSpecModel(document);
    expect(model.taskTypes('createTask')).toEqual(getSpecModel().taskTypes('createTask'));
    expect(model.validator(model.taskPointer('createTask', 'VisionEngine') ?? '')({ type: 'VisionEngine' })).toBe(
      false,
    );
  });

  it('resolves response schemas by exact status, then range', () => {
    const model = getSpecModel();
    expect(model.responsePointer('getBalance', 200)).toBeDefined();
    expect(model.responsePointer('getBalance', 503)).toBe(model.responsePointer('getBalance', 500));
    expect(model.responsePointer('getBalance', 404)).toBeUndefined();
  });
});
