import { Text, View } from '@tarojs/components';
import { Button, Checkbox, Input, InputNumber } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { CARE_TAGS, RELATIONS, type CardBody, type CareTagKey } from '../../../../../shared/card';
import { cardApi } from '../../../../api/content';
import { Banner } from '../../../../components/banner';
import { ActionBar, Chip, Field, FieldError } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useDraft } from '../../../../hooks/use-draft';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { requireConsent } from '../../../../lib/guards';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

interface Draft {
  building: string;
  unit: string;
  room: string;
  householdSize: number;
  careTags: CareTagKey[];
  consent: boolean;
  name: string;
  phone: string;
  relation: string;
  /** Set once the form was filled from the saved card, so a reload does not overwrite typing. */
  loaded: boolean;
}

const EMPTY: Draft = { building: '', unit: '', room: '', householdSize: 1, careTags: [], consent: false, name: '', phone: '', relation: '', loaded: false };

export default function CardEditPage() {
  const gate = usePageGuard('consent');
  const session = useSession();
  const consented = Boolean(session?.user.privacyConsentAt);
  const [draft, update, clear] = useDraft<Draft>('card/edit', EMPTY);
  const existing = useQuery(consented ? 'card/edit/mine' : null, () => cardApi.mine());
  const filled = useRef(false);
  useEffect(() => {
    const c = existing.data;
    if (!c || draft.loaded || filled.current) return;
    filled.current = true;
    update({
      building: c.address.building,
      unit: c.address.unit,
      room: c.address.room,
      householdSize: c.householdSize,
      careTags: c.careTags.map((t) => t.key as CareTagKey),
      consent: c.careTags.length > 0,
      name: c.emergencyContact.name,
      phone: c.emergencyContact.phone,
      relation: c.emergencyContact.relation,
      loaded: true,
    });
  }, [existing.data, draft.loaded, update]);

  const save = useMutation((body: CardBody) => cardApi.save(body));
  const err = (path: string) => save.error?.fieldMessage(path);

  const toggleTag = (key: CareTagKey) => {
    const has = draft.careTags.includes(key);
    update({ careTags: has ? draft.careTags.filter((k) => k !== key) : [...draft.careTags, key] });
  };

  const onSubmit = async () => {
    if (!requireConsent()) return;
    const saved = await save.run({
      address: { building: draft.building, unit: draft.unit, room: draft.room },
      householdSize: Number(draft.householdSize) || 1,
      careTags: draft.careTags,
      consent: draft.careTags.length > 0 ? draft.consent : false,
      emergencyContact: { name: draft.name, phone: draft.phone.trim(), relation: draft.relation },
    });
    if (!saved) return;
    clear();
    void Taro.showToast({ title: '亲情卡已保存', icon: 'success' });
    replace(PAGES.card.index);
  };
  const general = save.error && !save.error.fieldErrors.length ? save.error.detail : undefined;

  if (gate) return gate;
  return (
    <PageRoot padBottom className="card-form">
      <Banner title="填写邻里亲情卡" text="只有您本人、以及紧急情况下扫码的社区工作人员能看到这些信息，每次查看都有记录。" />
      <View className="sn-body">
        <View className="sn-card sn-form__block">
          <Text className="sn-form__label">1. 您住在哪里？</Text>
          <View className="card-form__row">
            <View className="card-form__col">
              <Text className="sn-form__sub">楼栋</Text>
              <Input className="sn-form__input" data-testid="card-building" value={draft.building} maxLength={20} placeholder="如 12号楼" onChange={(v) => update({ building: v })} />
            </View>
            <View className="card-form__col">
              <Text className="sn-form__sub">单元（没有可不填）</Text>
              <Input className="sn-form__input" data-testid="card-unit" value={draft.unit} maxLength={20} placeholder="如 2单元" onChange={(v) => update({ unit: v })} />
            </View>
          </View>
          <Field label="房号" sub error={err('address.building') ?? err('address.room') ?? err('address.unit') ?? err('address')}>
            <Input className="sn-form__input" data-testid="card-room" value={draft.room} maxLength={20} placeholder="如 301" onChange={(v) => update({ room: v })} />
          </Field>
          <Field label="家里一共住几个人（含您自己）" sub error={err('householdSize')}>
            <InputNumber
              className="card-form__stepper"
              data-testid="card-household"
              value={draft.householdSize}
              min={1}
              max={20}
              onChange={(v) => update({ householdSize: Number(v) })}
            />
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <Text className="sn-form__label">2. 紧急联系人</Text>
          <Field label="姓名" sub error={err('emergencyContact.name')}>
            <Input className="sn-form__input" data-testid="card-contact-name" value={draft.name} maxLength={20} placeholder="如 王建军" onChange={(v) => update({ name: v })} />
          </Field>
          <Field label="电话" sub error={err('emergencyContact.phone')}>
            <Input className="sn-form__input" data-testid="card-contact-phone" type="tel" value={draft.phone} maxLength={13} placeholder="11 位手机号" onChange={(v) => update({ phone: v })} />
          </Field>
          <Field label="是您的" sub error={err('emergencyContact.relation') ? '请选择与您的关系' : undefined}>
            <View className="sn-form__chips">
              {RELATIONS.map((r) => (
                <Chip key={r} on={draft.relation === r} testId={`relation-${r}`} onClick={() => update({ relation: r })}>
                  {r}
                </Chip>
              ))}
            </View>
          </Field>
          <FieldError message={err('emergencyContact') ? '请填写紧急联系人' : undefined} />
        </View>

        <View className="sn-card sn-form__block">
          <Field label="3. 需要社区多关照吗？（可不选）" error={err('careTags')}>
            <Text className="sn-muted">选了以后，网格员会定期上门看看，紧急时优先帮助。</Text>
            <View className="sn-form__chips">
              {CARE_TAGS.map((t) => (
                <Chip key={t.key} on={draft.careTags.includes(t.key)} testId={`care-${t.key}`} onClick={() => toggleTag(t.key)}>
                  {t.name}
                </Chip>
              ))}
            </View>
          </Field>
          {draft.careTags.length > 0 ? (
            <View className={`card-form__consent ${err('consent') ? 'card-form__consent--error' : ''}`} data-testid="card-consent" onClick={() => update({ consent: !draft.consent })}>
              <Checkbox checked={draft.consent} />
              <Text className="card-form__consent-text">我同意社区保存以上关爱标签，只用于上门关怀和紧急救助。随时可以取消。</Text>
            </View>
          ) : null}
          <FieldError message={err('consent')} />
        </View>

        {general ? (
          <View className="sn-form__alert" data-testid="card-form-error">
            <Text>{general}</Text>
          </View>
        ) : null}
      </View>
      <ActionBar>
        <Button type="primary" size="large" block loading={save.pending} onClick={onSubmit} data-testid="card-save">
          保存亲情卡
        </Button>
      </ActionBar>
    </PageRoot>
  );
}
