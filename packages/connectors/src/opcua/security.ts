import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OpcuaSecurityMode, OpcuaSecurityPolicy } from './config';
import { type OPCUACertificateManager, type UA, ua } from './ua';

/**
 * A problem that retrying will not fix by itself (no matching endpoint, an untrusted certificate, a refused login):
 * the connector reports state 'error' with this message, and keeps retrying slowly in case someone fixes it.
 */
export class OpcuaSetupError extends Error {
  constructor(
    readonly reason: 'endpoint' | 'certificate' | 'login',
    message: string,
  ) {
    super(message);
    this.name = 'OpcuaSetupError';
  }
}

const MODE_NAMES: Record<number, string> = { 1: 'None', 2: 'Sign', 3: 'SignAndEncrypt' };
const TOKEN_NAMES: Record<number, string> = { 0: 'Anonymous', 1: 'UserName', 2: 'Certificate', 3: 'IssuedToken' };

function policyName(uri: string | null | undefined): string {
  return (uri ?? '').split('#')[1] ?? String(uri);
}

/** "SignAndEncrypt/Basic256Sha256 (Anonymous, UserName)" */
export function describeEndpoint(e: UA.EndpointDescription): string {
  const tokens = (e.userIdentityTokens ?? []).map((t) => TOKEN_NAMES[t.tokenType] ?? String(t.tokenType));
  return `${MODE_NAMES[e.securityMode] ?? e.securityMode}/${policyName(e.securityPolicyUri)} (${[...new Set(tokens)].join(', ')})`;
}

/**
 * Picks the endpoint with the configured security mode and policy that accepts the configured kind of login.
 * Errors list what the server offers, so the fix is one edit of the config away.
 */
export function chooseEndpoint(
  endpoints: UA.EndpointDescription[],
  endpointUrl: string,
  mode: OpcuaSecurityMode,
  policy: OpcuaSecurityPolicy,
  login: 'Anonymous' | 'UserName',
): UA.EndpointDescription {
  const wantMode = ua.MessageSecurityMode[mode];
  const wantPolicy = mode === 'None' ? ua.SecurityPolicy.None : ua.SecurityPolicy[policy];
  const available = endpoints.map(describeEndpoint).join('; ') || 'none';
  const matching = endpoints.filter((e) => e.securityMode === wantMode && e.securityPolicyUri === wantPolicy);
  const wanted = mode === 'None' ? 'None' : `${mode}/${policy}`;
  if (!matching.length) {
    throw new OpcuaSetupError(
      'endpoint',
      `${endpointUrl} offers no ${wanted} endpoint (securityMode/securityPolicy); available: ${available}`,
    );
  }
  const tokenType = ua.UserTokenType[login];
  const chosen = matching.find((e) => (e.userIdentityTokens ?? []).some((t) => t.tokenType === tokenType));
  if (!chosen) {
    throw new OpcuaSetupError(
      'endpoint',
      `the ${wanted} endpoint of ${endpointUrl} does not accept ${login} login` +
        `${login === 'UserName' ? '' : ' (set username and password)'}; available: ${available}`,
    );
  }
  return chosen;
}

/**
 * Checks the server certificate against the connector's trust list before connecting. The certificate manager
 * trusts an unknown certificate when it was created with automaticallyAcceptUnknownCertificate
 * (trustServerCertificate: true); otherwise it files it under rejected/, and the error says how to trust it.
 */
export async function checkServerCertificate(
  cm: OPCUACertificateManager,
  certificate: Buffer | null | undefined,
  endpointUrl: string,
): Promise<void> {
  if (!certificate?.length) {
    throw new OpcuaSetupError('certificate', `${endpointUrl} sent no server certificate for a secure endpoint`);
  }
  const status = await cm.checkCertificate(certificate);
  if (status.isGood()) return;
  const leaf = ua.extractFirstCertificateInChain(certificate) ?? certificate;
  const thumbprint = createHash('sha1').update(leaf).digest('hex');
  let subject = '';
  try {
    subject = new X509Certificate(leaf).subject.replace(/\n/g, ', ');
  } catch {
    // an unparsable certificate is still reported by its thumbprint
  }
  const rejected = cm.rejectedFolder;
  let file = '';
  try {
    file = readdirSync(rejected).find((f) => f.toLowerCase().includes(thumbprint)) ?? '';
  } catch {
    // folder not there yet: name the folder only
  }
  const where = file ? join(rejected, file) : `${rejected} (thumbprint ${thumbprint})`;
  const trusted = join(cm.trustedFolder, 'certs');
  throw new OpcuaSetupError(
    'certificate',
    `the server certificate of ${endpointUrl}${subject ? ` (${subject})` : ''} is not trusted (${status.name}): ` +
      `move ${where} to ${trusted}/ to trust it, or set trustServerCertificate: true`,
  );
}

/** The PKI folder of a connector: own certificate and key, trusted/ and rejected/ certificates. */
export function pkiFolder(dataDir: string): string {
  return join(dataDir, 'pki');
}
