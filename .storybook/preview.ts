// Storybook preview: the app's dark NOC theme on every story.
import type { Preview } from '@storybook/react-vite';
import '../client/theme.css';

const preview: Preview = {
  parameters: { layout: 'padded', backgrounds: { disable: true } },
};

export default preview;
