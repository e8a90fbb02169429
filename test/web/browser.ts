/**
 * Browser tests drive Debian's chromium through playwright-core (no browser downloads). When chromium is absent
 * the suites are skipped with a message saying so; CRM_TEST_BROWSER=require (set by CI) makes that a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, 'artifacts');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const required = process.env.CRM_TEST_BROWSER === 'require';
export const browserAvailable = fs.existsSync(CHROMIUM_PATH);
if (!browserAvailable) {
  const why = `chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (required) throw new Error(`a browser is required (CRM_TEST_BROWSER=require) but ${why}`);
  console.warn(`${why}: browser suites are SKIPPED (set CRM_TEST_BROWSER=require to fail instead)`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
