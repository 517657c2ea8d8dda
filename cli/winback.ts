#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { PolicyError } from '#shared/policy/policy-error.ts';
import { backtestCommand } from './backtest-command.ts';
import { demoCommand } from './demo-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { eraseCommand } from './erase-command.ts';
import { importCommand } from './import-command.ts';
import { DEFAULT_LOCAL_DATA_DIR } from './local-stack-target.ts';
import { migrateEventsCommand } from './migrate-events-command.ts';
import { modelFitCommand } from './model-command.ts';
import { policyCheckCommand, policySchemaCommand, policyShowCommand } from './policy-commands.ts';
import { policyOption } from './policy-option.ts';
import { reportCommand } from './report-command.ts';
import { sampleCommand } from './sample-command.ts';
import { scanCommand } from './scan-command.ts';
import { scoreCommand } from './score-command.ts';
import { staffLoadCommand } from './staff-command.ts';
import { startCommand } from './start-command.ts';
import { dataDirOption, tablePrefixOption } from './tables-option.ts';
import { UsageError } from './usage-error.ts';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// `winback score ... | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

const program = new Command('winback')
  .description('Spot customers drifting away from a chain of stores.')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

program
  .command('score')
  .description('score every customer of an export (JSONL customer files or CSV events) as of a date')
  .requiredOption('-i, --input <file>', 'JSONL (one customer file a line) or CSV (one event a row)')
  .option('--input-format <format>', 'jsonl or csv (default: from the file name)')
  .addOption(policyOption())
  .option('--as-of <iso>', 'a date (its end in the policy time zone) or an ISO date-time; default now')
  .option('-f, --format <format>', 'jsonl or csv', 'jsonl')
  .option('-o, --output <file>', 'write here instead of stdout (all or nothing)')
  .option(
    '-m, --model <fit|file>',
    'add the calibrated risk of no visit within the horizon (risk, riskSource) and the BG/NBD outlook (model: pAlive, expectedVisits, risk): "fit" fits on this input, or a file from `winback model fit`',
  )
  .action((options) => scoreCommand(options, log));

program
  .command('import <file>')
  .description('load a JSONL or CSV export into the tables, through the same validation as the API')
  .option('--input-format <format>', 'jsonl or csv (default: from the file name)')
  .option('--rejects <file>', 'where rejected records go, with their reasons (default: FILE.rejects.jsonl)')
  .addOption(policyOption('its event retention'))
  .addOption(tablePrefixOption())
  .addOption(dataDirOption())
  .action(async (file, options) => {
    await importCommand(file, options, log);
  });

program
  .command('sample')
  .description(
    'write a deterministic sample chain (JSONL customer files with 18 months of history; 30 with --kind rhythms)',
  )
  .option('-n, --customers <count>', 'how many customers', '2000')
  .option('--seed <number>', 'the same seed gives the same chain', '42')
  .option(
    '--kind <kind>',
    'stories (loyal, drifting, unhappy...: the demo chain) or rhythms (fortnightly, monthly, quarterly and one-time visitors who stop for good: for backtests)',
    'stories',
  )
  .option('--until <iso>', 'where the history ends: a date (its end in Asia/Shanghai) or an ISO date-time; default now')
  .requiredOption('-o, --output <file>', 'the JSONL file to write')
  .action((options) => sampleCommand(options, log));

program
  .command('demo')
  .description(
    'score a sample chain as of now in memory and show the first cases (no servers; npm start runs the whole system)',
  )
  .option('-n, --customers <count>', 'how many customers', '2000')
  .option('--seed <number>', 'the same seed gives the same chain', '42')
  .option('--data-dir <dir>', 'where the sample and the scores go', '.winback')
  .addOption(policyOption(undefined, { presetsOnly: true }))
  .action((options) => demoCommand(options, log));

