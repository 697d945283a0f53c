import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PRIVACY_POLICY_VERSION } from '../../../../../shared/auth';
import { recordPrivacyConsent } from '../../../../api/auth';
import { PageRoot } from '../../../../components/page-root';
import { useSession } from '../../../../hooks/use-session';
import { decodeParam, formatDate } from '../../../../lib/format';
import { continueAfterLogin } from '../../../../lib/after-login';
import { back, go } from '../../../../lib/navigate';
import { deleteMyAccount } from '../../../../lib/delete-account';
import { COLLECTED, DEVICE_APIS, THIRD_PARTIES, WHO_SEES } from './notice';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

export default function PrivacyPage() {
  const router = useRouter();
  const redirect = decodeParam(router.params.redirect);
  const session = useSession();
  const consentedAt = session?.user.privacyConsentAt ?? null;
  const [saving, setSaving] = useState(false);

  const agree = async () => {
    setSaving(true);
    try {
      await recordPrivacyConsent();
      void Taro.showToast({ title: '已记录您的同意', icon: 'success' });
      if (redirect) setTimeout(() => continueAfterLogin(redirect), 600);
    } catch {
      /* shown by the client */
    } finally {
      setSaving(false);
    }
  };

  // Declining never traps anyone: back to where they came from (which then shows an inline
  // 同意后使用 state instead of reopening this page), and everything public stays usable.
  const decline = () => {
    void Taro.showToast({ title: '未同意，您仍可浏览公开内容', icon: 'none', duration: 2000 });
    back(PAGES.tabs.home);
  };

  // The readable export (with copy and download) and the careful deletion live on 我的数据.
  const exportData = () => go(PAGES.account.data);

  const deleteAccount = async () => {
    const { confirm } = await Taro.showModal({
      title: '注销账号',
      content: '注销后，您的亲情卡、订单记录和志愿者信息将被删除，公开的问题反馈会匿名保留。此操作不能撤销。',
      confirmText: '确认注销',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    await deleteMyAccount();
  };

  return (
    <PageRoot className="privacy" padBottom={Boolean(session && !consentedAt)}>
      <View className="sn-body">
        <View className="privacy__intro">
          <Text className="privacy__title">我们如何使用您的信息</Text>
          <Text className="privacy__lead">石楠街道办事处只为给您提供邻里服务而收集必要的信息，不用于其他用途，不会出售或提供给无关的单位和个人。</Text>
          <Text className="privacy__version">版本 {PRIVACY_POLICY_VERSION}</Text>
        </View>

        <View className="sn-card">
          <Text className="privacy__h">收集什么、为什么</Text>
          {COLLECTED.map((c) => (
            <View className="privacy__row" key={c.what}>
              <Text className="privacy__what">{c.what}</Text>
              <Text className="privacy__why">{c.why}</Text>
            </View>
          ))}
        </View>

        <View className="sn-card" data-testid="privacy-apis">
          <Text className="privacy__h">用到的手机功能</Text>
          {DEVICE_APIS.map((c) => (
            <View className="privacy__row" key={c.what}>
              <Text className="privacy__what">{c.what}</Text>
              <Text className="privacy__why">{c.why}</Text>
            </View>
          ))}
        </View>

        <View className="sn-card">
          <Text className="privacy__h">谁帮我们处理</Text>
          {THIRD_PARTIES.map((line) => (
            <Text className="privacy__p" key={line}>
              · {line}
            </Text>
          ))}
        </View>

        <View className="sn-card">
          <Text className="privacy__h">谁能看到</Text>
          {WHO_SEES.map((line) => (
            <Text className="privacy__p" key={line}>
              · {line}
            </Text>
          ))}
        </View>

        <View className="sn-card">
          <Text className="privacy__h">保存多久、您能做什么</Text>
          <Text className="privacy__p">· 信息保存到您注销账号为止；注销后删除，公开的问题反馈会去掉您的身份后保留。</Text>
          <Text className="privacy__p">· 您可以随时修改亲情卡，或在下方导出全部数据、注销账号。</Text>
          <Text className="privacy__p">· 有疑问可拨打社区热线或到社区党群服务中心咨询。</Text>
          {session ? (
            <View className="privacy__actions">
              <Button className="privacy__action" fill="outline" onClick={exportData} data-testid="export-data">
                导出我的数据
              </Button>
              <Button className="privacy__action privacy__action--danger" fill="outline" onClick={deleteAccount} data-testid="delete-account">
                注销账号
              </Button>
            </View>
          ) : null}
        </View>

        {session && consentedAt ? (
          <View className="privacy__done" data-testid="consent-done">
            <Text>您已于 {formatDate(consentedAt)} 同意本说明</Text>
          </View>
        ) : null}
        {!session ? (
          <View className="privacy__done">
            <Text className="privacy__login" onClick={() => go(PAGES.account.login, { redirect: PAGES.account.privacy })}>
              登录后可记录您的同意
            </Text>
          </View>
        ) : null}
      </View>

      {session && !consentedAt ? (
        <View className="privacy__bar">
          <Button className="privacy__decline" size="large" fill="outline" disabled={saving} onClick={decline} data-testid="consent-decline">
            不同意
          </Button>
          <Button className="privacy__agree" type="primary" size="large" loading={saving} onClick={agree} data-testid="consent-agree">
            我已阅读并同意
          </Button>
        </View>
      ) : null}
    </PageRoot>
  );
}
