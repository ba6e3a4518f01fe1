// Storybook preview: every story inside the app's language, time zone and theme providers, switchable from the toolbar.
import type { Preview } from '@storybook/react-vite';
import { I18nProvider } from '../client/i18n/I18nProvider.js';
import type { Locale } from '../client/i18n/locale.js';
import { ThemeProvider, type Theme } from '../client/ui/ThemeProvider.js';
import '../client/theme.css';

const preview: Preview = {
  parameters: { layout: 'padded', backgrounds: { disable: true } },
  globalTypes: {
    locale: { description: 'Language', toolbar: { title: 'Language', icon: 'globe', items: [{ value: 'en', title: 'English' }, { value: 'zh-CN', title: '中文' }] } },
    theme: { description: 'Theme', toolbar: { title: 'Theme', icon: 'mirror', items: ['dark', 'light'] } },
  },
  initialGlobals: { locale: 'en', theme: 'dark' },
  decorators: [
    (Story, ctx) => (
      // Stories render fixed fixture times: Shanghai time, so they read as an operator would see them.
      <I18nProvider locale={ctx.globals.locale as Locale} timeZone="Asia/Shanghai" remember={false}>
        <ThemeProvider theme={ctx.globals.theme as Theme} remember={false}><Story /></ThemeProvider>
      </I18nProvider>
    ),
  ],
};

export default preview;
