import { Text, View } from '@tarojs/components';
import { Button, Input, Switch } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { VOLUNTEER_SKILLS } from '../../../../../shared/redpost';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { refreshMe } from '../../../../api/auth';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { decodeParam } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import { redpostApi } from '../../api';
import '../../redpost.scss';
import { PAGES } from '../../../../../shared/pages';

/** The shift to return to, kept across the consent detour (which reopens this page). */
let pendingShift: string | undefined;

/** 志愿者登记: real name, party member (and work unit for 在职党员), skills, phone. */
export default function RegisterPage() {
  const param = decodeParam(useRouter().params.then);
  if (param) pendingShift = param;
  const then = param ?? pendingShift;
  // Real name and phone are personal data: consent first (PIPL).
  const gate = usePageGuard('consent', then ? `${PAGES.redpost.register}?then=${encodeURIComponent(then)}` : PAGES.redpost.register);
  const session = useSession();
  const existing = useQuery(session ? 'rp/profile-edit' : null, () => redpostApi.profile().catch(() => null));
  const [realName, setRealName] = useState('');
  // Off until the person says so: a non-member must not be registered as one by a default.
  const [party, setParty] = useState(false);
  const [workUnit, setWorkUnit] = useState('');
  const [skills, setSkills] = useState<string[]>([]);
  const [phone, setPhone] = useState('');
  const displayName = session?.user.displayName;
  useEffect(() => {
    const p = existing.data;
    if (!p) {
      // Functional update: re-running on every keystroke would refill a name the user just cleared.
      if (displayName) setRealName((current) => current || displayName);
      return;
    }
    setRealName(p.realName);
    setParty(p.isPartyMember);
    setWorkUnit(p.workUnit ?? '');
    setSkills(p.skills);
  }, [existing.data, displayName]);
  const save = useMutation(() =>
    redpostApi.register({
      realName: realName.trim(),
      isPartyMember: party,
      workUnit: party && workUnit.trim() ? workUnit.trim() : null,
      skills,
      ...(phone.trim() ? { phone: phone.trim() } : {}),
    }),
  );
  const toggle = (s: string) => setSkills((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const onSave = async () => {
    const r = await save.run(undefined);
    if (!r) return;
    await refreshMe({ silent: true });
    if (r.status !== 'approved') {
      // 报到 goes to the community first: stay here and show that it waits for them.
      void Taro.showToast({ title: '已提交，待社区确认', icon: 'success' });
      existing.setData(r);
      return;
    }
    void Taro.showToast({ title: existing.data ? '已保存' : '登记成功', icon: 'success' });
    pendingShift = undefined;
    if (then) replace(PAGES.redpost.shift, { id: then });
    else replace(PAGES.redpost.home);
  };
  const fieldError = (name: string) => save.error?.fieldMessage(name);

  if (gate) return gate;
  return (
    <PageRoot>
      <PageHeader eyebrow="红岗" title={existing.data ? '修改志愿者信息' : '志愿者登记'} subtitle="信息只给社区工作人员排班、联系使用" />
      <View className="sn-body">
        {existing.data?.status === 'pending' ? (
          <View className="sn-card rp-review rp-review--pending" data-testid="volunteer-pending">
            <Text className="sn-title">待社区确认</Text>
            <Text className="rp-note">您的志愿者报到已提交给社区，社区工作人员确认后即可接单和报名值班，结果会通过消息通知您。</Text>
          </View>
        ) : null}
        {existing.data?.status === 'rejected' ? (
          <View className="sn-card rp-review rp-review--rejected" data-testid="volunteer-rejected">
            <Text className="sn-title">社区未通过您的报到</Text>
            {existing.data.rejectReason ? <Text className="rp-note">原因：{existing.data.rejectReason}</Text> : null}
            <Text className="rp-note">请按原因修改信息后重新提交。</Text>
          </View>
        ) : null}
        <View className="sn-card">
          <View className="rp-field">
            <Text className="rp-field__label">真实姓名</Text>
            <Input className="sn-form__input" value={realName} placeholder="请填写身份证上的姓名" onChange={setRealName} data-testid="real-name" />
            {fieldError('realName') ? <Text className="rp-error">{fieldError('realName')}</Text> : null}
          </View>
          <View className="rp-field">
            <View className="rp-row">
              <Text className="rp-field__label">我是中共党员</Text>
              <Switch checked={party} onChange={(v) => setParty(v)} data-testid="party-switch" />
            </View>
          </View>
          {party ? (
            <View className="rp-field">
              <Text className="rp-field__label">工作单位（在职党员填写）</Text>
              <Text className="rp-field__hint">在职党员到居住社区报到，请写上您的单位；已退休可不填。</Text>
              <Input className="sn-form__input" value={workUnit} placeholder="例如：市第一人民医院" onChange={setWorkUnit} data-testid="work-unit" />
            </View>
          ) : null}
          <View className="rp-field">
            <Text className="rp-field__label">我能做的（可多选）</Text>
            <View className="rp-skills">
              {VOLUNTEER_SKILLS.map((s) => (
                <Text key={s} className={`rp-chip rp-skill ${skills.includes(s) ? 'rp-chip--on' : ''}`} onClick={() => toggle(s)}>
                  {s}
                </Text>
              ))}
            </View>
          </View>
          <View className="rp-field">
            <Text className="rp-field__label">联系电话（可不填）</Text>
            <Input className="sn-form__input" type="tel" value={phone} placeholder={existing.data?.phoneMasked ?? '11 位手机号，方便排班联系'} onChange={setPhone} data-testid="phone" />
            {fieldError('phone') ? <Text className="rp-error">{fieldError('phone')}</Text> : null}
          </View>
          {save.error && !save.error.fieldErrors.length ? <Text className="rp-error">{save.error.detail}</Text> : null}
          <View className="rp-actions">
            <Button type="primary" size="large" block loading={save.pending} disabled={!realName.trim()} onClick={onSave} data-testid="save-profile">
              {existing.data?.status === 'rejected' ? '重新提交' : existing.data ? '保存' : '提交登记'}
            </Button>
          </View>
        </View>
      </View>
    </PageRoot>
  );
}
