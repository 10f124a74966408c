import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, PageShell, Tabs, TextField } from '../../components';
import { platform } from '../../platform';
import { userMessageOf } from '../../services/errors';
import {
  bindByCode,
  bindByDetails,
  bindErrorView,
  checkDetailsForm,
  idNumberHint,
  normalizeBindingCode,
  type DetailsField,
} from '../../services/identity';
import { openPage, restartAt, routes } from '../../services/navigation';

/**
 * Journey 1, step 3: bind this WeChat account to the health archive — by name + ID number + phone
 * (the getPhoneNumber button on weapp, typed on H5 and as the weapp fallback) or by the one-time
 * binding code the clinic printed.
 */
type Method = 'details' | 'code';

const tabs = [
  { key: 'details', label: '身份信息绑定' },
  { key: 'code', label: '绑定码绑定' },
];

export default function BindPage() {
  const [method, setMethod] = useState<Method>('details');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneCode, setPhoneCode] = useState<string | null>(null);
  const [typedPhone, setTypedPhone] = useState(!platform.canGetPhoneNumber);
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<DetailsField | 'code', string>>>({});
  const [failure, setFailure] = useState<{ message: string; locked: boolean } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const finish = (promise: Promise<unknown>) => {
    setSubmitting(true);
    setFailure(null);
    promise
      .then(() => restartAt(routes.home))
      .catch((error: unknown) => {
        const view = bindErrorView(error);
        if (view.field) setFieldErrors({ [view.field]: view.message });
        setFailure({ message: view.message, locked: view.locked });
        // The WeChat phone code is single use: after a failure ask for it again.
        if (view.field === 'phone') setPhoneCode(null);
      })
      .finally(() => setSubmitting(false));
  };

  const submitDetails = () => {
    const checked = checkDetailsForm({ name, idNumber, phone, phoneCode: typedPhone ? null : phoneCode });
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      setFailure(null);
      return;
    }
    setFieldErrors({});
    finish(bindByDetails(checked.body));
  };

  const submitCode = () => {
    const normalized = normalizeBindingCode(code);
    if (!normalized) {
      setFieldErrors({ code: '绑定码是8位字母和数字（如 ABCD-2345），请对照机构打印的单子核对' });
      return;
    }
    setFieldErrors({});
    finish(bindByCode(normalized));
  };

  const onPhoneNumber = (detail: unknown) => {
    platform
      .getPhoneNumber(detail)
      .then((received) => {
        setPhoneCode(received);
        setFieldErrors((errors) => ({ ...errors, phone: undefined }));
      })
      .catch((error: unknown) => {
        setTypedPhone(true);
        setFieldErrors((errors) => ({ ...errors, phone: userMessageOf(error) }));
      });
  };

  return (
    <PageShell title="绑定您的健康档案" testId="page-bind" showProfile={false}>
      <Text className="pb-muted">第 3 步，共 3 步。绑定后才能看到您的健康记录和积分。</Text>
      <View className="pb-stack">
        <Tabs
          items={tabs}
          activeKey={method}
          testId="bind-tabs"
          onChange={(key) => {
            setMethod(key as Method);
            setFieldErrors({});
            setFailure(null);
          }}
        />
      </View>

      {failure ? (
        <AlertBox tone={failure.locked ? 'warning' : 'error'} title={failure.locked ? '暂时不能绑定' : '没有绑定成功'} message={failure.message} testId="bind-error" />
      ) : null}

      {method === 'details' ? (
        <Card testId="bind-details">
          <Text className="pb-text">请填写与您在签约机构登记时一致的信息。</Text>
          <TextField
            label="姓名"
            value={name}
            placeholder="与身份证上一致"
            maxLength={50}
            error={fieldErrors.name}
            testId="bind-name"
            onInput={(value) => {
              setName(value);
              setFieldErrors((errors) => ({ ...errors, name: undefined }));
            }}
          />
          <TextField
            label="身份证号"
            value={idNumber}
            inputType="idcard"
            placeholder="18位身份证号"
            maxLength={18}
            hint={idNumberHint(idNumber)}
            error={fieldErrors.idNumber}
            testId="bind-id-number"
            onInput={(value) => {
              setIdNumber(value);
              setFieldErrors((errors) => ({ ...errors, idNumber: undefined }));
            }}
          />
          {typedPhone ? (
            <View>
              <TextField
                label="手机号"
                value={phone}
                inputType="number"
                placeholder="在签约机构登记的手机号"
                maxLength={13}
                error={fieldErrors.phone}
                testId="bind-phone"
                onInput={(value) => {
                  setPhone(value);
                  setFieldErrors((errors) => ({ ...errors, phone: undefined }));
                }}
              />
              {platform.canGetPhoneNumber ? (
                <Text className="pb-link" onClick={() => setTypedPhone(false)}>
                  改用微信绑定的手机号
                </Text>
              ) : null}
            </View>
          ) : (
            <View className="pb-field">
              <Text className="pb-field__label">手机号</Text>
              {phoneCode ? (
                <AlertBox tone="success" message="已获取微信绑定的手机号" testId="bind-phone-ok" />
              ) : (
                <BigButton type="secondary" openType="getPhoneNumber" testId="bind-phone-wechat" onGetPhoneNumber={onPhoneNumber}>
                  使用微信绑定的手机号
                </BigButton>
              )}
              {fieldErrors.phone ? (
                <Text className="pb-field__hint pb-field__hint--error">
                  {fieldErrors.phone}
                </Text>
              ) : null}
              <Text className="pb-link" onClick={() => setTypedPhone(true)}>
                手动输入手机号
              </Text>
            </View>
          )}
          <View className="pb-stack">
            <BigButton type="primary" loading={submitting} testId="bind-submit" onClick={submitDetails}>
              {submitting ? '正在绑定…' : '绑定健康档案'}
            </BigButton>
          </View>
        </Card>
      ) : (
        <Card testId="bind-code">
          <Text className="pb-text">签约机构可以为您打印一张「绑定码」。输入单子上的8位码即可绑定，不用填身份证号。</Text>
          <TextField
            label="绑定码"
            value={code}
            placeholder="如 ABCD-2345"
            maxLength={12}
            error={fieldErrors.code}
            testId="bind-code-input"
            onInput={(value) => {
              setCode(value.toUpperCase());
              setFieldErrors({});
            }}
          />
          <View className="pb-stack">
            <BigButton type="primary" loading={submitting} testId="bind-code-submit" onClick={submitCode}>
              {submitting ? '正在绑定…' : '用绑定码绑定'}
            </BigButton>
          </View>
        </Card>
      )}

      <Card title="不是为自己办理？">
        <Text className="pb-text">如果您是帮家人办理（您自己没有健康档案），请让家人在「我的 → 邀请家人代办」生成邀请码，然后在这里输入。</Text>
        <BigButton type="secondary" testId="bind-as-relative" onClick={() => openPage(routes.acceptInvitation)}>
          我是家属，输入家人的邀请码
        </BigButton>
        <View className="pb-stack">
          <Text className="pb-link" data-testid="bind-later" onClick={() => void Taro.reLaunch({ url: routes.home }).catch(() => undefined)}>
            以后再绑定，先看看
          </Text>
        </View>
      </Card>
    </PageShell>
  );
}
