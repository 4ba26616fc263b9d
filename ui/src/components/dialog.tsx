// A modal on the native <dialog>: focus is trapped and Esc closes it, for free.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { defineMessages, useMessages } from '../i18n/i18n';

const m = defineMessages({ zh: { close: '关闭' }, en: { close: 'Close' } });

interface Props {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** Accessible name of the × button (default: 关闭 / Close). */
  closeLabel?: string;
}

export function Dialog({ open, title, onClose, children, footer, wide, closeLabel }: Props) {
  const t = useMessages(m);
  const close = closeLabel ?? t.close;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div className="dialog-inner">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="dialog-close" onClick={onClose} aria-label={close} title={close}>
              ×
            </button>
          </header>
          <div className="dialog-body">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
