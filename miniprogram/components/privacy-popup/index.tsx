import { Button as TaroButton, Text, View } from '@tarojs/components';
import { Popup } from '@nutui/nutui-react-taro';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useState, useSyncExternalStore } from 'react';
import { go } from '../../lib/navigate';
import { answerPrivacyRequest, openWechatPrivacyContract, PRIVACY_AGREE_BUTTON_ID, privacyRequestStore } from '../../lib/privacy-weapp';
import './index.scss';
import { PAGES } from '../../../shared/pages';

/**
 * WeChat's own privacy prompt (weapp). Every page hosts one through PageRoot, but only the
 * page on screen shows it; pages further down the stack stay hidden.
 */
export function PrivacyPopup() {
  const pending = useSyncExternalStore(privacyRequestStore.subscribe, privacyRequestStore.get, privacyRequestStore.get);
  const [onScreen, setOnScreen] = useState(true);
  useDidShow(() => setOnScreen(true));
  useDidHide(() => setOnScreen(false));

  return (
    <Popup visible={Boolean(pending) && onScreen} position="bottom" round closeable={false} onOverlayClick={() => false}>
      <View className="sn-privacy">
        <Text className="sn-privacy__title">用户隐私保护提示</Text>
        <Text className="sn-privacy__body">
          在使用此功能前，请阅读并同意
          <Text className="sn-privacy__link" onClick={openWechatPrivacyContract}>
            《石楠邻里小程序隐私保护指引》
          </Text>
          。我们只在提供服务所必需时使用您的信息，您可以随时在「我的 · 隐私与数据」中导出或删除。
        </Text>
        <Text className="sn-privacy__more" onClick={() => go(PAGES.account.privacy)}>
          了解我们收集哪些信息
        </Text>
        <View className="sn-privacy__actions">
          <TaroButton className="sn-privacy__btn sn-privacy__btn--ghost" onClick={() => answerPrivacyRequest(false)}>
            暂不同意
          </TaroButton>
          <TaroButton
            id={PRIVACY_AGREE_BUTTON_ID}
            className="sn-privacy__btn sn-privacy__btn--primary"
            openType="agreePrivacyAuthorization"
            // WeChat counts the consent only once it fires bindagreeprivacyauthorization; resolving
            // on the tap could run before WeChat has recorded it, and the API would still fail.
            onAgreePrivacyAuthorization={() => answerPrivacyRequest(true)}
          >
            同意并继续
          </TaroButton>
        </View>
      </View>
    </Popup>
  );
}
