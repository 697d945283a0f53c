import { Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { PLACE_LIMITS, type Grid, type GridBody } from '../../../../../shared/places';
import { communitiesApi } from '../../../../api/content';
import { Banner } from '../../../../components/banner';
import { ErrorState } from '../../../../components/error-state';
import { Chip, FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { gridsApi } from '../../api';
import './index.scss';

interface Form {
  name: string;
  /** One building a line (or separated by commas), as residents say them: 3号楼. */
  buildings: string;
  workerId: string;
  phone: string;
}
const EMPTY: Form = { name: '', buildings: '', workerId: '', phone: '' };
const splitBuildings = (text: string) =>
  text
    .split(/[\n,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Staff divide a community into grids, file each building under one, and name each grid's
 * 网格员 with the work phone residents will see on their 亲情卡 and the grid list. Community
 * staff manage their own community; street staff pick one.
 */
export default function GridsAdminPage() {
  const gate = usePageGuard('staff');
  const me = useSession()?.user;
  const communities = useQuery('staff/grids/communities', () => communitiesApi.list());
  const [picked, setPicked] = useState<string | null>(null);
  const communityId = me?.staffCommunityId ?? picked ?? communities.data?.items[0]?.id ?? null;
  const grids = useQuery(communityId ? `staff/grids/${communityId}` : null, () => gridsApi.list(communityId!), { reloadOnShow: true });
  const candidates = useQuery(communityId ? `staff/grid-workers/${communityId}` : null, () => gridsApi.candidates(communityId!));
  const [form, setForm] = useState<Form>(EMPTY);
  const [editing, setEditing] = useState<Grid | null>(null);
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const save = useMutation((body: GridBody, key: string) => (editing ? gridsApi.replace(communityId!, editing.id, body) : gridsApi.create(communityId!, body, key)));
  const err = (path: string) => save.error?.fieldMessage(path);

  const startEdit = (g: Grid) => {
    save.reset();
    setEditing(g);
    const holder = candidates.data?.find((c) => c.gridIds.includes(g.id));
    setForm({ name: g.name, buildings: g.buildings.join('\n'), workerId: holder?.id ?? '', phone: g.gridWorker?.phone ?? '' });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
  };
  const cancel = () => {
    save.reset();
    setEditing(null);
    setForm(EMPTY);
  };
  const pickWorker = (id: string) => {
    const c = candidates.data?.find((x) => x.id === id);
    // The account's phone is only a starting point: staff may type the grid's own work phone.
    update({ workerId: id, phone: form.phone || c?.phone || '' });
  };
  const onSave = async () => {
    const saved = await save.run({
      name: form.name,
      buildings: splitBuildings(form.buildings),
      worker: form.workerId ? { userId: form.workerId, phone: form.phone } : null,
    });
    if (!saved) return;
    void Taro.showToast({ title: editing ? '已保存' : '已添加', icon: 'success' });
    cancel();
    await Promise.all([grids.reload(), candidates.reload()]);
  };

  if (gate) return gate;
  const communityName = communities.data?.items.find((c) => c.id === communityId)?.name ?? '';
  return (
    <PageRoot className="gr-admin" padBottom>
      <Banner staff title="网格与楼栋" text="每栋楼归一个网格。居民填亲情卡或反映问题时选了楼栋，就会看到这个网格的网格员，新问题也会先交给他。" />
      <View className="sn-body">
        {!me?.staffCommunityId && communities.data ? (
          <View className="sn-card sn-form__block">
            <Text className="sn-form__label">社区</Text>
            <View className="sn-form__chips">
              {communities.data.items.map((c) => (
                <Chip key={c.id} on={c.id === communityId} testId={`grid-community-${c.id}`} onClick={() => { cancel(); setPicked(c.id); }}>
                  {c.name}
                </Chip>
              ))}
            </View>
          </View>
        ) : null}

        <View className="sn-card sn-form__block" data-testid="grid-form">
          <Text className="sn-title">{editing ? `修改 ${editing.name}` : `为${communityName}添加网格`}</Text>
          <Text className="sn-form__label">网格名称</Text>
          <Input className="sn-form__input" data-testid="grid-name" value={form.name} maxLength={PLACE_LIMITS.gridName} placeholder="例如：石楠一网格" onChange={(v) => update({ name: v })} />
          <FieldError message={err('name')} />
          <Text className="sn-form__label">楼栋（每行一栋，或用逗号隔开）</Text>
          <TextArea className="sn-form__textarea" data-testid="grid-buildings" value={form.buildings} autoSize placeholder={'1号楼\n2号楼'} onChange={(v) => update({ buildings: v })} />
          <FieldError message={err('buildings')} testId="grid-buildings-error" />
          <Text className="sn-form__label">网格员（本社区或街道的工作人员）</Text>
          <View className="sn-form__chips">
            <Chip on={!form.workerId} testId="grid-worker-none" onClick={() => update({ workerId: '' })}>
              暂不指定
            </Chip>
            {candidates.data?.map((c) => (
              <Chip key={c.id} on={form.workerId === c.id} testId={`grid-worker-${c.id}`} onClick={() => pickWorker(c.id)}>
                {c.displayName}
              </Chip>
            ))}
          </View>
          <FieldError message={err('worker.userId')} />
          {form.workerId ? (
            <>
              <Text className="sn-form__label">工作电话（居民会在亲情卡上看到，可一键拨打）</Text>
              <Input className="sn-form__input" data-testid="grid-worker-phone" type="tel" value={form.phone} maxLength={20} placeholder="手机号或带区号的座机" onChange={(v) => update({ phone: v })} />
              <FieldError message={err('worker.phone')} testId="grid-phone-error" />
            </>
          ) : null}
          <FieldError message={save.error && !save.error.fieldErrors.length ? save.error.detail : undefined} />
          <Button type="primary" size="large" block loading={save.pending} onClick={onSave} data-testid="grid-save">
            {editing ? '保存修改' : '添加网格'}
          </Button>
          {editing ? (
            <Button fill="outline" block onClick={cancel}>
              取消修改
            </Button>
          ) : null}
        </View>

        {grids.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {grids.error ? <ErrorState error={grids.error} onRetry={grids.reload} /> : null}
        {grids.data?.map((g) => (
          <View className="sn-card gr-admin__grid" key={g.id} data-testid="admin-grid">
            <Text className="gr-admin__grid-name">{g.name}</Text>
            <Text className={g.gridWorker ? '' : 'gr-admin__worker--none'}>
              {g.gridWorker ? `网格员 ${g.gridWorker.name} · ${g.gridWorker.phone}` : '还没有指定网格员'}
            </Text>
            <Text className="sn-muted">{g.buildings.length ? g.buildings.join('、') : '还没有楼栋'}</Text>
            <View className="gr-admin__actions">
              <Button size="small" fill="outline" onClick={() => startEdit(g)} data-testid={`grid-edit-${g.name}`}>
                修改
              </Button>
            </View>
          </View>
        ))}
      </View>
    </PageRoot>
  );
}