program
  .command('start')
  .description(
    'run the whole system locally (DynamoDB, SES mailbox, Step Functions, API, schedules, ops page) until Ctrl-C: what npm start runs',
  )
  .option('--data-dir <dir>', 'where the data is kept across restarts', DEFAULT_LOCAL_DATA_DIR)
  .option('--clean', 'start with empty tables (and a new sample chain)')
  .option('-n, --customers <count>', 'customers in the sample chain loaded into empty tables', '2000')
  .option('--seed <number>', 'the same seed gives the same sample chain', '42')
  .option('--no-sample', 'load no sample chain')
  .option('--time-scale <n>', 'policy seconds per real second: 86400 (the most) makes a day pass in a second', '1')
  .option(
    '--until <date>',
    "stop when policy time reaches this date (its 00:00 in the policy's zone) or instant: a bound for a sped-up demo",
  )
  .addOption(policyOption())
  .option('--host <host>', 'the address the servers listen on', '127.0.0.1')
  .option('--api-port <port>', 'API, link pages and ops page', '3000')
  .option('--dynamodb-port <port>', 'DynamoDB Local', '8000')
  .option('--ses-port <port>', 'the local SES and its mailbox page', '8005')
  .option('--step-functions-port <port>', 'the local Step Functions endpoint', '8083')
  .option('--s3-port <port>', 'the local S3 server the reports are kept in', '8006')
  .option('--no-schedules', 'do not run the scan schedules')
  .option('--log-level <level>', "the handlers' log level (DEBUG, INFO, WARN, ERROR)", 'ERROR')
  .action((options) => startCommand(options, log));

program
  .command('scan')
  .description('run a scan now, on AWS (--state-machine-arn) or on the running local stack')
  .option('--kind <kind>', 'daily, monthly or weekly', 'daily')
  .option('--segments <n>', 'parallel scan segments', '4')
  .option(
    '--state-machine-arn <arn>',
    'the scan state machine in AWS (default SCAN_STATE_MACHINE_ARN, else the local stack)',
  )
  .option('--data-dir <dir>', 'the local stack data folder', DEFAULT_LOCAL_DATA_DIR)
  .option('--no-wait', 'return once the run has started')
  .action((options) => scanCommand(options, log));

const events = program.command('events').description('the events table');
events
  .command('migrate')
  .description(
    'copy the old Events table (keyed by eventId alone) into CustomerEvents (keyed by customer and eventId); safe alongside live ingestion and to run again',
  )
  .option('--from <table>', "the old table (default: LEGACY_EVENTS_TABLE, or the local stack's PREFIX + Events)")
  .addOption(tablePrefixOption())
  .addOption(dataDirOption())
  .action(async (options) => {
    await migrateEventsCommand(options, log);
  });

const staff = program
  .command('staff')
  .description('the staff directory: who owns which step, who approves, who stands in');
staff
  .command('load <file>')
  .description(
    'make a staff file (YAML or JSON: people with id, name, role, stores, email, supervisor, deputy, active) the directory; every bad field named, nothing written until it is right; people left out are deactivated',
  )
  .addOption(tablePrefixOption())
  .addOption(dataDirOption())
  .action((file, options) => staffLoadCommand(file, options, log));

program
  .command('erase <customerId>')
  .description(
    'erase a customer on request (PIPL): delete the file, contact data, events, risk-list rows and rejected records, anonymise the cases (alerts, audit, ledger: amounts kept, identity gone), stop an open case, and leave an erasure record without the id; run again to finish one that stopped half way',
  )
  .option('--by <operator>', 'the operator who handles the request (kept on the erasure record)')
  .option('--yes', 'confirm: an erasure cannot be undone')
  .addOption(policyOption('its time zone, and the result windows whose figures are kept'))
  .option(
    '--state-machine-arn <arn>',
    'the case state machine, to stop an open case (default CASE_STATE_MACHINE_ARN, else the local stack)',
  )
  .addOption(tablePrefixOption())
  .addOption(dataDirOption())
  .action(async (customerId, options) => {
    await eraseCommand(customerId, options, log);
  });

