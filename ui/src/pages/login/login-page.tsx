import { type FormEvent, useState } from 'react';
import { ApiError, login } from '../../api/client';
import { explainError } from '../../api/explain-error';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { useDocumentTitle } from '../../components/page';
import { defineMessages, LANGS, useLang, useMessages } from '../../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '登录',
    appName: '人才项目评审平台',
    tagline: '人才项目申报 · 区县审核 · 专家评审 · 公示 · 审批 · 资金拨付',
    username: '用户名',
    password: '密码',
    submit: '登录',
    wrong: '用户名或密码不正确。',
    required: '请输入用户名和密码。',
    demo: '演示账号密码均为 demo，例如 lixia-reviewer、orgdept1、admin。',
    language: '界面语言',
  },
  en: {
    title: 'Sign in',
    appName: 'Talent Programme Review',
    tagline: 'Declaration · district review · expert review · publicity · approval · payment',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'The user name or password is not correct.',
    required: 'Please enter your user name and password.',
    demo: 'Demo accounts use the password demo, e.g. lixia-reviewer, orgdept1, admin.',
    language: 'Language',
  },
});

export function LoginPage() {
  const t = useMessages(m);
  const { lang, setLang } = useLang();
  useDocumentTitle(t.title);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t.required);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
      // the app shell redirects once the session exists
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 403)
          ? t.wrong
          : explainError(err, lang).text,
      );
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-lang" role="group" aria-label={t.language}>
        {LANGS.map((l) => (
          <button
            key={l}
            type="button"
            className="lang-btn"
            aria-pressed={lang === l}
            onClick={() => setLang(l)}
          >
            {l === 'zh' ? '中文' : 'EN'}
          </button>
        ))}
      </div>
      <div className="login-panel">
        <div className="login-brand">
          <span className="brand-mark brand-mark-lg" aria-hidden="true" />
          <h1>{t.appName}</h1>
          <p>{t.tagline}</p>
        </div>
        <form className="login-form" onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t.title}</h2>
          {error && (
            <div className="alert alert-danger" role="alert">
              <div className="alert-text">{error}</div>
            </div>
          )}
          <TextField
            label={t.username}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
          <TextField
            label={t.password}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" variant="primary" busy={busy} className="btn-block">
            {t.submit}
          </Button>
          <p className="login-hint">{t.demo}</p>
        </form>
      </div>
    </div>
  );
}
