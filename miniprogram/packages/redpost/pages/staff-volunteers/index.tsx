import { Text, View } from '@tarojs/components';
import { Button, Input, Rate } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { VolunteerListItem } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { confirmStep } from '../../../../lib/confirm';
import { redpostApi } from '../../api';
import '../../redpost.scss';
import { streetYear } from '../../../../../shared/time';

function StarRow({ v, year, onSaved }: { v: VolunteerListItem; year: number; onSaved: (stars: number) => void }) {
  const [value, setValue] = useState(v.stars ?? 0);
  const award = useMutation((stars: number) => redpostApi.awardStars(v.userId, year, stars));
  const onSave = async () => {
    const r = await award.run(value);
    if (!r) return;
    onSaved(r.stars);
    void Taro.showToast({ title: `已评 ${r.stars} 星`, icon: 'success' });
  };
  return (
    <View className="sn-card rp-mt" data-testid="volunteer-row">
      <View className="rp-row">
        <View className="rp-grow rp-col">
          <Text className="sn-title">{v.realName}{v.isPartyMember ? '（党员）' : ''}</Text>
          {v.workUnit ? <Text className="rp-note">{v.workUnit}</Text> : null}
          <Text className="rp-note">{year} 年服务 {v.hoursInYear} 小时 · 累计 {v.hoursTotal} 小时</Text>
          {v.skills.length ? <Text className="rp-note">特长：{v.skills.join('、')}</Text> : null}
        </View>
      </View>
      <Text className="rp-field__label rp-mt--small">
        {year} 年星级：{v.stars ? `${v.stars} 星` : '还没评定'}
      </Text>
      <View className="rp-row">
        <Rate className="sn-form__stars" count={5} value={value} onChange={(n) => setValue(n)} />
        <Button type="primary" disabled={!value || value === v.stars} loading={award.pending} onClick={onSave} data-testid="award-stars">
          {v.stars ? '修改星级' : '评定星级'}
        </Button>
      </View>
      {award.error ? <Text className="rp-error">{award.error.detail}</Text> : null}
    </View>
  );
}

/** A pending 在职党员报到: 通过, or 不通过 with a reason the volunteer will read. */
function PendingRow({ v, onDone }: { v: VolunteerListItem; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const approve = useMutation(() => redpostApi.approveVolunteer(v.userId));
  const reject = useMutation((why: string) => redpostApi.rejectVolunteer(v.userId, why));
  const onApprove = async () => {
    if (!(await approve.run(undefined))) return;
    void Taro.showToast({ title: '已通过', icon: 'success' });
    onDone();
  };
  const onReject = async () => {
    if (!(await confirmStep({ title: '确认不通过', content: `${v.realName}会收到通知和您写的原因，需要本人修改后重新提交。`, confirmText: '不通过' }))) return;
    if (!(await reject.run(reason.trim()))) return;
    void Taro.showToast({ title: '已不通过', icon: 'success' });
    onDone();
  };
  const error = approve.error ?? reject.error;
  return (
    <View className="sn-card" style={{ marginTop: 24 }} data-testid="pending-volunteer">
      <Text className="sn-title">{v.realName}{v.isPartyMember ? '（党员）' : ''}</Text>
      {v.workUnit ? <Text className="rp-note">工作单位：{v.workUnit}</Text> : null}
      {v.skills.length ? <Text className="rp-note">特长：{v.skills.join('、')}</Text> : null}
      {v.phone ? <Text className="rp-note">电话：{v.phone}</Text> : null}
      <Text className="rp-note">报到时间：{v.registeredAt.slice(0, 10)}</Text>
      {rejecting ? (
        <View className="rp-field">
          <Text className="rp-field__label">不通过的原因（志愿者会看到）</Text>
          <Input className="sn-form__input" value={reason} placeholder="例如：工作单位信息无法核实" onChange={setReason} data-testid="reject-reason" />
          {reject.error?.fieldMessage('reason') ? <Text className="rp-error">{reject.error.fieldMessage('reason')}</Text> : null}
        </View>
      ) : null}
      <View className="rp-row" style={{ marginTop: 20 }}>
        {rejecting ? (
          <>
            <Button onClick={() => setRejecting(false)}>取消</Button>
            <Button type="danger" disabled={reason.trim().length < 2} loading={reject.pending} onClick={onReject} data-testid="confirm-reject">
              确认不通过
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => setRejecting(true)} data-testid="reject-volunteer">不通过</Button>
            <Button type="primary" loading={approve.pending} onClick={onApprove} data-testid="approve-volunteer">
              通过
            </Button>
          </>
        )}
      </View>
      {error && !error.fieldErrors.length ? <Text className="rp-error">{error.detail}</Text> : null}
    </View>
  );
}

/** Staff: reports waiting for confirmation, then volunteers with their hours and the yearly star rating (星级评定). */
export default function VolunteersPage() {
  const gate = usePageGuard('staff');
  const thisYear = streetYear(new Date());
  const [year, setYear] = useState(thisYear);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const list = useQuery(`rp/volunteers/${year}/${search}`, () => redpostApi.volunteers({ year, q: search || undefined, status: 'approved' }), { reloadOnShow: true });
  const pending = useQuery('rp/volunteers/pending', () => redpostApi.volunteers({ status: 'pending' }), { reloadOnShow: true });
  const reviewed = () => {
    pending.reload();
    list.reload();
  };

  if (gate) return gate;
  return (
    <PageRoot>
      <View className="sn-body">
        {pending.data?.items.length ? (
          <View data-testid="pending-volunteers">
            <Text className="rp-field__label">待确认的志愿者报到（{pending.data.items.length}）</Text>
            {pending.data.items.map((v) => (
              <PendingRow key={v.userId} v={v} onDone={reviewed} />
            ))}
          </View>
        ) : null}
        <View className="rp-chips">
          {[thisYear, thisYear - 1].map((y) => (
            <Text key={y} className={`rp-chip ${year === y ? 'rp-chip--on' : ''}`} onClick={() => setYear(y)}>
              {y} 年度
            </Text>
          ))}
        </View>
        <View className="rp-row">
          <Input className="sn-form__input rp-grow rp-grow--gap" value={q} placeholder="姓名或工作单位" onChange={setQ} onConfirm={() => setSearch(q.trim())} />
          <Button type="primary" onClick={() => setSearch(q.trim())}>搜索</Button>
        </View>
        {list.loading ? <LoadingSkeleton /> : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.data && !list.data.items.length ? <Text className="rp-empty">没有找到志愿者</Text> : null}
        {list.data?.items.map((v) => (
          <StarRow
            key={`${v.userId}-${year}`}
            v={v}
            year={year}
            onSaved={(stars) => list.setData((prev) => ({ ...prev!, items: prev!.items.map((x) => (x.userId === v.userId ? { ...x, stars } : x)) }))}
          />
        ))}
      </View>
    </PageRoot>
  );
}
