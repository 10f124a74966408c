import type { IdNumberFailureReason } from './idNumber';
import type { PersonNameFailureReason } from './names';
import type { PhoneFailureReason } from './phone';

export type IdentityReasonCode = IdNumberFailureReason | PhoneFailureReason | PersonNameFailureReason;

/** What the resident reads for each identity reason; the server and the mini-program share it. */
export const identityReasonMessages: Record<IdentityReasonCode, string> = {
  id_number_format_invalid: '身份证号应为18位，最后一位为数字或X',
  id_number_region_invalid: '身份证号前两位的地区代码不正确，请核对',
  id_number_birthdate_invalid: '身份证号中的出生日期不正确，请核对',
  id_number_checksum_invalid: '身份证号校验未通过，请逐位核对',
  phone_format_invalid: '请输入11位中国大陆手机号码',
  person_name_format_invalid: '姓名只能包含汉字和间隔号“·”，或英文字母和空格',
  person_name_length_invalid: '姓名长度不正确（汉字2–20个，英文2–50个字母）',
};
