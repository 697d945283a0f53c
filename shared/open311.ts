import * as z from 'zod';
import { isoDateTime } from './datetime';
import { FEEDBACK_LIMITS, FeedbackCategoryKeySchema } from './feedback';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the public feedback items and
 * their categories in the form any 311 client reads, and the form such a client posts in.
 * Field lists are the spec's, in the spec's order; a field we have nothing for is null.
 */
export const OPEN311_SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** Both formats the spec names (XML is required, JSON optional), as discovery lists them: every resource answers both. */
export const OPEN311_MEDIA_TYPES = ['text/xml', 'application/json'] as const;
/** When the service list or a service definition last changed (discovery's `changeset`). Move it with FEEDBACK_CATEGORIES. */
export const OPEN311_CHANGESET = '2026-11-01T00:00:00+08:00';
/** "Default query limit is a span of 90 days or first 1000 requests returned, whichever is smallest." */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;

export const OPEN311_DISCOVERY_FIELDS = ['changeset', 'contact', 'key_service', 'endpoints'] as const;
export const OPEN311_ENDPOINT_FIELDS = ['specification', 'url', 'changeset', 'type', 'formats'] as const;
export const OPEN311_SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'] as const;
export const OPEN311_DEFINITION_FIELDS = ['service_code', 'attributes'] as const;
export const OPEN311_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const;
export const OPEN311_POSTED_FIELDS = ['service_request_id', 'service_notice', 'account_id'] as const;

export const Open311EndpointSchema = z.object({
  specification: z.string(),
  url: z.string(),
  changeset: z.string(),
  type: z.enum(['production', 'test']),
  formats: z.array(z.string()),
});
export const Open311DiscoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(Open311EndpointSchema),
});

export const Open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});

export const Open311AttributeSchema = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});
export const Open311ServiceDefinitionSchema = z.object({ service_code: z.string(), attributes: z.array(Open311AttributeSchema) });

export const Open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311Request = z.infer<typeof Open311RequestSchema>;

/**
 * The spec's comma-delimited list. The router has already joined a repeated parameter into one
 * list and dropped an empty one (api/_lib/http/open311.ts), so `status=open&status=closed`,
 * `status=open,closed` and `status=` (no filter) all arrive here as the spec means them.
 */
const commaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(item).max(max, `最多 ${max} 项`));

/** Every GeoReport v2 call may name its jurisdiction; this endpoint serves one, so any value is accepted. */
const jurisdiction = z.string().max(100).optional();
export const Open311JurisdictionQuerySchema = z.object({ jurisdiction_id: jurisdiction });

export const Open311RequestsQuerySchema = z.object({
  /** One or more ids (a comma list): when present, every other argument is ignored. */
  service_request_id: commaList(z.string().max(64), 200).optional(),
  service_code: commaList(FeedbackCategoryKeySchema, 20).optional(),
  status: commaList(z.enum(['open', 'closed'], { error: '只能是 open 或 closed' }), 2).optional(),
  start_date: isoDateTime().optional(),
  end_date: isoDateTime().optional(),
  jurisdiction_id: jurisdiction,
});

/** A form field: text, trimmed; an empty one is absent (the router drops it). */
const field = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d+)?$/, '请填写十进制度数，例如 36.06')
    .transform(Number)
    .pipe(z.number().min(min, `须在 ${min} 到 ${max} 之间`).max(max, `须在 ${min} 到 ${max} 之间`));

/**
 * POST requests.{format}, form-encoded as the spec sends it. The reporter's own details
 * (email, device_id, account_id, first_name, last_name, phone) and media_url are accepted and
 * not kept: a posted item is anonymous, as one made in the app is by default, and we publish no
 * photo we have not checked ourselves. `attribute[...]` is ignored: no service has attributes.
 */
export const Open311PostBodySchema = z.object({
  api_key: z.string({ error: '缺少 api_key' }).min(1, '缺少 api_key').max(200),
  jurisdiction_id: jurisdiction,
  service_code: FeedbackCategoryKeySchema,
  lat: coordinate(-90, 90).optional(),
  long: coordinate(-180, 180).optional(),
  address_string: field(FEEDBACK_LIMITS.location).optional(),
  address_id: field(100).optional(),
  description: z.string({ error: '请描述问题' }).trim().min(1, '请描述问题').max(FEEDBACK_LIMITS.body, `不能超过 ${FEEDBACK_LIMITS.body} 个字`),
  email: field(200).optional(),
  device_id: field(200).optional(),
  account_id: field(200).optional(),
  first_name: field(100).optional(),
  last_name: field(100).optional(),
  phone: field(50).optional(),
  media_url: field(2000).optional(),
});
export const Open311PostedSchema = z.object({
  service_request_id: z.string(),
  service_notice: z.string().nullable(),
  account_id: z.string().nullable(),
});

/** The spec's error answer: a list of `{code, description}`, `code` being the HTTP status. */
export const Open311ErrorsSchema = z.array(z.object({ code: z.number(), description: z.string() })).min(1);

// ---- keys for third-party clients (admin) --------------------------------

export const OPEN311_KEY_NAME_MAX = 40;
export const CreateOpen311KeyBodySchema = z.object({
  name: z.string().trim().min(1, '请填写使用方名称').max(OPEN311_KEY_NAME_MAX, `不能超过 ${OPEN311_KEY_NAME_MAX} 个字`),
});
export const Open311KeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, so an admin can tell keys apart; the key itself is never shown again. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  requestCount: z.number(),
});
export type Open311Key = z.infer<typeof Open311KeySchema>;
export const Open311KeyListSchema = z.object({ items: z.array(Open311KeySchema) });
/** Answered once, at creation: the only time the key is shown. */
export const CreatedOpen311KeySchema = z.object({ id: z.string(), name: z.string(), key: z.string() });
