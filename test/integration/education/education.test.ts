import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBoundResident, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Health education (健康教育) against the real database: admins publish items with a 3–5 question
 * quiz; a resident passes a quiz or checks in at an offline class by its QR; each is one education
 * session, and the passbook credits the policy's education points (docs/domain.md §4.2: +20, at most
 * 4 a month = 80 points) — the fifth session of the month earns nothing.
 */
describe('health education: content, quizzes, classes and their points within the cap', () => {
  let stack: TestStack;
  // 2026-03-10 10:00 Shanghai.
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const deps = () => stack.service.deps;
  let admin: string;
  let doctor: string;

  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object = {}) => request(stack.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  const quiz = [
    { question: '每人每天吃盐不超过多少克？', options: ['5 克', '10 克', '15 克'], answerIndex: 0, explanation: '中国居民膳食指南：每天不超过 5 克' },
    { question: '下面哪种食物含盐多？', options: ['苹果', '咸菜', '白米饭'], answerIndex: 1 },
    { question: '血压高的人饮食要注意什么？', options: ['多喝浓汤', '多吃腌制品', '少盐'], answerIndex: 2 },
  ];
  const rightAnswers = [0, 1, 2];
  const item = (title: string, extra: object = {}) => ({ kind: 'article', title, summary: '每天不超过 5 克', conditions: ['hypertension'], topic: 'diet', paragraphs: ['盐吃多了血压会升高。'], quiz, status: 'published', ...extra });
  const publish = async (title: string) => {
    const res = await as(admin).post('/api/admin/education-items', item(title));
    expect(res.status).toBe(201);
    return res.body.data.itemId as string;
  };
  const earned = async (residentId: string) =>
    (await deps().models.LedgerCommit.find({ residentId, type: 'earn' }).lean()).reduce((sum, c) => sum + (c.entries as Array<{ points: number }>).reduce((s, e) => s + e.points, 0), 0);

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
    doctor = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-e', teamId: 'team-e1' } })).token;
  });
  afterAll(() => stack.stop());

  test('content rules: 3–5 questions with a right answer; drafts stay with the admins; an edit may not break the rules', async () => {
    const tooShort = await as(admin).post('/api/admin/education-items', item('两道题', { quiz: quiz.slice(0, 2) }));
    // Rules across fields are the command's (422, as on edit), not the schema's validation_failed.
    expect({ status: tooShort.status, code: tooShort.body.error?.code }).toEqual({ status: 422, code: 'education_quiz_invalid' });
    const badAnswer = await as(admin).post('/api/admin/education-items', item('答案越界', { quiz: [...quiz.slice(0, 2), { ...quiz[2], answerIndex: 3 }] }));
    expect({ status: badAnswer.status, code: badAnswer.body.error?.code }).toEqual({ status: 422, code: 'education_quiz_invalid' });
    const videoWithoutUrl = await as(admin).post('/api/admin/education-items', item('没有地址的视频', { kind: 'video', paragraphs: [] }));
    expect({ status: videoWithoutUrl.status, code: videoWithoutUrl.body.error?.code }).toEqual({ status: 422, code: 'education_quiz_invalid' });

    const draft = await as(admin).post('/api/admin/education-items', item('草稿', { status: 'draft' }));
    expect(draft.status).toBe(201);
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-e', teamId: 'team-e1' });
    const list = async () => (await as(account.token).get(`/api/residents/${resident.residentId}/education`)).body.data.items as Array<{ itemId: string }>;
    expect((await list()).some((i) => i.itemId === draft.body.data.itemId)).toBe(false);
    expect((await as(account.token).get(`/api/residents/${resident.residentId}/education/${draft.body.data.itemId}`)).body.error?.code).toBe('education_item_not_found');

    const published = await as(admin).patch(`/api/admin/education-items/${draft.body.data.itemId}`, { status: 'published' });
    expect(published.body.data).toMatchObject({ status: 'published', version: 2 });
    expect((await list()).some((i) => i.itemId === draft.body.data.itemId)).toBe(true);
    const broken = await as(admin).patch(`/api/admin/education-items/${draft.body.data.itemId}`, { quiz: quiz.slice(0, 1) });
    expect({ status: broken.status, code: broken.body.error?.code }).toEqual({ status: 422, code: 'education_quiz_invalid' });
    expect((await as(admin).get('/api/admin/education-items')).body.data.total).toBe(1);
  });

  test('the doctor recommends an item; the resident reads it (no answers), fails, then passes once; 5 sessions in a month earn 4 × 20', async () => {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-e', teamId: 'team-e1' });
    const residentId = resident.residentId;
    await recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: 'inst-e', condition: 'hypertension', diagnosedOn: '2020-01-01' });
    const ids = [await publish('高血压患者每天吃多少盐'), await publish('看懂血压计'), await publish('降压药怎么吃'), await publish('运动与血压')];

    const catalogue = await as(doctor).get('/api/staff/education-items');
    expect(catalogue.body.data.items.map((i: { itemId: string }) => i.itemId)).toEqual(expect.arrayContaining(ids));
    const assigned = await as(doctor).post(`/api/staff/residents/${residentId}/education-assignments`, { itemId: ids[3], note: '每天快走 30 分钟' });
    expect(assigned.status).toBe(201);
    const list = (await as(account.token).get(`/api/residents/${residentId}/education`)).body.data;
    expect(list.items[0]).toMatchObject({ itemId: ids[3], assigned: true, assignedNote: '每天快走 30 分钟', forResident: true, topicLabel: '饮食' });
    expect(list.month).toEqual({ completedThisMonth: 0, rewardedPerMonth: 4, pointsEach: 20 });
    expect(await deps().models.Notice.countDocuments({ residentId, kind: 'educationAssigned' })).toBe(1);

    const view = await as(account.token).get(`/api/residents/${residentId}/education/${ids[0]}`);
    expect(view.body.data.quiz[0]).toEqual({ question: quiz[0]!.question, options: quiz[0]!.options });
    expect(JSON.stringify(view.body.data)).not.toContain('answerIndex');

    const wrong = await as(account.token).post(`/api/residents/${residentId}/education/${ids[0]}/quiz`, { answers: [1, 1, 2] });
    expect(wrong.body.data).toMatchObject({ passed: false, correctCount: 2, total: 3, correct: [false, true, true], explanations: ['中国居民膳食指南：每天不超过 5 克', null, null], firstCompletion: false });
    const right = await as(account.token).post(`/api/residents/${residentId}/education/${ids[0]}/quiz`, { answers: rightAnswers });
    expect(right.body.data).toMatchObject({ passed: true, firstCompletion: true, month: { completedThisMonth: 1 } });
    const again = await as(account.token).post(`/api/residents/${residentId}/education/${ids[0]}/quiz`, { answers: rightAnswers });
    expect(again.body.data).toMatchObject({ passed: true, firstCompletion: false, month: { completedThisMonth: 1 } });
    expect(await deps().models.DomainEvent.countDocuments({ residentId, type: 'healthEducationCompleted' })).toBe(1);
    await pointsEventConsumer(deps());
    expect(await earned(residentId)).toBe(20);

    // Three more quizzes and an offline class: five sessions this month, four rewarded.
    for (const id of ids.slice(1)) expect((await as(account.token).post(`/api/residents/${residentId}/education/${id}/quiz`, { answers: rightAnswers })).body.data.passed).toBe(true);
    const created = await as(doctor).post('/api/staff/education-classes', { title: '高血压自我管理讲座', topic: 'selfMonitoring', place: '三楼会议室', startsAt: '2026-03-10T09:30:00+08:00', endsAt: '2026-03-10T11:00:00+08:00' });
    expect(created.status).toBe(201);
    expect(created.body.data.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const checkIn = await as(account.token).post(`/api/residents/${residentId}/education-classes/check-in`, { code: created.body.data.checkInPayload });
    expect(checkIn.body.data).toMatchObject({ classTitle: '高血压自我管理讲座', firstCheckIn: true, month: { completedThisMonth: 5, rewardedPerMonth: 4 } });
    await pointsEventConsumer(deps());
    expect(await earned(residentId)).toBe(80);
    const results = (await deps().models.DomainEvent.find({ residentId, type: 'healthEducationCompleted' }).lean()).map((e) => (e.pointsResult as Array<{ points: number }>)[0]!.points);
    expect(results.sort()).toEqual([0, 20, 20, 20, 20]);
    const classes = await as(doctor).get('/api/staff/education-classes');
    expect(classes.body.data.classes[0]).toMatchObject({ title: '高血压自我管理讲座', attendance: 1 });
  });

  test('class check-in: only the real QR, only during the class (±30 minutes), once', async () => {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-e', teamId: 'team-e1' });
    const path = `/api/residents/${resident.residentId}/education-classes/check-in`;
    const created = await as(doctor).post('/api/staff/education-classes', { title: '糖尿病饮食讲座', topic: 'diet', place: '一楼大厅', startsAt: '2026-03-10T14:00:00+08:00', endsAt: '2026-03-10T15:00:00+08:00' });
    const code: string = created.body.data.checkInPayload;
    const tooLong = await as(doctor).post('/api/staff/education-classes', { title: '通宵讲座', topic: 'diet', place: '一楼大厅', startsAt: '2026-03-10T08:00:00+08:00', endsAt: '2026-03-11T08:00:00+08:00' });
    expect(tooLong.body.error?.code).toBe('education_class_time_invalid');

    expect((await as(account.token).post(path, { code: `${code.slice(0, -2)}xx` })).body.error?.code).toBe('education_class_code_invalid');
    expect((await as(account.token).post(path, { code: 'not a class' })).body.error?.code).toBe('education_class_code_invalid');
    // 10:00: four hours early.
    expect((await as(account.token).post(path, { code })).body.error?.code).toBe('education_class_not_open');
    clock.set(new Date('2026-03-10T05:45:00Z')); // 13:45, a quarter of an hour before
    try {
      expect((await as(account.token).post(path, { code })).body.data.firstCheckIn).toBe(true);
      expect((await as(account.token).post(path, { code })).body.data.firstCheckIn).toBe(false);
      expect(await deps().models.DomainEvent.countDocuments({ residentId: resident.residentId, type: 'healthEducationCompleted' })).toBe(1);
    } finally {
      clock.set(new Date('2026-03-10T02:00:00Z'));
    }
  });
});
