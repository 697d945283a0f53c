import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Articles, Comment, HeartF, Service, Star, Weixin, Setting, ArrowRight } from '@nutui/icons-react-taro';
import { ROLE_NAMES } from '../../../shared/roles';
import { EntryGrid, EntryTile } from '../../components/entry-grid';
import { PageHeader } from '../../components/page-header';
import { PageRoot } from '../../components/page-root';
import { Section } from '../../components/section';
import { useBadges } from '../../hooks/use-badges';
import { useIsStaff, useSession } from '../../hooks/use-session';
import { useStreetSettings } from '../../hooks/use-street-settings';
import { HomeNeighbourWidgets } from '../handbook/home-widgets';
import { greetingNow } from '../../lib/greeting';
import { go } from '../../lib/navigate';
import './index.scss';
import { PAGES } from '../../../shared/pages';

export default function HomePage() {
  // Keeps the 我的 tab's unread count current whichever tab the user opens.
  useBadges();
  const session = useSession();
  const isStaff = useIsStaff();
  const name = session?.user.displayName;
  const street = useStreetSettings();

  return (
    <PageRoot className="home">
      <PageHeader
        eyebrow={`${street.streetName} · 邻里服务`}
        title={name ? `${greetingNow()}，${name}` : `${greetingNow()}，街坊邻居`}
        subtitle="一本书、一张卡、一个号，有事找社区"
        extra={
          session ? (
            <Text className="home__role">{ROLE_NAMES[session.user.role]}</Text>
          ) : (
            <Text className="home__login" onClick={() => go(PAGES.account.login)} data-testid="home-login">
              登录
            </Text>
          )
        }
      />
      <View className="sn-body">
        {isStaff ? (
          <View className="home__staff" hoverClass="home__staff--pressed" onClick={() => go(PAGES.staff.desk)} data-testid="home-staff">
            <View className="home__staff-icon">
              <Setting />
            </View>
            <View className="home__staff-text">
              <Text className="home__staff-title">工作台</Text>
              <Text className="home__staff-desc">派单、回复问题、排班与统计</Text>
            </View>
            <ArrowRight className="home__staff-arrow" />
          </View>
        ) : null}

        <EntryGrid>
          <EntryTile testId="tile-handbook" tone="red" icon={<Articles />} title="服务手册" description="办事指南、材料与电话" onClick={() => go(PAGES.tabs.handbook)} />
          <EntryTile testId="tile-card" tone="gold" icon={<HeartF />} title="邻里亲情卡" description="紧急联系人一键呼叫" onClick={() => go(PAGES.card.index)} />
          <EntryTile testId="tile-requests" tone="teal" icon={<Service />} title="菜单式服务" description="群众下单，党员接单" onClick={() => go(PAGES.requests.hub)} />
          <EntryTile testId="tile-redpost" tone="red" icon={<Star />} title="红岗" description="志愿服务，报名值守" onClick={() => go(PAGES.tabs.redpost)} />
          <EntryTile testId="tile-feedback" tone="blue" icon={<Comment />} title="问题墙·回音壁" description="反映问题，看整改结果" onClick={() => go(PAGES.feedback.wall)} />
          <EntryTile testId="tile-links" tone="green" icon={<Weixin />} title="街道公众号" description="通知公告与活动文章" onClick={() => go(PAGES.links.index)} />
        </EntryGrid>

        <HomeNeighbourWidgets />

        <Section title="我们这样为您服务">
          <View className="home__steps">
            {[
              ['群众下单', '在“菜单式服务”里选择需要的服务'],
              ['社区派单', '社区工作人员确认并派给志愿者'],
              ['党员接单', '在职党员、志愿者上门服务'],
              ['群众评价', '服务完成后，您来打分'],
            ].map(([title, desc], i) => (
              <View className="home__step" key={title}>
                <Text className="home__step-no">{i + 1}</Text>
                <View className="home__step-text">
                  <Text className="home__step-title">{title}</Text>
                  <Text className="home__step-desc">{desc}</Text>
                </View>
              </View>
            ))}
          </View>
        </Section>

        <View className="sn-card home__hotline" hoverClass="home__hotline--pressed" onClick={() => void Taro.makePhoneCall({ phoneNumber: street.hotline.replace(/[\s-]/g, '') }).catch(() => undefined)} data-testid="home-hotline">
          {street.logoUrl ? <Image className="home__hotline-logo" src={street.logoUrl} mode="aspectFit" /> : null}
          <View className="home__hotline-text">
            <Text className="home__hotline-title">{street.streetName}服务热线</Text>
            <Text className="home__hotline-no">{street.hotline}</Text>
            <Text className="home__hotline-hours">{street.serviceHours}</Text>
          </View>
          <Text className="home__hotline-call">拨打</Text>
        </View>

        <View className="home__footer">
          <Text>{street.streetName}办事处 · 社区党群服务中心</Text>
        </View>
      </View>
    </PageRoot>
  );
}
