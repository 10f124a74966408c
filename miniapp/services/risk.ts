import { cardiovascularRiskView, type CardiovascularRiskView, type RiskFactorsBody } from '../../shared/api/risk';
import { parsed } from './apiSchema';
import { formatCalendarDay } from './displayTime';
import { api, apiRequest } from './http';
import { residentRequest } from './profile';
import { activeProfileOrLoad } from './readings';

/**
 * 疾病风险评估: `GET /api/residents/:residentId/cardiovascular-risk` parsed with the schema the route
 * answers with (shared/api/risk.ts), and turned into the sentences the resident's screen and the
 * doctor's page show; the doctor's 风险因素 form (`PUT /api/staff/residents/:id/risk-factors`).
 * Numbers stay numbers until here; the screens print only these texts.
 */
export interface RiskScreenView {
  /** "11.1%" or null when it cannot be computed. */
  tenYearText: string | null;
  categoryLabel: string | null;
  tone: 'high' | 'medium' | 'low' | 'none';
  /** "100个和您情况相近的人中，10年内约有11人会得心梗或脑卒中" */
  tenYearSentence: string | null;
  idealText: string | null;
  changes: Array<{ key: string; text: string; resultText: string }>;
  lifetimeText: string | null;
  notApplicableText: string | null;
  missing: string[];
  ldlGoalText: string;
  ldlGoalBasisText: string;
  ldlStatusText: string | null;
  ldlAtGoal: boolean | null;
}

const percent = (value: number) => `${value.toFixed(1)}%`;

/** Pure: the risk as the screens say it. */
export function riskScreenView(risk: CardiovascularRiskView): RiskScreenView {
  const goal = risk.ldlGoal;
  const latestLdl = risk.inputs.ldlCholesterolMmolL;
  const halving = goal.requiresHalvingFromBaseline
    ? goal.baselineLdlCholesterolMmolL !== null
      ? `，并且比治疗前（${goal.baselineLdlCholesterolMmolL}）降低一半以上`
      : '，并且比治疗前降低一半以上'
    : '';
  const tenYear = risk.tenYear;
  return {
    tenYearText: tenYear ? percent(tenYear.riskPercent) : null,
    categoryLabel: tenYear?.categoryLabel ?? null,
    tone: tenYear?.category ?? 'none',
    tenYearSentence: tenYear ? `100个和您情况相近的人中，10年内约有${Math.max(1, Math.round(tenYear.riskPercent))}人会得心肌梗死或脑卒中。` : null,
    idealText: risk.ideal ? `如果血压、血脂、腰围都达到理想水平，也不吸烟，风险可降到 ${percent(risk.ideal.riskPercent)}（${risk.ideal.categoryLabel}）。` : null,
    changes: risk.changes.map((c) => ({ key: c.change, text: c.label, resultText: `风险降到 ${percent(c.riskPercent)}，少 ${c.reductionPercentPoints.toFixed(1)} 个百分点` })),
    lifetimeText: risk.lifetime.applies
      ? risk.lifetime.high
        ? `终生风险偏高：${risk.lifetime.factors.map((f) => f.label).join('、')}。现在开始改变，收益最大。`
        : '终生风险不高，请继续保持。'
      : null,
    notApplicableText:
      risk.notApplicableReason === 'ascvdOnRecord'
        ? '您已有心脑血管病的记录，不再做这项评估，医生会按“极高危”帮您管理血压和血脂。'
        : risk.notApplicableReason === 'ageOutOfRange'
          ? '这项评估适用于20–85岁的居民。'
          : null,
    missing: risk.missing.map((m) => m.label),
    ldlGoalText: `低密度脂蛋白胆固醇（“坏胆固醇”）低于 ${goal.ldlBelowMmolL} mmol/L${halving}`,
    ldlGoalBasisText: `心血管病风险：${goal.riskLevelLabel}（${goal.riskBasisLabel}）`,
    ldlStatusText: latestLdl ? `最近一次 ${latestLdl.value} mmol/L（${formatCalendarDay(latestLdl.on)}）：${goal.atGoal ? '已达标' : '未达标'}` : null,
    ldlAtGoal: goal.atGoal,
  };
}

