import { Image, View } from '@tarojs/components';
import type { Photo } from '../../../../shared/uploads';
import { mediaUrl, previewPhotos } from '../upload';
import './photo-strip.scss';

/** A row of thumbnails; a tap opens them full screen. Renders nothing without photos. */
export function PhotoStrip({ photos, small, testId = 'photo-strip' }: { photos: Photo[]; small?: boolean; testId?: string }) {
  if (!photos.length) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View className={`fb-photos ${small ? 'fb-photos--small' : ''}`} data-testid={testId}>
      {photos.map((p, i) => (
        <Image
          key={p.thumbUrl}
          className="fb-photos__img"
          src={mediaUrl(p.thumbUrl)}
          mode="aspectFill"
          lazyLoad
          data-testid="photo-thumb"
          aria-label={`照片 ${i + 1}，点按查看大图`}
          onClick={(e) => {
            e.stopPropagation();
            previewPhotos(urls, p.url);
          }}
        />
      ))}
    </View>
  );
}
