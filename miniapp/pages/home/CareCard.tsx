import { useEffect, useState } from 'react';
import { Card, NavRow } from '../../components';
import { careRoutes } from '../../services/careRoutes';
import { pendingSurveyCount } from '../../services/careSummary';
import { openPage } from '../../services/navigation';

export interface CareCardProps {
  /** Changes whenever 首页 reloads, so the count reloads with it. */
  refreshToken: unknown;
  /** The resident themselves (the survey asks their own opinion); a relative sees advice and learning. */
  own: boolean;
}

/**
 * 首页 「医生和健康知识」: the specialist's advice and the referrals, health knowledge (with the
 * doctor's recommendations) and, for the resident, recent services waiting for their opinion.
 */
export function CareCard(props: CareCardProps) {
  const { refreshToken, own } = props;
  const [surveys, setSurveys] = useState(0);
  useEffect(() => {
    let live = true;
    if (own) void pendingSurveyCount().then((n) => live && setSurveys(n), () => undefined);
    return () => {
      live = false;
    };
  }, [refreshToken, own]);
  return (
    <Card title="医生和健康知识" testId="home-care">
      <NavRow title="专科医生的建议" description="上级医院专科医生的意见、转诊进展" testId="home-care-advice" onClick={() => openPage(careRoutes.advice)} />
      <NavRow title="健康知识" description="看一看、答几道题，还能得积分" testId="home-care-learn" onClick={() => openPage(careRoutes.learn)} />
      {own && surveys > 0 ? <NavRow title="服务评价" description="说说您对最近服务的感受（可以不评）" badge={`${surveys}项`} testId="home-care-survey" onClick={() => openPage(careRoutes.survey)} /> : null}
    </Card>
  );
}
