import path from 'node:path';
import * as z from 'zod';

/**
 * The one place that reads process.env. Local mode (nothing set) runs on embedded
 * PGlite, in-process cache and demo log-in; each external service is switched on by
 * its own variables, and production refuses to start without all of them.
 */
const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  VERCEL_ENV: z.string().optional(),
  /** Set by Vercel on its functions: its edge overwrites X-Forwarded-For / X-Real-IP, so they can be trusted. */
  VERCEL: z.string().optional(),
  /** How many proxies in front of a Node host append to X-Forwarded-For (0: use the socket address). */
  TRUST_PROXY: z
    .string()
    .regex(/^\d{1,2}$/, 'TRUST_PROXY must be the number of proxy hops to trust (0, 1, 2, ...)')
    .default('0')
    .transform(Number),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  UPSTASH_REDIS_REST_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** 1 switches demo log-in on where it is off by default (a real database); 0 switches it off. */
  DEMO_LOGIN: z.enum(['0', '1']).optional(),
  WECHAT_APPID: z.string().min(1).optional(),
  WECHAT_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  WECHAT_TEMPLATE_IDS: z.string().optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 30),
  CRON_SECRET: z.string().min(16).optional(),
  CORS_ORIGINS: z.string().optional(),
  CONTENT_BLOCKLIST: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  RATE_LIMIT_PREFIX: z.string().default('sn'),
  RATE_LIMIT_DISABLED: z.enum(['0', '1']).default('0'),
  /** `npm run serve` runs the cron's jobs itself every N minutes (0 = off, e.g. when an external scheduler calls /api/cron/tick). */
  LOCAL_CRON_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  /** S3-compatible object storage for photos (Tencent COS, Cloudflare R2, AWS S3, MinIO); without it photos live under DATA_DIR/uploads. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Where the bucket's `public/` prefix is readable without a signature (a CDN or custom domain); without it every photo URL is signed. */
  S3_PUBLIC_BASE_URL: z.string().url().optional(),
  /** 1 for servers that want the bucket in the path (MinIO, test servers); COS, R2 and S3 take the default, the bucket as host name. */
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).default('0'),
  /** The Token set under 消息推送 in the mini-program console: verifies WeChat's mediaCheckAsync callbacks. */
  WECHAT_PUSH_TOKEN: z.string().min(1).optional(),
});

const S3_REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      publicBaseUrl: string | null;
      forcePathStyle: boolean;
    };

export type Mode = 'local' | 'connected';

