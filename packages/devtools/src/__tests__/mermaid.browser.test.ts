import { taskMachine } from '@capkit/core/machine';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMermaid } from '../toMermaid.js';
import { parallelMachine, pollingMachine } from './fixtures/sampleMachines.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(import.meta.dirname, '../../../../test-output');
/** The browser build of the real `mermaid` package (a devDependency: nothing is downloaded). */
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

interface Rendered {
  error?: string | undefined;
  svg?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  labels?: string[] | undefined;
  states?: string[] | undefined;
}

describe('toMermaid output rendered by the real mermaid library in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: install the Debian package (apt-get install -y chromium).`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 2 });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setContent(
      '<!doctype html><html><body style="margin:0;background:#fff"><div id="out"></div></body></html>',
    );
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => {
      (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({
        startOnLoad: false,
        theme: 'default',
        securityLevel: 'strict',
      });
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Parses and renders one diagram into the page; any parse or render error is returned as text. */
  const render = (text: string): Promise<Rendered> =>
    page.evaluate(async (source) => {
      const mermaid = (
        globalThis as unknown as {
          mermaid: {
            parse(text: string): Promise<unknown>;
            render(id: string, text: string): Promise<{ svg: string }>;
          };
        }
      ).mermaid;
      const out = document.getElementById('out');
      if (!out) return { error: 'no #out' };
      try {
        await mermaid.parse(source);
        const { svg } = await mermaid.render(`d${Date.now()}`, source);
        out.innerHTML = svg;
        const element = out.querySelector('svg');
        const box = element?.getBoundingClientRect();
        const labels = [...out.querySelectorAll('.edgeLabel')].map((label) => label.textContent ?? '');
        const states = [...out.querySelectorAll('g.node, g.cluster, .cluster-label')].map(
          (node) => node.textContent ?? '',
        );
        return { svg, width: box?.width, height: box?.height, labels, states };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }, text);

  it('renders the task machine with no parse error, its limits and lifecycle states readable, and saves a PNG', async () => {
    const text = toMermaid(taskMachine);
    const rendered = await render(text);
    expect(rendered.error).toBeUndefined();
    const labels = (rendered.labels ?? []).join('\n');
    expect(labels).toContain('120 queries spent');
    expect(labels).toContain('5-minute lifetime over');
    const states = (rendered.states ?? []).join('\n');
    for (const state of ['creating', 'idle', 'processing', 'ready', 'error', 'waiting', 'querying']) {
      expect(states).toContain(state);
    }
    await mkdir(OUTPUT, { recursive: true });
    await page.locator('#out svg').screenshot({ path: join(OUTPUT, 'lifecycle-diagram.png') });
    expect(problems).toEqual([]);
  });

  it('renders the sample machines too (nested, parallel, history, escaped names)', async () => {
    for (const machine of [pollingMachine, parallelMachine]) {
      const rendered = await render(toMermaid(machine, { direction: 'LR' }));
      expect(rendered.error).toBeUndefined();
      expect(rendered.svg).toContain('<svg');
    }
  });

  it('reports a parse error for text that is not Mermaid (the check is real)', async () => {
    const rendered = await render('stateDiagram-v2\n  a --> : : :\n  }}}');
    expect(rendered.error).toBeDefined();
  });
});
