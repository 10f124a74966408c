import { Text, View } from '@tarojs/components';
import { Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { platform } from '../../../platform';
import { loadArchive } from '../../../services/records';
import { possessiveOf, useActiveProfile } from '../../../state/activeProfile';
import './index.scss';

const call = (phone: string) => void platform.makePhoneCall(phone.replace(/[^\d+]/g, ''));

/** 档案: diagnoses, contract and team (tap to call), what is due, labs, follow-ups, medications. */
export default function ArchivePage() {
  const { state, reload } = useResource(loadArchive);
  const profile = useActiveProfile();
  return (
    <PageShell title="健康档案" testId="page-archive">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title={`${possessiveOf(profile)}家庭医生`} testId="archive-team">
            {state.data.contract ? (
              <View className="pb-archive__block">
                <Text className="pb-list-item__title">{state.data.contract.teamName || state.data.contract.title}</Text>
                <Text className="pb-list-item__meta">{state.data.contract.title}</Text>
                <Text className="pb-list-item__meta">{state.data.contract.meta}</Text>
                {state.data.contract.items.length > 0 ? <Text className="pb-list-item__meta">服务内容：{state.data.contract.items.join('、')}</Text> : null}
              </View>
            ) : (
              <Text className="pb-text">还没有签约信息。</Text>
            )}
            {state.data.contacts.map((contact) => (
              <View key={`${contact.label}-${contact.phone}`} className="pb-archive__call" role="button" data-testid="archive-call" onClick={() => call(contact.phone)}>
                <View className="pb-archive__call-text">
                  <Text className="pb-archive__call-label">{contact.label}</Text>
                  <Text className="pb-archive__call-phone">{contact.phone}</Text>
                </View>
                <Text className="pb-archive__call-button">拨打电话</Text>
              </View>
            ))}
          </Card>

          <Card title="待办" testId="archive-due">
            {state.data.due.length === 0 ? (
              <Text className="pb-text">暂无待办。</Text>
            ) : (
              state.data.due.map((d) => (
                <View key={d.key} className="pb-list-item" data-testid="archive-due-item">
                  <Text className="pb-list-item__title">{d.title}</Text>
                  <Text className={`pb-list-item__meta ${d.overdue ? 'pb-archive__overdue' : ''}`}>{d.dueText}</Text>
                </View>
              ))
            )}
          </Card>

          <Card title="诊断" testId="archive-diagnoses">
            {state.data.diagnoses.length === 0 ? <Text className="pb-text">没有诊断记录。</Text> : null}
            {state.data.diagnoses.map((d) => (
              <View key={d.id} className="pb-list-item">
                <Text className="pb-list-item__title">{d.title}</Text>
                <Text className="pb-list-item__meta">{d.meta}</Text>
              </View>
            ))}
            {state.data.hTypeNote ? <Text className="pb-archive__note">{state.data.hTypeNote}</Text> : null}
          </Card>

          <Card title="用药" testId="archive-medications">
            {state.data.medications.length === 0 ? <Text className="pb-text">没有用药记录。</Text> : null}
            {state.data.medications.map((m) => (
              <View key={m.id} className="pb-list-item">
                <Text className="pb-list-item__title">{m.title}</Text>
                <Text className="pb-list-item__meta">{m.meta}</Text>
              </View>
            ))}
            {state.data.interventions.map((i) => (
              <View key={i.id} className="pb-list-item">
                <Text className="pb-list-item__title">{i.title}</Text>
                <Text className="pb-list-item__meta">{i.meta}</Text>
              </View>
            ))}
          </Card>

          <Card title="随访记录" testId="archive-follow-ups">
            {state.data.followUps.length === 0 ? <EmptyState title="还没有随访记录" description="医生随访后，结果和指导会显示在这里" testId="archive-follow-ups-empty" /> : null}
            {state.data.followUps.map((f) => (
              <View key={f.id} className="pb-list-item" data-testid="archive-follow-up">
                <Text className="pb-list-item__title">{f.title}</Text>
                {f.classificationText ? (
                  <Text className={`pb-tag ${f.unsatisfied ? 'pb-archive__tag--warn' : 'pb-tag--ok'}`}>{f.classificationText}</Text>
                ) : null}
                {f.advice ? <Text className="pb-archive__advice">医生指导：{f.advice}</Text> : null}
                {f.meta ? <Text className="pb-list-item__meta">{f.meta}</Text> : null}
              </View>
            ))}
          </Card>

          <Card title="化验结果" testId="archive-labs">
            {state.data.labs.length === 0 ? <Text className="pb-text">没有化验结果。</Text> : null}
            {state.data.labs.map((l) => (
              <View key={l.id} className="pb-list-item">
                <Text className="pb-list-item__title">{l.dateText}</Text>
                {l.lines.map((line) => (
                  <Text key={line} className="pb-list-item__meta">
                    {line}
                  </Text>
                ))}
              </View>
            ))}
          </Card>
        </View>
      ) : null}
    </PageShell>
  );
}