export interface Config {
  mode: Mode;
  production: boolean;
  /** POST /api/auth/demo-login answers (otherwise 404). */
  demoLogin: boolean;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolMax: number;
  redis: { url: string; token: string } | null;
  wechat: { appId: string; secret: string; apiBase: string; envVersion: string; templateIds: Record<string, string> } | null;
  wechatApiBase: string;
  sessionSecret: string;
  sessionTtlSeconds: number;
  cronSecret: string | null;
  corsOrigins: string[];
  contentBlocklist: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  rateLimitPrefix: string;
  rateLimitDisabled: boolean;
  localCronMinutes: number;
  /** Which client-address headers may be believed (see `clientIp`). */
  trustProxy: { hops: number; vercel: boolean };
  /** Where photos are kept. */
  storage: StorageConfig;
  wechatPushToken: string | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is incomplete or invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Words refused by the local content check; production uses WeChat's msgSecCheck instead.
 * Spam and illegal adverts only: a resident reporting gambling or a weapon must get through.
 */
const DEFAULT_BLOCKLIST = ['代开发票', '办证刻章', '色情服务', '法轮功', '私彩代购'];
/** Only ever used without DATABASE_URL (the embedded demo database), where tokens never leave the developer's machine. */
const LOCAL_SESSION_SECRET = 'local-mode-session-secret-not-for-production-use';

function parseTemplateIds(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [kind, id] = pair.split('=').map((s) => s.trim());
    if (kind && id) out[kind] = id;
  }
  return out;
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production' || e.VERCEL_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL is required in production');
    if (!e.SESSION_SECRET) problems.push('SESSION_SECRET is required in production');
    if (!e.WECHAT_APPID) problems.push('WECHAT_APPID is required in production');
    if (!e.WECHAT_SECRET) problems.push('WECHAT_SECRET is required in production');
    if (!e.UPSTASH_REDIS_REST_URL) problems.push('UPSTASH_REDIS_REST_URL is required in production');
    if (!e.UPSTASH_REDIS_REST_TOKEN) problems.push('UPSTASH_REDIS_REST_TOKEN is required in production');
    if (!e.CRON_SECRET) problems.push('CRON_SECRET is required in production');
  }
  if (Boolean(e.UPSTASH_REDIS_REST_URL) !== Boolean(e.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together');
  }
  if (Boolean(e.WECHAT_APPID) !== Boolean(e.WECHAT_SECRET)) {
    problems.push('WECHAT_APPID and WECHAT_SECRET must be set together');
  }
  if (e.WECHAT_APPID && !e.SESSION_SECRET) {
    problems.push('SESSION_SECRET is required once WeChat log-in is configured');
  } else if (e.DATABASE_URL && !e.SESSION_SECRET) {
    // The built-in secret is public (it is in this file): with real data it would let anyone forge sessions.
    problems.push('SESSION_SECRET is required whenever DATABASE_URL is set');
  }
  if (production && e.DEMO_LOGIN === '1') {
    problems.push('DEMO_LOGIN=1 is refused in production: demo log-in hands out any role, admin included');
  }
  const s3Given = S3_REQUIRED.filter((k) => e[k]);
  if (s3Given.length && s3Given.length < S3_REQUIRED.length) {
    problems.push(`S3 storage needs all of ${S3_REQUIRED.join(', ')}; missing ${S3_REQUIRED.filter((k) => !e[k]).join(', ')}`);
  }
  // A Vercel function's disk is gone after the request: photos there would vanish.
  if (production && e.VERCEL === '1' && !s3Given.length) problems.push('S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required in production on Vercel (photos)');
  if (problems.length) throw new ConfigError(problems);

  const wechat =
    e.WECHAT_APPID && e.WECHAT_SECRET
      ? {
          appId: e.WECHAT_APPID,
          secret: e.WECHAT_SECRET,
          apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
          envVersion: e.WECHAT_ENV_VERSION,
          templateIds: parseTemplateIds(e.WECHAT_TEMPLATE_IDS),
        }
      : null;
  return {
    mode: wechat || e.DATABASE_URL ? 'connected' : 'local',
    production,
    // Demo personas only on the embedded demo database, unless asked for by name (tests, CI, a staging demo).
    demoLogin: e.DEMO_LOGIN ? e.DEMO_LOGIN === '1' : !e.DATABASE_URL && !wechat,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redis:
      e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
        ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN }
        : null,
    wechat,
    wechatApiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? LOCAL_SESSION_SECRET,
    sessionTtlSeconds: e.SESSION_TTL_HOURS * 3600,
    cronSecret: e.CRON_SECRET ?? null,
    corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    contentBlocklist: e.CONTENT_BLOCKLIST
      ? e.CONTENT_BLOCKLIST.split(',').map((s) => s.trim()).filter(Boolean)
      : DEFAULT_BLOCKLIST,
    logLevel: e.LOG_LEVEL,
    rateLimitPrefix: e.RATE_LIMIT_PREFIX,
    rateLimitDisabled: e.RATE_LIMIT_DISABLED === '1',
    localCronMinutes: e.LOCAL_CRON_MINUTES,
    trustProxy: { hops: e.TRUST_PROXY, vercel: e.VERCEL === '1' },
    storage:
      e.S3_ENDPOINT && e.S3_BUCKET && e.S3_REGION && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            publicBaseUrl: e.S3_PUBLIC_BASE_URL?.replace(/\/$/, '') ?? null,
            forcePathStyle: e.S3_FORCE_PATH_STYLE === '1',
          }
        : { kind: 'local', dir: path.join(e.DATA_DIR, 'uploads') },
    wechatPushToken: e.WECHAT_PUSH_TOKEN ?? null,
  };
}

let current: Config | null = null;

export function getConfig(): Config {
  if (!current) current = parseConfig(process.env);
  return current;
}

/** Tests build servers with their own configuration. */
export function setConfig(config: Config | null): void {
  current = config;
}
