import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A field's message from the server or the local check; renders nothing when there is none. */
export function FieldError({ message, testId }: { message?: string; testId?: string }) {
  return message ? (
    <Text className="sn-form__error" data-testid={testId}>
      {message}
    </Text>
  ) : null;
}

/** One pill choice; `on` marks it chosen. */
export function Chip({ on, onClick, testId, children }: { on: boolean; onClick: () => void; testId?: string; children: ReactNode }) {
  return (
    <Text className={`sn-form__chip${on ? ' sn-form__chip--on' : ''}`} data-testid={testId} onClick={onClick}>
      {children}
    </Text>
  );
}

/** The fixed bottom bar holding a form's main action, clear of the phone's home indicator. */
export function ActionBar({ children }: { children: ReactNode }) {
  return <View className="sn-form__bar">{children}</View>;
}
