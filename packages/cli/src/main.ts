import { Command, InvalidArgumentError } from 'commander';

// Commands load on use: `prognos --help` should not pay for the server, the protocol stacks or the store.
const startCommand = async (o: import('./start-command').StartOptions) =>
  (await import('./start-command')).startCommand(o);
const importCommand = async (file: string, o: import('./import-command').ImportOptions) =>
  (await import('./import-command')).importCommand(file, o);
const simulateCommand = async (o: import('./simulate-command').SimulateOptions) =>
  (await import('./simulate-command')).simulateCommand(o);
const trainCommand = async (o: import('./train-command').TrainOptions) => {
  await (await import('./train-command')).trainCommand(o);
};

const rul = async () => import('./rul-command');

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`${name} must be an integer 0..65535`);
  return n;
};
const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

const program = new Command()
  .name('prognos')
  .description('Prognos: self-hosted predictive maintenance for manufacturing.')
  .version(process.env.PROGNOS_VERSION ?? '0.1.0')
  .showHelpAfterError();

program
  .command('start')
  .description(
    'Start the embedded demo: server, MQTT broker and a simulated plant with an accelerated fault, UI on http://localhost:8080',
  )
  .option('-p, --port <n>', 'HTTP port of the API and web UI', int('port'), 8080)
  .option('-d, --data-dir <dir>', 'folder of the embedded store', '.prognos')
  .option('--mqtt-port <n>', 'port of the embedded MQTT broker', int('mqtt-port'), 1883)
  .option('--speed <x>', 'process-time acceleration of the simulator (0 = demo default)', positive('speed'))
  .option('--seed <n>', 'seed of the simulator (same seed, same plant behaviour)', Number, 42)
  .option('--backfill-hours <h>', 'hours of healthy history to back-fill on first start', positive('backfill-hours'), 6)
  .option('--no-demo-faults', 'do not inject the demo fault')
  .option('-c, --config <file>', 'connectors configuration file (YAML or JSON), in addition to the demo')
  .option(
    '--notifications <file>',
    'notifications file (YAML or JSON): webhook, e-mail, MQTT and CMMS channels, baseUrl, integrations.cmms.token',
  )
  .option(
    '--log-level <level>',
    'fatal | error | warn | info | debug | trace | silent (default: PROGNOS_LOG_LEVEL or info)',
  )
  .option(
    '--pg-url <url>',
    'keep readings and metadata in PostgreSQL (postgres://user:password@host:5432/db) instead of --data-dir (default: PROGNOS_PG_URL)',
  )
  .option('--pg-schema <name>', 'schema of the PostgreSQL readings (default: PROGNOS_PG_SCHEMA or prognos)')
  .action((o, cmd: Command) =>
    startCommand({ ...o, simulator: true, mqttPortFallback: cmd.getOptionValueSource('mqttPort') === 'default' }),
  );

program
  .command('serve')
  .description('Run the server for real plant data: API, web UI and embedded MQTT broker, no simulator')
  .option('-p, --port <n>', 'HTTP port of the API and web UI', int('port'), 8080)
  .option('-d, --data-dir <dir>', 'folder of the embedded store', '.prognos')
  .option('--mqtt-port <n>', 'port of the embedded MQTT broker', int('mqtt-port'), 1883)
  .option('--no-mqtt', 'do not start the embedded MQTT broker')
  .option('-c, --config <file>', 'connectors configuration file (YAML or JSON): Modbus, OPC UA, MQTT, Sparkplug B, CSV')
  .option(
    '--notifications <file>',
    'notifications file (YAML or JSON): webhook, e-mail, MQTT and CMMS channels, baseUrl, integrations.cmms.token',
  )
  .option(
    '--log-level <level>',
    'fatal | error | warn | info | debug | trace | silent (default: PROGNOS_LOG_LEVEL or info)',
  )
  .option(
    '--pg-url <url>',
    'keep readings and metadata in PostgreSQL (postgres://user:password@host:5432/db) instead of --data-dir (default: PROGNOS_PG_URL)',
  )
  .option('--pg-schema <name>', 'schema of the PostgreSQL readings (default: PROGNOS_PG_SCHEMA or prognos)')
  .option(
    '--retention-days <days>',
    'delete readings older than this many days, every 6 h (default: PROGNOS_RETENTION_DAYS or 0 = keep all)',
  )
  .option(
    '--cluster-mqtt-url <url>',
    'serve the API of a cluster of `prognos worker` processes on this broker (needs --pg-url; default: PROGNOS_CLUSTER_MQTT_URL)',
  )
  .action((o, cmd: Command) =>
    startCommand({ ...o, simulator: false, mqttPortFallback: cmd.getOptionValueSource('mqttPort') === 'default' }),
  );

