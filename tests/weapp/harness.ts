/**
 * A simulated WeChat runtime for the real weapp build (dist/weapp).
 *
 * What is real: the shipped JS (app.js, runtime.js, taro.js, vendors.js, common.js, each
 * page and its subpackage chunks) runs unmodified; every .wxml (the pages and Taro's
 * base.wxml / utils.wxs templates) is compiled by WeChat's own `wcc` (miniprogram-compiler)
 * and rendered by WeChat's component framework (miniprogram-exparser, through
 * j-component / miniprogram-simulate); `wx.request` reaches the project's local server
 * over a fresh PGlite database with the demo data.
 *
 * What is simulated: `App`, `Page`, `getApp` and `getCurrentPages` (WeChat's logic layer;
 * a page is registered as a component of the same template and methods, and its
 * lifecycle is driven like a reLaunch: onLoad → onShow → onReady), and the `wx.*` APIs
 * the app calls (storage, login, system info, toasts, navigation …; see `createWx`).
 * Styles are not laid out and native components (canvas, camera, map, input) have no
 * native layer: only their WXML nodes exist.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist', 'weapp');

export type Persona = 'resident' | 'volunteer' | 'staff' | 'admin';

export interface WxCall {
  api: string;
  args: Record<string, unknown>;
}

export interface Problems {
  errors: string[];
  warnings: string[];
}

/* ------------------------------------------------------------------------ */
/* The local server                                                          */
/* ------------------------------------------------------------------------ */

