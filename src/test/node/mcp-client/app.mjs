// The official MCP TypeScript client connecting to an MCP server protected by Atrium (McpClientIT).
// Usage: node app.mjs <mcp server url> <callback port> [client metadata document URL]
// Everything OAuth is the SDK's own: discovery from the server's 401, registration (a Client ID Metadata
// Document when the authorization server supports it, dynamic registration otherwise), PKCE, resource, the
// code exchange and the refresh. This script only plays the user's agent: it prints the authorization URL
// (the test's browser opens it) and receives the browser at its redirect URI.
// Lines for the test: AUTHORIZE <url>, CLIENT_ID <id>, WHOAMI <text>, REFRESHED, DONE; FAIL <message> on error.
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [serverUrl, callbackPort, clientMetadataUrl] = process.argv.slice(2);
const redirectUrl = `http://127.0.0.1:${callbackPort}/callback`;

let deliver;
const codeArrives = new Promise((resolve) => { deliver = resolve; });
const callback = http.createServer((req, res) => {
  const u = new URL(req.url, redirectUrl);
  if (u.pathname !== '/callback') { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
  deliver({ code: u.searchParams.get('code'), error: u.searchParams.get('error'), state: u.searchParams.get('state') });
});
await new Promise((r) => callback.listen(Number(callbackPort), '127.0.0.1', r));

const store = { client: undefined, tokens: undefined, verifier: undefined, discovery: undefined, saves: 0 };
const provider = {
  get redirectUrl() { return redirectUrl; },
  clientMetadataUrl: clientMetadataUrl || undefined,
  get clientMetadata() {
    return {
      client_name: 'Atrium MCP test client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none'
    };
  },
  state() { return 'st-' + Math.random().toString(36).slice(2); },
  clientInformation() { return store.client; },
  saveClientInformation(info) { store.client = info; console.log('CLIENT_ID ' + info.client_id); },
  tokens() { return store.tokens; },
  saveTokens(tokens) { store.tokens = tokens; store.saves += 1; if (store.saves > 1) console.log('REFRESHED'); },
  redirectToAuthorization(url) { console.log('AUTHORIZE ' + url.href); },
  saveCodeVerifier(v) { store.verifier = v; },
  codeVerifier() { return store.verifier; },
  saveDiscoveryState(s) { store.discovery = s; },
  discoveryState() { return store.discovery; }
};

async function whoami() {
  const client = new Client({ name: 'atrium-mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider });
  await client.connect(transport);
  const tools = await client.listTools();
  if (!tools.tools.some((t) => t.name === 'whoami')) throw new Error('no whoami tool');
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  await client.close();
  return result.content[0].text;
}

try {
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider });
  const first = new Client({ name: 'atrium-mcp-test', version: '1.0.0' });
  try {
    await first.connect(transport);
    throw new Error('the server let an unauthenticated client in');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  const back = await codeArrives;
  if (back.error || !back.code) throw new Error('authorization failed: ' + back.error);
  await transport.finishAuth(back.code);
  console.log('WHOAMI ' + await whoami());
  // the access token goes bad (as when it expires): the server answers 401 and the SDK refreshes on its own
  const good = store.tokens.access_token;
  const bad = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const savesBefore = store.saves;
  store.tokens = { ...store.tokens, access_token: bad };
  console.log('WHOAMI ' + await whoami());
  // (within the same second Atrium may sign the very same access token again: what counts is the refresh)
  if (store.saves === savesBefore || store.tokens.access_token === bad) throw new Error('the client did not refresh');
  console.log('DONE');
} catch (e) {
  console.log('FAIL ' + (e && e.stack ? e.stack.replace(/\n/g, ' | ') : e));
  process.exitCode = 1;
} finally {
  callback.close();
}
