import { taskMachine } from '@capkit/core/machine';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toMermaid } from '../toMermaid.js';
import {
  checkLifecycleDiagram,
  LIFECYCLE_DIAGRAM_MARKERS,
  replaceDiagramSection,
  writeLifecycleDiagram,
} from '../writeLifecycleDiagram.js';
import { pollingMachine, toggleMachine } from './fixtures/sampleMachines.js';

const { start, end } = LIFECYCLE_DIAGRAM_MARKERS;

describe('writeLifecycleDiagram', () => {
  let dir: string;
  let readmePath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capkit-devtools-'));
    readmePath = join(dir, 'README.md');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the diagram between the markers as a mermaid block, keeping the rest of the file', async () => {
    await writeFile(readmePath, `# core\n\nIntro.\n\n${start}\nold text\n${end}\n\n## API\n`);
    const result = await writeLifecycleDiagram({ readmePath, machine: toggleMachine });
    expect(result).toMatchObject({ status: 'updated', ok: true, diagram: toMermaid(toggleMachine) });
    expect(await readFile(readmePath, 'utf8')).toBe(
      `# core\n\nIntro.\n\n${start}\n\`\`\`mermaid\n${toMermaid(toggleMachine)}\`\`\`\n${end}\n\n## API\n`,
    );
    const again = await writeLifecycleDiagram({ readmePath, machine: toggleMachine });
    expect(again).toMatchObject({ status: 'up-to-date', ok: true });
  });

  it('in check mode reports a stale diagram and writes nothing', async () => {
    await writeFile(readmePath, `${start}\n\`\`\`mermaid\n${toMermaid(toggleMachine)}\`\`\`\n${end}\n`);
    const before = await readFile(readmePath, 'utf8');
    const result = await checkLifecycleDiagram({ readmePath, machine: pollingMachine });
    expect(result).toMatchObject({ status: 'stale', ok: false });
    expect(result.message).toContain('capkit diagram');
    expect(await readFile(readmePath, 'utf8')).toBe(before);
    expect(await checkLifecycleDiagram({ readmePath, machine: toggleMachine })).toMatchObject({
      status: 'up-to-date',
      ok: true,
    });
  });

  it('reports missing or misordered markers instead of guessing where the diagram goes', async () => {
    for (const text of ['# no markers\n', `${end}\n${start}\n`, `${start} only\n`]) {
      await writeFile(readmePath, text);
      const result = await writeLifecycleDiagram({ readmePath, machine: toggleMachine });
      expect(result).toMatchObject({ status: 'missing-markers', ok: false });
      expect(result.message).toContain(start);
      expect(await readFile(readmePath, 'utf8')).toBe(text);
    }
  });

  it('draws the core taskMachine by default', async () => {
    await writeFile(readmePath, `${start}\n${end}\n`);
    const result = await writeLifecycleDiagram({ readmePath });
    expect(result.diagram).toBe(toMermaid(taskMachine));
    expect(await readFile(readmePath, 'utf8')).toContain(toMermaid(taskMachine));
  });

  it('fails with the file system error when the file does not exist', async () => {
    await expect(
      writeLifecycleDiagram({ readmePath: join(dir, 'missing.md'), machine: toggleMachine }),
    ).rejects.toThrow(/ENOENT/);
  });
});

describe('replaceDiagramSection', () => {
  it('keeps Windows line endings', () => {
    const next = replaceDiagramSection(`a\r\n${start}\r\n${end}\r\nb\r\n`, 'stateDiagram-v2\n  [*] --> a\n');
    expect(next).toBe(`a\r\n${start}\r\n\`\`\`mermaid\r\nstateDiagram-v2\r\n  [*] --> a\r\n\`\`\`\r\n${end}\r\nb\r\n`);
  });
});
