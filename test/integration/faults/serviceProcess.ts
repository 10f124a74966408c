/**
 * One service instance in a process of its own, so a fault test can SIGKILL it. The environment is
 * the service's (the test passes its stack's); prints `listening <url>` once it accepts requests.
 */
import { loadConfig } from '../../../config/service';
import { startService } from '../../../server/service';

startService(loadConfig(process.env)).then(
  (service) => console.log(`listening ${service.url}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
