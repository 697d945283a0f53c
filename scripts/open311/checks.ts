import {
  OPEN311_DEFINITION_FIELDS,
  OPEN311_DISCOVERY_FIELDS,
  OPEN311_ENDPOINT_FIELDS,
  OPEN311_REQUEST_FIELDS,
  OPEN311_SERVICE_FIELDS,
} from '../../shared/open311';
import { leafText, parseXml, xmlRecord, type XmlElement } from './xml';

/**
 * GeoReport v2 conformance checks (http://wiki.open311.org/GeoReport_v2) that need nothing but
 * the endpoint's base URL: every resource in JSON and XML with the spec's fields, the two formats
 * telling the same story, the filters as the spec words them, errors as its `[{code,
 * description}]` list, CORS for reading. Run by `npm run check:open311 -- <base-url>` against
 * any server (a city's, before connecting to it) and by tests/api/open311.test.ts against ours.
 */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

interface Answer {
  status: number;
  type: string;
  text: string;
  headers: Headers;
}

/** W3C date-time with a zone, as the spec requires for every date field. */
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_FIELDS = ['requested_datetime', 'updated_datetime', 'expected_datetime'] as const;

class CheckFailed extends Error {}
function must(cond: unknown, message: string): asserts cond {
  if (!cond) throw new CheckFailed(message);
}

const missing = (obj: Record<string, unknown>, fields: readonly string[]) => fields.filter((f) => !(f in obj));

