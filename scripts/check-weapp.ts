/**
 * Checks dist/weapp as WeChat will see it, after `npm run build:weapp`:
 *
 * 1. every .wxss through WeChat's own stylesheet compiler (wcsc), all files in one run as
 *    DevTools does: one refused rule (e.g. a `*` selector) refuses the whole app;
 * 2. every .wxml and .wxs through WeChat's template compiler (wcc);
 * 3. every .js parsed at WEAPP_ECMA_VERSION: what iOS 12's JavaScriptCore runs. The project
 *    ships with WeChat's ES6 conversion off (project.config.json `es6: false`), so this is
 *    the syntax phones receive;
 * 4. the sitemap app.json names is in the output and keeps every staff page out of search.
 *
 * Both compilers come with miniprogram-compiler, which Taro's runner installs. Prints every
 * error and exits 1 on any. Usage: npm run check:weapp [-- <dir>]  (default dist/weapp)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as acorn from 'acorn';

/**
 * ES2017: the whole of it runs on iOS 12 (Safari 12's engine, which WeChat uses on iOS).
 * ES2018 is only partly there (no regexp lookbehind until iOS 16.4) and `??` / `?.`
 * (ES2020) need iOS 13.4, so anything newer is a blank page on those phones.
 */
export const WEAPP_ECMA_VERSION = 2017 as const;

export type Finding = { tool: 'wcsc' | 'wcc' | 'syntax' | 'sitemap'; message: string };

function listFiles(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (test(entry.name)) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

let binDir: string | undefined;
/**
 * The compilers ship without the executable bit. Run copies from a private temporary folder
 * instead of chmod-ing node_modules: that tree may be read-only or hard-linked into others.
 */
function compilerPath(name: 'wcc' | 'wcsc'): string {
  if (process.platform !== 'linux') throw new Error(`check:weapp runs WeChat's linux compilers; this is ${process.platform}`);
  const source = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux', name);
  binDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-compilers-'));
  const target = path.join(binDir, name);
  if (!fs.existsSync(target)) {
    fs.copyFileSync(source, target);
    fs.chmodSync(target, 0o755);
  }
  return target;
}

function errorLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^error file count: 0$/.test(l));
}

