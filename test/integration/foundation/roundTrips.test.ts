import type { CommandStartedEvent } from 'mongodb';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { createBoundResident, givePoints } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Database round trips per request, counted with the driver's command monitoring (a count, not a
 * time). The engine's CPU is what bounds the API under load, so every command a hot request sends
 * matters.
 */
describe('database round trips per request', () => {
  let stack: TestStack;
  const commands: string[] = [];
  const record = (event: CommandStartedEvent) => commands.push(`${event.commandName} ${String((event.command as Record<string, unknown>)[event.commandName])}`);
  beforeAll(async () => {
    // A fixed clock: a request in a new rate-limit window also reads the window before (once).
    stack = await startTestStack({ clock: new ManualClock(new Date('2026-11-22T08:00:10Z')), monitorCommands: true });
    stack.service.deps.connection.getClient().on('commandStarted', record);
  });
  afterAll(() => stack.stop());

  async function commandsOf(path: string, token: string): Promise<string[]> {
    commands.length = 0;
    const res = await request(stack.url).get(path).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return [...commands];
  }

  test('the passbook summary of a warm session: the session by _id, the rate-limit hit, the wallet head check', async () => {
    const { resident, account } = await createBoundResident(stack);
    await givePoints(stack, resident.residentId, 120);
    const path = `/api/residents/${resident.residentId}/passbook`;
    await commandsOf(path, account.token);
    const warm = await commandsOf(path, account.token);
    console.log(`passbook summary: ${warm.length} commands: ${warm.join(', ')}`);
    // Before issue 18's third pass: 6 (the session by token hash, its account, the rate limit's upsert
    // and its previous-window read, the resident, the wallet head).
    expect(warm).toEqual(['find sessions', 'findAndModify rate_limits', 'find ledger_commits']);
  });
});
