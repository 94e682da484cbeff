import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVisualizer, type Visualizer } from '../startVisualizer.js';
import { runTask } from './fixtures/runTask.js';

const CHROMIUM = '/usr/bin/chromium';
// Committed: the README shows it; every run of this test refreshes it.
const SCREENSHOT = join(import.meta.dirname, '../../../../docs/visualizer.png');

describe('the visualizer page in Chromium', () => {
  let visualizer: Visualizer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];
  const actors: Array<{ stop: () => void }> = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install the Debian package (apt-get install -y chromium); tools/scripts/install-deps.sh does it.`,
      );
    }
    visualizer = await startVisualizer();
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
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(visualizer.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  });

  afterAll(async () => {
    for (const actor of actors) actor.stop();
    await browser?.close();
    await visualizer?.close();
  });

  it('draws the lifecycle diagram from the machine definition', async () => {
    const states = await page
      .locator('#diagram [data-state]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')));
    expect(states.sort()).toEqual([
      'creating',
      'error',
      'idle',
      'idle.querying',
      'idle.waiting',
      'processing',
      'processing.querying',
      'processing.waiting',
      'ready',
      'starting',
    ]);
    expect(await page.locator('#diagram path.edge').count()).toBeGreaterThan(8);
    const labels = await page.locator('#diagram .edge-label').allTextContents();
    expect(labels.join('\n')).toContain('getTaskResult.done [isReady]');
    expect(labels.join('\n')).toContain('after pollDelay');
    expect(await page.locator('#any-state').textContent()).toContain('cancel→error');
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('live');
    expect(await page.locator('#empty').isVisible()).toBe(true);
  });

  it('keeps edge labels legible at 1400 px: at least 11 px on screen, none cut off', async () => {
    const labels = await page.locator('#diagram .edge-label').evaluateAll((groups) =>
      groups.map((g) => {
        const text = g.querySelector('text');
        const rect = g.querySelector('rect');
        const svg = g.closest('svg');
        const scale = svg?.getScreenCTM()?.a ?? 0;
        const fontPx = text ? parseFloat(getComputedStyle(text).fontSize) * scale : 0;
        const textBox = text?.getBoundingClientRect();
        const backdrop = rect?.getBoundingClientRect();
        const fits =
          textBox !== undefined &&
          backdrop !== undefined &&
          textBox.left >= backdrop.left - 0.5 &&
          textBox.right <= backdrop.right + 0.5;
        return { label: g.textContent, fontPx, height: textBox?.height ?? 0, fits };
      }),
    );
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      expect(label.fontPx, label.label ?? '').toBeGreaterThanOrEqual(11);
      expect(label.height, label.label ?? '').toBeGreaterThanOrEqual(11);
      expect(label.fits, label.label ?? '').toBe(true);
    }
  });

  it('shows live tasks: highlights their states, queries used and time left', async () => {
    const now = Date.now();
    const querying = runTask({
      taskId: '1f0c2a77-querying',
      type: 'ReCaptchaV2TaskProxyLess',
      hangOnQuery: 1,
      scale: 1,
      resumed: { createdAt: now - 95_000, queries: 37, lastStatus: 'processing' },
      inspect: visualizer.inspect,
    });
    const waiting = runTask({
      taskId: '9b3e51d0-waiting',
      type: 'AntiTurnstileTaskProxyLess',
      pollDelayMs: 60_000,
      scale: 1,
      inspect: visualizer.inspect,
    });
    actors.push(querying.actor, waiting.actor);
    await runTask({ taskId: '5d2c8e41-solved', type: 'ImageToTextTask', inspect: visualizer.inspect }).settled;
    await runTask({
      taskId: 'c7a90f13-failed',
      type: 'GeeTestTaskProxyLess',
      outcome: 'failed',
      inspect: visualizer.inspect,
    }).settled;

    await page.waitForSelector('[data-task]:nth-child(4)');
    await expect
      .poll(() =>
        page.locator('#diagram .state.is-active').evaluateAll((n) => n.map((e) => e.getAttribute('data-state')).sort()),
      )
      .toEqual(['idle.waiting', 'processing.querying']);
    expect(await page.locator('[data-state="creating"]').getAttribute('class')).not.toContain('is-active');
    // The settled tasks' last events may reach the page after their cards appeared: wait for them.
    await expect.poll(() => page.locator('[data-state="ready"]').getAttribute('class')).toContain('is-settled-success');
    await expect.poll(() => page.locator('[data-state="error"]').getAttribute('class')).toContain('is-settled-failure');
    expect(await page.locator('[data-task-dot]').count()).toBe(4);

    const card = page.locator('[data-task]', { hasText: '1f0c2a77-querying' });
    expect(await card.locator('.pill').textContent()).toBe('processing › querying');
    expect(await card.locator('.metric-value').first().textContent()).toBe('38 / 120');
    expect(await card.locator('.metric-value').nth(1).textContent()).toMatch(/^3:2\d$/);
    const waitingCard = page.locator('[data-task]', { hasText: '9b3e51d0-waiting' });
    expect(await waitingCard.locator('.pill').textContent()).toBe('idle › waiting');
    expect(await waitingCard.locator('.metric-value').nth(1).textContent()).toMatch(/^(5:00|4:5\d)$/);
    expect(await page.locator('[data-task]', { hasText: '5d2c8e41-solved' }).locator('.pill').textContent()).toBe(
      '✓ ready',
    );
    const failedCard = page.locator('[data-task]', { hasText: 'c7a90f13-failed' });
    expect(await failedCard.locator('.pill').textContent()).toBe('✕ error');
    expect(await failedCard.locator('.task-error').textContent()).toBe('TASK_FAILED');
    expect(await failedCard.locator('.task-error').isVisible()).toBe(true);
    expect(await card.locator('.task-error').isVisible()).toBe(false);
    // Creation order: the settled cards stay where they were created, after the running ones.
    expect(await page.locator('[data-task] .task-id').allTextContents()).toEqual([
      'taskId 1f0c2a77-querying',
      'taskId 9b3e51d0-waiting',
      'taskId 5d2c8e41-solved',
      'taskId c7a90f13-failed',
    ]);
    expect(await page.locator('#stat-running').textContent()).toBe('2');
    expect(await page.locator('#stat-success').textContent()).toBe('1');
    expect(await page.locator('#stat-failure').textContent()).toBe('1');
    expect(await page.locator('#empty').isVisible()).toBe(false);

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    // The diagram is wider than 1400 px and scrolls there; the screenshot shows all of it at its natural size.
    const width = await page.locator('#diagram').evaluate((svg) => Math.ceil(svg.getBoundingClientRect().width));
    await page.setViewportSize({ width: Math.max(1400, width + 110), height: 900 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('finds a task on the diagram when its card is hovered', async () => {
    await page.locator('[data-task]', { hasText: '1f0c2a77-querying' }).hover();
    expect(await page.locator('#diagram').getAttribute('class')).toContain('has-focus');
    expect(
      await page.locator('#diagram .state.is-focus').evaluateAll((n) => n.map((e) => e.getAttribute('data-state'))),
    ).toEqual(['processing', 'processing.querying']);
    await page.mouse.move(0, 0);
    expect((await page.locator('#diagram').getAttribute('class')) ?? '').not.toContain('has-focus');
  });

  it('follows a task to its end: a cancelled task leaves its state', async () => {
    (actors[1] as unknown as { send: (event: { type: string }) => void }).send({ type: 'cancel' });
    const card = page.locator('[data-task]', { hasText: '9b3e51d0-waiting' });
    await expect.poll(() => card.locator('.pill').textContent()).toBe('✕ error');
    expect(await page.locator('[data-state="idle.waiting"]').getAttribute('class')).not.toContain('is-active');
    expect(await page.locator('#stat-running').textContent()).toBe('1');
    // Its card stays in place (second), it does not move behind or ahead of the others.
    expect(await page.locator('[data-task] .task-id').nth(1).textContent()).toBe('taskId 9b3e51d0-waiting');
  });

  it('loads nothing but its own page and event stream, without errors', () => {
    const origin = new URL(visualizer.url).origin;
    expect(requests.length).toBeGreaterThan(1);
    for (const url of requests) expect(url.startsWith(`${origin}/`) || url.startsWith('data:')).toBe(true);
    expect(problems).toEqual([]);
  });
});
