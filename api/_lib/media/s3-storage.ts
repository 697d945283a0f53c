import { CopyObjectCommand, DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StorageConfig } from '../config';
import type { MediaStorage } from './storage';

type S3Config = Extract<StorageConfig, { kind: 's3' }>;

/**
 * S3-compatible object storage through the official AWS SDK: Tencent COS, Cloudflare R2, AWS S3
 * and MinIO all speak this protocol. `public/` is readable at S3_PUBLIC_BASE_URL when the bucket
 * (or its CDN) is set up so; otherwise every URL is a presigned GET.
 * @public Loaded with require() (storage.ts), which the unused-export check cannot follow.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // COS and R2 do not all take the SDK's newer default checksums on every call.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, bytes: Buffer, contentType: string) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: bytes, ContentType: contentType, CacheControl: 'public, max-age=300' }),
    );
  }

  async get(key: string) {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : null;
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async copy(from: string, to: string) {
    await this.client.send(new CopyObjectCommand({ Bucket: this.config.bucket, Key: to, CopySource: `${this.config.bucket}/${from}` }));
  }

  async remove(keys: string[]) {
    if (!keys.length) return;
    await this.client.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
  }

  publicUrl(key: string) {
    return this.config.publicBaseUrl ? `${this.config.publicBaseUrl}/${key}` : null;
  }

  signedUrl(key: string, ttlSeconds: number) {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), { expiresIn: ttlSeconds });
  }
}
