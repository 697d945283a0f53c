import { Text, View } from '@tarojs/components';
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

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

/**
 * The fixed bottom bar holding a form's main action, clear of the phone's home indicator.
 * Each action gets `sn-form__bar-item` (an equal share of the bar): WeChat's stylesheet
 * compiler refuses the `*` selector, so `.sn-form__bar > *` cannot do it.
 */
export function ActionBar({ children }: { children: ReactNode }) {
  return (
    <View className="sn-form__bar">
      {Children.map(children, (child) => {
        if (!isValidElement(child)) return child;
        const { className } = (child as ReactElement<{ className?: string }>).props;
        return cloneElement(child as ReactElement<{ className?: string }>, { className: className ? `${className} sn-form__bar-item` : 'sn-form__bar-item' });
      })}
    </View>
  );
}
