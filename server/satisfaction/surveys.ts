import { type Types } from 'mongoose';
import type { PendingSurveysView, SurveyAnswerBody } from '../../shared/api/satisfaction';
import { surveyQuestionKeys, surveyQuestions, SURVEY_OFFER_DAYS, type SurveySubject } from '../../shared/satisfaction/survey';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import { dayText, followUpModeLabels, labelOf } from '../../shared/vocabulary';
import type { AppDeps } from '../deps';
import { unprocessable } from '../http/errors';

/**
 * The satisfaction survey after a service (居民满意度): a follow-up, a specialist visit, a pharmacy
 * checkout the resident completed in the last SURVEY_OFFER_DAYS days. Nothing waits for it: the app
 * offers what is pending and the resident answers or dismisses it. The response's `_id` is the
 * service's key (`<subject>:<id>`), so each service is answered at most once and a second answer
 * changes nothing. Who served is copied in for the scorecard: the resident's team and institution,
 * and for a visit the specialist's hospital, for a checkout the pharmacy.
 */
type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null };

interface Service {
  eventKey: string;
  subject: SurveySubject;
  subjectId: string;
  serviceOn: string;
  title: string;
  institutionId: string;
  teamId: string | null;
  providerId: string | null;
}


/** The resident's services of the offer window, newest first (one key each). */
async function recentServices(deps: AppDeps, resident: ResidentRef, onlyKey?: string): Promise<Service[]> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const since = addCalendarDays(today, -SURVEY_OFFER_DAYS);
  const sinceInstant = new Date(`${since}T00:00:00+08:00`);
  const [followUps, visits, checkouts] = await Promise.all([
    deps.models.FollowUpRecord.find({ residentId: resident._id, visitedOn: { $gte: since } }, { visitedOn: 1, mode: 1, institutionId: 1, data: 1 }).lean(),
    deps.models.SpecialistVisit.find({ residentId: resident._id, visitedOn: { $gte: since } }, { visitedOn: 1, specialistName: 1, institutionId: 1, teamId: 1, specialistInstitutionId: 1 }).lean(),
    deps.models.Checkout.find({ residentId: resident._id, state: 'completed', stateChangedAt: { $gte: sinceInstant } }, { pharmacyId: 1, stateChangedAt: 1 }).lean(),
  ]);
  const team = resident.teamId ?? null;
  const services: Service[] = [
    ...followUps
      .filter((f) => ((f.data as { outcome?: string } | undefined)?.outcome ?? 'visited') === 'visited')
      .map((f) => ({ eventKey: `followUp:${String(f._id)}`, subject: 'followUp' as const, subjectId: String(f._id), serviceOn: f.visitedOn, title: `${dayText(f.visitedOn, { today })} ${labelOf(followUpModeLabels, f.mode)}随访`, institutionId: f.institutionId, teamId: team, providerId: null })),
    ...visits.map((v) => ({ eventKey: `specialistVisit:${String(v._id)}`, subject: 'specialistVisit' as const, subjectId: String(v._id), serviceOn: v.visitedOn, title: `${dayText(v.visitedOn, { today })} 专科医生${v.specialistName}的诊疗`, institutionId: v.institutionId, teamId: v.teamId ?? team, providerId: v.specialistInstitutionId })),
    ...checkouts.map((c) => {
      const on = shanghaiDate(c.stateChangedAt);
      return { eventKey: `checkout:${String(c._id)}`, subject: 'checkout' as const, subjectId: String(c._id), serviceOn: on, title: `${dayText(on, { today })} 药店积分抵扣`, institutionId: resident.institutionId, teamId: team, providerId: c.pharmacyId };
    }),
  ];
  return services.filter((s) => !onlyKey || s.eventKey === onlyKey).sort((a, b) => b.serviceOn.localeCompare(a.serviceOn));
}

export async function pendingSurveysReader(deps: AppDeps, resident: ResidentRef): Promise<PendingSurveysView> {
  const services = await recentServices(deps, resident);
  const done = new Set((await deps.models.SatisfactionResponse.find({ _id: { $in: services.map((s) => s.eventKey) } }, { _id: 1 }).lean()).map((r) => String(r._id)));
  return {
    surveys: services
      .filter((s) => !done.has(s.eventKey))
      .map((s) => ({ eventKey: s.eventKey, subject: s.subject, title: s.title, serviceOn: s.serviceOn, questions: surveyQuestionKeys.map((key) => ({ key, text: surveyQuestions[s.subject][key] })) })),
  };
}

export async function surveyResponder(deps: AppDeps, resident: ResidentRef, body: SurveyAnswerBody) {
  const [service] = await recentServices(deps, resident, body.eventKey);
  if (!service) throw unprocessable('survey_not_available');
  const answers = 'answers' in body ? body.answers : null;
  const { upsertedCount } = await deps.models.SatisfactionResponse.updateOne(
    { _id: service.eventKey },
    {
      $setOnInsert: {
        residentId: resident._id,
        subject: service.subject,
        subjectId: service.subjectId,
        serviceOn: service.serviceOn,
        institutionId: service.institutionId,
        teamId: service.teamId,
        providerId: service.providerId,
        answers,
        answeredAt: deps.clock.now(),
      },
    },
    { upsert: true },
  );
  return { eventKey: service.eventKey, answered: answers !== null, recorded: upsertedCount === 1 };
}
