import * as z from 'zod';
import './zod-setup';
import { PageQuerySchema } from './problem';

/** Care tags: sensitive personal information (PIPL), stored only with the resident's explicit consent. */
export const CARE_TAGS = [
  { key: 'living-alone', name: '独居老人' },
  { key: 'elderly-80', name: '80岁以上高龄' },
  { key: 'disability', name: '残疾' },
  { key: 'hardship', name: '困难家庭' },
  { key: 'chronic-illness', name: '慢性病' },
  { key: 'left-behind-child', name: '留守儿童' },
] as const;
export type CareTagKey = (typeof CARE_TAGS)[number]['key'];
const CARE_TAG_KEYS = CARE_TAGS.map((t) => t.key) as [CareTagKey, ...CareTagKey[]];
export const careTagName = (key: string) => CARE_TAGS.find((t) => t.key === key)?.name ?? key;

export const RELATIONS = ['子女', '配偶', '父母', '兄弟姐妹', '亲戚', '邻居', '朋友', '其他'] as const;

/** What the card's QR code carries: a prefix and the unguessable token. */
export const CARD_QR_PREFIX = 'SNCARD:';
export const cardQrPayload = (qrToken: string) => `${CARD_QR_PREFIX}${qrToken}`;
/** Accepts what a scanner read (the payload, a bare token, or a URL with ?t=) and returns the token. */
export function qrTokenFromScan(raw: string): string | null {
  const s = raw.trim();
  if (s.startsWith(CARD_QR_PREFIX)) return s.slice(CARD_QR_PREFIX.length) || null;
  const m = /[?&]t=([\w-]+)/.exec(s);
  if (m) return m[1];
  return /^[\w-]{16,64}$/.test(s) ? s : null;
}

