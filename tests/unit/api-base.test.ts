import { ApiBaseError, LOCAL_API_BASE, resolveApiBase } from '../../config/api-base';

/** The Taro config function itself, as `taro build` calls it (merge is Taro's deep merge; a shallow one will do here). */
async function runTaroConfig(env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  for (const key of ['TARO_APP_API_BASE', 'TARO_ENV', 'NODE_ENV', 'TARO_OUTPUT_ROOT']) delete process.env[key];
  Object.assign(process.env, env);
  try {
    const { default: config } = await import('../../config/index');
    const merge = (...parts: object[]) => Object.assign({}, ...parts) as Record<string, unknown>;
    return (await (config as unknown as (m: typeof merge, e: object) => Promise<Record<string, unknown>>)(merge, { command: 'build', mode: env.NODE_ENV })) as {
      defineConstants: { API_BASE: string };
      copy: { patterns: { from: string; to: string }[] };
    };
  } finally {
    process.env = saved;
  }
}

describe('TARO_APP_API_BASE (config/api-base.ts)', () => {
  it('a production weapp build without it fails, naming the variable', () => {
    expect(() => resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production' })).toThrow(ApiBaseError);
    expect(() => resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: '  ' })).toThrow(/TARO_APP_API_BASE is not set/);
  });

  it('the Taro config function refuses the same build, so `taro build --type weapp` stops before compiling', async () => {
    await expect(runTaroConfig({ TARO_ENV: 'weapp', NODE_ENV: 'production' })).rejects.toThrow(/TARO_APP_API_BASE/);
    const built = await runTaroConfig({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: 'https://api.shinan.example.cn/' });
    expect(built.defineConstants.API_BASE).toBe(JSON.stringify('https://api.shinan.example.cn'));
    expect(built.copy.patterns).toEqual([{ from: 'miniprogram/sitemap.json', to: 'dist/weapp/sitemap.json' }]);
  });

  it('development and test builds call the local server; H5 always its own origin', async () => {
    expect(resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'development' })).toBe(LOCAL_API_BASE);
    expect(resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'test' })).toBe(LOCAL_API_BASE);
    expect(resolveApiBase({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toBe('');
    const h5 = await runTaroConfig({ TARO_ENV: 'h5', NODE_ENV: 'production' });
    expect(h5.defineConstants.API_BASE).toBe('""');
    expect(h5.copy.patterns).toEqual([]);
  });

  it('takes an explicit origin (a local one for test builds), trimming the trailing slash', () => {
    expect(resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: 'http://127.0.0.1:3000' })).toBe('http://127.0.0.1:3000');
    expect(resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: 'https://x.example.cn/shinan//' })).toBe('https://x.example.cn/shinan');
  });

  it('refuses a value that is not an http(s) URL, naming the variable', () => {
    for (const bad of ['api.shinan.example.cn', 'ftp://api.example.cn', 'https://api.example.cn/?x=1']) {
      expect(() => resolveApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: bad })).toThrow(/TARO_APP_API_BASE/);
    }
  });
});
