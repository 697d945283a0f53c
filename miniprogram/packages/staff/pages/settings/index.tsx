import { Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { STREET_SETTING_NAMES, type StreetSettings } from '../../../../../shared/settings';
import { settingsApi } from '../../../../api/content';
import { Banner } from '../../../../components/banner';
import { ErrorState } from '../../../../components/error-state';
import { Field, FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { adminApi } from '../../api';

const FIELDS: { key: keyof StreetSettings; placeholder: string; long?: boolean; max: number }[] = [
  { key: 'streetName', placeholder: '例如：石楠街道', max: 20 },
  { key: 'accountName', placeholder: '在微信里搜索到的公众号名称', max: 30 },
  { key: 'accountDescription', placeholder: '一两句话介绍公众号', long: true, max: 200 },
  { key: 'hotline', placeholder: '例如：0931-8765 4300', max: 20 },
  { key: 'serviceHours', placeholder: '例如：周一至周五 8:30–17:30', max: 60 },
  { key: 'logoUrl', placeholder: 'https:// 开头的图片地址，不用请留空', max: 1000 },
];

/** The form, filled from the saved settings once they arrive. */
function SettingsForm({ saved, onSaved }: { saved: StreetSettings; onSaved: (s: StreetSettings) => void }) {
  const [form, setForm] = useState<StreetSettings>(saved);
  const save = useMutation(() => adminApi.saveSettings(form));
  const submit = async () => {
    const next = await save.run(undefined);
    if (!next) return;
    onSaved(next);
    void Taro.showToast({ title: '已保存', icon: 'success' });
  };
  return (
    <View className="sn-card sn-form__block" data-testid="settings-form">
      {FIELDS.map((f) => (
        <View key={f.key}>
          <Field label={STREET_SETTING_NAMES[f.key]} error={save.error?.fieldMessage(f.key)} errorTestId={`setting-error-${f.key}`}>
            {f.long ? (
              <TextArea className="sn-form__textarea" value={form[f.key]} placeholder={f.placeholder} maxLength={f.max} onChange={(v: string) => setForm({ ...form, [f.key]: v })} data-testid={`setting-${f.key}`} />
            ) : (
              <Input className="sn-form__input" value={form[f.key]} placeholder={f.placeholder} maxLength={f.max} onChange={(v: string) => setForm({ ...form, [f.key]: v })} data-testid={`setting-${f.key}`} />
            )}
          </Field>
        </View>
      ))}
      <FieldError message={save.error && !save.error.fieldErrors.length ? save.error.detail : undefined} />
      <Button type="primary" size="large" block loading={save.pending} onClick={submit} data-testid="settings-save">
        保存
      </Button>
    </View>
  );
}

/** 街道设置 (admin): the street's name, official account, hotline, hours and logo, shown across the app. */
export default function SettingsPage() {
  const gate = usePageGuard('staff');
  const isAdmin = useSession()?.user.role === 'admin';
  const settings = useQuery('street-settings/edit', () => settingsApi.get());

  if (gate) return gate;
  return (
    <PageRoot padBottom>
      <Banner staff title="街道设置" text="街道名称、公众号、服务热线和服务时间显示在首页和公众号页，保存后居民马上能看到。" />
      <View className="sn-body">
        {!isAdmin ? <Text className="sn-muted">街道设置仅管理员可以修改</Text> : null}
        {settings.loading ? <LoadingSkeleton blocks={2} /> : null}
        {settings.error ? <ErrorState error={settings.error} onRetry={settings.reload} /> : null}
        {settings.data && isAdmin ? <SettingsForm saved={settings.data} onSaved={settings.setData} /> : null}
      </View>
    </PageRoot>
  );
}
