import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro, { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { shiftTime } from '../../format';
import '../../redpost.scss';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(8, 2);
}

/** Staff hold this up at the post: the code changes every minute, so a photo of it is soon useless. */
export default function CheckinCodePage() {
  const gate = usePageGuard('staff');
  // The screen must not dim while volunteers scan it, and only while this page is on screen:
  // the setting outlives the page in WeChat, so it is switched off again on hide.
  useDidShow(() => {
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
  });
  useDidHide(() => {
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined);
  });
  useUnload(() => {
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined);
  });
  const id = decodeParam(useRouter().params.id) ?? '';
  const shift = useQuery(id ? `rp/code-shift/${id}` : null, () => redpostApi.shift(id));
  const code = useQuery(id ? `rp/code/${id}` : null, () => redpostApi.code(id));
  const [left, setLeft] = useState(60);
  const visible = useRef(true);
  useDidHide(() => {
    visible.current = false;
  });
  useDidShow(() => {
    visible.current = true;
  });

  const { data: current, fetching, reload } = code;
  useEffect(() => {
    const timer = setInterval(() => {
      if (!current) return;
      const ms = new Date(current.rotatesAt).getTime() - Date.now();
      setLeft(Math.max(0, Math.ceil(ms / 1000)));
      if (ms <= 0 && visible.current && !fetching) void reload();
    }, 1000);
    return () => clearInterval(timer);
  }, [current, fetching, reload]);

  const qrText = current?.qrText;
  const qr = useMemo(() => (qrText ? qrDataUrl(qrText) : ''), [qrText]);

  if (gate) return gate;
  if (code.loading || shift.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (code.error) return <PageRoot><ErrorState error={code.error} onRetry={code.reload} /></PageRoot>;
  if (!code.data) return <PageRoot><LoadingSkeleton /></PageRoot>;
  const s = shift.data;

  return (
    <PageRoot>
      <View className="sn-body rp-code">
        {s ? (
          <View className="rp-code__head">
            <Text className="sn-title">{s.title}</Text>
            <Text className="rp-note">{shiftTime(s.startsAt, s.endsAt)} · {s.location}</Text>
          </View>
        ) : null}
        <View className="rp-code__card">
          <Text className="rp-code__hint">志愿者请用「石楠邻里」扫码签到 / 签退</Text>
          <Image className="rp-code__qr" src={qr} mode="aspectFit" data-testid="code-qr" />
          <Text className="rp-code__digits" data-testid="code-digits">{code.data.code}</Text>
          <Text className="rp-code__timer">{left > 0 ? `${left} 秒后自动更换` : '正在更换…'}</Text>
        </View>
        <Text className="rp-note">扫不了码的志愿者，可在“扫码签到”页输入上面的 6 位数字。签到码每分钟更换，上一分钟的码仍然有效。</Text>
        <View className="rp-actions">
          <Button size="large" block onClick={() => go(PAGES.redpost.staffRoster, { id })} data-testid="code-roster">
            查看名单与到岗情况
          </Button>
        </View>
      </View>
    </PageRoot>
  );
}
