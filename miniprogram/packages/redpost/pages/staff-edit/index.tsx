import { Picker, Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { MAX_SHIFT_CAPACITY, POST_TYPES, POST_TYPE_INFO, type PostType } from '../../../../../shared/redpost';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import { clock, datePart, toIso } from '../../format';
import { streetDateIn } from '../../../../../shared/time';
import '../../redpost.scss';
import { PAGES } from '../../../../../shared/pages';

/** Staff: publish a shift, or edit one (capacity may grow; never below those already confirmed). */
export default function ShiftEditPage() {
  const gate = usePageGuard('staff');
  const id = decodeParam(useRouter().params.id);
  const existing = useQuery(id ? `rp/edit/${id}` : null, () => redpostApi.shift(id!));
  const [postType, setPostType] = useState<PostType>('red_card');
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [date, setDate] = useState(streetDateIn(1));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('11:00');
  const [capacity, setCapacity] = useState('5');
  const [notes, setNotes] = useState('');
  useEffect(() => {
    const s = existing.data;
    if (!s) return;
    setPostType(s.postType);
    setTitle(s.title);
    setLocation(s.location);
    setDate(datePart(s.startsAt));
    setStart(clock(s.startsAt));
    setEnd(clock(s.endsAt));
    setCapacity(String(s.capacity));
    setNotes(s.notes ?? '');
  }, [existing.data]);

  const save = useMutation((_: void, key: string) => {
    const body = {
      postType,
      title: title.trim(),
      location: location.trim(),
      startsAt: toIso(date, start),
      endsAt: toIso(date, end),
      capacity: Number(capacity),
      notes: notes.trim() || null,
    };
    return id ? redpostApi.update(id, body) : redpostApi.publish(body, key);
  });
  const onSave = async () => {
    const r = await save.run(undefined);
    if (!r) return;
    void Taro.showToast({ title: id ? '已保存' : '已发布', icon: 'success' });
    replace(PAGES.redpost.shift, { id: r.id });
  };
  const err = (f: string) => save.error?.fieldMessage(f);
  const typeIndex = POST_TYPES.indexOf(postType);

  if (gate) return gate;
  return (
    <PageRoot>
      <View className="sn-body">
        <View className="sn-card">
          <View className="rp-field">
            <Text className="rp-field__label">岗位类型</Text>
            <View className="rp-skills">
              {POST_TYPES.map((t, i) => (
                <Text key={t} className={`rp-chip rp-skill ${i === typeIndex ? 'rp-chip--on' : ''}`} onClick={() => setPostType(t)} data-testid={`type-${t}`}>
                  {POST_TYPE_INFO[t].name}·{POST_TYPE_INFO[t].duty}
                </Text>
              ))}
            </View>
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">班次名称</Text>
            <Input className="sn-form__input" value={title} placeholder="例如：爱心诊所义诊·量血压" onChange={setTitle} data-testid="shift-title" />
            {err('title') ? <Text className="rp-error">{err('title')}</Text> : null}
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">地点</Text>
            <Input className="sn-form__input" value={location} placeholder="例如：石楠社区党群服务中心一楼" onChange={setLocation} data-testid="shift-location" />
            {err('location') ? <Text className="rp-error">{err('location')}</Text> : null}
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">日期</Text>
            <Picker mode="date" value={date} start={streetDateIn(0)} onChange={(e) => setDate(String(e.detail.value))}>
              <View className="rp-picker" data-testid="shift-date">{date}</View>
            </Picker>
          </View>
          <View className="rp-field">
            <View className="rp-row">
              <View className="rp-grow rp-grow--gap">
                <Text className="rp-field__label">开始</Text>
                <Picker mode="time" value={start} onChange={(e) => setStart(String(e.detail.value))}>
                  <View className="rp-picker" data-testid="shift-start">{start}</View>
                </Picker>
              </View>
              <View className="rp-grow">
                <Text className="rp-field__label">结束</Text>
                <Picker mode="time" value={end} onChange={(e) => setEnd(String(e.detail.value))}>
                  <View className="rp-picker" data-testid="shift-end">{end}</View>
                </Picker>
              </View>
            </View>
            {err('startsAt') || err('endsAt') ? <Text className="rp-error">{err('startsAt') ?? err('endsAt')}</Text> : null}
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">招募人数</Text>
            {existing.data ? <Text className="rp-field__hint">已有 {existing.data.confirmedCount} 人报名成功，人数只能增加或保持；增加后候补的志愿者自动递补。</Text> : null}
            <Input className="sn-form__input" type="number" value={capacity} maxLength={4} placeholder={`1 到 ${MAX_SHIFT_CAPACITY}`} onChange={setCapacity} data-testid="shift-capacity" />
            {err('capacity') ? <Text className="rp-error">{err('capacity')}</Text> : null}
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">注意事项（可不填）</Text>
            <TextArea className="sn-form__textarea" value={notes} maxLength={500} placeholder="例如：请穿红马甲，提前 10 分钟到岗" onChange={setNotes} />
          </View>
          {save.error && !save.error.fieldErrors.length ? <Text className="rp-error" data-testid="save-error">{save.error.detail}</Text> : null}
          <View className="rp-actions">
            <Button type="primary" size="large" block loading={save.pending} onClick={onSave} data-testid="save-shift">
              {id ? '保存修改' : '发布班次'}
            </Button>
          </View>
        </View>
      </View>
    </PageRoot>
  );
}
