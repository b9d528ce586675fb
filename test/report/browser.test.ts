/**
 * The HTML report in a real browser: `matrix --out` (without real replay, to stay fast) and one
 * `check --out` are generated into a temporary folder, and Debian's Chromium (driven by
 * playwright-core, headless) opens every page from disk. Asserted: no console errors; every
 * sequence diagram is an SVG with one message group per step of its trace; the step-through view
 * reaches the last step by keyboard and shows the violated invariant; every link resolves to an
 * existing file (and an in-page anchor to an element); nothing is wider than a phone's 390 px but
 * the scrolling regions. Screenshots of the matrix and of one counterexample, 1280 and 390 px
 * wide, are written to test/report/screenshots/ (kept out of git; docs/ holds two of them).
 *
 * Without Chromium the suite FAILS, saying how to install it: a browser test that passes because
 * no browser ran would be worse than none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { reapcheck, SLOW } from '../cli/run-bin.ts';

/** Debian's package; REAPCHECK_CHROMIUM names another build (or, set to a missing path, shows the failure below). */
const CHROMIUM = process.env.REAPCHECK_CHROMIUM ?? '/usr/bin/chromium';
/** Flags for a machine without network: without the background-networking ones it hangs on refused connections. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const EXAMPLE = 'duct-0.6.3-py39--reuse--no-wait-error';

/** The little of the DOM the checks below read (they run in the page; the tests' tsconfig has no DOM library). */
interface El {
  readonly textContent: string | null;
  readonly hidden: boolean;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): { readonly length: number };
  getBBox(): { readonly width: number };
}
type InPage = { readonly document: El };

/** In the page: the sequence diagram's step groups, drawn width and violation note. */
function pictureOf(): { groups: number; width: number; violation: string } {
  const svg = (globalThis as unknown as InPage).document.querySelector('figure.sequence svg')!;
  return { groups: svg.querySelectorAll('g.step').length, width: svg.getBBox().width, violation: svg.querySelector('g.violation')?.textContent ?? '' };
}

/** In the page: the step-through's position and its violation banner. */
function violationShown(): { slider: string; visible: boolean; text: string } {
  const doc = (globalThis as unknown as InPage).document;
  const banner = doc.querySelector('#st-violation')!;
  return { slider: doc.querySelector('#st-slider')!.getAttribute('aria-valuetext') ?? '', visible: !banner.hidden, text: banner.textContent ?? '' };
}

