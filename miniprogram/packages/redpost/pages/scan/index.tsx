import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CHECKIN_OPENS_MINUTES, parseCheckinText, type Shift } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { decodeParam } from '../../../../lib/format';
import { replace } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { hoursText, shiftTime } from '../../format';
import '../../redpost.scss';
import { PAGES } from '../../../../../shared/pages';

/** Shifts I can check in or out of right now: confirmed, open for check-in, not yet checked out. */
function scannable(s: Shift, now: number) {
  return (
    s.status === 'published' &&
    s.myStatus === 'confirmed' &&
    !s.myCheckoutAt &&
    new Date(s.startsAt).getTime() - CHECKIN_OPENS_MINUTES * 60_000 <= now
  );
}

export default function ScanPage() {
  const fixedId = decodeParam(useRouter().params.id);
  const mine = useQuery('rp/scan-candidates', async () => {
    if (fixedId) return [await redpostApi.shift(fixedId)];
    const page = await redpostApi.myShifts('upcoming');
    return page.items.filter((s) => scannable(s, Date.now()));
  });
  const [picked, setPicked] = useState<string | undefined>(fixedId);
  const [digits, setDigits] = useState('');
  const [done, setDone] = useState<{ kind: 'in' | 'out'; minutes: number | null } | null>(null);
  const candidates = mine.data ?? [];
  const shift = candidates.find((s) => s.id === picked) ?? (candidates.length === 1 ? candidates[0] : undefined);

  const submit = useMutation(async ({ s, text }: { s: Shift; text: string }) => {
    if (s.myCheckinAt) {
      const r = await redpostApi.checkOut(s.id, text);
      return { kind: 'out' as const, minutes: r.minutes };
    }
    await redpostApi.checkIn(s.id, text);
    return { kind: 'in' as const, minutes: null };
  });

  const send = async (text: string) => {
    const parsed = parseCheckinText(text);
    // A scanned QR names its shift; typed digits go to the shift chosen on the page.
    const target = parsed?.shiftId ? candidates.find((c) => c.id === parsed.shiftId) ?? shift : shift;
    if (!target) {
      void Taro.showToast({ title: '请先选择要签到的班次', icon: 'none' });
      return;
    }
    const r = await submit.run({ s: target, text });
    if (r) setDone(r);
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await send(r.result);
    } catch {
      /* the volunteer closed the camera */
    }
  };

  if (mine.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (mine.error) return <PageRoot><ErrorState error={mine.error} onRetry={mine.reload} /></PageRoot>;

  if (done) {
    return (
      <PageRoot>
        <PageHeader eyebrow="红岗" title={done.kind === 'in' ? '签到成功' : '签退成功'} subtitle={done.kind === 'in' ? '感谢您按时到岗！结束时记得扫码签退。' : `本次服务 ${hoursText(done.minutes)}，已记入您的服务时长。`} />
        <View className="sn-body">
          <Text className="rp-status-banner rp-status-banner--confirmed" data-testid="scan-done">
            {done.kind === 'in' ? '✓ 已签到' : `✓ 已签退 · ${hoursText(done.minutes)}`}
          </Text>
          <View className="rp-actions">
            <Button type="primary" size="large" block onClick={() => replace(PAGES.redpost.home)} data-testid="back-mine">
              返回我的红岗
            </Button>
          </View>
        </View>
      </PageRoot>
    );
  }

  return (
    <PageRoot>
      <PageHeader eyebrow="红岗" title="扫码签到 / 签退" subtitle="扫一扫工作人员手机上的二维码" />
      <View className="sn-body">
        {!candidates.length ? (
          <View className="rp-empty">
            <Text>现在没有可以签到的班次</Text>
            <Text className="rp-note">开始前 {CHECKIN_OPENS_MINUTES} 分钟才能签到，请到岗后再扫。</Text>
          </View>
        ) : (
          <>
            {candidates.length > 1 ? <Text className="rp-note">请先点选您现在值守的班次：</Text> : null}
            {candidates.map((s) => (
              <View key={s.id} className={`sn-card rp-pick ${shift?.id === s.id ? 'rp-pick--on' : ''}`} onClick={() => setPicked(s.id)} data-testid="scan-shift">
                <Text className="sn-title">{s.title}</Text>
                <Text className="rp-note">{shiftTime(s.startsAt, s.endsAt)} · {s.location}</Text>
                <Text className="rp-note">{s.myCheckinAt ? '已签到，这次扫码是签退' : '这次扫码是签到'}</Text>
              </View>
            ))}
            {submit.error ? <Text className="rp-error" data-testid="scan-error">{submit.error.detail}</Text> : null}
            <View className="rp-actions">
              {process.env.TARO_ENV === 'weapp' ? (
                <Button type="primary" size="large" block loading={submit.pending} onClick={scan} data-testid="open-scanner">
                  打开扫一扫
                </Button>
              ) : null}
            </View>
            <View className="sn-card rp-mt">
              <Text className="rp-field__label">{process.env.TARO_ENV === 'weapp' ? '扫不了？输入二维码下方的 6 位数字' : '输入工作人员手机上显示的 6 位数字'}</Text>
              <Input className="sn-form__input rp-code-input" type="number" maxLength={6} value={digits} placeholder="6 位数字" onChange={setDigits} data-testid="code-input" />
              <View className="rp-actions">
                <Button type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'} size="large" block loading={submit.pending} disabled={digits.trim().length !== 6} onClick={() => send(digits)} data-testid="code-submit">
                  {shift?.myCheckinAt ? '确认签退' : '确认签到'}
                </Button>
              </View>
            </View>
          </>
        )}
      </View>
    </PageRoot>
  );
}
