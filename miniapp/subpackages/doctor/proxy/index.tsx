import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, FormSubmit, InfoRow, PageShell, TextField } from '../../../components';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { checkProxyDraft, proxyScopeOptions, verificationMethodOptions, verifyProxyInPerson, type ProxyVerificationDraft, type ProxyVerifiedView } from '../../../services/doctorProxy';
import { fieldByPrefix } from '../../../services/staffForms';
import '../doctor.scss';

const emptyDraft: ProxyVerificationDraft = { proxyAccountId: '', relationship: '', scopes: ['view', 'logReadings', 'book'], verificationMethod: 'idCard', note: '' };
const proxyFieldOf = fieldByPrefix([
  ['proxyAccountId', 'proxyAccountId'],
  ['relationship', 'relationship'],
  ['scopes', 'scopes'],
  ['verificationMethod', 'verificationMethod'],
  ['note', 'note'],
]);

/**
 * 当面核验代办人: for a resident without a phone, the doctor checks the relative and the resident in
 * person and links the relative's account (its number is on the relative's 代办关系 page, read out in groups of four). Who
 * verified, when and with which document is recorded on the link.
 */
export default function ProxyVerificationPage() {
  const residentId = useRouter().params['id'] ?? '';
  const [draft, setDraft] = useState<ProxyVerificationDraft>(emptyDraft);
  const form = useStaffForm<ProxyVerifiedView>(proxyFieldOf);
  const { errors, result: done } = form;

  const toggleScope = (key: string) => setDraft({ ...draft, scopes: draft.scopes.includes(key) ? draft.scopes.filter((s) => s !== key) : [...draft.scopes, key] });

  const submit = () => {
    if (form.accept(checkProxyDraft(draft), '请先改正标红的项目')) form.submit(() => verifyProxyInPerson(residentId, draft));
  };

  if (done) {
    return (
      <PageShell title="已添加代办人" testId="page-doctor-proxy-done" showProfile={false}>
        <AlertBox tone="success" title={`${done.relationship ?? '家属'} 现在可以代办`} message={done.scopesText} testId="proxy-done" />
        <InfoRow label="核验" value={done.verifiedText} />
        <View className="pb-stack">
          <BigButton type="primary" testId="proxy-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回居民详情
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="当面核验代办人" testId="page-doctor-proxy" showProfile={false}>
      <Card>
        <Text className="pb-text">请当面核对居民本人和家属的证件，并确认居民同意由这位家属代办。</Text>
        <TextField label="家属的账号号码" value={draft.proxyAccountId} maxLength={32} placeholder="家属手机：我的 → 代办关系 页面下方" error={errors['proxyAccountId']} testId="proxy-account" onInput={(text) => setDraft({ ...draft, proxyAccountId: text.replace(/\s+/g, '') })} />
        <TextField label="与居民的关系" value={draft.relationship} maxLength={20} placeholder="如 女儿、儿子、老伴" error={errors['relationship']} testId="proxy-relationship" onInput={(text) => setDraft({ ...draft, relationship: text })} />
        <ChipGroup label="核验用的证件" options={verificationMethodOptions} selected={[draft.verificationMethod]} testId="proxy-method" onSelect={(key) => setDraft({ ...draft, verificationMethod: key })} />
        {errors['verificationMethod'] ? <Text className="pb-form-error">{errors['verificationMethod']}</Text> : null}
        <ChipGroup label="可以代办的事（可多选）" options={proxyScopeOptions} selected={draft.scopes} testId="proxy-scope" onSelect={toggleScope} />
        {errors['scopes'] ? <Text className="pb-form-error">{errors['scopes']}</Text> : null}
        <TextField label="备注（选填）" value={draft.note} maxLength={200} testId="proxy-note" onInput={(text) => setDraft({ ...draft, note: text })} />
      </Card>
      <FormSubmit error={form.formError} errorTitle="没有添加成功" loading={form.busy} testId="proxy" onSubmit={submit}>
        核验无误，添加代办人
      </FormSubmit>
    </PageShell>
  );
}
