import { ageOn } from '../../../../shared/identity/age';

describe('ageOn counts whole years (周岁)', () => {
  test.each([
    ['1990-03-07', '2025-03-06', 34], // day before the birthday
    ['1990-03-07', '2025-03-07', 35], // on the birthday
    ['1990-03-07', '2025-03-08', 35],
    ['1990-03-07', '2025-02-28', 34], // earlier month
    ['1990-03-07', '2025-12-31', 35],
    ['1990-03-07', '1990-03-07', 0], // the day of birth
    ['1990-03-07', '1991-03-06', 0],
    ['2000-02-29', '2023-02-28', 22], // leap-day birthday: not yet in a common year
    ['2000-02-29', '2023-03-01', 23], // turns a year older on 1 March
    ['2000-02-29', '2024-02-29', 24], // and on the day itself in a leap year
    ['1960-06-15', '2025-06-14', 64], // the 65+ BP target boundary
    ['1960-06-15', '2025-06-15', 65],
  ])('born %s, on %s → %i', (birthDate, onDate, years) => {
    expect(ageOn(birthDate, onDate)).toBe(years);
  });

  test.each([
    ['1990-03-07', '1990-03-06'], // before birth
    ['1990-02-30', '2025-01-01'], // not a date
    ['1990-3-7', '2025-01-01'], // not zero-padded
    ['1990-03-07', '20250101'],
  ])('throws RangeError for %s on %s', (birthDate, onDate) => {
    expect(() => ageOn(birthDate, onDate)).toThrow(RangeError);
  });
});
