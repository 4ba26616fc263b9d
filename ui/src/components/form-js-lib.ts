// form-js (bpmn.io, the renderer Camunda Tasklist uses) and its CSS, loaded on first use as a chunk of its own, with
// our file picker: files upload to POST /attachments as they are chosen and the field's value is their ids.
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { Errors as FjsErrors, Form, Label as FjsLabel } from '@bpmn-io/form-js';
import { type FunctionComponent, h } from 'preact';
import { useState } from 'preact/hooks';

export { Form };

// form-js's own label and error list, so our picker looks like its other fields (their typings are stricter than use).
const Label = FjsLabel as unknown as FunctionComponent<{
  htmlFor: string;
  label?: string;
  required?: boolean;
}>;
const Errors = FjsErrors as unknown as FunctionComponent<{ id: string; errors: string[] }>;

export interface UploadedFile {
  id: string;
  fileName: string;
}

export interface FilePickerHost {
  upload(file: File, field: string): Promise<UploadedFile>;
  /** Names of ids already in the data (prefilled values). */
  nameOf(id: string): string | undefined;
  texts: { choose: string; none: string; uploading: string; failed: (why: string) => string; remove: string };
  explain(err: unknown): string;
}

interface PickerProps {
  field: {
    id: string;
    key: string;
    label?: string;
    multiple?: boolean | string;
    accept?: string;
    validate?: { required?: boolean };
  };
  value?: unknown;
  domId: string;
  errors?: string[];
  disabled?: boolean;
  readonly?: boolean;
  onChange: (change: { value: unknown }) => void;
}

/** The form-js module that replaces the built-in filepicker (which keeps files in the browser) with uploads. */
export function filePickerModule(host: FilePickerHost) {
  const known = new Map<string, string>();
  function RfFilePicker(props: PickerProps) {
    const { field, domId, errors = [], disabled, readonly, onChange } = props;
    const ids = Array.isArray(props.value)
      ? props.value.filter((v): v is string => typeof v === 'string')
      : [];
    const [busy, setBusy] = useState(false);
    const [failure, setFailure] = useState<string | undefined>(undefined);
    const multiple = field.multiple === true || field.multiple === 'true';
    const onFiles = async (e: Event) => {
      const input = e.target as HTMLInputElement;
      const files = Array.from(input.files ?? []);
      if (files.length === 0) return;
      setBusy(true);
      setFailure(undefined);
      try {
        const uploaded: string[] = [];
        for (const f of files) {
          const res = await host.upload(f, field.key);
          known.set(res.id, res.fileName);
          uploaded.push(res.id);
        }
        onChange({ value: multiple ? [...ids, ...uploaded] : uploaded.slice(-1) });
      } catch (err) {
        setFailure(host.texts.failed(host.explain(err)));
      } finally {
        setBusy(false);
        input.value = '';
      }
    };
    const off = disabled || readonly || busy;
    return h(
      'div',
      {
        class: `fjs-form-field fjs-form-field-filepicker rf-filepicker${errors.length ? ' fjs-has-errors' : ''}`,
      },
      [
        h(Label, { htmlFor: domId, label: field.label, required: field.validate?.required }),
        h('input', {
          type: 'file',
          id: domId,
          class: 'rf-filepicker-input',
          multiple: multiple || undefined,
          accept: field.accept && !field.accept.startsWith('=') ? field.accept : undefined,
          disabled: off,
          onChange: (e: Event) => void onFiles(e),
          'data-field': field.key,
        }),
        // The native input stays hidden (its button speaks the browser's language, not the page's): this one opens it.
        h(
          'button',
          {
            type: 'button',
            class: 'fjs-button rf-filepicker-button',
            disabled: off,
            'aria-describedby': `${domId}-files`,
            onClick: () => (document.getElementById(domId) as HTMLInputElement | null)?.click(),
          },
          host.texts.choose,
        ),
        h(
          'ul',
          { id: `${domId}-files`, class: 'rf-filepicker-files', 'data-testid': `files-${field.key}` },
          ids.length === 0
            ? h('li', { class: 'rf-filepicker-none' }, busy ? host.texts.uploading : host.texts.none)
            : ids.map((id) =>
                h('li', { key: id, 'data-attachment-id': id }, [
                  h('span', null, known.get(id) ?? host.nameOf(id) ?? id.slice(0, 8)),
                  off
                    ? null
                    : h(
                        'button',
                        {
                          type: 'button',
                          class: 'fjs-button rf-filepicker-remove',
                          onClick: () => onChange({ value: ids.filter((x) => x !== id) }),
                        },
                        host.texts.remove,
                      ),
                ]),
              ),
        ),
        busy && ids.length > 0 ? h('div', { class: 'rf-filepicker-busy' }, host.texts.uploading) : null,
        failure ? h('div', { class: 'fjs-form-field-error', role: 'alert' }, failure) : null,
        h(Errors, { id: `${domId}-error-message`, errors }),
      ],
    );
  }
  RfFilePicker.config = {
    type: 'filepicker',
    keyed: true,
    label: 'File picker',
    group: 'basic-input',
    emptyValue: null,
    sanitizeValue: ({ value }: { value: unknown }) =>
      Array.isArray(value) ? value.filter((v) => typeof v === 'string') : null,
    create: (options = {}) => ({ ...options }),
  };
  class Registrar {
    static $inject = ['formFields'];
    constructor(formFields: { register(type: string, component: unknown): void }) {
      formFields.register('filepicker', RfFilePicker);
    }
  }
  return { __init__: ['rfFilePicker'], rfFilePicker: ['type', Registrar] };
}