const phone = z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '请输入 11 位手机号或带区号的座机号');
const short = (max: number, label: string) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 个字`);

export const CardBodySchema = z
  .object({
    address: z.object({
      building: short(20, '楼栋'),
      unit: z.string().trim().max(20, '单元最多 20 个字').default(''),
      room: short(20, '房号'),
    }),
    householdSize: z.number().int().min(1, '同住人数至少 1 人').max(20, '同住人数最多 20 人'),
    careTags: z.array(z.enum(CARE_TAG_KEYS, { message: '请从列表中选择关爱标签' })).max(CARE_TAGS.length).default([]),
    emergencyContact: z.object({
      name: short(20, '联系人姓名'),
      phone,
      relation: short(10, '关系'),
    }),
    /** Explicit consent to store the care tags; required whenever a tag is given. */
    consent: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.careTags.length > 0 && v.consent !== true) {
      ctx.addIssue({ code: 'custom', path: ['consent'], message: '保存关爱标签需要您明确同意' });
    }
    // A card that says 独居 but counts others at home would send help to the wrong picture.
    if (v.careTags.includes('living-alone') && v.householdSize > 1) {
      ctx.addIssue({ code: 'custom', path: ['householdSize'], message: '选了“独居老人”，家里人数应为 1 人（只有您自己）；有人同住请取消这个标签' });
    }
  });
export type CardBody = z.input<typeof CardBodySchema>;

const CardCoreSchema = z.object({
  id: z.string(),
  number: z.string(),
  community: z.object({ id: z.string(), name: z.string() }).nullable(),
  grid: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The grid worker's published work phone, for one-tap call. */
  gridWorker: z.object({ name: z.string(), phone: z.string() }).nullable(),
  hotline: z.string().nullable(),
  address: z.object({ building: z.string(), unit: z.string(), room: z.string() }),
  householdSize: z.number().int(),
  careTags: z.array(z.object({ key: z.string(), name: z.string() })),
  careTagsConsentAt: z.string().nullable(),
  emergencyContact: z.object({ name: z.string(), phone: z.string(), relation: z.string() }),
  updatedAt: z.string(),
});

/** The owner's view: every phone in full, and the QR token. */
export const CardSchema = CardCoreSchema.extend({
  qrToken: z.string(),
  qrPayload: z.string(),
  holder: z.object({ displayName: z.string(), phone: z.string().nullable() }),
});
export type Card = z.infer<typeof CardSchema>;

/** What an audited staff scan answers: the card in full for an emergency, no QR token. */
export const CardScanResultSchema = CardCoreSchema.extend({
  holder: z.object({ displayName: z.string(), phone: z.string().nullable() }),
  scannedAt: z.string(),
});
export type CardScanResult = z.infer<typeof CardScanResultSchema>;

/** What withdrawing my card answers. */
export const CardDeletedSchema = z.object({ id: z.string(), deleted: z.boolean() });

/** Audit actions of a staff member seeing a card: both are shown to the holder. */
export const CARD_SCANNED = 'card.scanned';
export const CARD_LOOKED_UP = 'card.looked_up';
export const CARD_VIEW_ACTIONS = [CARD_SCANNED, CARD_LOOKED_UP];

/** The printed number, forgiving how it is typed: sn-石楠-000001, SN－石楠－000001, 000001, 1. */
export function normalizeCardNumber(raw: string): { exact: string } | { serial: string } | null {
  const s = raw.replace(/\s+/g, '').replace(/[－—–_]/g, '-');
  if (/^\d{1,6}$/.test(s)) return { serial: s.padStart(6, '0') };
  const m = /^sn-(.{1,10})-(\d{1,6})$/i.exec(s);
  return m ? { exact: `SN-${m[1]}-${m[2].padStart(6, '0')}` } : null;
}

export const CARD_LOOKUP_REASON_MIN = 4;
const optionalShort = (max: number, label: string) => z.string().trim().max(max, `${label}最多 ${max} 个字`).optional();

/**
 * Staff find a card without its QR code: by the printed number, or by building + room
 * (unit and the holder's name narrow it), always with the reason, which the holder sees.
 */
export const CardLookupBodySchema = z
  .object({
    number: z
      .string()
      .trim()
      .max(30, '卡号最多 30 个字')
      .optional()
      .refine((v) => !v || normalizeCardNumber(v) !== null, '卡号的样子是 SN-石楠-000001，也可以只填最后的数字'),
    building: optionalShort(20, '楼栋'),
    unit: optionalShort(20, '单元'),
    room: optionalShort(20, '房号'),
    name: optionalShort(20, '姓名'),
    reason: z
      .string({ error: '请写明查看原因' })
      .trim()
      .min(CARD_LOOKUP_REASON_MIN, `请写明查看原因（至少 ${CARD_LOOKUP_REASON_MIN} 个字），居民本人会看到`)
      .max(100, '查看原因最多 100 个字'),
  })
  .superRefine((v, ctx) => {
    if (v.number) return;
    if (!v.building && !v.room) ctx.addIssue({ code: 'custom', path: ['number'], message: '请填写卡号，或者楼栋和房号' });
    else if (!v.building) ctx.addIssue({ code: 'custom', path: ['building'], message: '请填写楼栋' });
    else if (!v.room) ctx.addIssue({ code: 'custom', path: ['room'], message: '请填写房号' });
  });
export type CardLookupBody = z.input<typeof CardLookupBodySchema>;

export const CardScanLogItemSchema = z.object({
  id: z.string(),
  scannedAt: z.string(),
  /** scan: the QR code; lookup: by card number or address, with the reason given. */
  kind: z.enum(['scan', 'lookup']),
  reason: z.string().nullable(),
  staffName: z.string(),
  staffRole: z.string(),
  /** The staff member's community, or 石楠街道 for street staff. */
  unit: z.string(),
});
export const CardScanLogSchema = z.object({ items: z.array(CardScanLogItemSchema), nextCursor: z.string().nullable() });
export const CardScanLogQuerySchema = PageQuerySchema;
