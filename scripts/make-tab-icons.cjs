#!/usr/bin/env node
// Renders the tab bar icons (81x81 PNG, WeChat's recommended size) from inline SVG.
// WeChat's tabBar accepts only PNG/JPG files, not SVG or icon fonts, so we draw them
// once in Chromium and commit the PNGs. Run: node scripts/make-tab-icons.cjs
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const OUT = path.join(__dirname, '..', 'miniprogram', 'assets', 'tabbar');
const GREY = '#5a5e66';
const RED = '#c8102e';

// 24x24 outline glyphs; selected icons get a soft fill so the state is visible without colour.
const ICONS = {
  home: (c, sel) => `
    <path d="M3.5 10.6 12 3.8l8.5 6.8" fill="none" stroke="${c}" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round"/>
    <path d="M5.6 9.2V19a1.3 1.3 0 0 0 1.3 1.3h10.2a1.3 1.3 0 0 0 1.3-1.3V9.2" fill="${sel ? c + '22' : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linejoin="round"/>
    <path d="M10 20.3v-5.2h4v5.2" fill="${sel ? c : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linejoin="round"/>`,
  handbook: (c, sel) => `
    <path d="M4.5 5.2c2.6-1 5.2-.9 7.5.6v14c-2.3-1.5-4.9-1.6-7.5-.6z" fill="${sel ? c + '22' : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linejoin="round"/>
    <path d="M19.5 5.2c-2.6-1-5.2-.9-7.5.6v14c2.3-1.5 4.9-1.6 7.5-.6z" fill="${sel ? c + '22' : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linejoin="round"/>
    <path d="M7 9h2.6M7 12h2.6M14.4 9H17M14.4 12H17" stroke="${c}" stroke-width="1.6" stroke-linecap="round"/>`,
  redpost: (c, sel) => `
    <path d="M6 21V3.6" stroke="${c}" stroke-width="1.9" stroke-linecap="round"/>
    <path d="M6 4.2h11.6l-2.4 3.9 2.4 3.9H6z" fill="${sel ? c : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linejoin="round"/>
    <path d="M3.8 21h6.4" stroke="${c}" stroke-width="1.9" stroke-linecap="round"/>
    <path d="m10.8 6.5.5 1 1.1.2-.8.8.2 1.1-1-.5-1 .5.2-1.1-.8-.8 1.1-.2z" fill="${sel ? '#ffd34d' : c}"/>`,
  mine: (c, sel) => `
    <circle cx="12" cy="8.2" r="4" fill="${sel ? c + '22' : 'none'}" stroke="${c}" stroke-width="1.9"/>
    <path d="M4.3 20.4c.8-4 3.9-6.3 7.7-6.3s6.9 2.3 7.7 6.3" fill="${sel ? c + '22' : 'none'}" stroke="${c}" stroke-width="1.9" stroke-linecap="round"/>`,
};

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-icons-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 81, height: 81 },
    deviceScaleFactor: 1,
  });
  try {
    const page = await browser.newPage();
    for (const [name, draw] of Object.entries(ICONS)) {
      for (const sel of [false, true]) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 24 24">${draw(sel ? RED : GREY, sel)}</svg>`;
        await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
        const file = path.join(OUT, `${name}${sel ? '-active' : ''}.png`);
        await page.locator('svg').screenshot({ path: file, omitBackground: true });
        console.log('wrote', path.relative(process.cwd(), file));
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
