import { Picker, Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { FEEDBACK_LIMITS, FEEDBACK_REPLY_TEMPLATES, type FeedbackDetail } from '../../../../../shared/feedback';
import { joinResponsibleUnits, splitResponsibleParty } from '../../../../../shared/responsible-units';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { Chip, Field, FieldError } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { confirmStep } from '../../../../lib/confirm';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { feedbackApi } from '../../api';
import { ItemSummary } from '../../components/item-summary';
import { Thread } from '../../components/thread';
import { PhotoPicker, usePhotoUploads } from '../../components/photo-picker';
import './index.scss';
import { streetDateIn } from '../../../../../shared/time';

type Panel = 'reply' | 'assign' | 'resolve' | 'reject';
const PANEL_LABEL: Record<Panel, string> = { reply: '回复居民', assign: '交办整改', resolve: '办结', reject: '不予受理' };
const QUICK_DAYS = [3, 7, 15, 30];
/** Known units offered as chips; the rest are a search away in the text box. */
const UNIT_CHIPS = 12;

type Action = { panel: Panel; text: string; party?: string; date?: string; photoIds?: string[] };

export default function StaffHandlePage() {
  const id = decodeParam(useRouter().params.id) ?? '';
  const gate = usePageGuard('staff');
  const item = useQuery(id ? `feedback/${id}` : null, () => feedbackApi.get(id), { reloadOnShow: true });
  const [panel, setPanel] = useState<Panel>('reply');
  const [text, setText] = useState('');
  const [party, setParty] = useState('');
  const [measures, setMeasures] = useState('');
  const [date, setDate] = useState(streetDateIn(7));
  const photos = usePhotoUploads();
  const act = useMutation(async (a: Action, key: string): Promise<FeedbackDetail> => {
    if (a.panel === 'reply') return feedbackApi.reply(id, a.text, key, a.photoIds);
    if (a.panel === 'assign') return feedbackApi.assign(id, { responsibleParty: a.party ?? '', measures: a.text, deadline: `${a.date}T18:00:00+08:00` });
    if (a.panel === 'resolve') return feedbackApi.resolve(id, a.text, a.photoIds);
    return feedbackApi.reject(id, a.text);
  });

  const units = useQuery(id && !gate ? 'feedback/responsible-units' : null, () => feedbackApi.responsibleUnits());
  const chosen = splitResponsibleParty(party);
  const toggleUnit = (unit: string) =>
    setParty(joinResponsibleUnits(chosen.includes(unit) ? chosen.filter((u) => u !== unit) : [...chosen, unit]));

  const d = item.data;
  // Prefill the plan when re-assigning (after a reopen or to extend a deadline).
  useEffect(() => {
    if (d?.responsibleParty && !party) setParty(d.responsibleParty);
    if (d?.measures && !measures) setMeasures(d.measures);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d?.id]);

  if (gate) return gate;
  if (item.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (item.error || !d) return <PageRoot>{item.error ? <ErrorState error={item.error} onRetry={item.reload} /> : null}</PageRoot>;

  const panels = (['reply', 'assign', 'resolve', 'reject'] as Panel[]).filter((p) => (d.allowedActions as string[]).includes(p));
  const current = panels.includes(panel) ? panel : panels[0];
  const fieldError = (path: string) => act.error?.fieldMessage(path);

  const withPhotos = current === 'reply' || current === 'resolve';
  const submit = async () => {
    if (withPhotos && (photos.busy || photos.failed)) {
      void Taro.showToast({ title: photos.busy ? '照片还在上传，请稍等' : '有照片上传失败，请重试或删除', icon: 'none' });
      return;
    }
    // 办结 and 不予受理 close the item for good (the resident may only reopen by rating): ask once.
    if (current === 'resolve' && !(await confirmStep({ title: '确认办结', content: '办结后处理结果公布在回音壁，请居民评价，不能撤回。', confirmText: '确认办结' }))) return;
    if (current === 'reject' && !(await confirmStep({ title: '确认不予受理', content: '不予受理后这个问题即结案，居民会看到您写的原因，不能撤回。', confirmText: '不予受理' }))) return;
    const next = await act.run({ panel: current, text: current === 'assign' ? measures : text, party, date, photoIds: withPhotos ? photos.ids : undefined });
    if (!next) return;
    item.setData(next);
    setText('');
    if (withPhotos) photos.reset();
    void Taro.showToast({ title: `已${PANEL_LABEL[current]}`, icon: 'success' });
  };

  return (
    <PageRoot padBottom>
      <ItemSummary item={d} />
      <View className="sn-body">
        {d.reporter ? (
          <View className="sn-card fb-handle__reporter">
            <Text>反映人：{d.reporter.displayName}{d.reporter.phoneMasked ? ` · ${d.reporter.phoneMasked}` : ''}</Text>
            <Text className="sn-muted">{d.anonymous ? '已选择在墙上匿名' : '同意在墙上显示称呼'}</Text>
          </View>
        ) : null}
        {panels.length ? (
          <View className="sn-card fb-handle__panel">
            <View className="fb-handle__tabs">
              {panels.map((p) => (
                <Text key={p} className={`fb-handle__tab ${p === current ? 'fb-handle__tab--on' : ''}`} data-testid={`panel-${p}`} onClick={() => { setPanel(p); act.reset(); }}>
                  {PANEL_LABEL[p]}
                </Text>
              ))}
            </View>
            {current === 'reply' ? (
              <>
                <Text className="sn-form__label">常用回复（点一下填入，可再修改）</Text>
                <View className="sn-form__chips">
                  {FEEDBACK_REPLY_TEMPLATES.map((t) => (
                    <Chip key={t.key} on={false} testId={`template-${t.key}`} onClick={() => setText(t.body.replace('{title}', d.title))}>
                      {t.title}
                    </Chip>
                  ))}
                </View>
              </>
            ) : null}
            {current === 'assign' ? (
              <>
                <Field label="责任单位（可多选）" error={fieldError('responsibleParty')}>
                  {units.data?.items.length ? (
                    <View className="sn-form__chips" data-testid="unit-chips">
                      {units.data.items.slice(0, UNIT_CHIPS).map((u) => (
                        <Chip key={u.name} on={chosen.includes(u.name)} testId={`unit-${u.name}`} onClick={() => toggleUnit(u.name)}>
                          {u.name}
                        </Chip>
                      ))}
                    </View>
                  ) : null}
                  <Input
                    className="sn-form__input"
                    value={party}
                    placeholder="上面没有的单位直接填写，多个用“、”分隔"
                    maxLength={FEEDBACK_LIMITS.party}
                    onChange={setParty}
                    data-testid="party-input"
                  />
                  <Text className="sn-muted fb-handle__hint">新填写的单位办理后会加入上面的常用单位，统计按单位分别计算。</Text>
                </Field>
                <Field label="整改措施" error={fieldError('measures')}>
                  <TextArea className="sn-form__textarea" value={measures} placeholder="具体怎么改、谁来改" maxLength={FEEDBACK_LIMITS.body} onChange={setMeasures} data-testid="measures-input" />
                </Field>
                <Field label="完成期限" error={fieldError('deadline')}>
                  <View className="sn-form__chips">
                    {QUICK_DAYS.map((n) => (
                      <Chip key={n} on={date === streetDateIn(n)} testId={`deadline-${n}`} onClick={() => setDate(streetDateIn(n))}>
                        {n} 天内
                      </Chip>
                    ))}
                  </View>
                  <Picker mode="date" value={date} start={streetDateIn(0)} onChange={(e) => setDate(String(e.detail.value))}>
                    <View className="fb-handle__date" data-testid="deadline-picker">
                      {date} 18:00 前（点此选其他日期）
                    </View>
                  </Picker>
                </Field>
              </>
            ) : (
              <>
                {current !== 'reply' ? <Text className="sn-form__label">{current === 'resolve' ? '处理结果（将公布在回音壁）' : '不予受理的原因（居民能看到）'}</Text> : null}
                <TextArea
                  className="sn-form__textarea"
                  value={text}
                  placeholder={current === 'reply' ? '回复内容' : current === 'resolve' ? '做了什么、现在情况如何' : '例如：属于市政管辖，已转12345热线'}
                  maxLength={current === 'reject' ? FEEDBACK_LIMITS.comment : FEEDBACK_LIMITS.body}
                  onChange={setText}
                  data-testid="action-text"
                />
                {withPhotos ? (
                  <>
                    <Text className="sn-form__label">{current === 'resolve' ? '整改后的照片（将和结果一起公布在回音壁）' : '照片（可不填）'}</Text>
                    <PhotoPicker uploads={photos} />
                  </>
                ) : null}
              </>
            )}
            <FieldError message={act.error && !act.error.fieldErrors.length ? act.error.detail : undefined} />
            <FieldError message={act.error && act.error.fieldErrors.length && current !== 'assign' ? act.error.fieldErrors[0].message : undefined} />
            <Button type={current === 'reject' ? 'danger' : 'primary'} size="large" block loading={act.pending} onClick={submit} data-testid="action-submit">
              确认{PANEL_LABEL[current]}
            </Button>
          </View>
        ) : (
          <View className="sn-card">
            <Text className="sn-muted">该问题已结案，不能再操作。</Text>
          </View>
        )}
        <Section title="办理过程与回复">
          <View className="sn-card">
            <Thread replies={d.replies} />
          </View>
        </Section>
      </View>
    </PageRoot>
  );
}
