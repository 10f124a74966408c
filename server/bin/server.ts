/** Production entry point: configuration from the environment, then the service until SIGTERM. */
import { ConfigError, loadConfig } from '../../config/service';
import { startService } from '../service';

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  service.deps.logger.info({ url: service.url }, 'service started');
  const shutdown = (signal: string) => {
    service.deps.logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        service.deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
