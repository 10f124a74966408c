import Taro from '@tarojs/taro';

/** What the staff forms mark a refused field with (TextField, DayChoice, a choice's message). */
const errorSelector = '.pb-field--error, .pb-day--error, .pb-form-error';

/**
 * After a form was refused, brings its first marked field into view: on a phone the field may be
 * screens above the 保存 button. Waits a tick so the error marks are rendered first.
 */
export function scrollToFirstError(): void {
  setTimeout(() => {
    void Taro.pageScrollTo({ selector: errorSelector, offsetTop: -120, duration: 200 }).catch(() => undefined);
  }, 60);
}
