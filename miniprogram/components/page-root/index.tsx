import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useElderMode } from '../../hooks/use-elder-mode';
import { PageChrome } from '../desk';
import { PrivacyPopup } from '../privacy-popup';
import './index.scss';

export interface PageRootProps {
  children: ReactNode;
  className?: string;
  /** Leave room for a fixed bottom action bar. */
  padBottom?: boolean;
}

/**
 * Every page renders inside this: it applies the theme (and large-text mode) through
 * CSS variables, and hosts WeChat's privacy prompt, which can be triggered on any page.
 */
export function PageRoot({ children, className, padBottom }: PageRootProps) {
  const [elder] = useElderMode();
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
      document.documentElement.classList.toggle('sn-elder', elder);
    }
  }, [elder]);
  const classes = ['sn-root', elder ? 'sn-root--elder' : '', padBottom ? 'sn-root--pad-bottom' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <View className={classes} data-elder={elder ? '1' : '0'}>
      <PageChrome>{children}</PageChrome>
      {process.env.TARO_ENV === 'weapp' ? <PrivacyPopup /> : null}
    </View>
  );
}
