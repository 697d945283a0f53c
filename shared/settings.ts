import * as z from 'zod';
import './zod-setup';
import type { StreetSettings } from './official-account';

export { DEFAULT_STREET_SETTINGS, STREET_SETTING_NAMES, type StreetSettings } from './official-account';

export const StreetSettingsSchema = z.object({
  streetName: z.string(),
  accountName: z.string(),
  accountDescription: z.string(),
  hotline: z.string(),
  serviceHours: z.string(),
  logoUrl: z.string(),
}) satisfies z.ZodType<StreetSettings>;

const line = (name: string, min: number, max: number) =>
  z.string().trim().min(min, `请填写${name}`).max(max, `${name}最多 ${max} 个字`);

/** A PUT replaces every setting: the form always sends the whole row. */
export const StreetSettingsBodySchema = z.object({
  streetName: line('街道名称', 2, 20),
  accountName: line('公众号名称', 2, 30),
  accountDescription: z.string().trim().max(200, '公众号简介最多 200 个字'),
  /** Digits with dashes or spaces, as printed: 0931-8765 4300, 12345. */
  hotline: z
    .string()
    .trim()
    .regex(/^[0-9][0-9 -]{2,18}[0-9]$/, '请填写正确的电话号码，如 0931-8765 4300'),
  serviceHours: line('服务时间', 2, 60),
  logoUrl: z
    .string()
    .trim()
    .max(1000, '图片地址太长')
    .refine((u) => {
      if (u === '') return true;
      try {
        return new URL(u).protocol === 'https:';
      } catch {
        return false;
      }
    }, '标志图片须是 https:// 开头的地址，不用请留空'),
});
