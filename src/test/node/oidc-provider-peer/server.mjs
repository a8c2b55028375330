// The benchmark's node oidc-provider peer (src/test/java/dev/atrium/bench/Peers.java). It serves the
// client-credentials grant for one API as Atrium does: a JWT access token signed RS256 with a
// 2048-bit key, the client authenticated by client_secret_post. Arguments come from the environment:
// PEER_PORT, PEER_CLIENT_ID, PEER_CLIENT_SECRET, PEER_API (the API's identifier, the `resource`).
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PEER_PORT);
const api = process.env.PEER_API;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'bench' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.PEER_CLIENT_ID,
    client_secret: process.env.PEER_CLIENT_SECRET,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  scopes: ['read:things', 'write:things'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => api,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== api) {
          throw new Error('unknown resource');
        }
        return {
          scope: 'read:things write:things',
          audience: api,
          accessTokenTTL: 86400,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider peer listening on 127.0.0.1:${port}`);
});
