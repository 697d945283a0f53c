import { Image, Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import { PHOTO_LIMIT } from '../../../../shared/uploads';
import { pickPhotos, previewPhotos, uploadPhoto, type PickedPhoto } from '../upload';
import './photo-picker.scss';

interface Slot extends PickedPhoto {
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  id?: string;
  url?: string;
  error?: string;
}

/**
 * The photos of one form: each uploads as soon as it is chosen (so submitting is quick), shows
 * its progress, can be retried when it failed and removed at any time. `ids` are the uploaded
 * ones in the order shown, for the form's `photoIds`.
 */
export function usePhotoUploads(limit = PHOTO_LIMIT) {
  const [slots, setSlots] = useState<Slot[]>([]);
  const current = useRef<Slot[]>([]);
  const set = useCallback((fn: (s: Slot[]) => Slot[]) => {
    setSlots((prev) => {
      const next = fn(prev);
      current.current = next;
      return next;
    });
  }, []);
  const patch = useCallback((key: string, p: Partial<Slot>) => set((s) => s.map((x) => (x.key === key ? { ...x, ...p } : x))), [set]);

  const send = useCallback(
    (photo: PickedPhoto) => {
      uploadPhoto(photo, (progress) => patch(photo.key, { progress }))
        .then((r) => patch(photo.key, { status: 'done', progress: 100, id: r.id, url: r.url }))
        .catch((err: { detail?: string }) => patch(photo.key, { status: 'failed', error: err?.detail ?? '上传失败' }));
    },
    [patch],
  );

  const add = useCallback(async () => {
    const picked = await pickPhotos(limit - current.current.length);
    if (!picked.length) return;
    set((s) => [...s, ...picked.map((p): Slot => ({ ...p, status: 'uploading', progress: 0 }))].slice(0, limit));
    picked.forEach(send);
  }, [limit, send, set]);

  const retry = useCallback(
    (key: string) => {
      const slot = current.current.find((x) => x.key === key);
      if (!slot) return;
      patch(key, { status: 'uploading', progress: 0, error: undefined });
      send(slot);
    },
    [patch, send],
  );
  const remove = useCallback((key: string) => set((s) => s.filter((x) => x.key !== key)), [set]);
  const reset = useCallback(() => set(() => []), [set]);

  return {
    slots,
    add,
    retry,
    remove,
    reset,
    limit,
    ids: slots.filter((s) => s.status === 'done' && s.id).map((s) => s.id!),
    busy: slots.some((s) => s.status === 'uploading'),
    failed: slots.some((s) => s.status === 'failed'),
  };
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>;

export function PhotoPicker({ uploads, hint }: { uploads: PhotoUploads; hint?: string }) {
  const { slots, limit } = uploads;
  const shown = slots.filter((s) => s.status === 'done').map((s) => s.path);
  return (
    <View className="fb-picker" data-testid="photo-picker">
      <View className="fb-picker__grid">
        {slots.map((s) => (
          <View key={s.key} className={`fb-picker__cell fb-picker__cell--${s.status}`} data-testid={`photo-slot-${s.status}`}>
            <Image
              className="fb-picker__img"
              src={s.path}
              mode="aspectFill"
              onClick={() => (s.status === 'failed' ? uploads.retry(s.key) : s.status === 'done' ? previewPhotos(shown, s.path) : undefined)}
            />
            {s.status === 'uploading' ? (
              <View className="fb-picker__mask">
                <Text>{s.progress}%</Text>
              </View>
            ) : null}
            {s.status === 'failed' ? (
              <View className="fb-picker__mask fb-picker__mask--failed" data-testid="photo-retry" onClick={() => uploads.retry(s.key)}>
                <Text>上传失败</Text>
                <Text>点此重试</Text>
              </View>
            ) : null}
            <Text className="fb-picker__remove" data-testid="photo-remove" aria-label="删除这张照片" onClick={() => uploads.remove(s.key)}>
              ×
            </Text>
          </View>
        ))}
        {slots.length < limit ? (
          <View className="fb-picker__add" data-testid="photo-add" aria-label="添加照片" onClick={() => void uploads.add()}>
            <Text className="fb-picker__plus">+</Text>
            <Text className="fb-picker__add-text">拍照/相册</Text>
          </View>
        ) : null}
      </View>
      <Text className="sn-muted">
        {hint ?? `最多 ${limit} 张。`}照片上传前会去掉拍摄地点等信息。
      </Text>
      {slots.find((s) => s.status === 'failed')?.error ? <Text className="sn-form__error">{slots.find((s) => s.status === 'failed')!.error}</Text> : null}
    </View>
  );
}
