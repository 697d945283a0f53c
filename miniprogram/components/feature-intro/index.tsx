import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Section } from '../section';
import './index.scss';

export interface FeatureStep {
  title: string;
  desc: string;
}

/** "How this works" steps for a capability's landing page, in the street's own words. */
export function FeatureIntro({ title = '怎么办理', steps, footer }: { title?: string; steps: FeatureStep[]; footer?: ReactNode }) {
  return (
    <Section title={title}>
      <View className="sn-intro">
        {steps.map((s, i) => (
          <View className="sn-intro__step" key={s.title}>
            <View className="sn-intro__rail">
              <Text className="sn-intro__no">{i + 1}</Text>
              {i < steps.length - 1 ? <View className="sn-intro__line" /> : null}
            </View>
            <View className="sn-intro__text">
              <Text className="sn-intro__title">{s.title}</Text>
              <Text className="sn-intro__desc">{s.desc}</Text>
            </View>
          </View>
        ))}
        {footer ? <View className="sn-intro__footer">{footer}</View> : null}
      </View>
    </Section>
  );
}
