import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ATTENDANCE_NAMES, type RosterEntry } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { callPhone } from '../../../../lib/device';
import { go } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { ShiftCard } from '../../components/shift-card';
import { clock, hoursText } from '../../format';
import '../../redpost.scss';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

type Mark = 'present' | 'late' | 'no_show';
const MARKS: Mark[] = ['present', 'late', 'no_show'];

function Correction({ shiftId, entry, maxMinutes, onDone }: { shiftId: string; entry: RosterEntry; maxMinutes: number; onDone: () => void }) {
  const [mark, setMark] = useState<Mark>(entry.attendance === 'pending' ? 'present' : (entry.attendance as Mark));
  const [minutes, setMinutes] = useState(entry.minutes !== null && entry.attendance !== 'no_show' ? String(entry.minutes) : String(maxMinutes));
  const save = useMutation(() =>
    redpostApi.attendance(shiftId, { userId: entry.userId, attendance: mark, ...(mark === 'no_show' ? {} : { minutes: Number(minutes) }) }),
  );
  const onSave = async () => {
    const r = await save.run(undefined);
    if (!r) return;
    void Taro.showToast({ title: '已更正', icon: 'success' });
    onDone();
  };
  return (
    <View className="rp-roster__fix" data-testid="correction">
      <View className="rp-skills">
        {MARKS.map((m) => (
          <Text key={m} className={`rp-chip rp-skill ${mark === m ? 'rp-chip--on' : ''}`} onClick={() => setMark(m)} data-testid={`mark-${m}`}>
            {ATTENDANCE_NAMES[m]}
          </Text>
        ))}
      </View>
      {mark !== 'no_show' ? (
        <View className="rp-field">
          <Text className="rp-field__hint">服务时长（分钟，最多 {maxMinutes}）</Text>
          <Input className="sn-form__input" type="number" value={minutes} onChange={setMinutes} data-testid="fix-minutes" />
        </View>
      ) : null}
      {save.error ? <Text className="rp-error">{save.error.detail}</Text> : null}
      <View className="rp-actions">
        <Button type="primary" size="large" block loading={save.pending} onClick={onSave} data-testid="fix-save">
          保存更正
        </Button>
      </View>
    </View>
  );
}

/** Staff: who is coming, who has arrived, and the hours each will be credited, with corrections. */
export default function RosterPage() {
  const gate = usePageGuard('staff');
  const id = decodeParam(useRouter().params.id) ?? '';
  const roster = useQuery(id ? `rp/roster/${id}` : null, () => redpostApi.roster(id), { reloadOnShow: true });
  const [open, setOpen] = useState<string | null>(null);

  if (gate) return gate;
  if (roster.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (roster.error || !roster.data) return <PageRoot>{roster.error ? <ErrorState error={roster.error} onRetry={roster.reload} /> : null}</PageRoot>;
  const { shift, items } = roster.data;
  const length = Math.round((new Date(shift.endsAt).getTime() - new Date(shift.startsAt).getTime()) / 60_000);
  const confirmed = items.filter((i) => i.status === 'confirmed');
  const waiting = items.filter((i) => i.status === 'waitlisted');
  const arrived = confirmed.filter((i) => i.checkinAt).length;

  const entry = (i: RosterEntry) => (
    <View key={i.signupId} className="sn-card rp-roster__item" data-testid="roster-row">
      <View className="rp-row">
        <View className="rp-roster__who">
          <Text className="rp-roster__name">
            {i.status === 'waitlisted' ? `候补${i.seq}　` : ''}
            {i.realName}
            {i.isPartyMember ? <Text className="rp-roster__party">党员</Text> : null}
          </Text>
          {i.workUnit ? <Text className="rp-note">{i.workUnit}</Text> : null}
        </View>
        {i.status === 'confirmed' ? <Text className={`rp-roster__att rp-roster__att--${i.attendance}`} data-testid="attendance">{ATTENDANCE_NAMES[i.attendance]}</Text> : null}
      </View>
      {i.status === 'confirmed' ? (
        <Text className="rp-note">
          签到 {i.checkinAt ? clock(i.checkinAt) : '—'}　签退 {i.checkoutAt ? clock(i.checkoutAt) : '—'}　时长 {i.minutes !== null ? hoursText(i.minutes) : '—'}
        </Text>
      ) : null}
      <View className="rp-roster__buttons">
        {i.phone ? (
          <Button size="small" onClick={() => void callPhone(i.phone)}>
            打电话
          </Button>
        ) : null}
        {i.status === 'confirmed' ? (
          <Button size="small" type="primary" fill="outline" onClick={() => setOpen(open === i.userId ? null : i.userId)} data-testid="open-correction">
            {open === i.userId ? '收起' : '更正考勤'}
          </Button>
        ) : null}
      </View>
      {open === i.userId ? (
        <Correction
          shiftId={shift.id}
          entry={i}
          maxMinutes={length}
          onDone={() => {
            setOpen(null);
            void roster.reload();
          }}
        />
      ) : null}
    </View>
  );

  return (
    <PageRoot>
      <View className="sn-body">
        <ShiftCard shift={shift} />
        <Text className="rp-note" data-testid="roster-summary">
          报名成功 {confirmed.length} 人，已签到 {arrived} 人，候补 {waiting.length} 人。
        </Text>
        {shift.status === 'published' ? (
          <View className="rp-actions">
            <Button type="primary" size="large" block onClick={() => go(PAGES.redpost.staffCode, { id: shift.id })}>
              出示签到码
            </Button>
          </View>
        ) : null}
        <Section title="报名成功">
          {confirmed.length ? confirmed.map(entry) : <Text className="rp-empty">还没有人报名</Text>}
        </Section>
        {waiting.length ? <Section title="候补名单（按报名先后）">{waiting.map(entry)}</Section> : null}
      </View>
    </PageRoot>
  );
}
