import { Text, View } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import { Phone, LocationF, Clock, Order, Check, Edit } from '@nutui/icons-react-taro';
import { useRouter } from '@tarojs/taro';
import type { ReactNode } from 'react';
import { handbookApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { ActionBar } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff } from '../../../../hooks/use-session';
import { callPhone } from '../../../../lib/device';
import { go } from '../../../../lib/navigate';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

function Block({ icon, title, children, testId }: { icon: ReactNode; title: string; children: ReactNode; testId?: string }) {
  return (
    <View className="hb-entry__block" data-testid={testId}>
      <View className="hb-entry__block-head">
        <View className="hb-entry__block-icon">{icon}</View>
        <Text className="hb-entry__block-title">{title}</Text>
      </View>
      <Text className="hb-entry__block-text">{children}</Text>
    </View>
  );
}

export default function HandbookEntryPage() {
  const id = useRouter().params.id ?? '';
  const isStaff = useIsStaff();
  const entry = useQuery(id ? `handbook/entry/${id}` : null, () => handbookApi.get(id), { reloadOnShow: true });
  const e = entry.data;

  const call = () => {
    void callPhone(e?.phone);
  };

  return (
    <PageRoot padBottom={Boolean(e?.phone || e?.requestable)} className="hb-entry">
      {entry.loading ? <LoadingSkeleton blocks={3} /> : null}
      {entry.error ? (
        <View className="sn-body">
          <ErrorState error={entry.error} onRetry={entry.reload} />
        </View>
      ) : null}
      {e ? (
        <>
          <View className="hb-entry__head">
            <View className="hb-entry__tags">
              <Tag className="hb-entry__tag" type="default">
                {e.categoryName}
              </Tag>
              {e.requestable ? (
                <Tag className="hb-entry__tag" type="warning">
                  可预约上门 / 陪同
                </Tag>
              ) : null}
            </View>
            <Text className="hb-entry__title" data-testid="entry-title">
              {e.title}
            </Text>
            <Text className="hb-entry__summary" data-testid="entry-summary">
              {e.summary}
            </Text>
          </View>
          <View className="sn-body">
            <View className="sn-card hb-entry__card">
              {e.eligibility ? (
                <Block icon={<Check />} title="谁可以办" testId="entry-eligibility">
                  {e.eligibility}
                </Block>
              ) : null}
              {e.materials ? (
                <Block icon={<Order />} title="需要带的材料" testId="entry-materials">
                  {e.materials}
                </Block>
              ) : null}
              {e.location ? (
                <Block icon={<LocationF />} title="去哪里办" testId="entry-location">
                  {e.location}
                </Block>
              ) : null}
              {e.hours ? (
                <Block icon={<Clock />} title="办理时间" testId="entry-hours">
                  {e.hours}
                </Block>
              ) : null}
              {e.phone ? (
                <Block icon={<Phone />} title="咨询电话" testId="entry-phone">
                  {e.phone}
                </Block>
              ) : null}
            </View>
            <View className="sn-card hb-entry__card">
              <Text className="sn-title">详细说明</Text>
              <Text className="hb-entry__body" data-testid="entry-body">
                {e.body}
              </Text>
              <Text className="sn-muted hb-entry__updated">更新于 {e.updatedAt.slice(0, 10)}</Text>
            </View>
            {isStaff ? (
              <Button className="hb-entry__staff" fill="outline" type="default" block icon={<Edit />} onClick={() => go(PAGES.staff.handbookEdit, { id: e.id })} data-testid="entry-staff-edit">
                编辑这条事项
              </Button>
            ) : null}
          </View>
          {e.phone || e.requestable ? (
            <ActionBar>
              {e.phone ? (
                <Button size="large" type={e.requestable ? 'default' : 'primary'} icon={<Phone />} onClick={call} data-testid="entry-call">
                  打电话问
                </Button>
              ) : null}
              {e.requestable ? (
                <Button size="large" type="primary" onClick={() => go(PAGES.requests.create, { serviceId: e.id })} data-testid="entry-order">
                  预约这项服务
                </Button>
              ) : null}
            </ActionBar>
          ) : null}
        </>
      ) : null}
    </PageRoot>
  );
}
