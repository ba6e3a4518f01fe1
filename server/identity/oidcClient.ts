// The relying party's side of OpenID Connect (openid-client): discovery, the authorization URL, and redeeming the
// code for an ID token verified against the provider's JWKS (signature, iss, aud, exp, nonce) with PKCE and state.
import * as oidc from 'openid-client';
import type { OidcConfig } from '../config.js';
import { readClaim, type OidcClaims } from './oidcClaims.js';

/** Standard scopes every provider knows; the provider must release the user name and roles claims for them. */
export const OIDC_SCOPES = 'openid profile email';

export interface FlowSecrets { state: string; nonce: string; codeVerifier: string }

/** Plain HTTP to the provider only on this machine (a local provider in development and tests); anywhere else TLS. */
function isLoopback(u: URL): boolean {
  return u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
}

/**
 * A confidential client authenticates with client_secret_basic (the OIDC default), or client_secret_post when the
 * provider's metadata lists only that; a public client sends no secret and relies on PKCE.
 */
function clientAuthentication(secret: string | null): oidc.ClientAuth {
  if (!secret) return oidc.None();
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (as, client, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported;
    const postOnly = methods !== undefined && !methods.includes('client_secret_basic') && methods.includes('client_secret_post');
    return (postOnly ? post : basic)(as, client, body, headers);
  };
}

export function newFlowSecrets(): FlowSecrets {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

export class OidcClient {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(private readonly cfg: OidcConfig) {}

  /** Discovery on first use (the server starts even if the provider is down); a failed attempt is retried next time. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.cfg.issuer);
      // openid-client trusts TLS for ID tokens from the token endpoint; this makes it check the signature against the JWKS too.
      const execute = [oidc.enableNonRepudiationChecks, ...(isLoopback(issuer) ? [oidc.allowInsecureRequests] : [])];
      this.discovered = oidc.discovery(issuer, this.cfg.clientId, { redirect_uris: [this.cfg.redirectUrl] }, clientAuthentication(this.cfg.clientSecret), { execute });
      this.discovered.catch(() => { this.discovered = null; });
    }
    return this.discovered;
  }

  async authorizationUrl(s: FlowSecrets): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.cfg.redirectUrl,
      scope: OIDC_SCOPES,
      response_type: 'code',
      state: s.state,
      nonce: s.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(s.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Redeems the callback's code; throws on a provider error, a state/nonce/PKCE mismatch or an ID token that fails
   * verification. Claims the ID token lacks (`needed`) are taken from the UserInfo endpoint, whose subject must match.
   */
  async redeem(callbackQuery: string, s: FlowSecrets, needed: readonly string[]): Promise<OidcClaims> {
    const config = await this.configuration();
    // The callback URL is rebuilt from configuration, never from the request's Host header.
    const current = new URL(this.cfg.redirectUrl);
    current.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: s.codeVerifier, expectedState: s.state, expectedNonce: s.nonce, idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the token response carried no ID token');
    const missing = needed.some((name) => readClaim(idClaims, name) === undefined);
    if (!missing || !config.serverMetadata().userinfo_endpoint) return idClaims;
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    // The signed ID token wins where both say something.
    return { ...userinfo, ...idClaims };
  }
}
