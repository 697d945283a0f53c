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

/**
 * One form field: its label, the control(s) as children, and the field's message under them
 * (nothing when there is none). `sub` for a field inside a numbered block
 * (`sn-form__sub`), otherwise the field's label is a block label (`sn-form__label`).
 * It adds no element of its own, so a page's layout and selectors stay as they were.
 *
 *   <Field label="房号" sub error={err('address.room')}>
 *     <Input className="sn-form__input" value={draft.room} onChange={(v) => update({ room: v })} />
 *   </Field>
 */
export function Field({ label, sub, error, errorTestId, children }: { label: ReactNode; sub?: boolean; error?: string; errorTestId?: string; children: ReactNode }) {
  return (
    <>
      <Text className={sub ? 'sn-form__sub' : 'sn-form__label'}>{label}</Text>
      {children}
      <FieldError message={error} testId={errorTestId} />
    </>
  );
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