export interface Http {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP exchange with the local server (node:http: jsdom's window has no fetch). */
export function httpCall(origin: string, method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: string): Promise<Http> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(pathAndQuery, origin), { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${method} ${pathAndQuery}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function apiJson<T = any>(origin: string, method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = `sim-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const res = await httpCall(origin, method, p, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${p} → ${res.status}: ${res.text}`);
  return (res.text ? JSON.parse(res.text) : null) as T;
}

/** A persona's session as the app stores it (lib/session.ts), with the privacy notice agreed. */
export async function personaSession(origin: string, persona: Persona): Promise<{ token: string; user: any }> {
  const { token } = await apiJson<{ token: string }>(origin, 'POST', '/api/auth/demo-login', undefined, { persona });
  const { PRIVACY_POLICY_VERSION } = require('../../shared/roles') as typeof import('../../shared/roles');
  await apiJson(origin, 'POST', '/api/me/privacy-consent', token, { version: PRIVACY_POLICY_VERSION });
  const user = await apiJson(origin, 'GET', '/api/me', token);
  return { token, user };
}

/* ------------------------------------------------------------------------ */
/* wx.*                                                                      */
/* ------------------------------------------------------------------------ */

type Opts = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void; [k: string]: unknown };

function settle(o: Opts | undefined, ok: boolean, result: Record<string, unknown>): void {
  // WeChat calls back asynchronously; a synchronous call hides ordering bugs.
  setTimeout(() => {
    if (ok) o?.success?.(result);
    else o?.fail?.(result);
    o?.complete?.(result);
  }, 0);
}

export interface WxEnv {
  wx: Record<string, unknown>;
  calls: WxCall[];
  storage: Map<string, unknown>;
  /** wx APIs the app looked up that the simulator does not provide. */
  missing: Set<string>;
  /** <canvas type="2d"> nodes handed to the app through selector queries, with what was drawn on them. */
  canvases: SimCanvas[];
  /** Temp files the phone "has": what wx.chooseMedia hands out (in order) and wx.uploadFile sends. */
  files: Map<string, Buffer>;
}

/** What a 2d context was asked to do: the method (or `set font`…) and its arguments. */
export interface CanvasOp {
  op: string;
  args: unknown[];
}

/**
 * A canvas 2d node as WeChat hands it over (`fields({ node: true })`): pixel size and a
 * context that records every call, since nothing is rasterised here.
 */
export interface SimCanvas {
  id: string;
  width: number;
  height: number;
  ops: CanvasOp[];
  getContext(kind: string): unknown;
}

function simCanvas(id: string): SimCanvas {
  const ops: CanvasOp[] = [];
  const state: Record<string, unknown> = { font: '10px sans-serif', fillStyle: '#000000' };
  const ctx = new Proxy(state, {
    get(t, key) {
      if (typeof key !== 'string') return undefined;
      if (key === 'measureText') return (text: string) => ({ width: [...String(text)].length * Number.parseInt(String(t.font), 10) });
      if (key in t) return t[key];
      return (...args: unknown[]) => void ops.push({ op: key, args });
    },
    set(t, key, value) {
      t[key as string] = value;
      ops.push({ op: `set ${String(key)}`, args: [value] });
      return true;
    },
  });
  return {
    id,
    width: 300,
    height: 150,
    ops,
    getContext: (kind: string) => (kind === '2d' ? ctx : null),
  };
}

/**
 * `wx` for one app launch: miniprogram-simulate's API mocks (system info, selector
 * queries, canvas contexts …) with the APIs this app relies on replaced by recording
 * stubs, and `wx.request` sent to the local server whatever origin the build was given.
 */
export function createWx(serverOrigin: string, seedStorage: Record<string, unknown>): WxEnv {
  const base = require('miniprogram-simulate/src/api') as Record<string, unknown>;
  const calls: WxCall[] = [];
  const storage = new Map<string, unknown>(Object.entries(seedStorage));
  const missing = new Set<string>();
  const canvases: SimCanvas[] = [];
  const files = new Map<string, Buffer>();
  let loginCount = 0;
  const record = (api: string, args: unknown) => calls.push({ api, args: (args ?? {}) as Record<string, unknown> });
  const ok =
    (api: string, result: Record<string, unknown> = {}) =>
    (o?: Opts) => {
      record(api, o);
      settle(o, true, { errMsg: `${api}:ok`, ...result });
    };
  const copy = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

  const overrides: Record<string, unknown> = {
    // Storage: WeChat keeps values as structured clones; so does this.
    getStorageSync: (k: string) => (storage.has(k) ? copy(storage.get(k)) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, copy(v)),
    removeStorageSync: (k: string) => void storage.delete(k),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 1, limitSize: 10240 }),
    getStorage: (o: Opts) => settle(o, storage.has(o.key as string), storage.has(o.key as string) ? { data: copy(storage.get(o.key as string)), errMsg: 'getStorage:ok' } : { errMsg: 'getStorage:fail data not found' }),
    setStorage: (o: Opts) => {
      storage.set(o.key as string, copy(o.data));
      settle(o, true, { errMsg: 'setStorage:ok' });
    },
    removeStorage: (o: Opts) => {
      storage.delete(o.key as string);
      settle(o, true, { errMsg: 'removeStorage:ok' });
    },
    login: (o: Opts) => {
      loginCount += 1;
      record('login', o);
      settle(o, true, { code: `sim-code-${loginCount}`, errMsg: 'login:ok' });
    },
    request: (o: Opts) => {
      const entry: Record<string, unknown> = { url: o.url, method: o.method, data: o.data };
      record('request', entry);
      const url = new URL(String(o.url));
      const method = String(o.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((o.header ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = String(v);
      let body: string | undefined;
      if (o.data !== undefined && method !== 'GET') {
        body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
        headers['content-type'] ??= 'application/json';
      }
      let aborted = false;
      httpCall(serverOrigin, method, url.pathname + url.search, headers, body).then(
        (res) => {
          entry.status = res.status;
          if (aborted) return;
          let data: unknown = res.text;
          if (o.dataType !== 'text') {
            try {
              data = res.text ? JSON.parse(res.text) : '';
            } catch {
              /* WeChat hands over the raw string when it is not JSON */
            }
          }
          const header: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) header[k] = Array.isArray(v) ? v.join(', ') : v;
          settle(o, true, { statusCode: res.status, data, header, errMsg: 'request:ok' });
        },
        (err: Error) => settle(o, false, { errMsg: `request:fail ${err.message}` }),
      );
      return { abort: () => void (aborted = true), onHeadersReceived() {}, offHeadersReceived() {} };
    },
    // The album/camera picker hands out the temp files the test put in `files`. Taro passes
    // chooseMedia straight through, so called without callbacks it answers with a promise, as
    // WeChat's own async APIs do.
    chooseMedia: (o: Opts) => {
      record('chooseMedia', o);
      const tempFiles = [...files.entries()].slice(0, Number(o.count ?? 9)).map(([tempFilePath, b]) => ({ tempFilePath, size: b.length, fileType: 'image' }));
      const result = tempFiles.length ? { tempFiles, type: 'image', errMsg: 'chooseMedia:ok' } : { errMsg: 'chooseMedia:fail cancel' };
      if (!o.success && !o.fail && !o.complete) return new Promise((resolve, reject) => setTimeout(() => (tempFiles.length ? resolve(result) : reject(result)), 0));
      settle(o, tempFiles.length > 0, result);
    },
    // A real multipart POST of the temp file to the local server, as WeChat's uploader sends it.
    uploadFile: (o: Opts) => {
      const entry: Record<string, unknown> = { url: o.url, name: o.name, filePath: o.filePath, header: o.header };
      record('uploadFile', entry);
      const progress: ((e: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void)[] = [];
      const bytes = files.get(String(o.filePath));
      const url = new URL(String(o.url));
      // Built by hand: this runs in jsdom, whose FormData and Blob node's http cannot send.
      const boundary = `----simUpload${Date.now().toString(16)}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${String(o.name)}"; filename="${path.basename(String(o.filePath))}"\r\nContent-Type: image/jpeg\r\n\r\n`),
        bytes ?? Buffer.alloc(0),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers = { ...((o.header ?? {}) as Record<string, string>), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) };
      const req = http.request(new URL(url.pathname + url.search, serverOrigin), { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          entry.status = res.statusCode;
          for (const cb of progress) cb({ progress: 100, totalBytesSent: body.length, totalBytesExpectedToSend: body.length });
          // wx.uploadFile hands the body over as a string.
          settle(o, true, { statusCode: res.statusCode, data: Buffer.concat(chunks).toString('utf8'), errMsg: 'uploadFile:ok' });
        });
      });
      req.on('error', (err: Error) => settle(o, false, { errMsg: `uploadFile:fail ${err.message}` }));
      req.end(body);
      return { abort() {}, onProgressUpdate: (cb: (typeof progress)[number]) => void progress.push(cb), offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    previewImage: ok('previewImage'),
    showToast: ok('showToast'),
    hideToast: ok('hideToast'),
    showLoading: ok('showLoading'),
    hideLoading: ok('hideLoading'),
    // A modal answered "cancel": nothing destructive happens behind a test's back.
    showModal: (o: Opts) => {
      record('showModal', o);
      settle(o, true, { confirm: false, cancel: true, errMsg: 'showModal:ok' });
    },
    showActionSheet: (o: Opts) => {
      record('showActionSheet', o);
      settle(o, false, { errMsg: 'showActionSheet:fail cancel' });
    },
    navigateTo: ok('navigateTo'),
    redirectTo: ok('redirectTo'),
    switchTab: ok('switchTab'),
    reLaunch: ok('reLaunch'),
    navigateBack: ok('navigateBack'),
    setNavigationBarTitle: ok('setNavigationBarTitle'),
    setTabBarBadge: ok('setTabBarBadge'),
    removeTabBarBadge: ok('removeTabBarBadge'),
    setNavigationBarColor: ok('setNavigationBarColor'),
    stopPullDownRefresh: ok('stopPullDownRefresh'),
    startPullDownRefresh: ok('startPullDownRefresh'),
    pageScrollTo: ok('pageScrollTo'),
    setKeepScreenOn: ok('setKeepScreenOn'),
    makePhoneCall: ok('makePhoneCall'),
    setClipboardData: ok('setClipboardData'),
    saveImageToPhotosAlbum: ok('saveImageToPhotosAlbum'),
    canvasToTempFilePath: ok('canvasToTempFilePath', { tempFilePath: 'wxfile://tmp/sim.png' }),
    scanCode: (o: Opts) => {
      record('scanCode', o);
      settle(o, false, { errMsg: 'scanCode:fail cancel' });
    },
    requestSubscribeMessage: (o: Opts) => {
      record('requestSubscribeMessage', o);
      const answer: Record<string, unknown> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of (o.tmplIds as string[] | undefined) ?? []) answer[id] = 'reject';
      settle(o, true, answer);
    },
    getSetting: ok('getSetting', { authSetting: {} }),
    openSetting: ok('openSetting', { authSetting: {} }),
    authorize: ok('authorize'),
    getPrivacySetting: ok('getPrivacySetting', { needAuthorization: false, privacyContractName: '《石楠邻里隐私保护指引》' }),
    requirePrivacyAuthorize: ok('requirePrivacyAuthorize'),
    openPrivacyContract: ok('openPrivacyContract'),
    onNeedPrivacyAuthorization: (cb: unknown) => record('onNeedPrivacyAuthorization', { cb }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-sim', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }),
    reportAnalytics: () => undefined,
  };
  const target: Record<string, unknown> = { ...base, ...overrides };
  // Anything the app looks up and we do not have is listed, so a new wx call is noticed.
  const wx = new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && !(key in t) && key !== 'then' && !key.startsWith('webpack') && !key.startsWith('__')) missing.add(key);
      return t[key as string];
    },
  });
  return { wx, calls, storage, missing, canvases, files };
}