export async function loadMyRisk(): Promise<RiskScreenView> {
  const profile = await activeProfileOrLoad();
  return riskScreenView(await parsed(cardiovascularRiskView, residentRequest('/cardiovascular-risk', {}, profile)));
}

/** The doctor's page: the same view for a resident of the team. */
export async function loadResidentRisk(residentId: string): Promise<{ risk: CardiovascularRiskView; view: RiskScreenView }> {
  const risk = await parsed(cardiovascularRiskView, api.get(`/api/residents/${encodeURIComponent(residentId)}/cardiovascular-risk`));
  return { risk, view: riskScreenView(risk) };
}

export async function saveRiskFactors(residentId: string, body: RiskFactorsBody): Promise<{ risk: CardiovascularRiskView; view: RiskScreenView }> {
  const risk = await parsed(cardiovascularRiskView, apiRequest({ method: 'PUT', path: `/api/staff/residents/${encodeURIComponent(residentId)}/risk-factors`, body }));
  return { risk, view: riskScreenView(risk) };
}

// ---------------------------------------------------------------------------------------------
// The doctor's 风险因素 form

export interface RiskFactorsDraft {
  smokingStatus: 'never' | 'former' | 'current' | null;
  familyHistoryOfAscvd: 'yes' | 'no' | null;
  areaType: 'urban' | 'rural' | null;
  region: 'north' | 'south' | null;
  ckdStage: 'none' | '1' | '2' | '3' | '4' | '5' | null;
}

export const riskFactorOptions = {
  smokingStatus: [
    { key: 'never', label: '从不吸烟' },
    { key: 'former', label: '已戒烟' },
    { key: 'current', label: '现在吸烟' },
  ],
  familyHistoryOfAscvd: [
    { key: 'no', label: '没有' },
    { key: 'yes', label: '有' },
  ],
  areaType: [
    { key: 'urban', label: '城市' },
    { key: 'rural', label: '农村' },
  ],
  region: [
    { key: 'north', label: '长江以北' },
    { key: 'south', label: '长江以南' },
  ],
  ckdStage: [
    { key: 'none', label: '无慢性肾病' },
    { key: '1', label: '1期' },
    { key: '2', label: '2期' },
    { key: '3', label: '3期' },
    { key: '4', label: '4期' },
    { key: '5', label: '5期' },
  ],
} as const;

/** Pure: the form pre-filled with what the risk already knows (a smoker's past status is not shown). */
export function riskFactorsDraftOf(risk: CardiovascularRiskView): RiskFactorsDraft {
  const i = risk.inputs;
  const yesNo = (v: boolean | null) => (v === null ? null : v ? 'yes' : 'no');
  return {
    smokingStatus: i.currentSmoker === true ? 'current' : null,
    familyHistoryOfAscvd: yesNo(i.familyHistoryOfAscvd),
    areaType: i.urban === null ? null : i.urban ? 'urban' : 'rural',
    region: i.northernChina === null ? null : i.northernChina ? 'north' : 'south',
    ckdStage: i.ckdStage === null ? null : (String(i.ckdStage) as RiskFactorsDraft['ckdStage']),
  };
}

/** Pure: only what the doctor chose is sent (the service keeps the rest). */
export function buildRiskFactorsBody(draft: RiskFactorsDraft): RiskFactorsBody {
  const body: RiskFactorsBody = {};
  if (draft.smokingStatus) body.smokingStatus = draft.smokingStatus;
  if (draft.familyHistoryOfAscvd) body.familyHistoryOfAscvd = draft.familyHistoryOfAscvd === 'yes';
  if (draft.areaType) body.areaType = draft.areaType;
  if (draft.region) body.region = draft.region;
  if (draft.ckdStage) body.ckdStage = draft.ckdStage === 'none' ? null : Number(draft.ckdStage);
  return body;
}
