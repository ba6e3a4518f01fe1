// Storybook for the client's view components (React + Vite builder); works offline.
import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(cfg) {
    // The app's vite.config.ts roots Vite at client/ and proxies the API; stories need neither.
    const { root: _root, server, build, ...rest } = cfg;
    return {
      ...rest,
      server: { ...server, proxy: {} },
      // Storybook writes the manager and index.json first: Vite must not empty that directory.
      build: { ...build, outDir: undefined, emptyOutDir: false },
    };
  },
};

export default config;
