/**
 * The report's style sheet and script, kept as real files beside this one (assets/) so that they
 * read, and are edited, as CSS and JavaScript; read once and copied into every report.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

export function assetText(name: 'report.css' | 'step-through.js'): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}
