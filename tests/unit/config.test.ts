import { ConfigError, parseConfig } from '../../api/_lib/config';

describe('configuration', () => {
  it('defaults to local mode with nothing set', () => {
    const c = parseConfig({});
    expect(c.mode).toBe('local');
    expect(c.databaseUrl).toBeNull();
    expect(c.redis).toBeNull();
    expect(c.dataDir).toBe('.data');
  });

  it('refuses to start in production naming every missing variable', () => {
    let err: unknown;
    try {
      parseConfig({ NODE_ENV: 'production' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'WECHAT_APPID', 'WECHAT_SECRET', 'UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'CRON_SECRET']) {
      expect(message).toContain(name);
    }
  });

  it('treats VERCEL_ENV=production as production', () => {
    expect(() => parseConfig({ VERCEL_ENV: 'production' })).toThrow(/DATABASE_URL/);
  });

  it('starts in production when everything is there', () => {
    const c = parseConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db.example.com/app',
      SESSION_SECRET: 'x'.repeat(40),
      WECHAT_APPID: 'wx123',
      WECHAT_SECRET: 'secret',
      UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io',
      UPSTASH_REDIS_REST_TOKEN: 'token',
      CRON_SECRET: 'c'.repeat(20),
    });
    expect(c.mode).toBe('connected');
    expect(c.production).toBe(true);
    expect(c.redis).toEqual({ url: 'https://eu1.upstash.io', token: 'token' });
  });

  it('rejects half-configured pairs and malformed values', () => {
    expect(() => parseConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toThrow(/UPSTASH_REDIS_REST_TOKEN/);
    expect(() => parseConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' })).toThrow(/SESSION_SECRET/);
    expect(() => parseConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });

  describe('demo log-in and the session secret (issue 15, High 3)', () => {
    const DB = 'postgres://u:p@db.example.com/app';
    const SECRET = 's'.repeat(40);

    it('demo log-in is on only on the embedded database', () => {
      expect(parseConfig({}).demoLogin).toBe(true);
      expect(parseConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET }).demoLogin).toBe(false);
      expect(parseConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }).demoLogin).toBe(false);
      expect(parseConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', SESSION_SECRET: SECRET }).demoLogin).toBe(false);
    });

    it('a real database is not the local demo mode', () => {
      expect(parseConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET }).mode).toBe('connected');
    });

    it('DEMO_LOGIN=1 switches it on by name, DEMO_LOGIN=0 off', () => {
      expect(parseConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET, DEMO_LOGIN: '1' }).demoLogin).toBe(true);
      expect(parseConfig({ DEMO_LOGIN: '0' }).demoLogin).toBe(false);
      expect(() => parseConfig({ DEMO_LOGIN: 'yes' })).toThrow(/DEMO_LOGIN/);
    });

    it.each([{ NODE_ENV: 'production' }, { VERCEL_ENV: 'production' }])('DEMO_LOGIN=1 is a configuration error in production (%o)', (env) => {
      const full = {
        ...env,
        DATABASE_URL: DB,
        SESSION_SECRET: SECRET,
        WECHAT_APPID: 'wx123',
        WECHAT_SECRET: 'secret',
        UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: 'token',
        CRON_SECRET: 'c'.repeat(20),
      };
      expect(parseConfig(full).demoLogin).toBe(false);
      expect(() => parseConfig({ ...full, DEMO_LOGIN: '1' })).toThrow(/DEMO_LOGIN/);
    });

    it('SESSION_SECRET is required whenever DATABASE_URL is set, and the error names it', () => {
      expect(() => parseConfig({ DATABASE_URL: DB })).toThrow(ConfigError);
      expect(() => parseConfig({ DATABASE_URL: DB })).toThrow(/SESSION_SECRET is required whenever DATABASE_URL is set/);
      expect(() => parseConfig({ DATABASE_URL: DB, DEMO_LOGIN: '1' })).toThrow(/SESSION_SECRET/);
      expect(parseConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
    });
  });
});