/* ------------------------------------------------------------------------ */
/* Templates                                                                 */
/* ------------------------------------------------------------------------ */

type Gwx = (wxmlPath: string) => (data: unknown) => unknown;
let gwxCache: { builtAt: number; gwx: Gwx } | null = null;

/** Every .wxml and .wxs of the build compiled by WeChat's wcc, as WeChat's $gwx. */
function compiledTemplates(): Gwx {
  const builtAt = fs.statSync(path.join(DIST, 'app.js')).mtimeMs;
  if (gwxCache?.builtAt === builtAt) return gwxCache.gwx;
  const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, options?: unknown): string };
  const gwx = new Function(compiler.wxmlToJs(DIST))() as Gwx;
  gwxCache = { builtAt, gwx };
  return gwx;
}

/* ------------------------------------------------------------------------ */
/* Logic layer: App, Page, Component                                         */
/* ------------------------------------------------------------------------ */

let idSeed = 0;
/** j-component ids double as element names: letters only. */
function newId(): string {
  idSeed += 1;
  return `sim${idSeed.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)])}`;
}

export interface PageHandle {
  route: string;
  query: Record<string, string>;
  /** The page's rendered text (WXML text nodes), whitespace collapsed. */
  text(): string;
  /** Taro's data tree for the page (`root`), for nodes the text does not show. */
  data(): any;
  /** The DOM exparser rendered (wx-view, wx-text …). */
  dom: HTMLElement;
  /** Waits until every string appears in the page text (or fails with the text it saw). */
  waitForText(strings: string | string[], timeoutMs?: number): Promise<void>;
  /** Taps the innermost rendered node whose own text is exactly `label` (a WeChat tap event). */
  tap(label: string): Promise<void>;
  close(): void;
}