program
  .command('import')
  .description(
    'Import a historian CSV export into the embedded store, with a progress bar. Long format: columns sensor,ts,value[,quality]; ' +
      'wide format: a ts (or timestamp/time/datetime) column and one column per sensor tag.',
  )
  .argument('<file>', 'CSV file')
  .option('-d, --data-dir <dir>', 'folder of the embedded store', '.prognos')
  .option('--url <url>', 'import through a running server instead (e.g. http://localhost:8080)')
  .option('--delimiter <c>', 'field delimiter (default: detected from the header: , ; tab or |)')
  .option('--layout <layout>', 'auto | wide | long', 'auto')
  .option(
    '--timezone <zone>',
    'IANA time zone of timestamps written without an offset (default UTC), e.g. Europe/Berlin',
  )
  .option(
    '--timestamp-format <format>',
    'auto, epoch_ms, epoch_s, iso, "YYYY-MM-DD HH:mm:ss", "DD.MM.YYYY HH:mm:ss", "DD/MM/YYYY HH:mm:ss" or "MM/DD/YYYY HH:mm:ss"',
    'auto',
  )
  .option('--batch <n>', 'readings per batch', positive('batch'), 10_000)
  .option('--register-asset <assetId>', 'register unknown sensor columns on this asset (unit from --unit)')
  .option('--unit <unit>', 'unit of sensors registered with --register-asset', '1')
  .action((file, o) => importCommand(file, o));

program
  .command('simulate')
  .description(
    'Run the plant simulator as a gateway: registers the demo plant with a server and publishes readings over MQTT',
  )
  .option('--mqtt <url>', 'MQTT broker to publish to', 'mqtt://localhost:1883')
  .option('--api <url>', 'Prognos server to register the plant with (omit with --no-register)', 'http://localhost:8080')
  .option('--no-register', 'do not register the plant')
  .option('--speed <x>', 'process-time acceleration', positive('speed'))
  .option('--seed <n>', 'seed', Number, 42)
  .option('--fault <asset:kind...>', 'inject a fault, e.g. P-101:bearing_wear (repeatable)')
  .option('--ttf-minutes <m>', 'wall-clock minutes to failure of injected faults', positive('ttf-minutes'))
  .option('--duration <s>', 'stop after this many seconds (default: run until Ctrl-C)', positive('duration'))
  .option('--interval <ms>', 'publish interval in ms', positive('interval'), 1000)
  .action((o) => simulateCommand(o));

program
  .command('train')
  .description(
    'Train a new model version of an asset on a healthy period through a running server, with a progress bar; ' +
      'the new version becomes the active model (roll back with POST /api/assets/{id}/models/{version}/activate)',
  )
  .requiredOption('--asset <id>', 'asset id, e.g. P-101')
  .requiredOption('--from <time>', 'start of the healthy period (ISO 8601, e.g. 2026-03-01T00:00:00Z, or epoch ms)')
  .requiredOption('--to <time>', 'end of the healthy period (ISO 8601 or epoch ms)')
  .option('--detector <kind>', 'pca | mset | autoencoder | ensemble (default pca)', (v: string) => {
    if (!['pca', 'mset', 'autoencoder', 'ensemble'].includes(v))
      throw new InvalidArgumentError('detector must be pca, mset, autoencoder or ensemble');
    return v;
  })
  .option('--note <text>', 'a note kept with the version, e.g. why it was trained')
  .option('--url <url>', 'the running Prognos server', 'http://localhost:8080')
  .action((o) => trainCommand(o));

const whole = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

const rulGroup = program
  .command('rul')
  .description(
    'Remaining-useful-life models from run-to-failure histories (C-MAPSS text): train, evaluate, predict; ' +
      'versions per model name, the newest trained one active',
  );
const where = (c: Command) =>
  c
    .option('-d, --data-dir <dir>', 'folder of the embedded store', '.prognos')
    .option('--url <url>', 'use a running server instead (e.g. http://localhost:8080)');

