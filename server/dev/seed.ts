import { refreshAccountSessions } from '../auth/sessions';
import type { AppDeps } from '../deps';
import { formatHumanCode } from '../identity/codes';
import { residentArchiveWriter } from '../identity/residentArchive';
import { lookupHash } from '../privacy/fieldCrypto';
import { seedDemoHealthRecords } from '../records/demoRecords';
import { seedDemoPoints } from '../passbook/demoPoints';
import { seedDemoAvailability } from '../followups/demoAvailability';
import { demoHospitalId, seedDemoComanagement } from '../comanagement/demoComanagement';
import { seedDemoEducation } from '../education/demoContent';
import { openidFor } from './simulators/wechatApi';

export interface DemoAccount {
  openidHint: string;
  description: string;
}

/**
 * Fictional demo residents. ID numbers use region 110101 (北京东城), 1950s birth dates and a valid
 * check digit, so they pass validation yet belong to nobody; phones are 1380000xxxx.
 */
export const demoResidents = [
  { name: '王建国', idNumber: '110101195503120013', phone: '13800000001', institutionId: 'inst-demo-east', teamId: 'team-demo-1' },
  { name: '刘秀英', idNumber: '110101195807210026', phone: '13800000002', institutionId: 'inst-demo-east', teamId: 'team-demo-1' },
  { name: '陈福生', idNumber: '110101195211050033', phone: null, institutionId: 'inst-demo-east', teamId: 'team-demo-2' },
] as const;

/** The demo partner pharmacy whose cashier is `demo-cashier`. */
export const demoPharmacyId = 'ph-demo-1';

/** The clinic-printed binding code for 刘秀英 in the demo (fixed, so every run prints the same one). */
export const demoBindingCode = 'JKCZ8888';

/**
 * Clearly fictional demo data, written idempotently (upserts by fixed keys), so `npm start` can run
 * any number of times against the same database.
 */
export async function seedDemoData(deps: AppDeps): Promise<{ accounts: DemoAccount[]; integrationClient: { clientId: string; institutionId: string; key: string } }> {
  const now = deps.clock.now();
  const residents = [];
  for (const demo of demoResidents) residents.push(await residentArchiveWriter(deps, demo));

  const doctor = await upsertStaffAccount(deps, simulatorOpenid(deps, 'demo-doctor'), ['doctor'], { institutionId: 'inst-demo-east', teamId: 'team-demo-1' });
  await upsertStaffAccount(deps, simulatorOpenid(deps, 'demo-admin'), ['admin'], null);
  await seedDemoTeams(deps, String(doctor._id));
  // Follow-up slots the demo residents can book (next 2 weeks).
  await seedDemoAvailability(deps, { institutionId: 'inst-demo-east', teamIds: ['team-demo-1', 'team-demo-2'], createdBy: doctor._id });
  // A demo partner pharmacy and its cashier (药店模式: scan, checkouts, statements).
  await deps.models.Pharmacy.updateOne(
    { _id: demoPharmacyId },
    {
      $setOnInsert: {
        _id: demoPharmacyId,
        name: '康宁大药房（演示店）',
        licenceNumber: 'DEMO-JY-0001',
        address: '北京市东城区演示路 1 号',
        settlement: { accountName: '康宁大药房（演示）', bankName: '演示银行', accountNumber: '6222 0000 0000 0001' },
        status: 'active',
        createdAt: now,
        createdByAccountId: 'seed',
      },
    },
    { upsert: true },
  );
  await upsertStaffAccount(deps, simulatorOpenid(deps, 'demo-cashier'), ['cashier'], { pharmacyId: demoPharmacyId });

  const codeHash = lookupHash(deps.config.crypto, 'bindingCode', demoBindingCode);
  await deps.models.BindingCode.updateOne(
    { codeHash },
    { $setOnInsert: { codeHash, residentId: residents[1]!._id, createdByAccountId: doctor._id, createdAt: now, usedAt: null, usedByAccountId: null, expiresAt: now } },
    { upsert: true },
  );
  // Unused, it stays valid for another 30 days from every start.
  await deps.models.BindingCode.updateOne({ codeHash, usedAt: null }, { $set: { expiresAt: new Date(now.getTime() + 30 * 86_400_000) } });
  const code = await deps.models.BindingCode.findOne({ codeHash }).lean();

  // Health records (issue 4): an integration client whose key is printed, records and readings.
  const integrationClient = await seedDemoHealthRecords(deps, demoResidents);
  // The 存折 (issue 6): a few demo events turned into points by the real consumer, for 王建国.
  await seedDemoPoints(deps, residents[0]!._id);
  // 医防融合 (issue 17): the county hospital's specialist co-manages the demo clinic; 王建国 waits for a
  // review; health knowledge to read and answer.
  await seedDemoComanagement(deps, { institutionId: 'inst-demo-east', teamIds: ['team-demo-1', 'team-demo-2'], leadAccountId: String(doctor._id), reviewResident: residents[0]! });
  await upsertStaffAccount(deps, simulatorOpenid(deps, 'demo-specialist'), ['specialist'], { institutionId: demoHospitalId, coversInstitutionIds: ['inst-demo-east'] });
  await seedDemoEducation(deps);

  const [wang, liu] = demoResidents;
  return {
    integrationClient,
    accounts: [
      {
        openidHint: 'demo-resident',
        description: `演示居民（首次登录后进入引导流程；绑定：${wang.name} ${wang.idNumber} ${wang.phone}，或绑定码 ${formatHumanCode(demoBindingCode)}（${liu.name}${code?.usedAt ? '，已使用' : ''}））`,
      },
      { openidHint: 'demo-relative', description: '演示家属（接受居民的代办邀请后切换到其档案）' },
      { openidHint: 'demo-doctor', description: '演示家庭医生（inst-demo-east / team-demo-1 团队长：打印绑定码、现场核验添加代办人、申请会诊与上转、健康讲座、履约考核）' },
      { openidHint: 'demo-specialist', description: `演示专科医生（${demoHospitalId} 县人民医院，负责 inst-demo-east：专科共管名单、接诊服务记录单、转诊接收与下转）` },
      { openidHint: 'demo-admin', description: '演示管理员（审计日志、设置工作人员角色、药店登记与结算审核、健康教育内容、履约考核）' },
      { openidHint: 'demo-cashier', description: `演示收银员（${demoPharmacyId} 康宁大药房：扫出示码、抵扣单、退款、结算单）` },
    ],
  };
}