export interface Launch {
  env: WxEnv;
  problems: Problems;
  open(route: string, query?: Record<string, string>): Promise<PageHandle>;
  close(): void;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the mini-program once, as WeChat does on a cold start: a fresh module registry
 * (so Taro's and the app's module state starts empty), App(), onLaunch, onShow.
 */
export async function launchApp(options: { serverOrigin: string; storage?: Record<string, unknown>; problems: Problems }): Promise<Launch> {
  const g = globalThis as Record<string, any>;
  jest.resetModules();
  // miniprogram-simulate merges an existing global wx into its API module: start clean.
  delete g.wx;
  const jComponent = require('j-component') as { register(def: object): string; create(id: string, props?: object): any };
  require('miniprogram-simulate'); // registers WeChat's built-in behaviors (wx://form-field …)
  const gwx = compiledTemplates();
  const env = createWx(options.serverOrigin, options.storage ?? {});
  const stack: any[] = [];
  let appInstance: any = null;
  g.wx = env.wx;
  // wx.createSelectorQuery() without .in() queries the page on top: exparser answers it
  // (no layout here, so every rectangle is empty).
  // exparser has no native canvas: a `node` field on a <canvas> answers with a recording one.
  (env.wx as Record<string, unknown>).createSelectorQuery = () => {
    const top = stack[stack.length - 1];
    if (!top) throw new Error('wx.createSelectorQuery() with no page open');
    const query = top.createSelectorQuery();
    const push = query._push.bind(query);
    query._push = (selector: string, node: unknown, single: boolean, fields: Record<string, unknown>, cb?: (r: unknown) => void) => {
      if (!fields?.node) return push(selector, node, single, fields, cb);
      return push(selector, node, single, { ...fields, id: true }, (found: unknown) => {
        for (const item of (Array.isArray(found) ? found : [found]) as Record<string, unknown>[]) {
          if (!item) continue;
          const canvas = simCanvas(String(item.id));
          env.canvases.push(canvas);
          item.node = canvas;
        }
        cb?.(found);
      });
    };
    return query;
  };
  (env.wx as Record<string, unknown>).createIntersectionObserver = (component: any, opts?: object) => (component ?? stack[stack.length - 1]).createIntersectionObserver(opts);
  g.App = (config: any) => {
    appInstance = config;
    // WeChat calls App.onError for script errors; Taro calls it when a page's render throws
    // (its error boundary then shows an empty page). Either is a failure here.
    const onError = config.onError;
    config.onError = function (this: unknown, error: unknown) {
      options.problems.errors.push(`[App.onError] ${String(error)}`);
      return onError?.call(this, error);
    };
  };
  g.getApp = () => appInstance;
  g.getCurrentPages = () => stack.slice();
  g.requirePlugin = () => ({});
  g.__wxConfig = { envVersion: 'develop', platform: 'devtools' };

  // Custom components (Taro's `comp`): run their JS, keep the Component() options.
  const componentIds = new Map<string, string>();
  const registerComponent = (absNoExt: string): string => {
    const known = componentIds.get(absNoExt);
    if (known) return known;
    const id = newId();
    componentIds.set(absNoExt, id);
    const json = JSON.parse(fs.readFileSync(`${absNoExt}.json`, 'utf8')) as { usingComponents?: Record<string, string> };
    const using = resolveUsing(absNoExt, json.usingComponents);
    let captured: any;
    const previous = g.Component;
    g.Component = (def: any) => {
      captured = def;
    };
    try {
      require(`${absNoExt}.js`);
    } finally {
      g.Component = previous;
    }
    if (!captured) throw new Error(`${path.relative(DIST, absNoExt)}.js did not call Component()`);
    jComponent.register({
      ...captured,
      id,
      path: absNoExt,
      tagName: path.basename(absNoExt),
      template: gwx(`${path.relative(DIST, absNoExt)}.wxml`),
      usingComponents: using,
    });
    return id;
  };
  const resolveUsing = (fromNoExt: string, using: Record<string, string> | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [tag, rel] of Object.entries(using ?? {})) {
      const target = rel.startsWith('/') ? path.join(DIST, rel) : path.resolve(path.dirname(fromNoExt), rel);
      out[tag] = target === fromNoExt ? componentIds.get(fromNoExt)! : registerComponent(target);
    }
    return out;
  };

