import Taro from '@tarojs/taro';
import { API_ORIGIN } from '../../api/client';
import { ApiError, networkError, problemToError } from '../../api/errors';
import { getSession } from '../../lib/session';
import { UPLOAD_FIELD, UploadResponseSchema, type UploadResponse } from '../../../shared/uploads';

/** Photo URLs from the local server are paths on the API's origin; object storage gives whole URLs. */
export const mediaUrl = (u: string) => (u.startsWith('/') ? `${API_ORIGIN}${u}` : u);

/** A photo chosen on the phone, before and while it uploads. */
export interface PickedPhoto {
  key: string;
  /** What an <Image> can show at once: a temp file path (weapp) or a blob: URL (H5). */
  path: string;
  /** H5 only: the (compressed) bytes to send. */
  blob?: Blob;
}

let seq = 0;
const newKey = () => `p${Date.now().toString(36)}${++seq}`;

/** The longest side a photo is sent at on H5; weapp's chooseMedia compresses itself. */
const H5_MAX_SIDE = 2048;
const H5_COMPRESS_ABOVE = 800 * 1024;

/** Album or camera, up to `max`. Resolves [] when the user cancels. */
export async function pickPhotos(max: number): Promise<PickedPhoto[]> {
  if (max <= 0) return [];
  if (process.env.TARO_ENV === 'h5') return pickOnH5(max);
  try {
    // 'compressed' is also what makes an iPhone's HEIC arrive as a JPEG.
    const r = await Taro.chooseMedia({ count: max, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    return r.tempFiles.map((f) => ({ key: newKey(), path: f.tempFilePath }));
  } catch {
    return [];
  }
}

/** H5: the browser's own picker (album or camera on a phone), then a canvas re-encode of large photos. */
function pickOnH5(max: number): Promise<PickedPhoto[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = max > 1;
    input.style.display = 'none';
    input.setAttribute('data-testid', 'photo-file-input');
    document.body.appendChild(input);
    const done = (photos: PickedPhoto[]) => {
      input.remove();
      resolve(photos);
    };
    input.addEventListener('cancel', () => done([]));
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, max);
      void Promise.all(files.map(async (f) => {
        const blob = await compressOnH5(f);
        return { key: newKey(), path: URL.createObjectURL(blob), blob };
      })).then(done);
    });
    input.click();
  });
}

async function compressOnH5(file: File): Promise<Blob> {
  if (file.size <= H5_COMPRESS_ABOVE || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, H5_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    // A format the browser cannot draw (HEIC on most desktops): the server says what it takes.
    return file;
  }
}

function parseAnswer(status: number, text: string): UploadResponse {
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (status !== 201) throw problemToError(status, data);
  const parsed = UploadResponseSchema.safeParse(data);
  if (!parsed.success) throw new ApiError({ status, code: 'BAD_RESPONSE', detail: '服务返回的数据有误，请稍后再试' });
  return parsed.data;
}

/**
 * POST /api/uploads with the photo in the `file` field: wx.uploadFile on weapp, XHR with
 * FormData on H5 (both report progress). Throws ApiError; the caller offers a retry.
 */
export function uploadPhoto(photo: PickedPhoto, onProgress: (percent: number) => void): Promise<UploadResponse> {
  const token = getSession()?.token;
  const url = `${API_ORIGIN}/api/uploads`;
  if (process.env.TARO_ENV === 'h5' && photo.blob) {
    const blob = photo.blob;
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        try {
          resolve(parseAnswer(xhr.status, xhr.responseText));
        } catch (err) {
          reject(err);
        }
      };
      xhr.onerror = () => reject(networkError());
      xhr.ontimeout = () => reject(networkError());
      xhr.timeout = 60_000;
      const form = new FormData();
      form.append(UPLOAD_FIELD, blob, blob instanceof File ? blob.name : 'photo.jpg');
      xhr.send(form);
    });
  }
  return new Promise((resolve, reject) => {
    const task = Taro.uploadFile({
      url,
      filePath: photo.path,
      name: UPLOAD_FIELD,
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: 60_000,
      success: (res) => {
        try {
          resolve(parseAnswer(res.statusCode, String(res.data ?? '')));
        } catch (err) {
          reject(err);
        }
      },
      fail: () => reject(networkError()),
    });
    task?.onProgressUpdate?.((e) => onProgress(e.progress));
  });
}

/** Full screen, swipe between them: WeChat's own viewer (Taro's on H5). */
export function previewPhotos(urls: string[], current: string): void {
  void Taro.previewImage({ urls: urls.map(mediaUrl), current: mediaUrl(current) });
}