/** wcsc over every .wxss at once; page and component stylesheets (those with a .json beside) go first, counted by -pc. */
export function checkWxss(dir: string): Finding[] {
  const files = listFiles(dir, (n) => n.endsWith('.wxss'));
  if (!files.length) return [{ tool: 'wcsc', message: `no .wxss under ${dir}` }];
  const withJson = files.filter((f) => fs.existsSync(path.join(dir, f.replace(/\.wxss$/, '.json'))));
  const rest = files.filter((f) => !withJson.includes(f));
  const run = spawnSync(compilerPath('wcsc'), ['-db', '-pc', String(withJson.length), ...withJson, ...rest], {
    cwd: dir,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  // wcsc reports `ERR: <file>(<line>:<col>): error at token ...` on stderr and exits 1.
  const lines = errorLines(run.stderr.toString());
  if (run.status === 0 && !lines.some((l) => /error/i.test(l))) return [];
  return (lines.length ? lines : [`wcsc exited with ${run.status ?? run.signal}`]).map((message) => ({ tool: 'wcsc', message }));
}

/** wcc over every .wxml and .wxs at once, as DevTools compiles them. */
export function checkWxml(dir: string): Finding[] {
  const files = listFiles(dir, (n) => n.endsWith('.wxml') || n.endsWith('.wxs'));
  if (!files.some((f) => f.endsWith('.wxml'))) return [{ tool: 'wcc', message: `no .wxml under ${dir}` }];
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcc-out-'));
  try {
    const run = spawnSync(compilerPath('wcc'), ['-d', ...files, '-o', path.join(outDir, 'out.js')], {
      cwd: dir,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    // wcc reports `<file>:<line>:<col>: <what>` on stderr and exits non-zero.
    const lines = errorLines(run.stderr.toString());
    if (run.status === 0 && !lines.some((l) => /error/i.test(l))) return [];
    return (lines.length ? lines : [`wcc exited with ${run.status ?? run.signal}`]).map((message) => ({ tool: 'wcc', message }));
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** Parses every .js at `ecmaVersion`; a file that needs newer syntax is named with the construct it stopped at. */
export function checkSyntax(dir: string, ecmaVersion: acorn.ecmaVersion = WEAPP_ECMA_VERSION): Finding[] {
  const findings: Finding[] = [];
  const files = listFiles(dir, (n) => n.endsWith('.js'));
  if (!files.length) return [{ tool: 'syntax', message: `no .js under ${dir}` }];
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      acorn.parse(source, { ecmaVersion, sourceType: 'script' });
    } catch (err) {
      const e = err as SyntaxError & { pos?: number };
      const at = e.pos ?? 0;
      const excerpt = source.slice(Math.max(0, at - 40), at + 20).replace(/\s+/g, ' ');
      findings.push({ tool: 'syntax', message: `${file}: not ES${ecmaVersion}: ${e.message} near «${excerpt}»` });
    }
  }
  return findings;
}

/** Pages only staff open: no use to a resident arriving from WeChat search, so never indexed. */
export function isStaffPage(page: string): boolean {
  return page.startsWith('packages/staff/') || /\/staff-[^/]+\/index$/.test(page) || page === 'packages/requests/pages/dispatch/index';
}

type AppJson = { pages?: string[]; subPackages?: { root: string; pages: string[] }[]; subpackages?: { root: string; pages: string[] }[]; sitemapLocation?: string };

export function checkSitemap(dir: string): Finding[] {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as AppJson;
  if (!app.sitemapLocation) return [{ tool: 'sitemap', message: 'app.json has no sitemapLocation' }];
  const file = path.join(dir, app.sitemapLocation);
  if (!fs.existsSync(file)) return [{ tool: 'sitemap', message: `app.json names ${app.sitemapLocation}, which is not in ${dir}` }];
  const rules = (JSON.parse(fs.readFileSync(file, 'utf8')) as { rules?: { action: string; page: string }[] }).rules ?? [];
  const pages = [
    ...(app.pages ?? []),
    ...(app.subPackages ?? app.subpackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/+$/, '')}/${page}`)),
  ];
  const findings: Finding[] = [];
  for (const page of pages.filter(isStaffPage)) {
    // WeChat applies the first rule that matches a page.
    const first = rules.find((r) => r.page === page || r.page === '*');
    if (first?.action !== 'disallow') findings.push({ tool: 'sitemap', message: `staff page ${page} is not disallowed in ${app.sitemapLocation}` });
  }
  for (const rule of rules) {
    if (rule.page !== '*' && !pages.includes(rule.page)) findings.push({ tool: 'sitemap', message: `${app.sitemapLocation} names ${rule.page}, which app.json does not have` });
  }
  return findings;
}

/** aria-label / aria-role reach WeChat only if Taro's templates carry them (config/plugins/aria-attributes.js). */
export function checkAria(dir: string): Finding[] {
  const file = path.join(dir, 'base.wxml');
  if (!fs.existsSync(file)) return [{ tool: 'wcc', message: 'base.wxml not found: cannot check that aria-label reaches the templates' }];
  const wxml = fs.readFileSync(file, 'utf8');
  return ['aria-label=', 'aria-role='].filter((a) => !wxml.includes(a)).map((a) => ({ tool: 'wcc' as const, message: `base.wxml has no ${a}: accessibility labels would never reach WeChat` }));
}

export function checkWeapp(dir: string): Finding[] {
  return [...checkWxss(dir), ...checkWxml(dir), ...checkSyntax(dir), ...checkSitemap(dir)];
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'weapp'));
  if (!fs.existsSync(path.join(dir, 'app.json'))) {
    console.error(`${path.relative(process.cwd(), dir) || dir}/app.json not found: run \`npm run build:weapp\` first.`);
    process.exit(2);
  }
  const findings = [...checkWeapp(dir), ...checkAria(dir)];
  const count = (ext: RegExp) => listFiles(dir, (n) => ext.test(n)).length;
  for (const f of findings) console.error(`[${f.tool}] ${f.message}`);
  if (findings.length) {
    console.error(`\n${findings.length} problem(s) in ${path.relative(process.cwd(), dir) || dir}: WeChat DevTools would refuse or phones would fail to run it.`);
    process.exit(1);
  }
  console.log(
    `wcsc: ${count(/\.wxss$/)} .wxss, wcc: ${count(/\.(wxml|wxs)$/)} .wxml/.wxs, ` +
      `${count(/\.js$/)} .js parsed as ES${WEAPP_ECMA_VERSION}, sitemap keeps staff pages out of search, aria attributes in the templates: all clean`,
  );
}
