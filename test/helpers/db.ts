import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import mongoose, { type Connection } from 'mongoose';

export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: integration tests run through jest globalSetup');
  return uri;
}

/** A database name of its own for each test file, so files never see each other's data. */
export function testDatabaseName(): string {
  const file = basename(expect.getState().testPath ?? 'test').replace(/\.test\.tsx?$/, '').replace(/[^A-Za-z0-9]/g, '_');
  return `t_${file.slice(0, 20)}_${randomBytes(3).toString('hex')}`;
}

export interface TestDatabase {
  readonly connection: Connection;
  readonly uri: string;
  readonly name: string;
}

/** Registers jest hooks that create the file's database before its tests and drop it after. */
export function useTestDatabase(): TestDatabase {
  const state: { connection?: Connection; name?: string } = {};
  beforeAll(async () => {
    state.name = testDatabaseName();
    state.connection = await mongoose.createConnection(testMongoUri(), { dbName: state.name, autoIndex: false }).asPromise();
  });
  afterAll(async () => {
    await state.connection?.dropDatabase();
    await state.connection?.close();
  });
  return {
    get connection() {
      if (!state.connection) throw new Error('test database not ready: use it inside a test or hook');
      return state.connection;
    },
    get name() {
      if (!state.name) throw new Error('test database not ready');
      return state.name;
    },
    uri: '',
  };
}
