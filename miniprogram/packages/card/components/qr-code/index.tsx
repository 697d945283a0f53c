import { Image, View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import './index.scss';

/** Pixels per module in the generated GIF: whole pixels keep the edges sharp when scaled. */
const CELL = 10;

/**
 * The QR code as one image (a GIF data URL from qrcode-generator), not a grid of ~1,000
 * Views: WeChat renders and diffs one node instead of a thousand, on the slowest phones too.
 * Error correction M survives a scratched phone screen; the quiet zone is the white
 * padding around the image.
 */
export function QrCode({ value, label }: { value: string; label?: string }) {
  const qr = useMemo(() => {
    const q = qrcode(0, 'M');
    q.addData(value);
    q.make();
    return { modules: q.getModuleCount(), src: q.createDataURL(CELL, 0) };
  }, [value]);
  return (
    <View className="sn-qr" data-testid="card-qr" data-modules={qr.modules} aria-label={label ?? '二维码'} role="img">
      <Image className="sn-qr__img" src={qr.src} mode="scaleToFill" showMenuByLongpress={false} data-testid="card-qr-image" />
    </View>
  );
}
