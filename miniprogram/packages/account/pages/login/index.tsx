import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ROLE_NAMES, type Role } from '../../../../../shared/auth';
import { demoLogin, wechatLogin } from '../../../../api/auth';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { continueAfterLogin } from '../../../../lib/after-login';
import { go } from '../../../../lib/navigate';
import { openWechatPrivacyContract } from '../../../../lib/privacy-weapp';
import { decodeParam } from '../../../../lib/format';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

const PERSONAS: { role: Role; desc: string; mark: string }[] = [
  { role: 'resident', desc: '查服务手册、下单求助、反映问题', mark: '居' },
  { role: 'volunteer', desc: '报名红岗班次、接单上门服务', mark: '志' },
  { role: 'staff', desc: '派单、回复问题、安排值班', mark: '工' },
  { role: 'admin', desc: '授予角色、街道设置、操作记录', mark: '管' },
];

/**
 * 登录即同意: weapp opens the guide filed with WeChat (openPrivacyContract); H5 has no such
 * contract, so it links to the in-app notice, which says the same.
 */
function Agreement() {
  const open = () => (process.env.TARO_ENV === 'weapp' ? openWechatPrivacyContract() : go(PAGES.account.privacy));
  return (
    <View className="login__agreement" data-testid="login-agreement">
      <Text>登录即同意</Text>
      <Text className="login__agreement-link" onClick={open}>
        《隐私保护指引》
      </Text>
    </View>
  );
}

export default function LoginPage() {
  const router = useRouter();
  const redirect = decodeParam(router.params.redirect);
  const [handle, setHandle] = useState('');
  const [busy, setBusy] = useState<Role | 'wechat' | null>(null);
  const handleError = handle && !/^[a-zA-Z0-9_-]{1,32}$/.test(handle) ? '只能使用字母、数字、下划线或短横线' : '';

  const loginAs = async (role: Role) => {
    if (busy || handleError) return;
    setBusy(role);
    try {
      await demoLogin(role, handle || undefined);
      continueAfterLogin(redirect);
    } catch {
      // The client has shown the reason.
    } finally {
      setBusy(null);
    }
  };

  const loginWechat = async () => {
    setBusy('wechat');
    try {
      await wechatLogin();
      continueAfterLogin(redirect);
    } catch {
      /* shown by the client */
    } finally {
      setBusy(null);
    }
  };

  if (process.env.TARO_ENV === 'weapp') {
    return (
      <PageRoot>
        <PageHeader eyebrow="石楠邻里" title="登录" subtitle="使用微信身份登录，无需注册" />
        <View className="sn-body">
          <View className="sn-card login__wechat">
            <Button type="primary" size="large" block loading={busy === 'wechat'} onClick={loginWechat}>
              微信一键登录
            </Button>
          </View>
          <Agreement />
        </View>
      </PageRoot>
    );
  }

  return (
    <PageRoot className="login">
      <PageHeader eyebrow="本地演示环境" title="演示登录" subtitle="选择一个身份体验石楠邻里。正式版在微信中自动登录。" />
      <View className="sn-body">
        <View className="login__notice">
          <Text className="login__notice-tag">演示</Text>
          <Text className="login__notice-text">此页面仅用于本地演示，数据为虚构示例。</Text>
        </View>
        {PERSONAS.map((p) => (
          <View
            key={p.role}
            className="login__persona"
            hoverClass="login__persona--pressed"
            onClick={() => loginAs(p.role)}
            data-testid={`persona-${p.role}`}
            role="button"
            aria-label={`以${ROLE_NAMES[p.role]}身份登录`}
          >
            <View className={`login__mark login__mark--${p.role}`}>
              <Text>{p.mark}</Text>
            </View>
            <View className="login__persona-text">
              <Text className="login__persona-name">{ROLE_NAMES[p.role]}</Text>
              <Text className="login__persona-desc">{p.desc}</Text>
            </View>
            <Text className="login__go">{busy === p.role ? '登录中…' : '进入'}</Text>
          </View>
        ))}
        <View className="sn-card login__handle">
          <Text className="login__handle-label">演示账号标识（选填）</Text>
          <Text className="sn-muted">同一身份想用多个账号时填写，如 zhang、li-2</Text>
          <Input
            className="login__handle-input"
            value={handle}
            onChange={(v: string) => setHandle(v.trim())}
            placeholder="不填则使用默认账号"
            maxLength={32}
            data-testid="handle-input"
          />
          {handleError ? <Text className="login__handle-error">{handleError}</Text> : null}
        </View>
        <Agreement />
      </View>
    </PageRoot>
  );
}
