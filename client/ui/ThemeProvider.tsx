// Dark (NOC wall) or light (office, print-like) theme: remembered per browser, set as data-theme on <html> so CSS and charts follow.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { safeStorage } from '../i18n/locale.js';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'opsdeck.theme';

export function initialTheme(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Theme {
  const stored = storage?.getItem(STORAGE_KEY);
  if (stored === 'dark' || stored === 'light') return stored;
  // NOC screens are dark by default; a browser that asks for light gets light.
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

interface ThemeState { theme: Theme; setTheme(t: Theme): void }

const ThemeContext = createContext<ThemeState>({ theme: 'dark', setTheme: () => undefined });

export function ThemeProvider({ children, theme: fixed, remember = true }: { children: ReactNode; theme?: Theme; remember?: boolean }) {
  const [theme, setState] = useState<Theme>(() => fixed ?? initialTheme());
  useEffect(() => { if (fixed) setState(fixed); }, [fixed]);
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);
  const setTheme = useCallback((t: Theme) => { setState(t); if (remember) safeStorage()?.setItem(STORAGE_KEY, t); }, [remember]);
  const value = useMemo(() => ({ theme, setTheme }), [theme, setTheme]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  return useContext(ThemeContext);
}
