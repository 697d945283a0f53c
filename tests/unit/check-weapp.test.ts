/**
 * scripts/check-weapp.ts must catch what WeChat refuses: each case breaks one file of a tiny,
 * otherwise clean mini-program and expects that tool to name it. CI runs the script itself over
 * the real dist/weapp (.ci/run, `npm run check:weapp`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkSitemap, checkSyntax, checkWeapp, checkWxml, checkWxss } from '../../scripts/check-weapp';

const STAFF_PAGE = 'packages/staff/pages/index/index';

function miniProgram(overrides: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-weapp-'));
  const files: Record<string, string> = {
    'app.json': JSON.stringify({
      pages: ['pages/index/index'],
      subPackages: [{ root: 'packages/staff', pages: ['pages/index/index'] }],
      sitemapLocation: 'sitemap.json',
    }),
    'sitemap.json': JSON.stringify({ rules: [{ action: 'disallow', page: STAFF_PAGE }, { action: 'allow', page: '*' }] }),
    'app.js': 'var app = { onLaunch: function () {} };',
    'app.wxss': '.sn-form__bar { display: flex; }\n.sn-form__bar-item { flex: 1; }\n',
    'utils.wxs': 'module.exports = { b: function (a, b) { return a === undefined ? b : a } };\n',
    'pages/index/index.json': '{}',
    'pages/index/index.js': 'async function load() { const x = await Promise.resolve(2 ** 3); return [...Object.values({ x })]; }',
    'pages/index/index.wxml': '<wxs module="xs" src="../../utils.wxs" />\n<view class="sn-form__bar"><text>{{xs.b(title, "石楠邻里")}}</text></view>\n',
    'pages/index/index.wxss': '.page { color: #c8102e; }\n',
    [`${STAFF_PAGE}.json`]: '{}',
    [`${STAFF_PAGE}.js`]: 'var x = 1;',
    [`${STAFF_PAGE}.wxml`]: '<view>工作台</view>\n',
    ...overrides,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('npm run check:weapp', () => {
  const dirs: string[] = [];
  const make = (overrides?: Record<string, string>) => {
    const dir = miniProgram(overrides);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('passes a clean mini-program (ES2017 syntax such as async/await and ** is allowed)', () => {
    expect(checkWeapp(make())).toEqual([]);
  });

  it('wcsc refuses a `*` selector, as it refused .sn-form__bar > * in app-origin.wxss', () => {
    const dir = make({ 'app.wxss': '.sn-form__bar { display: flex; }\n.sn-form__bar > * { flex: 1; }\n' });
    const findings = checkWxss(dir);
    expect(findings.map((f) => f.message).join('\n')).toMatch(/app\.wxss\(\d+:\d+\): error at token `\*`/);
  });

  it('wcsc also refuses it in a page stylesheet', () => {
    const findings = checkWxss(make({ 'pages/index/index.wxss': '.page > * { flex: 1; }\n' }));
    expect(findings.map((f) => f.message).join('\n')).toContain('pages/index/index.wxss');
  });

  it('wcc refuses a broken template and a broken .wxs, naming the file', () => {
    const wxml = checkWxml(make({ [`${STAFF_PAGE}.wxml`]: '<view><text>{{a}</view>\n' }));
    expect(wxml.length).toBeGreaterThan(0);
    expect(wxml.map((f) => f.message).join('\n')).toContain(`${STAFF_PAGE}.wxml`);
    const wxs = checkWxml(make({ 'utils.wxs': 'module.exports = { b: function (a) { return a +; } };\n' }));
    expect(wxs.map((f) => f.message).join('\n')).toContain('utils.wxs');
  });

  it('refuses syntax newer than ES2017, the way zod shipped it (?? and ?.)', () => {
    const findings = checkSyntax(make({ [`${STAFF_PAGE}.js`]: 'function n(e){return e?.message??null}' }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain(`${STAFF_PAGE}.js: not ES2017`);
    // object spread (ES2018: the line is ES2017, the last edition iOS 12 runs whole) and optional catch binding (ES2019)
    expect(checkSyntax(make({ 'app.js': 'var o = { ...a };' }))).toHaveLength(1);
    expect(checkSyntax(make({ 'app.js': 'try { x() } catch { y() }' }))).toHaveLength(1);
  });

  it('fails when the sitemap is missing or lets a staff page into search', () => {
    const noFile = make();
    fs.rmSync(path.join(noFile, 'sitemap.json'));
    expect(checkSitemap(noFile)[0].message).toMatch(/sitemap\.json, which is not in/);
    const allowed = make({ 'sitemap.json': JSON.stringify({ rules: [{ action: 'allow', page: '*' }, { action: 'disallow', page: STAFF_PAGE }] }) });
    expect(checkSitemap(allowed).map((f) => f.message)).toEqual([`staff page ${STAFF_PAGE} is not disallowed in sitemap.json`]);
  });
});
