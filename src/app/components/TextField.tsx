// One labelled text input, the way every form here wants it: the label bound to the input, `aria-invalid` when the
// field is in error, and `aria-describedby` naming whatever explains it (the error text, a hint) — only the ids that are
// on the page. Other input attributes (type, autocomplete, inputmode, required, ref…) pass through.
import { splitProps, type JSX } from 'solid-js';

export interface TextFieldProps extends Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onInput' | 'aria-invalid' | 'aria-describedby'
> {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** The field is what is wrong (aria-invalid). */
  invalid?: boolean;
  /** Ids of the texts that describe the field; false, null and '' are skipped (a text not shown now). */
  describedBy?: ReadonlyArray<string | false | null | undefined>;
  /** Shown under the input (a hint whose id is in describedBy). */
  children?: JSX.Element;
}

export function TextField(props: TextFieldProps): JSX.Element {
  const [own, input] = splitProps(props, ['id', 'label', 'value', 'onValue', 'invalid', 'describedBy', 'children']);
  const describedBy = () =>
    (own.describedBy ?? []).filter((id): id is string => typeof id === 'string' && id !== '').join(' ') || undefined;
  return (
    <div>
      <label for={own.id}>{own.label}</label>
      <input
        type="text"
        {...input}
        id={own.id}
        value={own.value}
        onInput={(e) => own.onValue(e.currentTarget.value)}
        aria-invalid={own.invalid === true ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      {own.children}
    </div>
  );
}