where(
  rulGroup
    .command('train')
    .description('Train a new version on DIR/train_<subset>.txt, with a progress bar; it becomes the active version')
    .requiredOption('--data <dir>', 'folder of the C-MAPSS files (train_FD001.txt, test_FD001.txt, RUL_FD001.txt)')
    .option('--subset <name>', 'file set, e.g. FD001', 'FD001')
    .option('--name <name>', 'model name (default turbofan-<subset>)')
    .option('--rounds <n>', 'boosting rounds per model (default 300)', whole('rounds', 1))
    .option(
      '--folds <n>',
      'engine folds of the cross-fitted validation and 90 % intervals (default 5)',
      whole('folds', 0),
    )
    .option('--window <n>', 'feature window in cycles (default 30)', whole('window', 1))
    .option('--seed <n>', 'seed', whole('seed', 0))
    .option('--note <text>', 'a note kept with the version'),
).action(async (o) => {
  await (await rul()).rulTrainCommand(o);
});

where(
  rulGroup
    .command('evaluate')
    .description(
      'Evaluate a version on DIR/test_<subset>.txt against DIR/RUL_<subset>.txt (kept as its last evaluation)',
    )
    .requiredOption('--data <dir>', 'folder of the C-MAPSS files')
    .option('--subset <name>', 'file set, e.g. FD001', 'FD001')
    .option('--name <name>', 'model name (default turbofan-<subset>)')
    .option('--model-version <n>', 'model version (default: the active one)', whole('model-version', 1)),
).action(async (o) => {
  await (await rul()).rulEvaluateCommand({ ...o, version: o.modelVersion });
});

where(
  rulGroup
    .command('predict')
    .description('RUL, 90 % interval and P(failure within the horizon) at the last cycle of each unit in FILE')
    .requiredOption('--file <file>', 'histories so far, C-MAPSS text (one or more units)')
    .requiredOption('--name <name>', 'model name, e.g. turbofan-FD001')
    .option('--horizon <n>', 'cycles of P(failure within horizon)', positive('horizon'), 30)
    .option('--model-version <n>', 'model version (default: the active one)', whole('model-version', 1))
    .option('--json', 'print JSON instead of a table'),
).action(async (o) => {
  await (await rul()).rulPredictCommand({ ...o, version: o.modelVersion });
});

const roiGroup = program
  .command('roi')
  .description('Return on investment: the business case and the evidence ledger of catches and false alarms');
where(
  roiGroup
    .command('report')
    .description(
      'Write the ROI report: PDF (summary, scenarios, charts, ledger, how each figure was computed) or CSV (every table)',
    )
    .requiredOption('--out <file>', 'file to write, e.g. roi.pdf or roi.csv')
    .option('--format <format>', 'pdf | csv (default: from the --out extension)')
    .option(
      '--from <time>',
      'start of the ledger period (ISO 8601 or epoch ms; default: the first alert or work order)',
    )
    .option('--to <time>', 'end of the ledger period (ISO 8601 or epoch ms; default: now)'),
).action(async (o) => {
  await (await import('./roi-command')).roiReportCommand(o);
});

program
  .command('worker')
  .description(
    'Run one worker of a cluster: shares the partitions of the readings topics (prognos/v1/readings/<p>/<asset>) on an ' +
      'external MQTT broker with the other workers, stores readings in PostgreSQL and runs the models of its ' +
      "partitions' assets. Settings: flags, then PROGNOS_PG_URL, PROGNOS_MQTT_URL, PROGNOS_PARTITIONS, ..., then --config",
  )
  .option('--pg-url <url>', 'PostgreSQL of the cluster: readings, metadata, leases (default: PROGNOS_PG_URL)')
  .option('--pg-schema <name>', 'schema in PostgreSQL (default: PROGNOS_PG_SCHEMA or prognos)')
  .option(
    '--mqtt-url <url>',
    'MQTT broker the readings are published to, e.g. mqtt://broker:1883 (default: PROGNOS_MQTT_URL)',
  )
  .option(
    '--partitions <n>',
    'partition count, fixed when the cluster is first started (default: PROGNOS_PARTITIONS, the recorded count, or 16)',
    whole('partitions', 1),
  )
  .option(
    '--cluster-id <id>',
    "prefix of the partition sessions' MQTT client ids (default: the recorded one, or prognos)",
  )
  .option('-c, --config <file>', 'JSON file with the same settings in camelCase (pgUrl, mqttUrl, partitions, ...)')
  .option('-p, --port <n>', 'serve GET /metrics and GET /api/health on this port (default 0: not served)', int('port'))
  .option('--host <host>', 'address of that HTTP port (default 0.0.0.0)')
  .option(
    '--log-level <level>',
    'fatal | error | warn | info | debug | trace | silent (default: PROGNOS_LOG_LEVEL or info)',
  )
  .action(async (o) => {
    await (await import('./worker-command')).workerCommand(o);
  });

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`prognos: ${err.message}`);
  process.exit(1);
});
