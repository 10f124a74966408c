import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { BigButton, Card, ElderlyToggle, ErrorState, InfoRow, LoadingState, NavRow, PageShell } from '../../components';
import { useResource } from '../../hooks/useResource';
import { checkoutRoutes } from '../../services/checkoutRoutes';
import { openPage, routes } from '../../services/navigation';
import { loadMyProfile, signOut, profileOptions } from '../../services/profile';
import { specialistRoutes } from '../../services/careRoutes';
import { adminRoutes, doctorRoutes } from '../../services/staffRoutes';
import './index.scss';

async function loadMe() {
  const { profile } = await loadMyProfile();
  return { profile, optionsCount: profileOptions(profile).length };
}

export default function MePage() {
  const { state, reload } = useResource(loadMe);
  const [leaving, setLeaving] = useState(false);
  const shownBefore = useRef(false);

  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });

  const onLogout = () => {
    setLeaving(true);
    void signOut().then(() => Taro.reLaunch({ url: routes.login }).catch(() => undefined));
  };

  const profile = state.status === 'ready' ? state.data.profile : null;
  const resident = profile?.resident ?? null;

  return (
    <PageShell title="我的" testId="page-me">
      <Card title="我的档案" testId="me-archive">
        {state.status === 'loading' ? <LoadingState /> : null}
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
        {profile ? (
          resident ? (
            <View>
              <InfoRow label="姓名" value={resident.name} testId="me-name" />
              <InfoRow label="身份证号" value={resident.idNumberMasked} testId="me-id-number" />
              <InfoRow label="手机号" value={resident.phoneMasked ?? '未登记'} testId="me-phone" />
              <InfoRow label="身份" value={profile.roleLabels.length > 0 ? profile.roleLabels.join('、') : '居民'} testId="account-roles" />
            </View>
          ) : (
            <View>
              <Text className="pb-text">您还没有绑定自己的健康档案。</Text>
              <InfoRow label="身份" value={profile.roleLabels.length > 0 ? profile.roleLabels.join('、') : profile.actingFor.length > 0 ? '家属代办' : '未绑定'} testId="account-roles" />
              <View className="pb-stack">
                <BigButton type="primary" testId="me-bind" onClick={() => openPage(routes.bind)}>
                  绑定我的健康档案
                </BigButton>
              </View>
            </View>
          )
        ) : null}
      </Card>

      {/* Staff work first for staff accounts: the reason they open the app. */}
      {profile?.roles.includes('doctor') ? (
        <Card title="家庭医生" testId="me-doctor">
          <NavRow title="家庭医生工作台" description="签约居民、预警、随访、签约和筛查" testId="me-doctor-workspace" onClick={() => openPage(doctorRoutes.panel)} />
          <NavRow title="健康讲座" description="发布讲座，居民现场扫码签到" testId="me-doctor-classes" onClick={() => openPage(doctorRoutes.classes)} />
          <NavRow title="履约考核" description="团队长查看本团队的考核指标" testId="me-doctor-scorecard" onClick={() => openPage(doctorRoutes.scorecard)} />
        </Card>
      ) : null}

      {profile?.roles.includes('specialist') ? (
        <Card title="专科医生" testId="me-specialist">
          <NavRow title="专科共管" description="负责机构中需要会诊的居民、接诊服务记录单" testId="me-specialist-queue" onClick={() => openPage(specialistRoutes.queue)} />
          <NavRow title="转诊接收" description="基层转来的居民：接收、下转" testId="me-specialist-referrals" onClick={() => openPage(specialistRoutes.referrals)} />
        </Card>
      ) : null}

      {profile?.roles.includes('admin') ? (
        <Card title="项目管理" testId="me-admin">
          <NavRow title="项目统计" description="签约率、规范管理率、控制率、积分与结算" testId="me-admin-report" onClick={() => openPage(adminRoutes.report)} />
          <NavRow title="积分规则" description="查看各版本，安排新版本并试算" testId="me-admin-policy" onClick={() => openPage(adminRoutes.policy)} />
          <NavRow title="履约考核" description="各团队、机构的考核指标对比" testId="me-admin-scorecard" onClick={() => openPage(adminRoutes.scorecard)} />
          <NavRow title="健康教育内容" description="图文、短视频和答题" testId="me-admin-education" onClick={() => openPage(adminRoutes.education)} />
        </Card>
      ) : null}

      <Card title="家人代办" testId="me-proxy">
        {resident ? (
          <NavRow title="邀请家人代办" description="让子女等家人帮您记录、预约、用积分" testId="me-invite" onClick={() => openPage(routes.invite)} />
        ) : null}
        <NavRow title="代办关系" description="谁在帮您办理、您在帮谁办理；可随时解除" testId="me-links" onClick={() => openPage(routes.proxyLinks)} />
        <NavRow title="接受家人的邀请" description="输入家人给您的邀请码，帮他办理" testId="me-accept" onClick={() => openPage(routes.acceptInvitation)} />
        {state.status === 'ready' && (state.data.optionsCount > 1 || (profile?.actingFor.length ?? 0) > 0) ? (
          <NavRow title="切换档案" description="在自己和家人的档案之间切换" testId="me-switch" onClick={() => openPage(routes.profiles)} />
        ) : null}
        {resident ? (
          <NavRow title="家人代办记录" description="家人替您做过的每一件事" testId="me-activity" onClick={() => openPage(routes.proxyActivity)} />
        ) : null}
        {resident ? <NavRow title="通知" description="如家人用您的积分抵扣了药费" testId="me-notices" onClick={() => openPage(routes.notices)} /> : null}
        {!resident && (profile?.actingFor.length ?? 0) > 0 ? (
          <NavRow title="家人健康通知" description="紧急读数、医生的处理说明、每周小结" testId="me-family-notices" onClick={() => openPage(routes.notices)} />
        ) : null}
      </Card>

      <Card title="药店" testId="me-pharmacy">
        {profile?.roles.includes('cashier') ? (
          <NavRow title="药店收银" description="扫居民的抵扣码收款、退款、结算单" testId="me-till" onClick={() => openPage(checkoutRoutes.pharmacyHome)} />
        ) : null}
        <NavRow title="接受收银员邀请" description="合作药店的店员输入邀请码" testId="me-cashier-accept" onClick={() => openPage(checkoutRoutes.acceptCashierInvitation)} />
      </Card>

      <Card title="隐私与安全" testId="me-privacy">
        <NavRow title="授权记录" description="您同意、撤回过哪些协议" testId="me-consents" onClick={() => openPage(routes.consentHistory)} />
        <NavRow title="登录设备" description="查看并退出其他手机上的登录" testId="me-sessions" onClick={() => openPage(routes.sessions)} />
        <NavRow title="隐私保护指引" description="我们如何保护您的信息" testId="me-privacy-text" onClick={() => openPage(`${routes.privacyText}?doc=privacyGuide`)} />
        <NavRow title="撤回授权" description="停用账号；健康档案仍由签约机构保存" testId="me-withdraw" onClick={() => openPage(routes.withdraw)} />
      </Card>

      <Card title="显示">
        <ElderlyToggle />
      </Card>

      <View className="pb-me__logout">
        <BigButton type="danger" loading={leaving} testId="logout-button" onClick={onLogout}>
          退出登录
        </BigButton>
      </View>
    </PageShell>
  );
}