if (!existsSync(CHROMIUM)) {
  it('needs Chromium to test the HTML report', () => {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (Debian's package; .ci/run installs it), or name one with REAPCHECK_CHROMIUM`);
  });
} else {
  describe('the HTML report in Chromium', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reapcheck-html-'));
    const matrixDir = join(dir, 'matrix');
    const checkDir = join(dir, 'check');
    let ctx: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      // A conformance summary beside the report (conform --json saved as conform.json) is shown on its front page.
      mkdirSync(matrixDir);
      writeFileSync(join(matrixDir, 'conform.json'), JSON.stringify({ schedules: 2010, steps: 26000, divergences: 0, unforceable: 3, errors: 0, seed: 42, runs: 30, seconds: 12.5, saved: [] }));
      expect(reapcheck(['matrix', '--out', matrixDir, '--no-real', '--exit-zero']).code).toBe(0);
      expect(reapcheck(['check', 'duct-0.6.3-py39', '--scenario', 'reuse', '--out', checkDir]).code).toBe(1);
      const { chromium } = await import('playwright-core');
      ctx = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
      page = await ctx.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      page.on('requestfailed', (r) => errors.push(`${page.url()}: request failed ${r.url()}`));
    }, SLOW);

    afterAll(async () => {
      await ctx?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const pagesIn = (d: string) => readdirSync(d).filter((f) => f.endsWith('.html') && f !== 'index.html');
    const open = async (file: string) => {
      await page.goto(pathToFileURL(file).href);
    };

    it('index.html: the matrix coloured by verdict, linked to its counterexamples, with method and states; the conformance summary', { timeout: SLOW }, async () => {
      await open(join(matrixDir, 'index.html'));
      const verdicts = await page.$$eval('table.matrix td .verdict', (els) => els.map((e) => e.textContent));
      expect(new Set(verdicts)).toEqual(new Set(['holds', 'violated', 'n/a']));
      expect(verdicts).toHaveLength(143);
      const colours = await page.$$eval('table.matrix td.v-holds, table.matrix td.v-violated', (els) => new Set(els.map((e) => e.ownerDocument.defaultView!.getComputedStyle(e).backgroundColor)).size);
      expect(colours).toBe(2);
      const cell = page.locator('table.matrix tr', { hasText: 'duct-0.6.3-py39' }).locator('td').first();
      expect(await cell.locator('a').getAttribute('href')).toBe(`${EXAMPLE}.html`);
      expect(await cell.textContent()).toMatch(/exhaustive, [\d,]+ states/);
      expect(await page.locator('table.counterexamples tbody tr').count()).toBe(pagesIn(matrixDir).length);
      expect(await page.locator('table.counterexamples thead').textContent()).toContain('reproduced on Linux');
      expect(await page.locator('#conform-h').textContent()).toContain('Conformance');
      expect(errors).toEqual([]);
    });

    it('every counterexample page: the sequence diagram is an SVG with one message group per step, the step-through ends on the violation', { timeout: SLOW }, async () => {
      const files = [...pagesIn(matrixDir).map((f) => join(matrixDir, f)), ...pagesIn(checkDir).map((f) => join(checkDir, f))];
      expect(files.length).toBeGreaterThan(100);
      for (const file of files) {
        const trace = JSON.parse(readFileSync(file.replace(/\.html$/, '.json'), 'utf8')) as { invariant: string; steps: unknown[] };
        await open(file);
        // One round trip per question: the loop visits every page, on a machine that may be busy.
        const svg = await page.evaluate(pictureOf);
        expect(svg.groups, file).toBe(trace.steps.length);
        expect(svg.width, file).toBeGreaterThan(100);
        expect(svg.violation, file).toContain(`VIOLATED ${trace.invariant}`);
        await page.keyboard.press('End');
        const end = await page.evaluate(violationShown);
        expect(end.slider, file).toMatch(new RegExp(`^Step ${trace.steps.length} of ${trace.steps.length}: `));
        expect(end.visible, file).toBe(true);
        expect(end.text, file).toContain(`VIOLATED ${trace.invariant} at step ${trace.steps.length}`);
      }
      expect(errors).toEqual([]);
    });

    it('the step-through moves step by step from the keyboard and shows the world after each step', { timeout: SLOW }, async () => {
      await open(join(matrixDir, `${EXAMPLE}.html`));
      expect(await page.locator('#st-label').textContent()).toBe('Before the first step');
      expect(await page.locator('#st-violation').isVisible()).toBe(false);
      for (let i = 1; i <= 13; i++) {
        await page.keyboard.press('ArrowRight');
        expect(await page.locator('#st-label').textContent()).toMatch(new RegExp(`^Step ${i} of 13: `));
        expect(await page.locator('svg.sequence g.step.current').getAttribute('data-step')).toBe(String(i));
      }
      await page.keyboard.press('ArrowRight'); // past the end: stays on the last step
      expect(await page.inputValue('#st-slider')).toBe('13');
      const world = await page.locator('#st-world').textContent();
      expect(world).toContain('returned error(ECHILD)'); // the waiter's thread
      expect(world).toContain('reaped (gone)'); // incarnation 1 of pid 100, reaped at step 11
      expect(await page.locator('#st-violation').textContent()).toContain('VIOLATED no-wait-error at step 13: waiter returned error(ECHILD)');
      // Step 10: the child is a zombie; the process table says so.
      await page.keyboard.press('Home');
      for (let i = 0; i < 10; i++) await page.keyboard.press('j');
      expect(await page.locator('#st-world table', { hasText: 'incarnation' }).textContent()).toContain('zombie');
      // A step of the table opens it in the view.
      await page.click('table.steps tr[data-step="4"]');
      expect(await page.locator('#st-label').textContent()).toMatch(/^Step 4 of 13: waiter — unlock\(status_lock\)/);
      expect(errors).toEqual([]);
    });

    it('every link of every page resolves: files exist, in-page anchors name an element', { timeout: SLOW }, async () => {
      const broken: string[] = [];
      for (const d of [matrixDir, checkDir]) {
        for (const f of ['index.html', ...pagesIn(d)]) {
          const html = readFileSync(join(d, f), 'utf8');
          for (const [, href] of html.matchAll(/\b(?:href|src)="([^"]+)"/g)) {
            const [path, hash] = href!.split('#');
            if (/^[a-z]+:/.test(href!)) broken.push(`${f}: ${href} (not a local file)`);
            else if (path && !existsSync(join(d, decodeURIComponent(path)))) broken.push(`${f}: ${href}`);
            else if (!path && hash && !html.includes(`id="${hash}"`)) broken.push(`${f}: ${href}`);
          }
        }
      }
      expect(broken).toEqual([]);
    });

    it('reads at phone width: nothing wider than 390 px but the regions that scroll; screenshots desktop and narrow', { timeout: SLOW }, async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const [name, file] of [
        ['matrix', join(matrixDir, 'index.html')],
        ['counterexample', join(matrixDir, `${EXAMPLE}.html`)],
      ] as const) {
        for (const width of [1280, 390]) {
          // A desktop counterexample is shot tall enough for the picture and the world under it.
          await page.setViewportSize({ width, height: width === 390 ? 844 : name === 'counterexample' ? 1500 : 900 });
          await open(file);
          if (name === 'counterexample') {
            for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight'); // step 11: the killer's poll reaps the child
            await page.evaluate((id) => (globalThis as unknown as { document: { getElementById(id: string): { scrollIntoView(): void } } }).document.getElementById(id).scrollIntoView(), width === 390 ? 'st-h' : 'pic-h');
          }
          expect(await page.$eval('html', (h) => h.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
          await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`) });
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(errors).toEqual([]);
    });
  });
}
