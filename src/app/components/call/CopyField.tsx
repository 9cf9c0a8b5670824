// A read-only value with a Copy button that says whether the copy worked.
import { createSignal, createUniqueId, type JSX } from 'solid-js';
import styles from './StartCallDialog.module.css';

export function CopyField(props: { label: string; value: string; copyLabel: string }): JSX.Element {
  const id = createUniqueId();
  const [status, setStatus] = createSignal('');
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(props.value);
      setStatus('Copied');
    } catch (error) {
      console.debug('[tgcall] clipboard refused', error);
      setStatus('Could not copy: select the text and copy it yourself.');
    }
  }
  return (
    <div>
      <label for={id}>{props.label}</label>
      <div class={styles.copyRow}>
        <input id={id} type="text" readOnly value={props.value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button-secondary" onClick={() => void copy()}>
          {props.copyLabel}
        </button>
      </div>
      <p class="hint" role="status">
        {status()}
      </p>
    </div>
  );
}
