import { Text, View } from '@tarojs/components';
import { Button, Dialog, Input, Switch } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { OFFICIAL_ARTICLE_PREFIX, type Link, type LinkBody } from '../../../../../shared/links';
import { linksApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { Banner } from '../../../../components/banner';
import { Field, FieldError } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useStreetSettings } from '../../../../hooks/use-street-settings';
import { formatDate } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import './index.scss';

interface Form {
  title: string;
  url: string;
  coverUrl: string;
  pinned: boolean;
}
const EMPTY: Form = { title: '', url: '', coverUrl: '', pinned: false };

export default function LinksAdminPage() {
  const gate = usePageGuard('staff');
  const street = useStreetSettings();
  const links = useQuery('staff/links', () => linksApi.list(100), { reloadOnShow: true });
  const [form, setForm] = useState<Form>(EMPTY);
  const [editing, setEditing] = useState<Link | null>(null);
  const [removing, setRemoving] = useState<Link | null>(null);
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const save = useMutation((body: LinkBody, key: string) => (editing ? linksApi.replace(editing.id, body) : linksApi.create(body, key)));
  const remove = useMutation((id: string) => linksApi.remove(id));
  const err = (path: string) => save.error?.fieldMessage(path);

  const startEdit = (a: Link) => {
    save.reset();
    setEditing(a);
    setForm({ title: a.title, url: a.url, coverUrl: a.coverUrl ?? '', pinned: a.pinned });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
  };
  const cancelEdit = () => {
    save.reset();
    setEditing(null);
    setForm(EMPTY);
  };
  const onSave = async () => {
    const saved = await save.run({
      title: form.title,
      url: form.url.trim(),
      coverUrl: form.coverUrl.trim() || null,
      pinned: form.pinned,
      publishedAt: editing?.publishedAt,
    });
    if (!saved) return;
    void Taro.showToast({ title: editing ? '已保存' : '已添加', icon: 'success' });
    setEditing(null);
    setForm(EMPTY);
    await links.reload();
  };
  const onRemove = async () => {
    const target = removing;
    setRemoving(null);
    if (!target) return;
    if (await remove.run(target.id)) {
      void Taro.showToast({ title: '已删除', icon: 'success' });
      if (editing?.id === target.id) cancelEdit();
      await links.reload();
    }
  };

  if (gate) return gate;
  return (
    <PageRoot className="ln-admin">
      <Banner staff title="公众号文章管理" text={`只能添加“${street.accountName}”公众号的文章链接（以 ${OFFICIAL_ARTICLE_PREFIX} 开头），在公众号文章页点“复制链接”即可。`} />
      <View className="sn-body">
        <View className="sn-card sn-form__block" data-testid="link-form">
          <Text className="sn-title">{editing ? '修改文章' : '添加文章'}</Text>
          <Field label="标题" error={err('title')}>
            <Input className="sn-form__input" data-testid="link-title" value={form.title} maxLength={100} placeholder="文章标题" onChange={(v) => update({ title: v })} />
          </Field>
          <Field label="文章链接" error={err('url')} errorTestId="link-url-error">
            <Input className="sn-form__input" data-testid="link-url" value={form.url} maxLength={1000} placeholder="https://mp.weixin.qq.com/s/…" onChange={(v) => update({ url: v })} />
          </Field>
          <Field label="封面图片地址（可不填）" error={err('coverUrl')}>
            <Input className="sn-form__input" data-testid="link-cover" value={form.coverUrl} maxLength={1000} placeholder="https://…" onChange={(v) => update({ coverUrl: v })} />
          </Field>
          <View className="sn-form__switch">
            <Text className="sn-form__label">置顶</Text>
            <Switch checked={form.pinned} onChange={(v) => update({ pinned: v })} data-testid="link-pinned" />
          </View>
          <FieldError message={save.error && !save.error.fieldErrors.length ? save.error.detail : undefined} />
          <Button type="primary" size="large" block loading={save.pending} onClick={onSave} data-testid="link-save">
            {editing ? '保存修改' : '添加到列表'}
          </Button>
          {editing ? (
            <Button fill="outline" block onClick={cancelEdit}>
              取消修改
            </Button>
          ) : null}
        </View>

        {links.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {links.error ? <ErrorState error={links.error} onRetry={links.reload} /> : null}
        {links.data?.items.map((a) => (
          <View className="sn-card ln-admin__item" key={a.id} data-testid="admin-article">
            <Text className="ln-admin__item-title">
              {a.pinned ? <Text className="ln-admin__pin">置顶</Text> : null}
              {a.title}
            </Text>
            <Text className="sn-muted">{formatDate(a.publishedAt)}</Text>
            <View className="ln-admin__item-actions">
              <Button size="small" fill="outline" onClick={() => startEdit(a)}>
                修改
              </Button>
              <Button size="small" fill="outline" className="ln-admin__del" onClick={() => setRemoving(a)}>
                删除
              </Button>
            </View>
          </View>
        ))}
      </View>
      <Dialog
        visible={removing !== null}
        title="删除这篇文章？"
        content={removing ? `“${removing.title}”将从列表中移除。` : ''}
        confirmText="删除"
        cancelText="取消"
        onConfirm={onRemove}
        onCancel={() => setRemoving(null)}
      />
    </PageRoot>
  );
}
