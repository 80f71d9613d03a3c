/**
 * OPC UA peer: a node-opcua server in its own process, `node --import tsx opcua-server.ts '<json options>'` (see
 * OpcuaServerBenchOptions), exposing `variables` Double variables (ns=1;s=BENCH.T0000...) in Objects/Bench. Every
 * `updateIntervalMs` each variable gets a new value with the current time as its source timestamp, so the server
 * offers variables × 1000 / updateIntervalMs value changes per second. Sends {type: 'ready', endpointUrl, nodeIds}
 * once it serves, and {type: 'stats', updates} when asked.
 *
 * Why not the simulator's startOpcuaServer: it loads node-opcua with a dynamic import() and takes `.default`, which
 * is undefined when the module runs under tsx (node-opcua marks its CommonJS exports __esModule), so it cannot start
 * here; the static default imports below work under tsx.
 */
import cm from 'node-opcua-certificate-manager';
import ua from 'node-opcua-client';
import opcuaServer from 'node-opcua-server';

export interface OpcuaServerBenchOptions {
  port: number;
  pkiDir: string;
  variables: number;
  updateIntervalMs: number;
}

const o = JSON.parse(process.argv[2]!) as OpcuaServerBenchOptions;
const { DataType, StatusCodes, Variant } = ua;

const certificates = new cm.OPCUACertificateManager({
  rootFolder: o.pkiDir,
  automaticallyAcceptUnknownCertificate: true,
});
await certificates.initialize();
const server = new opcuaServer.OPCUAServer({
  port: o.port,
  host: '127.0.0.1',
  hostname: '127.0.0.1',
  serverCertificateManager: certificates,
  allowAnonymous: true,
  securityModes: [ua.MessageSecurityMode.None],
  securityPolicies: [ua.SecurityPolicy.None],
  serverInfo: { applicationUri: 'urn:prognos:bench', productUri: 'urn:prognos:bench' },
  // room for every monitored item of the bench in one subscription (the per-call limit, 10,000, is enough)
  serverCapabilities: { maxMonitoredItemsPerSubscription: 100_000, maxMonitoredItems: 100_000 },
});
await server.initialize();
const addressSpace = server.engine.addressSpace!;
const ns = addressSpace.getOwnNamespace();
const folder = ns.addFolder(addressSpace.rootFolder.objects, { browseName: 'Bench', nodeId: 's=Bench' });
const nodeIds: Record<string, string> = {};
const variables = Array.from({ length: o.variables }, (_, i) => {
  const sensor = `BENCH.T${String(i).padStart(4, '0')}`;
  nodeIds[sensor] = `ns=1;s=${sensor}`;
  return ns.addVariable({
    componentOf: folder,
    browseName: sensor,
    nodeId: `s=${sensor}`,
    dataType: 'Double',
    // values change only when the update below writes them; a client may sample as fast as it likes
    minimumSamplingInterval: 0,
  });
});

let updates = 0;
const update = () => {
  const ts = Date.now();
  const when = new Date(ts);
  for (let i = 0; i < variables.length; i++) {
    const value = Math.round((50 + 10 * Math.sin(ts / 10_000 + i)) * 100) / 100;
    variables[i]!.setValueFromSource(new Variant({ dataType: DataType.Double, value }), StatusCodes.Good, when);
  }
  updates += variables.length;
};
update();
await server.start();
setInterval(update, o.updateIntervalMs);

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', updates });
});
process.send?.({ type: 'ready', endpointUrl: `opc.tcp://127.0.0.1:${o.port}`, nodeIds });
