import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError, unauthorized, unavailable } from './errors';
import type { Logger } from './log';
import type { Store } from './store/types';

export interface WechatConfig {
  appId: string;
  secret: string;
  apiBase: string;
  envVersion: string;
  templateIds: Record<string, string>;
}

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
}

/** A WeChat answer with a non-zero errcode. */
export class WechatApiError extends Error {
  constructor(
    public readonly errcode: number,
    public readonly errmsg: string,
  ) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** WeChat could not be reached, timed out or answered with a server error. */
export class WechatUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatUnavailableError';
  }
}

const TIMEOUT_MS = 5000;
/** access_token invalid (40001), expired (42001) or not latest (40014): refresh once and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export class WechatClient {
  private memoToken: { token: string; expiresAt: number } | null = null;

  constructor(
    readonly config: WechatConfig,
    private readonly store: Store,
    private readonly log: Logger,
    /** Namespaces the cached token, so deployments (and test runs) sharing one Redis never mix tokens. */
    private readonly keyPrefix = 'sn',
  ) {}

  private async call<T extends WechatAnswer>(path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.config.apiBase}${path}`, {
        method: init.method,
        headers: init.body ? { 'content-type': 'application/json' } : undefined,
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new WechatUnavailableError(`WeChat unreachable: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw new WechatUnavailableError(`WeChat answered HTTP ${res.status}`);
    let body: T;
    try {
      body = (await res.json()) as T;
    } catch {
      throw new WechatUnavailableError('WeChat answered with something that is not JSON');
    }
    // -1 is WeChat's "system busy": a temporary outage, not a refusal.
    if (body.errcode === -1) throw new WechatUnavailableError('WeChat system busy (-1)');
    if (body.errcode) throw new WechatApiError(body.errcode, body.errmsg ?? '');
    return body;
  }

  /** wx.login code → openid. Errors become answers a user can act on. */
  async codeToSession(code: string): Promise<{ openid: string; unionid?: string }> {
    const q = new URLSearchParams({
      appid: this.config.appId,
      secret: this.config.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    try {
      const r = await this.call<WechatAnswer & { openid: string; unionid?: string }>(`/sns/jscode2session?${q}`, {
        method: 'GET',
      });
      return { openid: r.openid, unionid: r.unionid };
    } catch (err) {
      if (err instanceof WechatUnavailableError) {
        throw unavailable('WECHAT_UNAVAILABLE', '微信服务暂时无法连接，请稍后再试');
      }
      if (err instanceof WechatApiError) {
        if (err.errcode === 40029 || err.errcode === 40163) {
          throw unauthorized('登录凭证无效或已使用，请重新进入小程序', 'WECHAT_CODE_INVALID');
        }
        if (err.errcode === 45011) throw new ServiceError(429, 'RATE_LIMITED', '登录太频繁，请稍后再试', undefined, { 'Retry-After': '60' });
        if (err.errcode === 40226) throw new ServiceError(403, 'WECHAT_USER_BLOCKED', '该微信账号暂时无法登录');
        this.log.error('jscode2session failed', { errcode: err.errcode });
        throw unavailable('WECHAT_UNAVAILABLE', '微信登录暂时不可用，请稍后再试');
      }
      throw err;
    }
  }

  /** Stable access token, cached in Redis (and in memory) until shortly before expiry. */
  async accessToken(forceRefresh = false): Promise<string> {
    const cacheKey = `${this.keyPrefix}:wechat:token:${this.config.appId}`;
    const now = Date.now();
    if (!forceRefresh) {
      if (this.memoToken && this.memoToken.expiresAt > now) return this.memoToken.token;
      const cached = await this.store.getJson<{ token: string; expiresAt: number }>(cacheKey);
      if (cached && cached.expiresAt > now) {
        this.memoToken = cached;
        return cached.token;
      }
    }
    const r = await this.call<WechatAnswer & { access_token: string; expires_in: number }>('/cgi-bin/stable_token', {
      method: 'POST',
      body: {
        grant_type: 'client_credential',
        appid: this.config.appId,
        secret: this.config.secret,
        force_refresh: forceRefresh,
      },
    });
    // Refresh five minutes early so a token never expires between fetch and use.
    const ttl = Math.max(60, r.expires_in - 300);
    const entry = { token: r.access_token, expiresAt: now + ttl * 1000 };
    this.memoToken = entry;
    await this.store.setJson(cacheKey, entry, ttl);
    return entry.token;
  }

  /** Calls an access-token API, refreshing the token once on an invalid-token answer. */
  private async withToken<T extends WechatAnswer>(path: string, body: unknown): Promise<T> {
    const attempt = async (force: boolean) => {
      const token = await this.accessToken(force);
      const sep = path.includes('?') ? '&' : '?';
      return this.call<T>(`${path}${sep}access_token=${encodeURIComponent(token)}`, { method: 'POST', body });
    };
    try {
      return await attempt(false);
    } catch (err) {
      if (err instanceof WechatApiError && TOKEN_ERRCODES.has(err.errcode)) {
        this.memoToken = null;
        return attempt(true);
      }
      throw err;
    }
  }

  /** msgSecCheck v2: true when WeChat says the text may be published. */
  async checkText(content: string, openid: string, scene: 1 | 2 | 3 | 4 = 2): Promise<boolean> {
    try {
      const r = await this.withToken<WechatAnswer & { result?: { suggest: string; label: number } }>(
        '/wxa/msg_sec_check',
        { content, version: 2, scene, openid },
      );
      return r.result?.suggest === 'pass';
    } catch (err) {
      if (err instanceof WechatApiError && err.errcode === 87014) return false;
      if (err instanceof WechatUnavailableError || err instanceof WechatApiError) {
        throw unavailable('WECHAT_UNAVAILABLE', '内容安全检查暂时不可用，请稍后再提交');
      }
      throw err;
    }
  }

  /**
   * Asks WeChat to check a photo (mediaCheckAsync v2); the verdict comes later as a message push
   * carrying the returned trace_id. WeChat fetches `mediaUrl` itself, so it must be absolute.
   */
  async mediaCheckAsync(mediaUrl: string, openid: string, scene: 1 | 2 | 3 | 4 = 2): Promise<string> {
    const r = await this.withToken<WechatAnswer & { trace_id: string }>('/wxa/media_check_async', {
      media_url: mediaUrl,
      media_type: 2,
      version: 2,
      scene,
      openid,
    });
    return r.trace_id;
  }

  /** Sends one subscribe message; throws WechatApiError (43101 = user refused) or WechatUnavailableError. */
  async sendSubscribeMessage(input: {
    openid: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
  }): Promise<void> {
    await this.withToken('/cgi-bin/message/subscribe/send', {
      touser: input.openid,
      template_id: input.templateId,
      page: input.page,
      data: input.data,
      miniprogram_state: this.config.envVersion === 'release' ? 'formal' : this.config.envVersion === 'trial' ? 'trial' : 'developer',
      lang: 'zh_CN',
    });
  }
}

/** A message push (or the console's URL check) is WeChat's when sha1 of the sorted token, timestamp and nonce is its signature. */
export function verifyPushSignature(token: string, q: { signature?: string; timestamp?: string; nonce?: string }): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false;
  const want = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex');
  const got = Buffer.from(q.signature.toLowerCase());
  return got.length === want.length && timingSafeEqual(got, Buffer.from(want));
}
