/**
 * Turns each function `vercel build` wrote to `.vercel/output/functions/api/<name>.func` into
 * one esbuild bundle at the same handler path, keeping its `.vc-config.json` (runtime, max
 * duration, launcher) and everything `vercel build` decided about routes, crons and static
 * files.
 *
 * Why: @vercel/node ships the compiled files and the traced node_modules one by one, so a
 * cold start resolves, reads and compiles ~600 modules, zod's 50 locales among them; one
 * tree-shaken file starts about a third faster (docs/performance.md, "Cold start").
 *
 *   npx vercel build && npx tsx scripts/bundle-functions.ts && npx vercel deploy --prebuilt
 *
 * A deploy that Vercel builds from Git skips this step and runs the same code unbundled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const FUNCTIONS = path.join(ROOT, '.vercel/output/functions/api');

/**
 * Our code `require()`s a few packages lazily (drizzle's pg driver, the Upstash store) and
 * `import`s the rest. esbuild resolves a require through a package's "require" export and an
 * import through its "import" one, which for drizzle-orm are two copies of the library: its
 * `is(entity, Class)` checks would then miss `instanceof`. Resolving our own requires the way
 * an import resolves keeps one copy of each package.
 */
const onePackageCopy: Plugin = {
  name: 'one-package-copy',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'require-call' || args.pluginData === 'again' || args.importer.includes('node_modules')) return undefined;
      const r = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer, pluginData: 'again' });
      return r.errors.length ? undefined : { path: r.path, external: r.external, sideEffects: r.sideEffects };
    });
  },
};

/**
 * Left out of the bundle and shipped as `vercel build` traced them: sharp loads a native
 * libvips binary for the platform by a computed name, which no bundler can follow; the AWS SDK
 * is a few MB that only the photo routes with S3 configured ever load (a lazy require), and
 * inlined it would be parsed by every function's cold start.
 */
const UNBUNDLED = ['sharp', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'];

/** The unbundled packages and everything they depend on, as found in a traced node_modules. */
function unbundledClosure(nodeModules: string): Set<string> {
  const keep = new Set<string>();
  const visit = (pkg: string) => {
    if (keep.has(pkg)) return;
    const manifest = path.join(nodeModules, pkg, 'package.json');
    if (!fs.existsSync(manifest)) return;
    keep.add(pkg);
    const j = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...j.dependencies, ...j.optionalDependencies })) visit(dep);
  };
  UNBUNDLED.forEach(visit);
  return keep;
}

/** Removes from a traced node_modules every package the bundle already holds. */
function pruneNodeModules(nodeModules: string) {
  const keep = unbundledClosure(nodeModules);
  for (const entry of fs.readdirSync(nodeModules)) {
    const full = path.join(nodeModules, entry);
    if (entry.startsWith('@') && fs.statSync(full).isDirectory()) {
      for (const sub of fs.readdirSync(full)) if (!keep.has(`${entry}/${sub}`)) fs.rmSync(path.join(full, sub), { recursive: true, force: true });
      if (!fs.readdirSync(full).length) fs.rmSync(full, { recursive: true });
    } else if (!keep.has(entry)) fs.rmSync(full, { recursive: true, force: true });
  }
  if (!fs.readdirSync(nodeModules).length) fs.rmSync(nodeModules, { recursive: true });
}

export async function bundleFunction(funcDir: string): Promise<{ name: string; bytes: number; inputs: number }> {
  const name = path.basename(funcDir, '.func');
  const config = JSON.parse(fs.readFileSync(path.join(funcDir, '.vc-config.json'), 'utf8')) as { handler: string };
  const entry = path.join(ROOT, 'api', `${name}.ts`);
  if (!fs.existsSync(entry)) throw new Error(`${funcDir}: no source api/${name}.ts`);
  const result = await build({
    entryPoints: [entry],
    outfile: path.join(funcDir, config.handler),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // pg's optional native binding is never installed; the embedded database is loaded through
    // a computed name (api/_lib/db/index.ts) and stays out of every deployed function.
    external: ['pg-native', ...UNBUNDLED],
    plugins: [onePackageCopy],
  });
  const inputs = Object.keys(result.metafile.inputs);
  // What reached the output, after tree-shaking (`inputs` also lists files dropped whole).
  const shipped = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k));
  const embedded = inputs.filter((i) => i.includes('@electric-sql') || i.endsWith('pglite-driver.ts'));
  if (embedded.length) throw new Error(`${name}: the embedded database would ship in the function: ${embedded.join(', ')}`);
  assertOneCopy(name, shipped);
  const locales = shipped.filter((i) => /zod\/v4\/locales\/(?!(zh-CN|en|index)\.js$)/.test(i));
  if (locales.length) throw new Error(`${name}: ${locales.length} zod locales in the bundle: take zod as \`import * as z from 'zod'\` (docs/DEVELOPING.md)`);
  // Only now, with every check passed, replace what `vercel build` traced by the bundle.
  for (const entryName of fs.readdirSync(funcDir)) {
    if (entryName === '.vc-config.json') continue;
    if (entryName === 'node_modules') pruneNodeModules(path.join(funcDir, entryName));
    else fs.rmSync(path.join(funcDir, entryName), { recursive: true });
  }
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(file.path, file.contents);
  }
  return { name, bytes: fs.statSync(path.join(funcDir, config.handler)).size, inputs: shipped.length };
}

/** Both module formats of one package in a bundle is the bug the plugin above prevents. */
function assertOneCopy(name: string, inputs: string[]) {
  const builds = new Map<string, Set<string>>();
  for (const input of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(input);
    if (!m) continue;
    const flavour = /\.cjs$/.test(m[2]) || /(^|\/)(cjs|commonjs)\//.test(m[2]) ? 'cjs' : /\.mjs$/.test(m[2]) || /(^|\/)(esm|mjs)\//.test(m[2]) ? 'esm' : 'js';
    const set = builds.get(m[1]) ?? new Set<string>();
    set.add(flavour);
    builds.set(m[1], set);
  }
  const doubled = [...builds].filter(([, s]) => s.has('cjs') && (s.has('esm') || s.has('js')));
  if (doubled.length) throw new Error(`${name}: two builds of ${doubled.map(([p]) => p).join(', ')} in one bundle`);
}

async function main() {
  if (!fs.existsSync(FUNCTIONS)) throw new Error('no .vercel/output/functions/api: run `npx vercel build` first');
  const dirs = fs.readdirSync(FUNCTIONS).filter((d) => d.endsWith('.func')).sort();
  for (const d of dirs) {
    const r = await bundleFunction(path.join(FUNCTIONS, d));
    process.stdout.write(`  bundled api/${r.name.padEnd(10)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KiB from ${r.inputs} modules\n`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
