import Taro from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Comment, HeartF, Message, Order, Setting, ShieldCheck, Star } from '@nutui/icons-react-taro';
import { ROLE_NAMES } from '../../../shared/roles';
import { refreshMe, wechatLogin } from '../../api/auth';
import { MenuList, type MenuItem } from '../../components/menu-list';
import { PageRoot } from '../../components/page-root';
import { useBadges } from '../../hooks/use-badges';
import { useElderMode } from '../../hooks/use-elder-mode';
import { useQuery } from '../../hooks/use-query';
import { useIsStaff, useSession } from '../../hooks/use-session';
import { go } from '../../lib/navigate';
import { clearSession } from '../../lib/session';
import './index.scss';
import { PAGES } from '../../../shared/pages';

function logIn() {
  if (process.env.TARO_ENV === 'weapp') void wechatLogin().catch(() => undefined);
  else go(PAGES.account.login, { redirect: PAGES.tabs.mine });
}

/** A red count pill (99+ at most), read out with its unit. */
function Count({ n, label }: { n: number; label: string }) {
  return (
    <Text className="sn-count" aria-label={`${n} ${label}`} data-testid="count">
      {n > 99 ? '99+' : n}
    </Text>
  );
}

export default function MinePage() {
  const session = useSession();
  const isStaff = useIsStaff();
  const [elder, setElder] = useElderMode();
  const user = session?.user;
  const badges = useBadges();
  const unread = user ? (badges?.unreadMessages ?? 0) : 0;
  const pool = user ? (badges?.poolOrders ?? null) : null;
  // Role, volunteer profile and consent can change on the server (staff grant roles).
  useQuery(session ? `me:${session.token}` : null, () => refreshMe({ silent: true }), { reloadOnShow: true });

  const items: MenuItem[] = [
    // A confirmed volunteer's open pool, with how many wait in it.
    ...(pool !== null
      ? [{ key: 'pool', title: '待接订单', description: pool ? `${pool} 单等待志愿者接单` : '暂时没有等待接单的服务', icon: <Order />, extra: pool ? <Count n={pool} label="单待接" /> : null, onClick: () => go(PAGES.requests.hub, { scope: 'available' }) }]
      : []),
    { key: 'card', title: '我的亲情卡', description: '地址、紧急联系人和网格员', icon: <HeartF />, onClick: () => go(PAGES.card.index) },
    { key: 'requests', title: '我的服务订单', description: '下过的单和办理进度', icon: <Order />, onClick: () => go(PAGES.requests.hub, { scope: 'mine' }) },
    { key: 'feedback', title: '我的问题反馈', description: '反映的问题和整改结果', icon: <Comment />, onClick: () => go(PAGES.feedback.wall, { scope: 'mine' }) },
    {
      key: 'shifts',
      title: '我的红岗班次与时长',
      description: user?.volunteer ? '报名的班次、签到和服务时长' : '登记成为志愿者后可报名',
      icon: <Star />,
      onClick: () => go(PAGES.redpost.home),
    },
    {
      key: 'messages',
      title: '消息',
      description: unread ? `${unread} 条未读` : '派单、回复、值班提醒',
      icon: <Message />,
      extra: unread ? <Count n={unread} label="条未读消息" /> : null,
      onClick: () => go(PAGES.account.messages),
    },
    { key: 'privacy', title: '隐私与数据', description: '收集了什么、导出或删除', icon: <ShieldCheck />, onClick: () => go(PAGES.account.privacy) },
  ];

  const confirmLogout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '退出后需要重新登录才能查看您的记录。', confirmText: '退出', cancelText: '取消', confirmColor: '#c8102e' });
    if (confirm) clearSession();
  };

  return (
    <PageRoot className="mine">
      <View className="mine__profile">
        <View className="mine__avatar">
          <Text>{user ? user.displayName.slice(0, 1) : '邻'}</Text>
        </View>
        {user ? (
          <View className="mine__who">
            <Text className="mine__name" data-testid="mine-name">
              {user.displayName}
            </Text>
            <View className="mine__meta">
              <Text className="mine__role" data-testid="mine-role">
                {ROLE_NAMES[user.role]}
              </Text>
              {user.phoneMasked ? <Text className="mine__phone">{user.phoneMasked}</Text> : null}
            </View>
          </View>
        ) : (
          <View className="mine__who">
            <Text className="mine__name">您还没有登录</Text>
            <Text className="mine__hint">登录后查看您的亲情卡、订单和反馈</Text>
          </View>
        )}
        {user ? null : (
          <Button className="mine__login" onClick={logIn} data-testid="mine-login">
            登录
          </Button>
        )}
      </View>

      <View className="sn-body">
        {isStaff ? (
          <MenuList
            items={[
              {
                key: 'staff',
                title: '工作台',
                description: '派单、回复问题、排班与统计',
                icon: <Setting />,
                extra: user ? <Text className="mine__staff-tag">{ROLE_NAMES[user.role]}</Text> : null,
                onClick: () => go(PAGES.staff.desk),
              },
            ]}
          />
        ) : null}

        <MenuList items={items} />

        <View className="mine__elder" data-testid="elder-row">
          <View className="mine__elder-text">
            <Text className="mine__elder-title">大字模式</Text>
            <Text className="mine__elder-desc">字更大、按钮更大，看得清、点得准</Text>
          </View>
          {/* WeChat's own switch: NutUI's would add its code and styles to the main package every user downloads first. */}
          <Switch checked={elder} color="#c8102e" onChange={(e) => setElder(e.detail.value)} className="mine__switch" aria-label="大字模式" data-testid="elder-switch" />
        </View>

        {user ? (
          <Button block className="mine__logout" onClick={confirmLogout} data-testid="logout">
            退出登录
          </Button>
        ) : null}
      </View>
    </PageRoot>
  );
}
