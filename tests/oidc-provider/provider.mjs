// A real OpenID Connect provider for s136's single sign-on tests: the
// certified `oidc-provider` package with its development sign-in pages (any
// login is accepted; it becomes the account's `sub`, `preferred_username`
// and, with "@example.test", its `email`).
//
//   node provider.mjs REDIRECT_URI
//
// Listens on 127.0.0.1 at a free port and prints one line, `issuer=URL`.
// Two clients: `s136` (secret `s136-secret`) and `other`.
//
// GET /_test/tamper?mode=aud|nonce|signature|none makes the token endpoint
// answer with an ID token whose audience or nonce is wrong (re-signed with
// the provider's own key), or that is signed by a key it never published:
// the checks s136 must make on a token that comes from a provider that
// misbehaves or an attacker in between.

import http from 'node:http';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';

const redirect = process.argv[2];
if (!redirect) {
  console.error('usage: node provider.mjs REDIRECT_URI');
  process.exit(2);
}

const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const stranger = (await generateKeyPair('RS256')).privateKey;
void publicKey;

let tamper = 'none';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: [redirect],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [client('s136'), client('other')],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'name'],
  },
  // ID tokens carry the claims themselves (not only the userinfo endpoint).
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          preferred_username: id,
          name: id,
          email: `${id}@example.test`,
          email_verified: true,
        };
      },
    };
  },
});
// Plain http on 127.0.0.1 only, for tests.
provider.proxy = false;

provider.use(async (ctx, next) => {
  if (ctx.path === '/_test/tamper') {
    tamper = String(ctx.query.mode || 'none');
    ctx.body = { tamper };
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && tamper !== 'none' && ctx.body?.id_token) {
    const claims = decodeJwt(ctx.body.id_token);
    const header = decodeProtectedHeader(ctx.body.id_token);
    let key = privateKey;
    if (tamper === 'aud') claims.aud = 'someone-else';
    if (tamper === 'nonce') claims.nonce = 'not-the-nonce-s136-sent';
    if (tamper === 'signature') key = stranger;
    ctx.body = {
      ...ctx.body,
      id_token: await new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid }).sign(key),
    };
  }
});

server.on('request', provider.callback());
console.log(`issuer=${issuer}`);
