/**
 * report.html in a real browser (Debian's Chromium driven by playwright-core): the heatmaps
 * render with the expected number of cells, a click on a cell draws its learning curves, and
 * the order-parameter menu switches diagrams. Saves a screenshot.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phasegridSync, writeSpec } from './helpers.ts';

const CHROMIUM = process.env.PHASEGRID_CHROMIUM ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (process.env.PHASEGRID_REQUIRE_BROWSER === '1' && !hasBrowser) {
  throw new Error(`PHASEGRID_REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}`);
}
/** Where a run with PHASEGRID_UPDATE_DOCS=1 puts the screenshot the README shows. */
const DOCS_SCREENSHOT = new URL('../../../docs/report-screenshot.png', import.meta.url).pathname;

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-browser-'));
let browser: Browser | undefined;

describe.skipIf(!hasBrowser)('report.html in Chromium', () => {
  beforeAll(async () => {
    const spec = writeSpec(workDir, 'page.json', {
      name: 'page',
      experiment: 'sparse-coding',
      base: { training: { steps: 300 }, evaluation: { everySteps: 50, probeSamples: 64 } },
      axes: { 'views.strength': [0, 0.5, 1], 'data.noise': [0.2, 0.3] },
      seeds: 2,
      diagram: { x: 'views.strength', y: 'data.noise', order: 'coverage', threshold: 0.5 },
    });
    const run = phasegridSync(workDir, ['grid', spec, '--results', join(workDir, 'results')]);
    expect(run.code).toBe(0);
    // The flags this machine needs: no sandbox as root, and no background network traffic.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox',
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('renders the heatmaps, draws a clicked cell\'s curves, and switches order parameters',
    async () => {
      const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
      const blocked: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) blocked.push(request.url());
      });
      await page.goto(`file://${join(workDir, 'results', 'page', 'report.html')}`);

      const coverage = page.locator('section.order[data-order="coverage"]');
      await expect(coverage.isVisible()).resolves.toBe(true);
      const meanCells = coverage.locator('figure[data-statistic="mean"] rect.cell');
      expect(await meanCells.count()).toBe(3 * 2);
      expect(await coverage.locator('figure[data-statistic="std"] rect.cell').count()).toBe(6);
      expect(await coverage.locator('figure[data-statistic="mean"] line.boundary').count())
        .toBeGreaterThan(0);
      expect(await coverage.locator('figure[data-statistic="std"] line.boundary').count())
        .toBe(0);
      expect(await page.locator('section.order[data-order="loss"]').isVisible()).toBe(false);

      await coverage.locator('figure[data-statistic="mean"] rect.cell[data-x="1"][data-y="0.2"]')
        .click();
      await expect(page.locator('#curve-title').textContent())
        .resolves.toBe('coverage at x = 1, y = 0.2 (2 seeds)');
      expect(await page.locator('#curve-plot polyline.curve').count()).toBe(2);
      const points = await page.locator('#curve-plot polyline.curve').first()
        .getAttribute('points');
      // 300 steps sampled every 50, the last included: 0, 50, ..., 300.
      expect(points!.trim().split(' ')).toHaveLength(7);

      const screenshot = await page.screenshot({ fullPage: false });
      expect(screenshot.length).toBeGreaterThan(10_000);
      if (process.env.PHASEGRID_UPDATE_DOCS === '1') {
        await page.screenshot({ path: DOCS_SCREENSHOT, fullPage: false });
      }

      await page.selectOption('#order', 'learning_time');
      expect(await page.locator('section.order[data-order="learning_time"]').isVisible())
        .toBe(true);
      expect(await coverage.isVisible()).toBe(false);
      expect(blocked).toEqual([]);
      await page.close();
    }, 120_000);
});
