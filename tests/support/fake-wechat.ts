import http from 'node:http';

/**
 * A local stand-in for api.weixin.qq.com speaking its real paths, shapes and errcodes.
 * Tests steer it: which codes are valid, which texts are risky, which users refuse
 * subscribe messages, whether the token has "expired", or whether it is down entirely.
 */
export interface FakeWechat {
  url: string;
  calls: { path: string; body: unknown; query: Record<string, string> }[];
  sent: { touser: string; template_id: string; data: unknown }[];
  /** jscode → openid; any other code answers 40029. */
  codes: Map<string, string>;
  riskyWords: string[];
  refusingOpenids: Set<string>;
  /** Answer 40001 to the next N token-bearing calls, as WeChat does for an expired token. */
  expireTokenTimes: number;
  tokensIssued: number;
  /** When true, every request gets HTTP 503 (WeChat unreachable). */
  down: boolean;
  /** mediaCheckAsync requests, with the trace_id answered to each. */
  mediaChecks: { media_url: string; openid: string; trace_id: string }[];
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const state = {
    calls: [] as FakeWechat['calls'],
    sent: [] as FakeWechat['sent'],
    codes: new Map<string, string>(),
    riskyWords: ['违禁词'],
    refusingOpenids: new Set<string>(),
    expireTokenTimes: 0,
    tokensIssued: 0,
    down: false,
    mediaChecks: [] as FakeWechat['mediaChecks'],
  };
  let currentToken = 'token-0';

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : null;
    const query = Object.fromEntries(url.searchParams);
    state.calls.push({ path: url.pathname, body, query });
    const send = (obj: unknown, status = 200) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(obj));
    };
    if (fake.down) return send({ errcode: -1, errmsg: 'system error' }, 503);

    const tokenOk = () => {
      if (fake.expireTokenTimes > 0) {
        fake.expireTokenTimes -= 1;
        send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        return false;
      }
      if (query.access_token !== currentToken) {
        send({ errcode: 40001, errmsg: 'invalid credential' });
        return false;
      }
      return true;
    };

    switch (url.pathname) {
      case '/sns/jscode2session': {
        if (!query.appid || !query.secret) return send({ errcode: 40013, errmsg: 'invalid appid' });
        const openid = fake.codes.get(query.js_code ?? '');
        if (!openid) return send({ errcode: 40029, errmsg: 'invalid code' });
        fake.codes.delete(query.js_code); // a code is single-use, as on WeChat
        return send({ openid, session_key: 'c2Vzc2lvbmtleQ==' });
      }
      case '/cgi-bin/stable_token': {
        if (body?.grant_type !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
        fake.tokensIssued += 1;
        currentToken = `token-${fake.tokensIssued}`;
        return send({ access_token: currentToken, expires_in: 7200 });
      }
      case '/wxa/msg_sec_check': {
        if (!tokenOk()) return;
        const content = String(body?.content ?? '');
        const risky = fake.riskyWords.some((w) => content.includes(w));
        return send({
          errcode: 0,
          errmsg: 'ok',
          result: { suggest: risky ? 'risky' : 'pass', label: risky ? 20001 : 100 },
          detail: [],
          trace_id: 'trace',
        });
      }
      case '/wxa/media_check_async': {
        if (!tokenOk()) return;
        if (body?.media_type !== 2 || body?.version !== 2 || !body?.media_url || !body?.openid) return send({ errcode: 47001, errmsg: 'data format error' });
        const trace_id = `trace-${fake.mediaChecks.length + 1}-${Date.now()}`;
        fake.mediaChecks.push({ media_url: body.media_url, openid: body.openid, trace_id });
        return send({ errcode: 0, errmsg: 'ok', trace_id });
      }
      case '/cgi-bin/message/subscribe/send': {
        if (!tokenOk()) return;
        if (fake.refusingOpenids.has(body?.touser)) return send({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        fake.sent.push({ touser: body.touser, template_id: body.template_id, data: body.data });
        return send({ errcode: 0, errmsg: 'ok' });
      }
      default:
        return send({ errcode: 40066, errmsg: 'invalid url' }, 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const fake: FakeWechat = Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
