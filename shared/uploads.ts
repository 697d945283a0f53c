import * as z from 'zod';

/**
 * The largest photo the server takes, after the client compressed it (a compressed phone photo
 * is 0.2–1.5 MB). Under Vercel's 4.5 MB request limit, so one answer holds on every host.
 */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
/** Photos per report, per staff result and per reply. */
export const PHOTO_LIMIT = 6;
/** The multipart field wx.uploadFile (`name`) and the H5 FormData send the file in. */
export const UPLOAD_FIELD = 'file';

export const UploadResponseSchema = z.object({
  id: z.string(),
  /** Short-lived signed URLs until the photo is attached to a public item. */
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type UploadResponse = z.infer<typeof UploadResponseSchema>;

export const PhotoSchema = z.object({ url: z.string(), thumbUrl: z.string() });
export type Photo = z.infer<typeof PhotoSchema>;

/** Uploads of the caller's own, not yet attached to anything. */
export const PhotoIdsSchema = z
  .array(z.uuid('照片编号无效'))
  .max(PHOTO_LIMIT, `最多 ${PHOTO_LIMIT} 张照片`)
  .refine((ids) => new Set(ids).size === ids.length, '同一张照片不能重复添加')
  .optional();

// ---- WeChat message push (消息推送): results of the photo check (mediaCheckAsync) ----

/** WeChat signs each push with sha1(sort(token, timestamp, nonce)); the URL check also carries `echostr`. */
export const WechatPushQuerySchema = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(200).optional(),
});

/** The JSON push of a finished check (Event `wxa_media_check`, version 2); other events are acknowledged and ignored. */
export const WechatPushBodySchema = z.object({
  Event: z.string().max(64).optional(),
  trace_id: z.string().max(128).optional(),
  result: z.object({ suggest: z.string().max(16), label: z.number().optional() }).optional(),
});
