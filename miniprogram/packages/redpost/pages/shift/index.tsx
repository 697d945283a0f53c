import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { CANCEL_CUTOFF_MINUTES, CHECKIN_OPENS_MINUTES, POST_TYPE_INFO, type Shift } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff, useSession } from '../../../../hooks/use-session';
import { decodeParam } from '../../../../lib/format';
import { requireConsent, requireLogin } from '../../../../lib/guards';
import { go } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { ShiftCard } from '../../components/shift-card';
import { clock, hoursText } from '../../format';
import '../../redpost.scss';
import { askSubscription, prefetchSubscriptionTemplates } from '../../../../lib/subscribe';
import { PAGES } from '../../../../../shared/pages';

prefetchSubscriptionTemplates();

function myBanner(s: Shift): { tone: string; text: string } | null {
  if (s.status === 'cancelled') return { tone: 'cancelled', text: '这个班次已取消，感谢您的关注。' };
  if (s.myStatus === 'confirmed') {
    if (s.myCheckoutAt) return { tone: 'confirmed', text: `已签退，本次服务 ${hoursText(s.myMinutes)}。辛苦了！` };
    if (s.myCheckinAt) return { tone: 'confirmed', text: `已于 ${clock(s.myCheckinAt)} 签到。结束时请扫码签退。` };
    return { tone: 'confirmed', text: '您已报名成功，请按时到岗。' };
  }
  if (s.myStatus === 'waitlisted') {
    return { tone: 'waitlisted', text: `您在候补名单第 ${s.myWaitlistPosition ?? '?'} 位。有人取消时会自动递补，并通知您。` };
  }
  if (s.myStatus === 'cancelled') return { tone: 'cancelled', text: '您已取消报名。' };
  return null;
}

export default function ShiftDetailPage() {
  const id = decodeParam(useRouter().params.id) ?? '';
  const session = useSession();
  const isStaff = useIsStaff();
  const shift = useQuery(id ? `rp/shift/${id}/${session?.user.id ?? ''}` : null, () => redpostApi.shift(id), { reloadOnShow: true });
  const signUp = useMutation((_: void, key: string) => redpostApi.signUp(id, key));
  const cancel = useMutation(() => redpostApi.cancelSignup(id));
  const cancelShift = useMutation(() => redpostApi.cancelShift(id, '工作安排调整'));

  if (shift.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (shift.error || !shift.data) return <PageRoot>{shift.error ? <ErrorState error={shift.error} onRetry={shift.reload} /> : null}</PageRoot>;
  const s = shift.data;
  const now = Date.now();
  const started = new Date(s.startsAt).getTime() <= now;
  const ended = new Date(s.endsAt).getTime() <= now;
  const checkinOpen = new Date(s.startsAt).getTime() - CHECKIN_OPENS_MINUTES * 60_000 <= now && !ended;
  const active = s.status === 'published';
  const signedUp = s.myStatus === 'confirmed' || s.myStatus === 'waitlisted';
  const full = s.confirmedCount >= s.capacity;
  const banner = myBanner(s);

  const onSignUp = async () => {
    if (!requireLogin()) return;
    if (!session?.user.volunteer) {
      // Registration sends a real name: consent first, so the detour comes back here.
      if (!requireConsent(`${PAGES.redpost.shift}?id=${encodeURIComponent(id)}`)) return;
      go(PAGES.redpost.register, { then: id });
      return;
    }
    // Asked at the tap, as WeChat requires: the day-before reminder, promotion off the waitlist, cancellation.
    void askSubscription(['shift_reminder', 'waitlist_promoted', 'shift_cancelled']);
    const r = await signUp.run(undefined);
    if (!r) return;
    shift.setData(r.shift);
    void Taro.showToast({ title: r.status === 'confirmed' ? '报名成功' : '已加入候补', icon: 'success' });
  };
  const onCancel = async () => {
    const ok = await Taro.showModal({ title: '取消报名', content: s.myStatus === 'confirmed' ? '确定取消吗？您的名额会让给候补的志愿者。' : '确定退出候补吗？', confirmText: '确定取消', cancelText: '再想想' });
    if (!ok.confirm) return;
    const r = await cancel.run(undefined);
    if (!r) return;
    shift.setData(r.shift);
    void Taro.showToast({ title: '已取消报名', icon: 'none' });
  };
  const onCancelShift = async () => {
    const ok = await Taro.showModal({ title: '取消班次', content: `确定取消“${s.title}”吗？已报名的 ${s.confirmedCount + s.waitlistCount} 位志愿者都会收到通知。`, confirmText: '取消班次', cancelText: '不取消' });
    if (!ok.confirm) return;
    const r = await cancelShift.run(undefined);
    if (r) shift.setData(r);
  };
  const error = signUp.error ?? cancel.error ?? cancelShift.error;

  return (
    <PageRoot>
      <View className="sn-body">
        <ShiftCard shift={s} />
        {banner ? (
          <Text className={`rp-status-banner rp-status-banner--${banner.tone}`} data-testid="my-banner">
            {banner.text}
          </Text>
        ) : null}
        <View className="sn-card rp-mt">
          <Text className="sn-title">{POST_TYPE_INFO[s.postType].name} · {POST_TYPE_INFO[s.postType].duty}</Text>
          <Text className="rp-note">{POST_TYPE_INFO[s.postType].description}</Text>
          {s.notes ? <Text className="rp-note">注意事项：{s.notes}</Text> : null}
          <Text className="rp-note">开始前 {CHECKIN_OPENS_MINUTES} 分钟可扫码签到；开始前 {CANCEL_CUTOFF_MINUTES / 60} 小时内不能取消报名。</Text>
        </View>
        {error ? <Text className="rp-error" data-testid="action-error">{error.detail}</Text> : null}
        <View className="rp-actions">
          {active && !signedUp && !started ? (
            <Button type="primary" size="large" block loading={signUp.pending} onClick={onSignUp} data-testid="signup">
              {full ? '满员了，加入候补' : '报名参加'}
            </Button>
          ) : null}
          {active && s.myStatus === 'confirmed' && !s.myCheckinAt && checkinOpen ? (
            <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.scan, { id: s.id })} data-testid="go-checkin">
              扫码签到
            </Button>
          ) : null}
          {active && s.myStatus === 'confirmed' && s.myCheckinAt && !s.myCheckoutAt ? (
            <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.scan, { id: s.id })} data-testid="go-checkout">
              扫码签退
            </Button>
          ) : null}
          {s.canCancel ? (
            <Button size="large" block loading={cancel.pending} onClick={onCancel} data-testid="cancel-signup">
              {s.myStatus === 'waitlisted' ? '退出候补' : '取消报名'}
            </Button>
          ) : null}
          {isStaff ? (
            <>
              <Text className="rp-note">工作人员操作</Text>
              {active && !ended ? (
                <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.staffCode, { id: s.id })} data-testid="show-code">
                  出示签到码
                </Button>
              ) : null}
              <Button size="large" block onClick={() => go(PAGES.redpost.staffRoster, { id: s.id })} data-testid="open-roster">
                名单与考勤
              </Button>
              {active && !started ? (
                <Button size="large" block onClick={() => go(PAGES.redpost.staffEdit, { id: s.id })} data-testid="edit-shift">
                  修改班次
                </Button>
              ) : null}
              {active && !ended ? (
                <Button size="large" block fill="outline" loading={cancelShift.pending} onClick={onCancelShift} data-testid="cancel-shift">
                  取消班次
                </Button>
              ) : null}
            </>
          ) : null}
        </View>
      </View>
    </PageRoot>
  );
}
