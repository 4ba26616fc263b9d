// A Camunda form (form-js schema) rendered with bpmn.io's form-js, the renderer Camunda Tasklist uses. The parent
// reads the values through the handle given to onReady; file picker fields upload as files are chosen.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { explainError } from '../api/explain-error';
import type { Attachment } from '../api/types';
import { defineMessages, useLang, useMessages, type Lang } from '../i18n/i18n';
import { Loading } from './page';

export type FormSchema = { components?: unknown[] } & Record<string, unknown>;

export interface CamundaFormHandle {
  /** Validates (errors shown in the form) and returns the values of the form's own, editable fields. */
  submit(): { data: Record<string, unknown>; valid: boolean };
}

const m = defineMessages({
  zh: {
    choose: '选择文件',
    none: '未选择文件',
    uploading: '正在上传…',
    failed: (why: string) => `上传失败：${why}`,
    remove: '移除',
    loadFailed: '表单无法显示，请联系管理员。',
  },
  en: {
    choose: 'Choose files',
    none: 'No file chosen',
    uploading: 'Uploading…',
    failed: (why: string) => `Upload failed: ${why}`,
    remove: 'Remove',
    loadFailed: 'The form cannot be shown; please contact the administrator.',
  },
});

// form-js has no translations: its few fixed English strings are replaced in the rendered DOM.
const ZH_RULES: [RegExp, (...g: string[]) => string][] = [
  [/^Field is required\.$/, () => '此项为必填项。'],
  [/^Field must have minimum value of (.+)\.$/, (v) => `数值不能小于 ${v}。`],
  [/^Field must have maximum value of (.+)\.$/, (v) => `数值不能大于 ${v}。`],
  [/^Field must have minimum length of (.+)\.$/, (v) => `长度不能少于 ${v} 个字符。`],
  [/^Field must have maximum length of (.+)\.$/, (v) => `长度不能超过 ${v} 个字符。`],
  [/^Field must match pattern (.+)\.$/, () => '格式不符合要求。'],
  [/^Field must be a valid email\.$/, () => '请输入有效的电子邮箱。'],
  [
    /^Field must be a valid\s+international phone number.*$/,
    () => '请输入有效的电话号码（如 +8653112345678）。',
  ],
  [/^Select$/, () => '请选择'],
  [/^Search$/, () => '搜索'],
];

function translate(root: HTMLElement, lang: Lang): void {
  if (lang !== 'zh') return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue?.trim();
    if (!text) continue;
    for (const [re, to] of ZH_RULES) {
      const hit = re.exec(text);
      if (hit) {
        n.nodeValue = to(...hit.slice(1));
        break;
      }
    }
  }
  for (const el of Array.from(root.querySelectorAll<HTMLInputElement>('input[placeholder]')))
    for (const [re, to] of ZH_RULES) if (re.test(el.placeholder)) el.placeholder = to();
}

/** Keys of fields the form shows but does not let the user write (readonly or disabled, nested groups included). */
function shownOnly(schema: FormSchema): string[] {
  const keys: string[] = [];
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as {
      key?: unknown;
      readonly?: unknown;
      disabled?: unknown;
      components?: unknown;
    }[]) {
      if (
        typeof c?.key === 'string' &&
        ((c.readonly !== undefined && c.readonly !== false) || c.disabled === true)
      )
        keys.push(c.key);
      walk(c?.components);
    }
  };
  walk(schema.components);
  return keys;
}

interface Props {
  schema: FormSchema;
  /** Initial values (case variables); the form shows those of its fields. */
  data?: Record<string, unknown>;
  /** Attachments already known (names for ids in the data). */
  attachments?: Attachment[];
  onReady: (handle: CamundaFormHandle | null) => void;
  testId?: string;
}

export function CamundaForm({ schema, data, attachments, onReady, testId }: Props) {
  const t = useMessages(m);
  const { lang } = useLang();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const attRef = useRef(attachments);
  attRef.current = attachments;

  useEffect(() => {
    let live = true;
    let form: { destroy(): void } | undefined;
    let observer: MutationObserver | undefined;
    setState('loading');
    void (async () => {
      try {
        const lib = await import('./form-js-lib');
        if (!live || !container.current) return;
        const root = container.current;
        const options = {
          container: root,
          // form-js debounces text input by 300 ms, and a pending text update written after another field's change
          // carries the data from before it (a radio clicked, or 提交 pressed, right after typing lost a value).
          debounce: false,
          additionalModules: [
            lib.filePickerModule({
              upload: (file, field) =>
                api.postFile<Attachment>('/attachments', file, { name: file.name, field }),
              nameOf: (id) => attRef.current?.find((a) => a.id === id)?.fileName,
              texts: t,
              explain: (err) => explainError(err, lang).text,
            }),
          ],
        };
        // `debounce` is read by form-js's config service but missing from its FormOptions typing.
        const f = new lib.Form(options as ConstructorParameters<typeof lib.Form>[0]);
        form = f;
        await f.importSchema(schema, data ?? {});
        if (!live) return;
        translate(root, lang);
        observer = new MutationObserver(() => translate(root, lang));
        observer.observe(root, { subtree: true, childList: true, characterData: true });
        setState('ready');
        onReadyRef.current({
          submit() {
            const res = f.submit() as { data: Record<string, unknown>; errors: Record<string, unknown> };
            // Read-only and disabled fields show case data; the step does not write them.
            const data = { ...res.data };
            for (const key of shownOnly(schema)) delete data[key];
            return { data, valid: Object.keys(res.errors).length === 0 };
          },
        });
      } catch {
        if (live) {
          setState('failed');
          onReadyRef.current(null);
        }
      }
    })();
    return () => {
      live = false;
      observer?.disconnect();
      form?.destroy();
      onReadyRef.current(null);
    };
    // The form is rebuilt only for another schema or initial data, never on each parent render.
  }, [schema, data, lang]);

  return (
    <div className="rf-form" data-testid={testId}>
      {state === 'loading' && <Loading />}
      {state === 'failed' && (
        <div className="alert alert-danger" role="alert">
          <div className="alert-text">{t.loadFailed}</div>
        </div>
      )}
      <div ref={container} />
    </div>
  );
}