  require(path.join(DIST, 'app.js'));
  if (!appInstance) throw new Error('app.js did not call App()');
  const launchOptions = { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} };
  appInstance.onLaunch?.call(appInstance, launchOptions);
  appInstance.onShow?.call(appInstance, launchOptions);
  await sleep(0);

  const pageDefs = new Map<string, string>();
  const pageDefinition = (route: string): string => {
    const known = pageDefs.get(route);
    if (known) return known;
    const abs = path.join(DIST, route);
    const json = JSON.parse(fs.readFileSync(`${abs}.json`, 'utf8')) as { usingComponents?: Record<string, string> };
    const using = resolveUsing(abs, json.usingComponents);
    let captured: any;
    g.Page = (config: any) => {
      captured = config;
    };
    require(`${abs}.js`);
    if (!captured) throw new Error(`${route}.js did not call Page()`);
    const methods: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(captured)) if (typeof v === 'function') methods[k] = v;
    const id = newId();
    jComponent.register({ id, path: abs, tagName: 'page', template: gwx(`${route}.wxml`), usingComponents: using, data: captured.data ?? {}, methods, behaviors: captured.behaviors });
    pageDefs.set(route, id);
    return id;
  };

  let current: PageHandle | null = null;
  const open = async (route: string, query: Record<string, string> = {}): Promise<PageHandle> => {
    // A reLaunch: the previous page is unloaded, the new one is the only one in the stack.
    current?.close();
    const id = pageDefinition(route);
    const root = jComponent.create(id);
    const host = document.createElement('div');
    document.body.appendChild(host);
    root.attach(host);
    const inst = root.instance;
    inst.route = route;
    inst.__route__ = route;
    inst.options = { ...query };
    stack.splice(0, stack.length, inst);
    // No callback: Taro treats a callback to onLoad as a prerender and skips setData.
    inst.onLoad({ ...query });
    inst.onShow();
    await sleep(0);
    inst.onReady();
    let closed = false;
    const handle: PageHandle = {
      route,
      query,
      dom: root.dom,
      text: () => collapse(root.dom.textContent ?? ''),
      data: () => inst.data?.root,
      async waitForText(strings, timeoutMs = 10_000) {
        const wanted = Array.isArray(strings) ? strings : [strings];
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const text = handle.text();
          const absent = wanted.filter((s) => !text.includes(s));
          if (absent.length === 0) return;
          if (Date.now() > deadline) {
            throw new Error(`${route}: waited ${timeoutMs} ms for ${JSON.stringify(absent)}; the page shows:\n${text || '(nothing)'}\n\nerrors so far:\n${options.problems.errors.join('\n') || '(none)'}`);
          }
          await sleep(50);
        }
      },
      async tap(label) {
        const all = Array.from(root.dom.querySelectorAll('*')) as HTMLElement[];
        const el = all.filter((e) => collapse(e.textContent ?? '') === label).pop();
        if (!el) throw new Error(`${route}: nothing shows "${label}"; the page shows:\n${handle.text()}`);
        // The tap starts at the innermost node with a Taro id and bubbles as in WeChat.
        let node: HTMLElement | null = el;
        while (node && !node.getAttribute('data-sid')) node = node.parentElement;
        if (!node) throw new Error(`${route}: "${label}" has no Taro node`);
        const sid = node.getAttribute('data-sid')!;
        const target = root.querySelector(`#${sid}`);
        if (!target) throw new Error(`${route}: no exparser node #${sid}`);
        target.dispatchEvent('tap', { bubbles: true, composed: true, touches: [], changedTouches: [] });
        await sleep(0);
      },
      close() {
        if (closed) return;
        closed = true;
        try {
          inst.onHide?.();
          inst.onUnload?.();
        } finally {
          root.detach();
          host.remove();
          const at = stack.indexOf(inst);
          if (at >= 0) stack.splice(at, 1);
          if (current === handle) current = null;
        }
      },
    };
    current = handle;
    return handle;
  };

  return {
    env,
    problems: options.problems,
    open,
    close() {
      current?.close();
      appInstance?.onHide?.call(appInstance);
    },
  };
}

