// Language state and per-feature message dictionaries. Chinese is the default; the choice persists in localStorage.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

const STORAGE_KEY = 'rf.lang';

/** A message is a string, or a function of its arguments for interpolation and plurals. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((...args: any[]) => string);
export type Messages = Record<string, Message>;

/**
 * Declares one feature's strings in both languages. English must have exactly the keys and shapes of Chinese,
 * so a missing translation is a type error.
 */
export function defineMessages<T extends Messages>(m: {
  zh: T;
  en: { [K in keyof T]: T[K] };
}): { zh: T; en: T } {
  return m as { zh: T; en: T };
}

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => undefined });

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // storage may be disabled; fall back to the default
  }
  return 'zh';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted, still switched
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** The current language's half of a dictionary made by defineMessages. */
export function useMessages<T extends Messages>(dict: { zh: T; en: T }): T {
  return dict[useLang().lang];
}
