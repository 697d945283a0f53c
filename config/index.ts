import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { resolveApiBase } from './api-base';
import devConfig from './dev';
import prodConfig from './prod';

/*
 * Build-time settings read from the environment (the only place the mini-program
 * looks at process.env; pages read the injected constants instead):
 *
 *   TARO_APP_API_BASE=https://api.shinan.example.cn   # weapp only: the HTTPS origin
 *                                                     # registered as a request domain
 *                                                     # in the WeChat console (no trailing /);
 *                                                     # required by a production build
 *                                                     # (config/api-base.ts has the rule)
 *
 *   TMAP_KEY=…                                         # H5 only: a Tencent Location Service key
 *                                                     # (静态图); without it H5's 问题墙 shows no map
 *
 * H5 always calls the API on its own origin (relative `/api`), because `npm start`
 * serves the H5 build and the API on one port.
 */

/**
 * zod ships ES2020 (`??`, `?.`, optional catch binding) and Taro only runs node_modules whose
 * path mentions taro through babel. (Taro's config check takes only paths here, no RegExp.) Through babel-preset-taro (targets: package.json's
 * browserslist) it parses on iOS 12's engine; scripts/check-weapp.ts proves it on the output.
 */
const ZOD_DIR = path.resolve(__dirname, '..', 'node_modules', 'zod');

/**
 * Taro's persistent cache lists src/app.config as a build dependency whatever sourceRoot
 * says; the missing file makes webpack refuse to store the cache at all.
 */
function fixCacheDependencies(chain: { get(key: string): unknown; cache(value: unknown): unknown }): void {
  const cache = chain.get('cache') as { buildDependencies?: Record<string, string[]> } | undefined;
  if (!cache || typeof cache !== 'object' || !cache.buildDependencies) return;
  cache.buildDependencies = {
    config: [path.join(__dirname, 'index.ts'), path.join(__dirname, 'api-base.ts'), path.join(__dirname, 'dev.ts'), path.join(__dirname, 'prod.ts'), path.join(__dirname, 'strip-nutui-css-loader.cjs')],
    files: [path.resolve(__dirname, '..', 'miniprogram', 'app.config.ts'), path.resolve(__dirname, '..', 'babel.config.js')],
  };
  chain.cache(cache);
}

/** See config/strip-nutui-css-loader.cjs: NutUI's unused JD digit fonts and RTL rules, weapp and H5 alike. */
function stripNutuiFonts(chain: { module: { rule(name: string): any } }): void {
  chain.module
    .rule('strip-nutui-fonts')
    .test(/[\\/]node_modules[\\/]@nutui[\\/].+\.css$/)
    .enforce('pre')
    .use('strip-nutui-css')
    .loader(path.join(__dirname, 'strip-nutui-css-loader.cjs'));
}

/**
 * Taro's optimizeMainPackage moves every module the tab pages do not use into the
 * subpackages, and a module used by several subpackages into each of them: zod (~125 KiB
 * after the ES2017 transpile) was copied into 7 subpackages. WeChat lets subpackages share
 * code only through the main package, so zod is kept there, once (in vendors.js; the tab
 * pages still never import it: scripts/check-main-package-imports.cjs).
 */
const ZOD_MODULE = /[\\/]node_modules[\\/]zod[\\/]/;
const keepInMainPackage = (module: { resource?: string }) => ZOD_MODULE.test(module.resource ?? '');

/**
 * H5: Taro splits only initial chunks, so every lazily loaded page carried its own copy of
 * zod, the shared/ schemas and NutUI (~250 KB per page chunk, dist/h5 was 11 MB). zod gets
 * one async chunk of its own (never on the home page, which does not validate), and
 * whatever two or more pages share beyond 20 KB goes into a shared async chunk. The home
 * page's initial load (taro + app) is left as Taro makes it.
 */
function splitH5Chunks(chain: { optimization: { get(key: string): any; splitChunks(value: unknown): unknown } }): void {
  const split = chain.optimization.get('splitChunks');
  if (!split || typeof split !== 'object' || !split.cacheGroups) return;
  split.cacheGroups.zod = { test: ZOD_MODULE, name: 'zod', chunks: 'async', priority: 50, enforce: true };
  split.cacheGroups.asyncShared = { chunks: 'async', minChunks: 2, minSize: 20_000, priority: 0, reuseExistingChunk: true };
  chain.optimization.splitChunks(split);
}

export default defineConfig<'webpack5'>(async (merge) => {
  // Throws (and the build stops) when a production weapp build has no TARO_APP_API_BASE.
  const apiBase = resolveApiBase(process.env);
  const outputRoot = process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`;
  // shared/ (the zod contract) sits outside sourceRoot; Taro only compiles TS inside it unless told.
  const sharedDir = path.resolve(__dirname, '..', 'shared');
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shinan-neighbours',
    date: '2026-11-27',
    // NutUI is drawn on a 375 px canvas, our own styles on WeChat's 750 rpx one.
    designWidth(input: unknown) {
      const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined;
      if (file && file.replace(/\\/g, '/').includes('@nutui')) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'miniprogram',
    // TARO_OUTPUT_ROOT lets scripts/h5-build.ts build beside dist/h5 and then merge, so a
    // server (or test run) using dist/h5 never sees it emptied mid-build.
    outputRoot,
    // aria-label / aria-role in WeChat's templates (see the plugin).
    plugins: [path.resolve(__dirname, 'plugins', 'aria-attributes.js')],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      TMAP_KEY: JSON.stringify(process.env.TARO_ENV === 'h5' ? (process.env.TMAP_KEY ?? '') : ''),
    },
    // app.json's sitemapLocation: WeChat refuses to compile without the file it names.
    copy: {
      patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'miniprogram/sitemap.json', to: `${outputRoot}/sitemap.json` }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    // WeChat's templates cannot recurse, so Taro writes one copy of every container template
    // per level into the main package's base.wxml (16 by default, ~3 KB each). Deeper nodes
    // render through Taro's own recursive custom component instead; 12 levels cover our pages'
    // usual depth and keep the main package under its budget (issue 20, docs/performance.md).
    baseLevel: 12,
    // Rebuilds drop from ~30 s to under 10 s on this 2-core machine.
    cache: { enable: true },
    mini: {
      compile: { include: [sharedDir, ZOD_DIR] },
      optimizeMainPackage: { enable: true, exclude: [keepInMainPackage] },
      // NutUI's per-component CSS is imported in a different order by different pages;
      // its rules do not overlap, so the order warnings are noise.
      miniCssExtractPluginOption: { ignoreOrder: true },
      webpackChain(chain) {
        fixCacheDependencies(chain as never);
        stripNutuiFonts(chain as never);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      webpackChain(chain) {
        fixCacheDependencies(chain as never);
        stripNutuiFonts(chain as never);
        if (process.env.NODE_ENV !== 'development') splitH5Chunks(chain as never);
      },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