/* ------------------------------------------------------------------------ */
/* Runtime errors                                                            */
/* ------------------------------------------------------------------------ */

/**
 * Collects console.error, uncaught errors and unhandled rejections (all failures), and
 * WeChat's template warnings (e.g. "Template `tmpl_0_i` not found": an element the
 * templates cannot draw, which WeChat silently leaves out).
 */
export function watchProblems(): { problems: Problems; stop(): void } {
  const problems: Problems = { errors: [], warnings: [] };
  const fmt = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })())).join(' ');
  const origError = console.error;
  const origWarn = console.warn;
  console.error = (...args: unknown[]) => {
    problems.errors.push(`[console.error] ${fmt(args)}`);
    origError(...args);
  };
  console.warn = (...args: unknown[]) => {
    const line = fmt(args);
    problems.warnings.push(line);
    origWarn(...args);
  };
  const onRejection = (reason: unknown) => problems.errors.push(`[unhandledRejection] ${fmt([reason])}`);
  const onWindowError = (ev: ErrorEvent) => problems.errors.push(`[uncaught] ${fmt([ev.error ?? ev.message])}`);
  process.on('unhandledRejection', onRejection);
  window.addEventListener('error', onWindowError);
  return {
    problems,
    stop() {
      console.error = origError;
      console.warn = origWarn;
      process.off('unhandledRejection', onRejection);
      window.removeEventListener('error', onWindowError);
    },
  };
}
