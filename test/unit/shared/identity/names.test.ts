import { validatePersonName, type PersonNameFailureReason } from '../../../../shared/identity/names';

describe('validatePersonName accepts and normalises', () => {
  test.each([
    ['张三', '张三'],
    ['  张三 ', '张三'],
    ['张 三', '张三'], // Chinese names have no spaces
    ['欧阳娜娜', '欧阳娜娜'],
    ['阿卜杜拉·买买提', '阿卜杜拉·买买提'],
    ['阿卜杜拉•买买提', '阿卜杜拉·买买提'], // bullet U+2022 → middle dot
    ['阿卜杜拉・买买提', '阿卜杜拉·买买提'], // katakana middle dot U+30FB
    ['阿卜杜拉 · 买买提', '阿卜杜拉·买买提'],
    ['𠮷野', '𠮷野'], // Extension B character counts as one
    ['\uF90A三', '金三'], // NFC maps the compatibility ideograph to 金
    ['一二三四五六七八九十一二三四五六七八九十', '一二三四五六七八九十一二三四五六七八九十'], // 20: the maximum
    ['John Smith', 'John Smith'],
    ['  John   Smith ', 'John Smith'],
    ['Li', 'Li'],
  ])('%j → %s', (input, value) => {
    expect(validatePersonName(input)).toEqual({ ok: true, value });
  });
});

describe('validatePersonName rejects', () => {
  test.each<[string, PersonNameFailureReason]>([
    ['', 'person_name_length_invalid'],
    ['   ', 'person_name_length_invalid'],
    ['张', 'person_name_length_invalid'],
    ['一二三四五六七八九十一二三四五六七八九十一', 'person_name_length_invalid'], // 21
    ['J', 'person_name_length_invalid'],
    ['A'.repeat(51), 'person_name_length_invalid'],
    ['·张三', 'person_name_format_invalid'],
    ['张三·', 'person_name_format_invalid'],
    ['张··三', 'person_name_format_invalid'],
    ['张三1', 'person_name_format_invalid'],
    ['张三Smith', 'person_name_format_invalid'],
    ['John-Smith', 'person_name_format_invalid'],
    ['José', 'person_name_format_invalid'],
    ['김철수', 'person_name_format_invalid'],
  ])('%j → %s', (input, reason) => {
    expect(validatePersonName(input)).toEqual({ ok: false, reason });
  });
});
