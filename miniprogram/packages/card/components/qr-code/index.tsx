import { View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import './index.scss';

/**
 * The QR code drawn as a grid of Views: the same markup renders on weapp and H5 with no
 * canvas or image API, and stays sharp at any size. Error correction M survives a
 * scratched phone screen; the quiet zone is the white padding around the grid.
 */
export function QrCode({ value, label }: { value: string; label?: string }) {
  const rows = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(value);
    qr.make();
    const n = qr.getModuleCount();
    return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
  }, [value]);
  return (
    <View className="sn-qr" data-testid="card-qr" data-modules={rows.length} aria-label={label ?? '二维码'} role="img">
      {rows.map((row, r) => (
        <View className="sn-qr__row" key={r}>
          {row.map((dark, c) => (
            <View key={c} className={dark ? 'sn-qr__cell sn-qr__cell--dark' : 'sn-qr__cell'} />
          ))}
        </View>
      ))}
    </View>
  );
}
