import { Text, View } from '@tarojs/components';
import { Button, Empty, Tag } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { Candidate } from '../../../../../shared/requests';
import { ErrorState } from '../../../../components/error-state';
import { ActionBar } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { confirmStep } from '../../../../lib/confirm';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { back } from '../../../../lib/navigate';
import { requestsApi } from '../../api';
import { StatusTag } from '../../components/status-tag';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

/** 社区派单: pick a volunteer for one order; the server ranks them and says why (技能匹配·同社区·手头0单…). */
export default function DispatchPage() {
  const id = decodeParam(useRouter().params.id) ?? '';
  const gate = usePageGuard('staff');
  const [skill, setSkill] = useState<string | undefined>(undefined);
  const order = useQuery(id ? `requests/${id}` : null, () => requestsApi.get(id));
  const all = useQuery(id ? `requests/${id}/candidates` : null, () => requestsApi.candidates(id));
  const filtered = useQuery(id ? `requests/${id}/candidates/${skill ?? ''}` : null, () => requestsApi.candidates(id, skill));
  const dispatch = useMutation((c: Candidate) => requestsApi.dispatch(id, c.id));
  const skills = [...new Set((all.data?.items ?? []).flatMap((c) => c.skills))];

  // Two taps, not a modal: pick a row, then confirm in the bar with the name spelled out.
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const confirm = async () => {
    if (!chosen) return;
    // 改派 takes the order from the volunteer who has it (they are told): confirm that one.
    const current = order.data?.assignee;
    if (current && current.id !== chosen.id && !(await confirmStep({ title: '确认改派', content: `这单已派给${current.displayName}，改派后${current.displayName}不再负责这单并会收到通知。确定改派给${chosen.realName}吗？`, confirmText: '确认改派' }))) return;
    const done = await dispatch.run(chosen);
    if (!done) return;
    void Taro.showToast({ title: `已派给${chosen.realName}`, icon: 'success' });
    back(`${PAGES.requests.detail}?id=${id}`);
  };

  if (gate) return gate;
  return (
    <PageRoot className="rq-dispatch" padBottom={chosen !== null}>
      {order.data ? (
        <View className="rq-dispatch__order">
          <View className="rq-dispatch__order-head">
            <Text className="rq-dispatch__order-title">{order.data.service.title}</Text>
            <StatusTag status={order.data.status} />
          </View>
          <Text className="rq-dispatch__order-desc">{order.data.description}</Text>
          <Text className="rq-dispatch__order-meta">
            {order.data.code} · {order.data.preferredTime ?? '时间不限'}
          </Text>
        </View>
      ) : null}
      <View className="sn-body">
        <View className="rq-dispatch__skills">
          <Text className={`rq-skill ${!skill ? 'rq-skill--on' : ''}`} onClick={() => setSkill(undefined)}>
            全部志愿者
          </Text>
          {skills.map((s) => (
            <Text key={s} className={`rq-skill ${skill === s ? 'rq-skill--on' : ''}`} onClick={() => setSkill(s)}>
              {s}
            </Text>
          ))}
        </View>
        {filtered.loading ? <LoadingSkeleton /> : null}
        {filtered.error ? <ErrorState error={filtered.error} onRetry={filtered.reload} /> : null}
        {filtered.data && !filtered.data.items.length ? <Empty description="没有符合条件的志愿者" /> : null}
        {filtered.data?.items.map((c, i) => (
          <View className={`rq-cand ${chosen?.id === c.id ? 'rq-cand--on' : ''}`} key={c.id} data-testid="candidate" data-name={c.realName}>
            <View className="rq-cand__main">
              <View className="rq-cand__name-row">
                <Text className="rq-cand__name">{c.realName}</Text>
                {c.isPartyMember ? <Tag background="#c8102e" color="#ffffff" className="rq-cand__tag">党员</Tag> : null}
                {i === 0 && !skill && c.matchedSkills.length ? (
                  <Tag background="#b7791f" color="#ffffff" className="rq-cand__tag">
                    推荐
                  </Tag>
                ) : null}
              </View>
              {/* Why this place in the list (skill, community, load, recent hours), ranked by the server. */}
              <Text className={`rq-cand__reason ${c.matchedSkills.length ? 'rq-cand__reason--fit' : ''}`} data-testid="candidate-reason">
                {c.reason}
              </Text>
              <Text className="rq-cand__skills">特长：{c.skills.length ? c.skills.join('、') : '未填写'}</Text>
              <Text className="rq-cand__load">
                已完成 {c.completedCount} 单{c.averageScore !== null ? ` · 平均 ${c.averageScore} 星` : ''}
              </Text>
            </View>
            <Button type="primary" fill={chosen?.id === c.id ? 'solid' : 'outline'} className="rq-cand__btn" onClick={() => setChosen(c)} data-testid={`choose-${c.realName}`}>
              {chosen?.id === c.id ? '已选' : '选TA'}
            </Button>
          </View>
        ))}
      </View>
      {chosen ? (
        <ActionBar>
          <Button type="primary" size="large" block loading={dispatch.pending} onClick={confirm} data-testid="confirm-dispatch">
            确认派给 {chosen.realName}
          </Button>
        </ActionBar>
      ) : null}
    </PageRoot>
  );
}
