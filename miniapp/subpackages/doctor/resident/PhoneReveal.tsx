import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

export interface PhoneRevealProps {
  phone: string;
  testId: string;
}

/**
 * A phone number revealed for a call. weapp: tap to dial (the page also dials at once); H5: a
 * `tel:` link, which a phone's browser dials and a computer hands to its calling app.
 */
export function PhoneReveal(props: PhoneRevealProps) {
  const { phone, testId } = props;
  const digits = phone.replace(/[^\d+]/g, '');
  return (
    <View className="pb-doc__phone" data-testid={testId}>
      <Text className="pb-doc__meta">居民手机号（仅用于本次联系，已留痕）</Text>
      {/* A build-time switch: the <a> never reaches the weapp bundle. */}
      {process.env.TARO_ENV === 'h5' ? (
        <a className="pb-doc__phone-number" href={`tel:${digits}`} data-testid={`${testId}-link`}>
          {phone}
        </a>
      ) : (
        <Text className="pb-doc__phone-number" data-testid={`${testId}-link`} onClick={() => void Taro.makePhoneCall({ phoneNumber: digits }).catch(() => undefined)}>
          {phone}
        </Text>
      )}
    </View>
  );
}
