import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { z } from 'zod';
import type { ServiceConfig } from '../config/service';
import { createApp } from './app';
import { systemClock, type Clock } from './clock';
import { bindModels, syncIndexes } from './db/models';
import { pendingPointsBackfiller } from './passbook/eventConsumer';
import { recordedDayBackfiller } from './records/domainEvents';
import type { AppDeps } from './deps';
import { JobRunner } from './jobs/jobRunner';
import { registerJobs } from './jobs/registry';
import { createLogger, type Logger } from './logger';
import { apiRoutes, authenticate } from './routes';
import { createMiniProgramClient } from './wechat/miniProgramClient';
import { createWechatPayClient } from './wechat/payClient';

// Validation messages reach users: have zod speak Chinese.
z.config(z.locales.zhCN());

export interface ServiceHandle {
  url: string;
  deps: AppDeps;
  jobs: JobRunner;
  server: Server;
  stop(): Promise<void>;
}

/** `monitorCommands`: the driver emits an event per database command (tests count round trips with it). */
export interface ServiceOptions {
  clock?: Clock;
  logger?: Logger;
  monitorCommands?: boolean;
}

export async function createDeps(config: ServiceConfig, options: ServiceOptions = {}): Promise<AppDeps> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // autoIndex off: indexes are created once below, not raced by every model on every start.
  // No command buffering: while the database is unreachable a request waits at most the server
  // selection timeout, then answers 503 with Retry-After (errorBoundary), instead of queueing.
  const connection = await mongoose
    .createConnection(config.mongodbUri, {
      dbName: config.mongodbDb,
      autoIndex: false,
      bufferCommands: false,
      serverSelectionTimeoutMS: config.mongodbServerSelectionTimeoutMs,
      // Polled heartbeats: a streaming monitor cut mid-stream by a database restart under load never
      // reconnected (test/integration/faults/databaseOutage.test.ts); polling finds it back at once.
      serverMonitoringMode: 'poll',
      monitorCommands: options.monitorCommands ?? false,
    })
    .asPromise();
  const models = bindModels(connection);
  await syncIndexes(models);
  await pendingPointsBackfiller({ models });
  await recordedDayBackfiller({ models });
  const wechat = {
    miniProgram: createMiniProgramClient(config.wechat, { connection }),
    pay: createWechatPayClient({ ...config.wechatPay, appId: config.wechat.appId }),
  };
  const instanceId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return { config, connection, models, logger, clock: options.clock ?? systemClock, wechat, instanceId };
}

/** Starts one service instance: database, HTTP, background jobs; `stop()` shuts down gracefully. */
export async function startService(config: ServiceConfig, options: ServiceOptions = {}): Promise<ServiceHandle> {
  const deps = await createDeps(config, options);
  const app = createApp(deps, { routes: apiRoutes(deps), authenticate: authenticate(deps) });
  const jobs = registerJobs(new JobRunner(deps, { pollMs: config.jobPollMs }));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  if (config.jobsEnabled) jobs.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish, then stop jobs and close the database.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await jobs.stop();
      await deps.connection.close();
    })());
  return { url: `http://${host}:${port}`, deps, jobs, server, stop };
}
