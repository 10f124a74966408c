import { createHash, createHmac } from 'node:crypto';
import { parseImportLine, parseNdjsonLines } from '../../../server/integration/batchImporter';
import { stableJson } from '../../../server/integration/recordImporter';
import { signRequest, stringToSign } from '../../../server/integration/signature';
import type { ClinicalContext } from '../../../server/records/clinicalContext';
import { assessReading } from '../../../server/records/readingAssessor';
import { buildReadingsCsv, csvCell } from '../../../server/records/readingsCsv';
import { controlStatusOf } from '../../../server/records/readingsReader';
import { DEFAULT_GLUCOSE_TARGET, resolveBpTarget, resolveHcyTarget, resolveLipidTarget } from '../../../shared/clinical';

describe('integration signature recipe', () => {
  test('the string to sign is METHOD, PATH, TIMESTAMP, NONCE and the body hash, joined by newlines', () => {
    const body = '{"a":1}';
    const expected = `PUT\n/api/integration/archives/A1\n1767225600\nnonce-0123456789ab\n${createHash('sha256').update(body).digest('hex')}`;
    expect(stringToSign({ method: 'put', path: '/api/integration/archives/A1', timestamp: '1767225600', nonce: 'nonce-0123456789ab', body })).toBe(expected);
    expect(signRequest('k', { method: 'PUT', path: '/api/integration/archives/A1', timestamp: '1767225600', nonce: 'nonce-0123456789ab', body })).toBe(
      createHmac('sha256', 'k').update(expected).digest('hex'),
    );
  });
});

describe('NDJSON lines', () => {
  test('blank lines are skipped but line numbers stay those of the file; CRLF and a BOM are tolerated', () => {
    expect(parseNdjsonLines(Buffer.from('\uFEFF{"a":1}\r\n\n{"b":2}\n'))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
    ]);
  });

  test.each([
    ['not json', 'import_line_not_json'],
    ['[1,2]', 'import_line_not_json'],
    ['{"type":"alien","sourceId":"X"}', 'import_record_type_unknown'],
    ['{"type":"diagnosis","sourceId":"bad id!","residentSourceId":"A","condition":"hypertension","diagnosedOn":"2020-01-01"}', 'validation_failed'],
    ['{"type":"diagnosis","sourceId":"D1","residentSourceId":"A","condition":"hypertension","diagnosedOn":"2020-02-30"}', 'validation_failed'],
  ])('%s → %s', (line, code) => {
    expect(parseImportLine(line)).toMatchObject({ code });
  });

  test('a valid line parses into a typed record', () => {
    expect(parseImportLine('{"type":"diagnosis","sourceId":"D1","residentSourceId":"A","condition":"hypertension","diagnosedOn":"2020-02-28"}')).toEqual({
      record: { type: 'diagnosis', sourceId: 'D1', body: { residentSourceId: 'A', condition: 'hypertension', diagnosedOn: '2020-02-28', status: 'active' } },
    });
  });

  test('content hashes ignore key order and absent fields', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(stableJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
});

describe('reading assessment', () => {
  const context: ClinicalContext = {
    ageYears: 60,
    conditions: ['hypertension'],
    hasCkd: false,
    heightCm: 165,
    latestHcyUmolL: null,
    hTypeHypertension: false,
    baselineLdlCholesterolMmolL: null,
    targets: { bp: resolveBpTarget({ ageYears: 60, hasDiabetes: false, hasCkd: false }), glucose: DEFAULT_GLUCOSE_TARGET, lipids: { ...resolveLipidTarget('low'), riskLevel: 'low', riskBasis: 'insufficientData', goalBasis: 'lip23Table6' }, hcy: resolveHcyTarget({ isHType: false }) },
  };
  const now = new Date('2026-03-10T00:00:00Z');
  const base = { clientReadingId: 'abcdefgh', measuredAt: '2026-03-09T23:00:00Z', source: 'manual' as const };

  test('BP at the home boundary: 134/84 at target, 135/84 not', () => {
    const at = assessReading({ ...base, measure: 'bp', timeOfDay: 'morning', readings: [{ systolicMmHg: 134, diastolicMmHg: 84 }, { systolicMmHg: 134, diastolicMmHg: 84 }] }, context, now);
    const over = assessReading({ ...base, measure: 'bp', timeOfDay: 'morning', readings: [{ systolicMmHg: 135, diastolicMmHg: 84 }, { systolicMmHg: 135, diastolicMmHg: 84 }] }, context, now);
    expect(at.ok && at.assessment.atTarget).toBe(true);
    expect(over.ok && over.assessment.atTarget).toBe(false);
  });

  test('a clinic-entered BP is judged against the office target', () => {
    const res = assessReading({ ...base, source: 'clinic', measure: 'bp', timeOfDay: 'other', readings: [{ systolicMmHg: 138, diastolicMmHg: 86 }, { systolicMmHg: 138, diastolicMmHg: 86 }] }, context, now);
    expect(res.ok && res.assessment).toMatchObject({ atTarget: true, target: { setting: 'office', systolicBelowMmHg: 140 } });
  });

  test('glucose 16.7 is urgent; Hcy 12 with hypertension is H-type and off target', () => {
    const glucose = assessReading({ ...base, measure: 'glucose', timing: 'postprandial2h', glucoseMmolL: 16.7 }, context, now);
    expect(glucose.ok && glucose.assessment).toMatchObject({ urgent: true, grade: 'diabeticRange', urgentReasons: ['glucose_urgent_high'] });
    const hcy = assessReading({ ...base, measure: 'hcy', hcyUmolL: 12 }, context, now);
    expect(hcy.ok && hcy.assessment).toMatchObject({ atTarget: false, target: { belowUmolL: 10 }, derived: { hTypeHypertension: true } });
  });

  test('weight without any height gives no BMI; implausible weight is rejected', () => {
    const res = assessReading({ ...base, measure: 'weight', weightKg: 70 }, { ...context, heightCm: null }, now);
    expect(res.ok && res.values).toEqual({ weightKg: 70, heightCm: null, bmi: null });
    const bad = assessReading({ ...base, measure: 'weight', weightKg: 700 }, context, now);
    expect(bad).toEqual({ ok: false, issues: [expect.objectContaining({ field: 'weightKg', code: 'weight_out_of_range' })] });
  });
});

describe('control status and CSV', () => {
  test('readings without a judgement do not count', () => {
    expect(controlStatusOf('hypertension', true, '2026-03', [{ atTarget: true }, { atTarget: false }, { atTarget: null }]).text).toBe('本月血压达标 1/2 次');
    expect(controlStatusOf('hyperglycemia', true, '2026-03', []).text).toBe('本月还没有血糖记录');
  });

  test('cells are quoted when needed and formulas are defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
  });

  test('the file starts with a BOM and names the resident and the range', () => {
    const csv = buildReadingsCsv({ residentName: '王建国', fromDay: '2026-01-01', toDay: '2026-03-31', exportedAt: new Date('2026-04-01T02:00:00Z'), readings: [] });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('姓名,王建国\r\n日期范围,2026-01-01 至 2026-03-31\r\n导出时间,2026-04-01 10:00');
  });
});