/**
 * The demo institution and its two teams, with the service numbers the residents' 联系家庭医生 button
 * dials; the demo doctor leads team 1 (alerts show "李医生已收到"; escalations reach them).
 */
async function seedDemoTeams(deps: AppDeps, doctorAccountId: string) {
  const now = deps.clock.now();
  const stamp = { createdAt: now, createdByAccountId: 'seed', updatedAt: now };
  await deps.models.Institution.updateOne({ _id: 'inst-demo-east' }, { $setOnInsert: { _id: 'inst-demo-east', name: '东城社区卫生服务中心（演示）', ...stamp } }, { upsert: true });
  const teams = [
    { _id: 'team-demo-1', name: '东城家庭医生一队', phone: '010-65001001', members: [{ accountId: doctorAccountId, name: '李医生', role: 'gp', lead: true }] },
    { _id: 'team-demo-2', name: '东城家庭医生二队', phone: '010-65001002', members: [] },
  ];
  for (const team of teams) {
    await deps.models.Team.updateOne({ _id: team._id }, { $setOnInsert: { ...team, institutionId: 'inst-demo-east', ...stamp } }, { upsert: true });
  }
}

/**
 * The openid the WeChat simulator gives the H5 login `?as=<hint>` (the same derivation as its
 * `/__sim/login-code {name}`), so a seeded staff account is the one that hint logs into.
 */
function simulatorOpenid(deps: AppDeps, hint: string): string {
  return openidFor(deps.config.wechat.appId, hint);
}

async function upsertStaffAccount(deps: AppDeps, openid: string, roles: string[], staff: { institutionId?: string; teamId?: string; pharmacyId?: string; coversInstitutionIds?: string[] } | null) {
  const account = await deps.models.Account.findOneAndUpdate(
    { openid },
    { $set: { roles, staff }, $inc: { actorVersion: 1 }, $setOnInsert: { openid, status: 'active', lastLoginAt: deps.clock.now() } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  if (!account) throw new Error(`demo account ${openid} upsert returned nothing`);
  await refreshAccountSessions(deps, account._id);
  return account;
}