export async function runOpen311Checks(base: string, options: { fetch?: typeof fetch } = {}): Promise<CheckResult[]> {
  const doFetch = options.fetch ?? fetch;
  const root = base.replace(/\/+$/, '');
  const results: CheckResult[] = [];
  const get = async (path: string, init?: RequestInit): Promise<Answer> => {
    const res = await doFetch(`${root}/${path}`, init);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
  };
  const json = (a: Answer, what: string): unknown => {
    must(/^application\/json/i.test(a.type), `${what}: content-type ${a.type || '(none)'}, expected application/json`);
    try {
      return JSON.parse(a.text);
    } catch {
      throw new CheckFailed(`${what}: not JSON`);
    }
  };
  const xml = (a: Answer, what: string): XmlElement => {
    must(/^(text|application)\/xml/i.test(a.type), `${what}: content-type ${a.type || '(none)'}, expected text/xml`);
    must(/^\s*<\?xml[^>]*encoding=["']utf-8["']/i.test(a.text), `${what}: no XML declaration with encoding="UTF-8"`);
    try {
      return parseXml(a.text);
    } catch (err) {
      throw new CheckFailed(`${what}: not well-formed XML (${(err as Error).message})`);
    }
  };
  const check = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, detail: err instanceof CheckFailed ? err.message : `${(err as Error).name}: ${(err as Error).message}` });
    }
  };
  /** A spec error answer: the status asked for and a list of {code, description}. */
  const expectErrors = async (path: string, status: number, init?: RequestInit) => {
    const a = await get(path, init);
    must(a.status === status, `${path}: status ${a.status}, expected ${status}`);
    if (path.includes('.xml')) {
      const doc = xml(a, path);
      must(doc.name === 'errors' && doc.children.length > 0, `${path}: root <${doc.name}>, expected <errors> with <error> items`);
      for (const e of doc.children) {
        const r = xmlRecord(e);
        must(e.name === 'error' && r.code === String(status) && r.description, `${path}: an <error> without code ${status} and a description`);
      }
    } else {
      const body = json(a, path);
      must(Array.isArray(body) && body.length > 0, `${path}: not a list of errors`);
      for (const e of body as Record<string, unknown>[]) {
        must(Number(e.code) === status && typeof e.description === 'string' && e.description, `${path}: an error without code ${status} and a description: ${JSON.stringify(e)}`);
      }
    }
  };

  let services: Record<string, unknown>[] = [];
  let requests: Record<string, unknown>[] = [];

  await check('discovery.json and discovery.xml: changeset, contact, key_service, endpoints with specification, url, formats', async () => {
    const d = json(await get('discovery.json'), 'discovery.json') as Record<string, unknown>;
    must(!missing(d, OPEN311_DISCOVERY_FIELDS).length, `discovery.json lacks ${missing(d, OPEN311_DISCOVERY_FIELDS).join(', ')}`);
    const endpoints = d.endpoints as Record<string, unknown>[];
    must(Array.isArray(endpoints) && endpoints.length, 'discovery.json: no endpoints');
    for (const e of endpoints) {
      must(!missing(e, OPEN311_ENDPOINT_FIELDS).length, `an endpoint lacks ${missing(e, OPEN311_ENDPOINT_FIELDS).join(', ')}`);
      must(Array.isArray(e.formats) && (e.formats as string[]).includes('text/xml'), 'an endpoint does not list text/xml (XML is required)');
    }
    must(endpoints.some((e) => /GeoReport_v2/.test(String(e.specification))), 'no endpoint names the GeoReport v2 specification');
    const x = xml(await get('discovery.xml'), 'discovery.xml');
    must(x.name === 'discovery', `discovery.xml: root <${x.name}>`);
    const xe = x.children.find((c) => c.name === 'endpoints');
    must(xe && xe.children.length === endpoints.length && xe.children.every((c) => c.name === 'endpoint'), 'discovery.xml: <endpoints> does not list the same endpoints');
    const first = xe.children[0];
    const formats = first.children.find((c) => c.name === 'formats');
    must(formats?.children.every((c) => c.name === 'format'), 'discovery.xml: <formats> holds something other than <format>');
    must(xmlRecord(first).url === endpoints[0].url, 'discovery.xml and .json name different endpoint urls');
  });

  await check('services.json and services.xml: every service with the v2 fields, the same in both', async () => {
    services = json(await get('services.json'), 'services.json') as Record<string, unknown>[];
    must(Array.isArray(services) && services.length, 'services.json: not a non-empty list');
    for (const s of services) must(!missing(s, OPEN311_SERVICE_FIELDS).length, `service ${s.service_code} lacks ${missing(s, OPEN311_SERVICE_FIELDS).join(', ')}`);
    for (const s of services) must(['realtime', 'batch', 'blackbox'].includes(String(s.type)), `service ${s.service_code}: type ${s.type}`);
    const x = xml(await get('services.xml'), 'services.xml');
    must(x.name === 'services' && x.children.every((c) => c.name === 'service'), 'services.xml: not <services> of <service>');
    must(x.children.length === services.length, `services.xml lists ${x.children.length}, services.json ${services.length}`);
    x.children.forEach((c, i) => {
      const r = xmlRecord(c);
      for (const f of OPEN311_SERVICE_FIELDS) {
        const j = services[i][f];
        must(f in r, `services.xml: service ${i + 1} lacks <${f}>`);
        must((r[f] ?? '') === (j === null || j === undefined ? '' : String(j)), `services.xml and .json disagree on ${services[i].service_code}.${f}`);
      }
    });
  });

  await check('services/{code}.json and .xml: a service definition with service_code and attributes', async () => {
    must(services.length, 'no service to look at');
    const code = String(services[0].service_code);
    const d = json(await get(`services/${encodeURIComponent(code)}.json`), `services/${code}.json`) as Record<string, unknown>;
    must(!missing(d, OPEN311_DEFINITION_FIELDS).length && d.service_code === code, `services/${code}.json lacks service_code or attributes`);
    must(Array.isArray(d.attributes), `services/${code}.json: attributes is not a list`);
    const x = xml(await get(`services/${encodeURIComponent(code)}.xml`), `services/${code}.xml`);
    must(x.name === 'service_definition', `services/${code}.xml: root <${x.name}>`);
    must(leafText(x.children.find((c) => c.name === 'service_code') ?? x) === code, `services/${code}.xml: another service_code`);
    must(x.children.some((c) => c.name === 'attributes'), `services/${code}.xml: no <attributes>`);
  });

  await check('requests.json and requests.xml: every request with the v2 fields and W3C dates, the same in both', async () => {
    requests = json(await get('requests.json'), 'requests.json') as Record<string, unknown>[];
    must(Array.isArray(requests), 'requests.json: not a list');
    for (const r of requests) {
      must(!missing(r, OPEN311_REQUEST_FIELDS).length, `request ${r.service_request_id} lacks ${missing(r, OPEN311_REQUEST_FIELDS).join(', ')}`);
      must(r.status === 'open' || r.status === 'closed', `request ${r.service_request_id}: status ${r.status}`);
      for (const f of DATE_FIELDS) must(r[f] === null || W3C_DATETIME.test(String(r[f])), `request ${r.service_request_id}: ${f} ${r[f]} is not a W3C date-time with a zone`);
    }
    const x = xml(await get('requests.xml'), 'requests.xml');
    must(x.name === 'service_requests' && x.children.every((c) => c.name === 'request'), 'requests.xml: not <service_requests> of <request>');
    must(x.children.length === requests.length, `requests.xml lists ${x.children.length}, requests.json ${requests.length}`);
    x.children.forEach((c, i) => {
      const r = xmlRecord(c);
      for (const f of OPEN311_REQUEST_FIELDS) {
        const j = requests[i][f];
        must(f in r, `requests.xml: request ${i + 1} lacks <${f}>`);
        must((r[f] ?? '') === (j === null || j === undefined ? '' : String(j)), `requests.xml and .json disagree on ${requests[i].service_request_id}.${f}`);
      }
    });
  });

  await check('requests/{id}.json and .xml: a list of exactly that one request', async () => {
    must(requests.length, 'no request in the default window to look at (the check needs one)');
    const id = String(requests[0].service_request_id);
    const one = json(await get(`requests/${encodeURIComponent(id)}.json`), `requests/${id}.json`) as Record<string, unknown>[];
    must(Array.isArray(one) && one.length === 1 && one[0].service_request_id === id, `requests/${id}.json is not a list of that one`);
    const x = xml(await get(`requests/${encodeURIComponent(id)}.xml`), `requests/${id}.xml`);
    must(x.name === 'service_requests' && x.children.length === 1 && xmlRecord(x.children[0]).service_request_id === id, `requests/${id}.xml is not <service_requests> of that one <request>`);
  });

  const ids = async (query: string) => {
    const body = json(await get(`requests.json?${query}`), `requests.json?${query}`) as Record<string, unknown>[];
    must(Array.isArray(body), `requests.json?${query}: not a list`);
    return body.map((r) => String(r.service_request_id)).sort();
  };
  const all = async () => requests.map((r) => String(r.service_request_id)).sort();

  await check('service_request_id overrides every other argument, one or a comma list', async () => {
    must(requests.length, 'no request to look at');
    const first = requests[0];
    const other = first.status === 'open' ? 'closed' : 'open';
    const id = String(first.service_request_id);
    must((await ids(`service_request_id=${encodeURIComponent(id)}&status=${other}&start_date=2000-01-01T00:00:00Z&end_date=2000-01-02T00:00:00Z`)).join() === id, 'service_request_id did not override status and dates');
    if (requests.length > 1) {
      const two = [id, String(requests[1].service_request_id)].sort();
      must((await ids(`service_request_id=${two.map(encodeURIComponent).join(',')}`)).join() === two.join(), 'a comma list of service_request_id did not answer both');
    }
  });

  await check('status and service_code: comma lists, repeated arguments and empty arguments as the spec means them', async () => {
    const open = await ids('status=open');
    const closed = await ids('status=closed');
    const both = [...open, ...closed].sort().join();
    must((await ids('status=open,closed')).join() === both, 'status=open,closed is not open and closed together');
    must((await ids('status=open&status=closed')).join() === both, 'status=open&status=closed is not open and closed together');
    must((await ids('status=&service_code=')).join() === (await all()).join(), 'empty status and service_code do not answer as if absent');
    if (services.length > 1) {
      const [a, b] = [String(services[0].service_code), String(services[1].service_code)];
      const ab = [...(await ids(`service_code=${a}`)), ...(await ids(`service_code=${b}`))].sort().join();
      must((await ids(`service_code=${a},${b}`)).join() === ab, 'a comma list of service_code is not both services together');
    }
  });

  await check('start_date and end_date bound requested_datetime', async () => {
    must(requests.length, 'no request to look at');
    const t = Date.parse(String(requests[0].requested_datetime));
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const around = await ids(`start_date=${iso(t - 60_000)}&end_date=${iso(t + 60_000)}`);
    must(around.includes(String(requests[0].service_request_id)), 'a window around a request does not hold it');
    const after = await ids(`start_date=${iso(t + 1000)}&end_date=${iso(t + 2000)}`);
    must(!after.includes(String(requests[0].service_request_id)), 'a window after a request holds it');
  });

  await check('errors: an unknown request is 404 and a bad argument 400, as a list of {code, description} in JSON and XML', async () => {
    await expectErrors('requests/no-such-request-0000.json', 404);
    await expectErrors('requests/no-such-request-0000.xml', 404);
    await expectErrors('requests.json?start_date=yesterday', 400);
    await expectErrors('requests.xml?start_date=yesterday', 400);
  });

  await check('POST requests.json without an api_key is 400, with a wrong one 403, as the spec error list', async () => {
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const code = String(services[0]?.service_code ?? 'unknown');
    await expectErrors('requests.json', 400, form({ service_code: code, description: 'conformance check: not a real report', lat: '0', long: '0' }));
    await expectErrors('requests.json', 403, form({ api_key: 'not-a-key-conformance-check', service_code: code, description: 'conformance check: not a real report', lat: '0', long: '0' }));
  });

  await check('CORS: any origin may GET the public resources', async () => {
    const a = await get('services.json', { headers: { origin: 'https://third-party.example' } });
    const allow = a.headers.get('access-control-allow-origin');
    must(allow === '*' || allow === 'https://third-party.example', `services.json answers Access-Control-Allow-Origin ${allow ?? '(none)'}`);
  });

  return results;
}
