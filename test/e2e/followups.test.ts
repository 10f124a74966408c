import type { Browser } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../../server/clock';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser';
import { createAccount, createResident, createSlot, giveDueFollowUps, type ResidentFixture } from '../helpers/factories';
import { requireH5Build } from '../helpers/h5';
import { startTestStack, type TestStack } from '../helpers/stack';
import { openidFor } from '../../server/dev/simulators/wechatApi';

/**
 * Follow-up journey in Chromium: 首页 lists an overdue face-to-face follow-up → 预约 → choose a day and
 * a time, 提醒我, confirm → the 2-hours-before reminder job runs and the simulator records one
 * subscribe message → the doctor marks attended and records the follow-up through the staff API →
 * the due item is gone from 首页 and the history shows the record with its classification and advice.
 */
describe('follow-ups (H5 in Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let resident: ResidentFixture;
  const clock = new ManualClock(new Date());
  const hint = `e2e-fu-${Date.now().toString(36)}`;
  const openidOf = (name: string) => openidFor(stack.config.wechat.appId, name);

  beforeAll(async () => {
    stack = await startTestStack({ publicDir: requireH5Build(), clock });
    browser = await launchChromium();
    resident = await createResident(stack, { name: '王建国', institutionId: 'inst-east', teamId: 'team-east-1' });
    await createAccount(stack, { openid: openidOf(hint), residentId: resident.residentId });
    await giveDueFollowUps(stack, { residentId: resident.residentId });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('due item → book → reminder sent once → attended and recorded → gone from 首页, in the history', async () => {
    const slot = await createSlot(stack, { daysAhead: 2, startTime: '09:00', endTime: '11:00', capacity: 3 });
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${stack.url}/?as=${hint}#/pages/login/index`);
    await page.getByTestId('login-button').click();
    const visit = page.locator('[data-testid="home-todo"][data-key^="faceToFaceFollowUp"]');
    await visit.waitFor();
    const dueKey = (await visit.getAttribute('data-key')) ?? '';
    await expect(visit.textContent()).resolves.toContain('已超期');
    await screenshot(page, 'followups-01-home-due');

    await visit.getByTestId('home-todo-book').click();
    await page.getByTestId('page-book').waitFor();
    await page.locator(`[data-testid="book-day"][data-date="${slot.date}"]`).click();
    await page.getByTestId('book-slot').first().click();
    await page.getByTestId('book-remind').click();
    await page.getByTestId('book-remind').filter({ hasText: '已开启微信提醒' }).waitFor();
    await screenshot(page, 'followups-02-book');
    await page.getByTestId('book-confirm').click();
    await expect(page.getByTestId('book-done-text').textContent()).resolves.toContain('面对面随访');
    await page.getByTestId('book-go-bookings').click();
    await page.locator('[data-testid="my-booking"][data-status="booked"]').waitFor();
    await screenshot(page, 'followups-03-my-bookings');

    // Two hours before: the reminder jobs run (the day-before one is due as well).
    clock.set(new Date(slot.startsAt.getTime() - 2 * 3_600_000));
    await stack.service.jobs.runDueJobs();
    const sim = (await (await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/messages`)).json()) as { messages: Array<{ touser: string; template_id: string; errcode: number }> };
    const mine = sim.messages.filter((m) => m.touser === openidOf(hint) && m.template_id === 'TPL_BOOKING_REMINDER');
    // One grant from 提醒我 = one message; the second reminder is 43101 and stays in the app.
    expect(mine.filter((m) => m.errcode === 0)).toHaveLength(1);
    expect(await stack.service.deps.models.Reminder.countDocuments({ residentId: resident.residentId })).toBe(2);

    // The doctor marks attended and records the follow-up through the staff API.
    clock.set(new Date(slot.startsAt.getTime() + 30 * 60_000));
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const day = await request(stack.url).get(`/api/staff/bookings?date=${slot.date}`).set('Authorization', `Bearer ${doctor.token}`);
    const booking = day.body.data.bookings.find((b: { dueItemKey: string }) => b.dueItemKey === dueKey);
    expect(booking).toMatchObject({ residentName: '王建国', status: 'booked' });
    await request(stack.url).post(`/api/staff/bookings/${booking.bookingId}/attended`).set('Authorization', `Bearer ${doctor.token}`).expect(200);
    await request(stack.url)
      .post(`/api/staff/bookings/${booking.bookingId}/follow-up`)
      .set('Authorization', `Bearer ${doctor.token}`)
      .send({ form: 'hypertension', classification: 'satisfied', signs: { systolicMmHg: 128, diastolicMmHg: 80 }, advice: '血压控制得好，继续低盐饮食', doctorName: '李医生' })
      .expect(201);

    await page.goto(`${stack.url}/#/pages/home/index`);
    await page.getByTestId('home-todos').waitFor();
    await page.getByTestId('home-todo').first().waitFor();
    expect(await page.locator(`[data-testid="home-todo"][data-key="${dueKey}"]`).count()).toBe(0);
    await expect(page.getByTestId('home-reminders-badge').textContent()).resolves.toBe('2');
    await screenshot(page, 'followups-04-home-after');
    await page.getByTestId('home-follow-up-history').click();
    await expect(page.getByTestId('history-classification').first().textContent()).resolves.toBe('控制满意');
    await expect(page.getByTestId('history-advice').first().textContent()).resolves.toContain('血压控制得好');
    await screenshot(page, 'followups-05-history');
  });
});
