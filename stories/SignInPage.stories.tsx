// Stories for the sign-in page: plain, with single sign-on, and each way a sign-in is refused.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SignInPage } from '../client/features/signin/SignInPage.js';
import type { SignInResult } from '../client/api/authApi.js';

const refuse = async (): Promise<SignInResult> => ({ ok: false, failure: { kind: 'bad-credentials', message: 'wrong user name or password' } });

const meta: Meta<typeof SignInPage> = {
  title: 'Access/SignInPage',
  component: SignInPage,
  parameters: { layout: 'fullscreen' },
  args: { onSignIn: refuse, sso: null },
};
export default meta;
type Story = StoryObj<typeof SignInPage>;

export const PasswordOnly: Story = {};
export const WithSingleSignOn: Story = { args: { sso: { label: 'Corp SSO', href: '#' } } };
export const WrongPassword: Story = { args: { initialFailure: { kind: 'bad-credentials', message: 'wrong user name or password' } } };
export const AccountLocked: Story = {
  args: { initialFailure: { kind: 'locked', message: 'account locked after repeated failed sign-ins', retryAfterSec: 14 * 60 + 20 } },
};
export const RateLimited: Story = { args: { initialFailure: { kind: 'rate-limited', message: 'too many sign-in attempts from your address', retryAfterSec: 42 } } };
export const SessionExpired: Story = { args: { notice: 'Your session has ended. Sign in again to continue where you were.' } };
export const SingleSignOnFailed: Story = { args: { sso: { label: 'Corp SSO', href: '#' }, ssoError: 'the identity provider refused the sign-in (access_denied)' } };
