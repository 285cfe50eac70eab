import { NYSE_FIRST_YEAR, NYSE_LAST_YEAR } from '@app/market-hours';
import { CALENDAR_DATE_SPAN, isCalendarDate } from './calendar-date';

describe(isCalendarDate.name, () => {
  it.each(['2024-02-29', `${NYSE_FIRST_YEAR}-01-01`, `${NYSE_LAST_YEAR}-12-31`])(
    'accepts %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
    },
  );

  it.each([
    ['a day that does not exist', '2024-02-30'],
    ['a year before the calendar', `${NYSE_FIRST_YEAR - 1}-12-31`],
    ['a year after it', `${NYSE_LAST_YEAR + 1}-01-01`],
    ['no string', 20240102],
  ])('refuses %s', (_, value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it('names the span it accepts', () => {
    expect(CALENDAR_DATE_SPAN).toBe(`between ${NYSE_FIRST_YEAR}-01-01 and ${NYSE_LAST_YEAR}-12-31`);
  });
});
