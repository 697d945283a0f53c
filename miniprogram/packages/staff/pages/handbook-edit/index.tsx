import { Text, View } from '@tarojs/components';
import { Button, Dialog, Input, Switch, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { HANDBOOK_CATEGORIES, type HandbookCategoryKey, type HandbookEntryBody } from '../../../../../shared/handbook';
import { handbookApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { ActionBar, Chip, Field } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

/** Tags are edited as one line of words: staff type them the way they think of them. */
type Form = Required<Omit<HandbookEntryBody, 'published' | 'serviceMinutes' | 'sortOrder' | 'category' | 'tags'>> & { category: HandbookCategoryKey | ''; tags: string };
const EMPTY: Form = { category: '', title: '', summary: '', body: '', eligibility: '', materials: '', location: '', hours: '', phone: '', requestable: false, tags: '' };
const splitTags = (line: string) => [...new Set(line.split(/[\s,，、;；]+/).filter(Boolean))];

const TEXT_FIELDS: { key: keyof Form; label: string; placeholder: string; long?: boolean; max: number }[] = [
  { key: 'title', label: '标题', placeholder: '如：高龄津贴申领', max: 60 },
  { key: 'summary', label: '一句话说明', placeholder: '居民在列表里看到的一句话', max: 200 },
  { key: 'body', label: '详细说明', placeholder: '办理流程、注意事项', long: true, max: 5000 },
  { key: 'eligibility', label: '谁可以办', placeholder: '办理条件', long: true, max: 1000 },
  { key: 'materials', label: '需要带的材料', placeholder: '身份证、户口簿……', long: true, max: 1000 },
  { key: 'location', label: '去哪里办', placeholder: '地点', max: 200 },
  { key: 'hours', label: '办理时间', placeholder: '如：周一至周五 9:00–17:30', max: 200 },
  { key: 'phone', label: '咨询电话', placeholder: '如：0931-8765 4300', max: 40 },
];

export default function HandbookEditPage() {
  const gate = usePageGuard('staff');
  const id = decodeParam(useRouter().params.id);
  const existing = useQuery(id ? `staff/handbook/${id}` : null, () => handbookApi.get(id!));
  const [form, setForm] = useState<Form>(EMPTY);
  const filled = useRef(false);
  useEffect(() => {
    const e = existing.data;
    if (!e || filled.current) return;
    filled.current = true;
    setForm({
      category: e.category as HandbookCategoryKey,
      title: e.title,
      summary: e.summary,
      body: e.body,
      eligibility: e.eligibility,
      materials: e.materials,
      location: e.location,
      hours: e.hours,
      phone: e.phone,
      requestable: e.requestable,
      tags: e.tags.join('、'),
    });
  }, [existing.data]);
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const [askUnpublish, setAskUnpublish] = useState(false);

  const save = useMutation((args: { body: HandbookEntryBody; publish?: boolean }, key: string) =>
    id ? handbookApi.replace(id, { ...args.body, published: args.publish }) : handbookApi.create(args.body, key),
  );
  const unpublish = useMutation(() => handbookApi.unpublish(id!));
  const err = (path: string) => save.error?.fieldMessage(path);

  const body = (): HandbookEntryBody => ({
    ...form,
    category: form.category as HandbookCategoryKey,
    tags: splitTags(form.tags),
    serviceMinutes: existing.data?.serviceMinutes,
    sortOrder: undefined,
  });

  const onSave = async (publish?: boolean) => {
    const saved = await save.run({ body: body(), publish });
    if (!saved) return;
    void Taro.showToast({ title: publish ? '已重新上架' : '已保存', icon: 'success' });
    replace(PAGES.handbook.entry, { id: saved.id });
  };
  const onUnpublish = async () => {
    setAskUnpublish(false);
    const done = await unpublish.run(undefined);
    if (!done) return;
    void Taro.showToast({ title: '已下架', icon: 'success' });
    replace(PAGES.staff.handbookAdmin);
  };
  const general = (save.error && !save.error.fieldErrors.length ? save.error.detail : undefined) ?? unpublish.error?.detail;
  const unpublished = existing.data && !existing.data.published;

  if (gate) return gate;
  return (
    <PageRoot padBottom className="hb-edit">
      <View className="sn-body">
        {existing.error ? <ErrorState error={existing.error} onRetry={existing.reload} /> : null}
        {unpublished ? (
          <View className="hb-edit__notice">
            <Text>这条事项已下架，居民看不到。可以修改后重新上架。</Text>
          </View>
        ) : null}
        <View className="sn-card sn-form__block">
          <Field label="分类" error={err('category') ? '请选择分类' : undefined}>
            <View className="sn-form__chips">
              {HANDBOOK_CATEGORIES.map((c) => (
                <Chip key={c.key} on={form.category === c.key} testId={`edit-category-${c.key}`} onClick={() => update({ category: c.key })}>
                  {c.name}
                </Chip>
              ))}
            </View>
          </Field>
          {TEXT_FIELDS.map((f) => (
            <View key={f.key} className="hb-edit__field">
              <Field label={f.label} error={err(f.key)}>
                {f.long ? (
                  <TextArea
                    className="sn-form__textarea"
                    data-testid={`edit-${f.key}`}
                    value={form[f.key] as string}
                    maxLength={f.max}
                    rows={f.key === 'body' ? 8 : 4}
                    placeholder={f.placeholder}
                    onChange={(v) => update({ [f.key]: v } as Partial<Form>)}
                  />
                ) : (
                  <Input
                    className="sn-form__input"
                    data-testid={`edit-${f.key}`}
                    value={form[f.key] as string}
                    maxLength={f.max}
                    placeholder={f.placeholder}
                    onChange={(v) => update({ [f.key]: v } as Partial<Form>)}
                  />
                )}
              </Field>
            </View>
          ))}
          <View className="hb-edit__field">
            <Field label="搜索关键词" error={save.error?.fieldErrors.find((e) => e.path.startsWith('tags'))?.message}>
              <Text className="sn-muted">居民常用、正文里没有的说法，用顿号或空格分开，如：老年卡、乘车优惠</Text>
              <Input
                className="sn-form__input"
                data-testid="edit-tags"
                value={form.tags}
                maxLength={120}
                placeholder="如：退休金、刷脸认证"
                onChange={(v) => update({ tags: v })}
              />
            </Field>
          </View>
          <View className="sn-form__switch">
            <View className="sn-form__switch-text">
              <Text className="sn-form__label">可预约（进入菜单式服务）</Text>
              <Text className="sn-muted">居民可在事项页直接下单，由志愿者上门或陪同。</Text>
            </View>
            <Switch checked={form.requestable} onChange={(v) => update({ requestable: v })} data-testid="edit-requestable" />
          </View>
        </View>
        {general ? (
          <View className="sn-form__alert" data-testid="edit-error">
            <Text>{general}</Text>
          </View>
        ) : null}
        {id && existing.data?.published ? (
          <Button className="hb-edit__danger" type="danger" fill="outline" block onClick={() => setAskUnpublish(true)} data-testid="edit-unpublish">
            下架这条事项
          </Button>
        ) : null}
      </View>
      <ActionBar>
        {unpublished ? (
          <Button type="primary" size="large" block loading={save.pending} onClick={() => onSave(true)} data-testid="edit-republish">
            保存并重新上架
          </Button>
        ) : (
          <Button type="primary" size="large" block loading={save.pending} onClick={() => onSave()} data-testid="edit-save">
            {id ? '保存修改' : '发布事项'}
          </Button>
        )}
      </ActionBar>
      <Dialog
        visible={askUnpublish}
        title="下架这条事项？"
        content="下架后居民在手册和服务菜单里都看不到它，已有的订单不受影响。之后可以重新上架。"
        confirmText="下架"
        cancelText="取消"
        onConfirm={onUnpublish}
        onCancel={() => setAskUnpublish(false)}
      />
    </PageRoot>
  );
}
