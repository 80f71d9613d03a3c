import type { OpcuaConfig } from './config';
import { checkServerCertificate, chooseEndpoint, OpcuaSetupError, pkiFolder } from './security';
import { CertificateManager, type OPCUACertificateManager, type UA, ua } from './ua';

/** Application name in the client certificate and in the server's session diagnostics. */
const APPLICATION_NAME = 'Prognos';
/** Upper bound of one connection step (TCP connect, GetEndpoints, CreateSession) on an unreachable host. */
const STEP_TIMEOUT_MS = 10_000;

export interface OpenSession {
  cm: OPCUACertificateManager;
  client: UA.OPCUAClient;
  session: UA.ClientSession;
  endpoint: UA.EndpointDescription;
}

export interface OpenOptions {
  /** Reconnection delays node-opcua uses after a broken connection (ms). */
  reconnect: { baseMs: number; maxMs: number };
  /** Called with the client before it connects, to attach event handlers. */
  onClient?: (client: UA.OPCUAClient) => void;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Disconnects a client without ever hanging (a dead peer can stall the CloseSession request). */
export async function closeQuietly(client: UA.OPCUAClient | undefined, ms = 2000): Promise<void> {
  if (!client) return;
  try {
    await withTimeout(client.disconnect(), ms, 'disconnect');
  } catch {
    // the peer is gone or the socket is already closed: nothing left to release on our side
  }
}

/** GetEndpoints over an unsecured channel, as OPC UA Part 4 §5.4.4 allows every client to do. */
async function discover(cfg: OpcuaConfig, cm: OPCUACertificateManager): Promise<UA.EndpointDescription[]> {
  const client = ua.OPCUAClient.create({
    applicationName: APPLICATION_NAME,
    clientCertificateManager: cm,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
  });
  try {
    await withTimeout(client.connect(cfg.endpointUrl), STEP_TIMEOUT_MS, `connecting to ${cfg.endpointUrl}`);
    return await withTimeout(client.getEndpoints(), STEP_TIMEOUT_MS, `GetEndpoints of ${cfg.endpointUrl}`);
  } finally {
    await closeQuietly(client);
  }
}

function statusName(err: unknown): string {
  const m = /\b(Bad[A-Za-z]+)\b/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1] ?? '';
}

const LOGIN_REFUSED = new Set([
  'BadUserAccessDenied',
  'BadIdentityTokenRejected',
  'BadIdentityTokenInvalid',
  'BadUserSignatureInvalid',
]);

/**
 * Opens a session as configured: endpoint discovery, the endpoint that matches the security settings, the server
 * certificate checked against the connector's trust list, the client certificate created in `<dataDir>/pki` on
 * first use, then login. Releases everything it opened when a step fails.
 */
export async function openSession(cfg: OpcuaConfig, dataDir: string, opts: OpenOptions): Promise<OpenSession> {
  const mode = cfg.securityMode ?? 'None';
  const policy = cfg.securityPolicy ?? 'Basic256Sha256';
  const login = cfg.username ? 'UserName' : 'Anonymous';
  // A fresh manager per attempt re-reads the trust list, so a certificate an operator moved to trusted/ counts at
  // the next retry without a restart.
  const cm = new CertificateManager({
    rootFolder: pkiFolder(dataDir),
    automaticallyAcceptUnknownCertificate: cfg.trustServerCertificate ?? false,
    disableFileWatchers: true,
  });
  let client: UA.OPCUAClient | undefined;
  try {
    await cm.initialize();
    const endpoints = await discover(cfg, cm);
    const endpoint = chooseEndpoint(endpoints, cfg.endpointUrl, mode, policy, login);
    if (mode !== 'None') await checkServerCertificate(cm, endpoint.serverCertificate, cfg.endpointUrl);
    client = ua.OPCUAClient.create({
      applicationName: APPLICATION_NAME,
      clientCertificateManager: cm,
      securityMode: ua.MessageSecurityMode[mode],
      securityPolicy: mode === 'None' ? ua.SecurityPolicy.None : ua.SecurityPolicy[policy],
      serverCertificate: endpoint.serverCertificate ?? undefined,
      endpointMustExist: false,
      keepSessionAlive: true,
      requestedSessionTimeout: cfg.sessionTimeoutMs ?? 60_000,
      // maxRetry > 0 turns on node-opcua's own repair of a broken connection (new channel, session reactivated or
      // recreated, subscriptions transferred or recreated), which retries forever between these delays.
      connectionStrategy: { maxRetry: 1, initialDelay: opts.reconnect.baseMs, maxDelay: opts.reconnect.maxMs },
    });
    opts.onClient?.(client);
    await withTimeout(client.connect(cfg.endpointUrl), STEP_TIMEOUT_MS, `connecting to ${cfg.endpointUrl}`);
    const identity: UA.UserIdentityInfo = cfg.username
      ? { type: ua.UserTokenType.UserName, userName: cfg.username, password: cfg.password ?? '' }
      : { type: ua.UserTokenType.Anonymous };
    let session: UA.ClientSession;
    try {
      session = await withTimeout(client.createSession(identity), STEP_TIMEOUT_MS, 'CreateSession');
    } catch (err) {
      const code = statusName(err);
      if (LOGIN_REFUSED.has(code)) {
        throw new OpcuaSetupError(
          'login',
          cfg.username
            ? `${cfg.endpointUrl} refused the login of user "${cfg.username}" (${code}): check username and password`
            : `${cfg.endpointUrl} refused anonymous login (${code}): set username and password`,
        );
      }
      throw err;
    }
    return { cm, client, session, endpoint };
  } catch (err) {
    await closeQuietly(client);
    await cm.dispose().catch(() => {});
    throw err;
  }
}
