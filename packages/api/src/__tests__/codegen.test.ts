import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const generator = join(root, 'tools/codegen/generate.mjs');
const specPath = join(root, 'spec/capsolver.openapi.yaml');

async function codegen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [generator, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'capkit-codegen-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('tools/codegen/generate.mjs', () => {
  test('--check passes: the committed generated files are fresh', async () => {
    const result = await codegen('--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('output is deterministic and --check names stale files', async () => {
    const out = join(scratch, 'generated');
    expect((await codegen('--out', out)).code).toBe(0);
    for (const file of ['schema.ts', 'constants.ts', 'openapi.json']) {
      const fresh = await readFile(join(out, file), 'utf8');
      expect(fresh, file).toBe(await readFile(join(root, 'packages/api/src/generated', file), 'utf8'));
      expect(fresh, file).toMatch(/generated — do not edit/);
    }
    await writeFile(join(out, 'constants.ts'), '// edited by hand\n');
    const result = await codegen('--check', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/constants\.ts/);
    expect(result.stderr).not.toMatch(/schema\.ts|openapi\.json/);
  });

  test('a spec whose extensions break an invariant fails the codegen', async () => {
    const spec = await readFile(specPath, 'utf8');
    const broken = join(scratch, 'broken.yaml');
    // AntiTurnstileTaskProxyLess is not in GetTokenTask, so claiming getToken support is a contradiction.
    const edited = spec.replace(
      /(family: turnstile\n\s+solution: AntiTurnstileSolution\n\s+getToken: )false/,
      '$1true',
    );
    expect(edited).not.toBe(spec);
    await writeFile(broken, edited);
    const result = await codegen('--check', '--spec', broken, '--out', join(scratch, 'unused'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/AntiTurnstileTaskProxyLess: x-capkit-task.getToken disagrees with GetTokenTask/);
  });
});

describe('exact generated types', () => {
  test('documented objects are closed in schema.ts, open in openapi.json; free-form objects stay open', async () => {
    const schemaTs = await readFile(join(root, 'packages/api/src/generated/schema.ts'), 'utf8');
    const openapi = JSON.parse(await readFile(join(root, 'packages/api/src/generated/openapi.json'), 'utf8')) as {
      components: { schemas: Record<string, { additionalProperties?: unknown }> };
    };
    const solution = schemaTs.slice(schemaTs.indexOf('ReCaptchaSolution: {'));
    expect(solution.slice(0, solution.indexOf('};'))).not.toContain('[key: string]: unknown');
    // The runtime validators keep tolerating extra fields from the service.
    expect(openapi.components.schemas['ReCaptchaSolution']?.additionalProperties).toBe(true);
    // enterprisePayload documents no fields: a free-form record, in the types too (nullable: `null` = not given).
    expect(schemaTs).toMatch(/enterprisePayload\?: \{\s*\[key: string\]: unknown;\s*\} \| null;/);
  });

  test('closeDocumentedObjects only drops additionalProperties: true next to properties', async () => {
    const { closeDocumentedObjects } = (await import(join(root, 'tools/codegen/renderSchemaTypes.mjs'))) as {
      closeDocumentedObjects: (node: unknown) => void;
    };
    const node = {
      a: { type: 'object', additionalProperties: true, properties: { x: { type: 'string' } } },
      b: { type: 'object', additionalProperties: true },
      c: [{ type: 'object', additionalProperties: { type: 'string' }, properties: {} }],
    };
    closeDocumentedObjects(node);
    expect(node.a).not.toHaveProperty('additionalProperties');
    expect(node.b.additionalProperties).toBe(true);
    expect(node.c[0]?.additionalProperties).toEqual({ type: 'string' });
  });
});