program
  .command('backtest')
  .description(
    "score everyone on the history before a date and check against what happened after it: per level share alerted, precision, recall; the calibrated risk's AUC and calibration; recall of the queue's first cases at capacity",
  )
  .requiredOption(
    '-i, --input <file>',
    'JSONL (one customer file a line) or CSV (one event a row), with history past the as-of date',
  )
  .option('--input-format <format>', 'jsonl or csv (default: from the file name)')
  .requiredOption('--as-of <iso>', 'the date to score as of (its end in the policy time zone)')
  .option('--horizon <n>', 'how long after the as-of date counts as coming back: 26w, 180d', '26w')
  .addOption(policyOption())
  .option('--compare <preset|file>', 'a second policy, side by side')
  .option(
    '--capacity <n|share>',
    'cases the queue opens, a number or a share of the customers: recall at capacity by level alone vs by level and risk x value',
    '5%',
  )
  .option('-f, --format <format>', 'table or csv', 'table')
  .option('-o, --output <file>', 'write here instead of stdout')
  .action((options) => backtestCommand(options, log));

program
  .command('report <kind>')
  .description(
    "a management report from the recorded cases: weekly (a store week), risk-list (the month's screening), evaluation (the month's win-back success per store and level against its targets, and the results of the cases whose three months have passed), kpis (core-customer churn and warning accuracy per store, breaches per person), churn-reasons (the last three months), quarterly (all of it over a quarter, with problems and proposals)",
  )
  .requiredOption(
    '--period <period>',
    'a month such as 2026-11; weekly: the Monday, such as 2026-11-23; quarterly: 2026-Q4',
  )
  .option('-f, --format <format>', 'csv or html', 'csv')
  .option('-o, --output <file>', 'write here instead of stdout')
  .addOption(policyOption('its targets'))
  .option('--store <id...>', "only these stores (a store manager's copy)")
  .addOption(tablePrefixOption())
  .addOption(dataDirOption())
  .action((kind, options) => reportCommand(kind, options, log));

const model = program.command('model').description('the models of who comes back: BG/NBD and the calibrated risk');
model
  .command('fit')
  .description(
    "fit BG/NBD per store (and for the chain) and the calibrated risk learned from the chain's own past, as of a date; prints the models as JSON, and on stderr each risk candidate's AUC and calibration error per store and the choice",
  )
  .requiredOption('-i, --input <file>', 'JSONL (one customer file a line) or CSV (one event a row)')
  .option('--input-format <format>', 'jsonl or csv (default: from the file name)')
  .option('--as-of <iso>', 'a date (its end in the policy time zone) or an ISO date-time; default now')
  .option('--unit <unit>', 'week or day', 'week')
  .addOption(policyOption('its time zone'))
  .option('-o, --output <file>', 'write here instead of stdout')
  .action((options) => modelFitCommand(options, log));

program
  .command('doctor')
  .description(
    'before a deployment: region and SES, sender, template; with --aws the account (SES sandbox, quota and sender, Lambda concurrency, CDK bootstrap)',
  )
  .option(
    '-c, --context <key=value...>',
    'the -c settings of the deploy, e.g. -c winback:mailFrom=winback@chain.example.cn',
    (value: string, previous: string[] = []) => [...previous, value],
  )
  .option('--region <region>', "the region to deploy to (default: AWS_REGION, or the profile's with --aws)")
  .option('--cdk-out <dir>', 'where `npx cdk synth` wrote the template', 'cdk.out')
  .option('--aws', 'also ask the AWS account (read-only calls)')
  .option('--profile <name>', 'the AWS profile for --aws')
  .action(async (options) => {
    const findings = await doctorCommand(options, (line) => process.stdout.write(`${line}\n`));
    if (findings.some((finding) => finding.level === 'error')) process.exitCode = 1;
  });

const policy = program.command('policy').description('policy files: schema, presets, checks');
policy
  .command('schema')
  .description('print the JSON Schema of policy files')
  .option('-o, --output <file>', 'write here instead of stdout')
  .action((options) => policySchemaCommand(options.output));
policy
  .command('show <preset>')
  .description('print a preset as YAML, to start a policy file from')
  .option('-o, --output <file>', 'write here instead of stdout')
  .action((name, options) => policyShowCommand(name, options.output));
policy
  .command('check <file>')
  .description('validate a policy file and name every bad field')
  .action((file) => policyCheckCommand(file, log));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || error instanceof PolicyError) {
    log(error.message);
    process.exitCode = 2;
  } else {
    log(`winback: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}
