/**
 * Runs the passbook event consumer in small batches forever until killed (kill test). The
 * service environment comes as JSON in SERVICE_ENV; argv: <owner>. Prints one line per batch.
 */
import { loadConfig } from '../../../config/service';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createDeps } from '../../../server/service';

async function main(): Promise<void> {
  const owner = process.argv[2] ?? 'worker';
  const deps = await createDeps(loadConfig(JSON.parse(process.env.SERVICE_ENV ?? '{}') as Record<string, string>));
  for (;;) {
    const report = await pointsEventConsumer(deps, { owner, batchSize: 10, leaseMs: 300 });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
