import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { configure as configureIcons } from '@nutui/icons-react-taro';
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import '@nutui/icons-react-taro/dist/style_icon.css';
import { refreshMe, wechatLogin } from './api/auth';
import { getSession } from './lib/session';
import { installWechatPrivacyHandler } from './lib/privacy-weapp';
import { installAriaForWeapp } from './lib/aria';
import './app.scss';

// NutUI draws icons as <i>, which Taro's WeChat templates cannot render: WeChat logs
// "Template `tmpl_0_i` not found" and drops every icon (tests/weapp showed it).
if (process.env.TARO_ENV === 'weapp') configureIcons({ tag: 'view' });

// Before the first render: node data is shaped for the templates as pages mount.
installAriaForWeapp();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    installWechatPrivacyHandler();
    if (process.env.TARO_ENV === 'weapp') {
      // Silent log-in: a resident never sees a log-in page inside WeChat.
      void wechatLogin({ silent: true }).catch(() => undefined);
    } else if (getSession()) {
      // H5 keeps the demo session; refresh role and consent, which staff may have changed.
      void refreshMe({ silent: true }).catch(() => undefined);
    }
  });
  return children;
}

export default App;
