import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { userMessageOf } from '../../../services/errors';
import { availableBle, findMeters, loadMeters, syncMeter, type FoundMeterView, type MeterRowView, type SyncResultView } from '../../../services/meters';
import { recordsRoutes } from '../../../services/recordsRoutes';
import './index.scss';

type Phase = { kind: 'idle' } | { kind: 'searching' } | { kind: 'syncing'; title: string } | { kind: 'done'; result: SyncResultView } | { kind: 'failed'; message: string };


/** The meter's own name, as printed on it (so it is recognised), never translated or shortened. */
function DeviceName({ name }: { name: string }) {
  return name ? (
    <Text className="pb-muted" data-audit="code">
      设备名：{name}
    </Text>
  ) : null;
}

/**
 * 从血压计 / 血糖仪导入: a meter synced before is one tap (同步); a new one is 搜索设备 → tap it.
 * The meter's stored readings are read over Bluetooth and saved with the meter's own time; a
 * reading saved before is never saved twice. In the H5 build the meters are simulated.
 */
export default function MeterSyncPage() {
  const choices = useMemo(() => availableBle(), []);
  const [choiceIndex, setChoiceIndex] = useState(0);
  const choice = choices[choiceIndex] ?? choices[0];
  const paired = useResource(loadMeters);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [found, setFound] = useState<FoundMeterView[]>([]);

  const search = () => {
    if (!choice) return;
    setFound([]);
    setPhase({ kind: 'searching' });
    findMeters(choice, (meter) => setFound((list) => (list.some((m) => m.deviceId === meter.deviceId) ? list : [...list, meter])))
      .then(() => setPhase({ kind: 'idle' }))
      .catch((cause: unknown) => setPhase({ kind: 'failed', message: userMessageOf(cause) }));
  };

  const sync = (meter: { deviceId: string; name: string; profile: MeterRowView['profile']; title: string; lastSequence: number | null }) => {
    if (!choice) return;
    setPhase({ kind: 'syncing', title: meter.title });
    syncMeter(choice, meter)
      .then((result) => {
        setPhase({ kind: 'done', result });
        paired.reload();
      })
      .catch((cause: unknown) => setPhase({ kind: 'failed', message: userMessageOf(cause) }));
  };

  const busy = phase.kind === 'searching' || phase.kind === 'syncing';
  const meters = paired.state.status === 'ready' ? paired.state.data : [];

  return (
    <PageShell title="从设备导入读数" testId="page-meter-sync">
      {phase.kind === 'syncing' ? <LoadingState text={`正在读取${phase.title}里的读数…`} /> : null}
      {phase.kind === 'failed' ? <AlertBox tone="error" message={phase.message} testId="meter-error" /> : null}

      {phase.kind === 'done' ? (
        <Card title={phase.result.title} testId="meter-result">
          <Text className="pb-text" data-testid="meter-result-text">
            {phase.result.importedText}
          </Text>
          {phase.result.readings.map((r) => (
            <View key={r.id} className="pb-list-item" data-testid="meter-reading">
              <Text className="pb-list-item__title">{r.text}</Text>
              <Text className="pb-list-item__meta">{r.timeText}</Text>
              {r.notes.map((note) => (
                <Text key={note} className="pb-list-item__meta">
                  设备提示：{note}
                </Text>
              ))}
            </View>
          ))}
          {phase.result.skipped.map((line) => (
            <Text key={line} className="pb-muted" data-testid="meter-skipped">
              {line}
            </Text>
          ))}
          <View className="pb-stack">
            <BigButton type="primary" testId="meter-see-records" onClick={() => void Taro.switchTab({ url: recordsRoutes.tab })}>
              查看我的记录
            </BigButton>
          </View>
        </Card>
      ) : null}

      {meters.length > 0 ? (
        <Card title="我的设备" testId="meter-paired-list">
          {meters.map((m) => (
            <View key={m.meterId} className="pb-meter__row">
              <BigButton type="primary" disabled={busy} testId="meter-paired" onClick={() => sync(m)}>
                同步{m.title}
              </BigButton>
              <DeviceName name={m.name} />
              <Text className="pb-muted">{m.meta}</Text>
            </View>
          ))}
        </Card>
      ) : null}

      <Card title={meters.length > 0 ? '连接新设备' : '连接血压计 / 血糖仪'} testId="meter-new">
        <Text className="pb-text">先打开设备（按一下开关或蓝牙键），放在手机旁边，再点“搜索设备”。</Text>
        {choices.length > 1 ? (
          <ChipGroup label="连接方式" options={choices.map((c, i) => ({ key: String(i), label: c.label }))} selected={[String(choiceIndex)]} testId="meter-choice" onSelect={(key) => setChoiceIndex(Number(key))} />
        ) : null}
        <BigButton type={meters.length > 0 ? 'secondary' : 'primary'} loading={phase.kind === 'searching'} disabled={busy} testId="meter-search" onClick={search}>
          {phase.kind === 'searching' ? '正在搜索…' : '搜索设备'}
        </BigButton>
        {found.map((meter) => (
          <View key={meter.deviceId} className="pb-meter__row">
            <BigButton type="primary" disabled={busy} testId="meter-found" onClick={() => sync({ ...meter, lastSequence: meters.find((m) => m.deviceId === meter.deviceId)?.lastSequence ?? null })}>
              连接{meter.title}
            </BigButton>
            <DeviceName name={meter.name} />
          </View>
        ))}
      </Card>
    </PageShell>
  );
}
