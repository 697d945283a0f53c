import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { ShiftCard } from '../../components/shift-card';
import { stars } from '../../format';
import '../../redpost.scss';
import { PAGES } from '../../../../../shared/pages';

/** 我的红岗: my hours and stars, my shifts, and the way to the scanner and the yearly record. */
export default function MyRedpostPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const profile = useQuery(session ? `rp/profile/${session.user.id}` : null, () => redpostApi.profile(), { reloadOnShow: true });
  const registered = profile.data !== undefined;
  const shifts = useQuery(registered ? `rp/mine/${when}` : null, () => redpostApi.myShifts(when), { reloadOnShow: true });

  if (gate) return gate;
  if (!session) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (profile.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  const notRegistered = profile.error?.code === 'VOLUNTEER_PROFILE_NOT_FOUND';
  if (profile.error && !notRegistered) return <PageRoot><ErrorState error={profile.error} onRetry={profile.reload} /></PageRoot>;

  if (notRegistered || !profile.data) {
    return (
      <PageRoot>
        <PageHeader eyebrow="我的红岗" title="成为红岗志愿者" subtitle="登记后即可报名值守，服务时长自动记录" />
        <View className="sn-body">
          <View className="sn-card">
            <Text className="sn-title">如何参加红岗</Text>
            <Text className="rp-note">1. 登记志愿者信息（在职党员请填写工作单位，向社区报到）</Text>
            <Text className="rp-note">2. 选择班次报名，满员后可候补，有人取消自动递补</Text>
            <Text className="rp-note">3. 到岗后扫工作人员出示的签到码，签到、签退</Text>
            <Text className="rp-note">4. 服务时长自动累计，每年评定星级，形成年度档案</Text>
            <View className="rp-actions">
              <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.register)} data-testid="go-register">
                登记志愿者信息
              </Button>
              <Button size="large" block onClick={() => go(PAGES.redpost.shifts)}>
                先看看有哪些班次
              </Button>
            </View>
          </View>
        </View>
      </PageRoot>
    );
  }

  const p = profile.data;
  return (
    <PageRoot>
      <PageHeader eyebrow={p.isPartyMember ? '党员志愿者' : '红岗志愿者'} title={p.realName} subtitle={p.workUnit ? `在职党员 · ${p.workUnit}` : '感谢您的付出！'} />
      <View className="sn-body">
        <View className="sn-card">
          <View className="rp-stats">
            <View className="rp-stat">
              <Text className="rp-stat__num" data-testid="hours-year">{p.hoursThisYear}</Text>
              <Text className="rp-stat__label">今年服务（小时）</Text>
            </View>
            <View className="rp-stat">
              <Text className="rp-stat__num" data-testid="hours-total">{p.hoursTotal}</Text>
              <Text className="rp-stat__label">累计服务（小时）</Text>
            </View>
          </View>
          {p.starsByYear.length ? (
            <Text className="rp-note">
              星级评定：{p.starsByYear.slice(0, 2).map((s) => `${s.year} 年 ${stars(s.stars)}`).join('　')}
            </Text>
          ) : null}
          <View className="rp-actions">
            <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.scan)} data-testid="go-scan">
              扫码签到 / 签退
            </Button>
            <Button size="large" block onClick={() => go(PAGES.redpost.shifts)} data-testid="go-shifts">
              找班次报名
            </Button>
            <Button size="large" block onClick={() => go(PAGES.redpost.record)} data-testid="go-record">
              我的年度档案
            </Button>
            <Button size="large" block fill="none" onClick={() => go(PAGES.redpost.register)}>
              修改志愿者信息
            </Button>
          </View>
        </View>
        <Section title="我的班次">
          <View className="rp-chips">
            <Text className={`rp-chip ${when === 'upcoming' ? 'rp-chip--on' : ''}`} onClick={() => setWhen('upcoming')}>即将参加</Text>
            <Text className={`rp-chip ${when === 'past' ? 'rp-chip--on' : ''}`} onClick={() => setWhen('past')}>已经结束</Text>
          </View>
          {shifts.loading ? <LoadingSkeleton blocks={2} /> : null}
          {shifts.error ? <ErrorState error={shifts.error} onRetry={shifts.reload} /> : null}
          {shifts.data && !shifts.data.items.length ? (
            <View className="rp-empty">
              <Text>{when === 'upcoming' ? '还没有报名的班次' : '还没有参加过的班次'}</Text>
            </View>
          ) : null}
          {shifts.data?.items.map((s) => <ShiftCard key={s.id} shift={s} onClick={() => go(PAGES.redpost.shift, { id: s.id })} />)}
        </Section>
      </View>
    </PageRoot>
  );
}
