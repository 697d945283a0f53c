import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { POST_TYPES, POST_TYPE_INFO, type PostType } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff } from '../../../../hooks/use-session';
import { decodeParam } from '../../../../lib/format';
import { go } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { ShiftCard } from '../../components/shift-card';
import { dayLabel, toIso } from '../../format';
import { streetDateIn, streetDayAfter } from '../../../../../shared/time';
import '../../redpost.scss';
import { PAGES } from '../../../../../shared/pages';

const DAYS = 14;

/** Shifts by post type and day; the caller's own status shows on each card. */
export default function ShiftListPage() {
  const initial = decodeParam(useRouter().params.postType);
  const [postType, setPostType] = useState<PostType | undefined>(POST_TYPES.includes(initial as PostType) ? (initial as PostType) : undefined);
  const [day, setDay] = useState<string | undefined>(undefined);
  const isStaff = useIsStaff();
  const key = `rp/shifts/${postType ?? 'all'}/${day ?? 'all'}`;
  const list = useQuery(
    key,
    () =>
      redpostApi.shifts({
        postType,
        from: day ? toIso(day, '00:00') : undefined,
        to: day ? toIso(streetDayAfter(day, 1), '00:00') : undefined,
      }),
    { reloadOnShow: true },
  );
  const days = Array.from({ length: DAYS }, (_, i) => streetDateIn(i));

  return (
    <PageRoot>
      <View className="sn-body">
        {isStaff ? (
          <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.staffEdit)} data-testid="publish-shift">
            发布新班次
          </Button>
        ) : null}
        <ScrollView scrollX className="rp-chips">
          <Text className={`rp-chip ${!postType ? 'rp-chip--on' : ''}`} onClick={() => setPostType(undefined)}>全部岗位</Text>
          {POST_TYPES.map((t) => (
            <Text key={t} className={`rp-chip ${postType === t ? 'rp-chip--on' : ''}`} onClick={() => setPostType(t)} data-testid={`filter-${t}`}>
              {POST_TYPE_INFO[t].name}
            </Text>
          ))}
        </ScrollView>
        <ScrollView scrollX className="rp-chips">
          <Text className={`rp-chip ${!day ? 'rp-chip--on' : ''}`} onClick={() => setDay(undefined)}>全部日期</Text>
          {days.map((d, i) => (
            <Text key={d} className={`rp-chip ${day === d ? 'rp-chip--on' : ''}`} onClick={() => setDay(d)}>
              {i === 0 ? '今天' : i === 1 ? '明天' : dayLabel(toIso(d, '12:00'))}
            </Text>
          ))}
        </ScrollView>
        {postType ? <Text className="rp-note">{POST_TYPE_INFO[postType].name} · {POST_TYPE_INFO[postType].duty}：{POST_TYPE_INFO[postType].description}</Text> : null}
        {list.loading ? <LoadingSkeleton /> : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.data && !list.data.items.length ? (
          <View className="rp-empty">
            <Text>这段时间还没有班次</Text>
            <Text className="rp-note">换一天或换个岗位看看</Text>
          </View>
        ) : null}
        {list.data?.items.map((s) => <ShiftCard key={s.id} shift={s} onClick={() => go(PAGES.redpost.shift, { id: s.id })} />)}
      </View>
    </PageRoot>
  );
}
