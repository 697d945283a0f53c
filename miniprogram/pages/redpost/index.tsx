import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageHeader } from '../../components/page-header';
import { PageRoot } from '../../components/page-root';
import { Section } from '../../components/section';
import { useBadges } from '../../hooks/use-badges';
import { useQuery } from '../../hooks/use-query';
import { useIsStaff, useSession } from '../../hooks/use-session';
import { go } from '../../lib/navigate';
import { redpostTabApi as redpostApi } from './data';
import { ShiftCard } from '../../packages/redpost/components/shift-card';
import { RED_POSTS } from './post-types';
import './index.scss';
import { PAGES } from '../../../shared/pages';

export default function RedpostPage() {
  const session = useSession();
  const isStaff = useIsStaff();
  const volunteer = session?.user.volunteer;
  const badges = useBadges();
  const pool = session ? (badges?.poolOrders ?? null) : null;
  const posts = useQuery('rp/posts', () => redpostApi.posts(), { reloadOnShow: true });
  const soon = useQuery(`rp/soon/${session?.user.id ?? ''}`, () => redpostApi.shifts({}), { reloadOnShow: true });
  const counts = new Map((posts.data ?? []).map((p) => [p.type, p.upcomingShifts]));

  return (
    <PageRoot className="redpost">
      <PageHeader eyebrow="在职党员 · 志愿服务" title="红岗" subtitle="报名值守、扫码签到，服务时长自动记录" />
      <View className="sn-body">
        <View className="sn-card redpost__me">
          <View className="redpost__me-text">
            <Text className="sn-title">{volunteer ? volunteer.realName : '成为红岗志愿者'}</Text>
            <Text className="sn-muted">{volunteer ? '感谢您的付出！查看班次和服务时长' : '登记志愿者信息后即可报名班次'}</Text>
          </View>
          <Button type="primary" className="redpost__me-btn" onClick={() => go(PAGES.redpost.home)} data-testid="redpost-mine">
            {volunteer ? '我的红岗' : '去登记'}
          </Button>
        </View>
        {pool !== null ? (
          <View className="sn-card redpost__me redpost__staff" onClick={() => go(PAGES.requests.hub, { scope: 'available' })} data-testid="redpost-pool">
            <View className="redpost__me-text">
              <Text className="sn-title">待接订单</Text>
              <Text className="sn-muted">{pool ? '居民下的服务单，等您接单' : '暂时没有等待接单的服务'}</Text>
            </View>
            <Text className="redpost__pool-count" data-testid="redpost-pool-count">
              {pool} 单 ›
            </Text>
          </View>
        ) : null}
        {isStaff ? (
          <View className="sn-card redpost__staff">
            <Text className="sn-title">工作人员</Text>
            <View className="redpost__staff-buttons">
              <Button type="primary" onClick={() => go(PAGES.redpost.staffEdit)} data-testid="staff-publish">
                发布班次
              </Button>
              <Button onClick={() => go(PAGES.redpost.shifts)} data-testid="staff-shifts">
                班次与名单
              </Button>
              <Button onClick={() => go(PAGES.redpost.staffVolunteers)} data-testid="staff-volunteers">
                星级评定
              </Button>
            </View>
          </View>
        ) : null}
        <Section title="五大红岗" action="全部班次" onAction={() => go(PAGES.redpost.shifts)}>
          {RED_POSTS.map((p) => (
            <View className="redpost__post" key={p.type} data-testid={`post-${p.type}`} onClick={() => go(PAGES.redpost.shifts, { postType: p.type })}>
              <View className="redpost__badge">
                <Text className="redpost__badge-text">{p.name.slice(1)}</Text>
              </View>
              <View className="redpost__post-text">
                <View className="redpost__post-head">
                  <Text className="redpost__post-name">{p.name}</Text>
                  <Text className="redpost__post-focus">{p.focus}</Text>
                </View>
                <Text className="redpost__post-desc">{p.description}</Text>
                {counts.has(p.type) ? (
                  <Text className="redpost__post-count">{counts.get(p.type) ? `${counts.get(p.type)} 个班次招募中 ›` : '暂无班次'}</Text>
                ) : null}
              </View>
            </View>
          ))}
        </Section>
        {soon.data?.items.length ? (
          <Section title="近期班次" action="更多" onAction={() => go(PAGES.redpost.shifts)}>
            {soon.data.items.slice(0, 3).map((s) => (
              <ShiftCard key={s.id} shift={s} onClick={() => go(PAGES.redpost.shift, { id: s.id })} />
            ))}
          </Section>
        ) : null}
      </View>
    </PageRoot>
  );
}
