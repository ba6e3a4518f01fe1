// Stories for the sign-in page (with its language switch): plain, with single sign-on, each way a sign-in is refused, and
// while signing in (loading).
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
export const SessionExpired: Story = { args: { expired: true } };
export const SingleSignOnFailed: Story = { args: { sso: { label: 'Corp SSO', href: '#' }, ssoError: 'the identity provider refused the sign-in (access_denied)' } };
/** Loading: the sign-in request is on its way (the button says so and is disabled). */
export const SigningIn: Story = {
  args: { onSignIn: () => new Promise<SignInResult>(() => undefined) },
  play: async ({ canvasElement }) => {
    const q = <T extends Element>(sel: string) => canvasElement.querySelector<T>(sel)!;
    const set = (el: HTMLInputElement, v: string) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    set(q<HTMLInputElement>('#signin-username'), 'li.wei');
    set(q<HTMLInputElement>('#signin-password'), 'twelve-chars-ok');
    q<HTMLButtonElement>('button[type=submit]').click();
  },
};
/** A field left empty: said at the field, nothing sent. */
export const MissingPassword: Story = {
  play: async ({ canvasElement }) => {
    const user = canvasElement.querySelector<HTMLInputElement>('#signin-username')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(user, 'li.wei');
    user.dispatchEvent(new Event('input', { bubbles: true }));
    canvasElement.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  },
};
